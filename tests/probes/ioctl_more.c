/* fs, userfaultfd, seccomp user notification, and device ioctls answered by a seccomp supervisor.
 *
 * argv[1]: a directory on a local file system (FIEMAP, FS_IOC_*FLAGS, FS_IOC_FS*XATTR, FIDEDUPERANGE).
 * Device families absent on the machine (evdev, rtc, watchdog, old loop_info, BLKPG) are exercised
 * on descriptor 1000, which does not exist: a seccomp filter turns ioctl(1000, ...) into a user
 * notification that an untraced supervisor (clone with CLONE_UNTRACED) answers with success and the
 * return value passed as a fourth syscall argument. The output buffers are filled before the call,
 * so the tracer reads real bytes at exit as if the device had written them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/blkpg.h>
#include <linux/filter.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/input.h>
#include <linux/loop.h>
#include <linux/rtc.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <linux/watchdog.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FAKE 1000
#define NOTIFY 1001

static long fake(unsigned long req, void *arg, long ret)
{
	return syscall(SYS_ioctl, FAKE, req, arg, ret);
}

static int filter_fd(int fd)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, fd, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof(f) / sizeof(f[0]), f };
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &p);
}

/* Untraced: answers every notification with success and args[3] as the return value. */
static int supervise(void *p)
{
	int l = *(int *) p;
	struct seccomp_notif n;
	struct seccomp_notif_resp r;
	for (;;) {
		memset(&n, 0, sizeof(n));
		if (ioctl(l, SECCOMP_IOCTL_NOTIF_RECV, &n) < 0) {
			if (errno == EINTR)
				continue;
			_exit(0);
		}
		memset(&r, 0, sizeof(r));
		r.id = n.id;
		r.val = (long) n.data.args[3];
		ioctl(l, SECCOMP_IOCTL_NOTIF_SEND, &r);
	}
	return 0;
}

static void fs_calls(const char *dir)
{
	char a[4096], b[4096];
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	int f = open(a, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int g = open(b, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char data[16384];
	memset(data, 'x', sizeof(data));
	write(f, data, sizeof(data));
	write(g, data, sizeof(data));
	fsync(f);
	fsync(g);
	int flags = 0;
	ioctl(f, FS_IOC_GETFLAGS, &flags);
	ioctl(f, FS_IOC_SETFLAGS, &flags);
	flags |= FS_NOATIME_FL | FS_NODUMP_FL;
	ioctl(f, FS_IOC_SETFLAGS, &flags);
	ioctl(f, FS_IOC_GETFLAGS, &flags);
	ioctl(f, FS_IOC_GETFLAGS, NULL);
	ioctl(f, FS_IOC_SETFLAGS, (void *) 8);
	flags = 0xfff00000;
	ioctl(-1, FS_IOC_SETFLAGS, &flags);
	struct fsxattr x;
	memset(&x, 0, sizeof(x));
	ioctl(f, FS_IOC_FSGETXATTR, &x);
	ioctl(f, FS_IOC_FSSETXATTR, &x);
	x.fsx_xflags = FS_XFLAG_NOATIME | FS_XFLAG_NODUMP | 0x40000000;
	x.fsx_extsize = 4096;
	x.fsx_projid = 7;
	x.fsx_cowextsize = 8192;
	ioctl(-1, FS_IOC_FSSETXATTR, &x);
	ioctl(f, FS_IOC_FSGETXATTR, (void *) 8);

	char fm_buf[sizeof(struct fiemap) + 4 * sizeof(struct fiemap_extent)];
	struct fiemap *fm = (struct fiemap *) fm_buf;
	memset(fm_buf, 0, sizeof(fm_buf));
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	ioctl(f, FS_IOC_FIEMAP, fm);
	memset(fm_buf, 0, sizeof(fm_buf));
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_flags = FIEMAP_FLAG_SYNC | FIEMAP_FLAG_XATTR;
	fm->fm_extent_count = 4;
	ioctl(f, FS_IOC_FIEMAP, fm);
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = 4;
	ioctl(f, FS_IOC_FIEMAP, fm);
	fm->fm_flags = 0x10;
	ioctl(-1, FS_IOC_FIEMAP, fm);
	ioctl(f, FS_IOC_FIEMAP, NULL);
	ioctl(f, FS_IOC_FIEMAP, (void *) 8);

	char dd_buf[sizeof(struct file_dedupe_range) + 2 * sizeof(struct file_dedupe_range_info)];
	struct file_dedupe_range *dd = (struct file_dedupe_range *) dd_buf;
	memset(dd_buf, 0, sizeof(dd_buf));
	dd->src_offset = 0;
	dd->src_length = 4096;
	dd->dest_count = 2;
	dd->info[0].dest_fd = g;
	dd->info[0].dest_offset = 0;
	dd->info[1].dest_fd = g;
	dd->info[1].dest_offset = 8192;
	ioctl(f, FIDEDUPERANGE, dd);
	dd->dest_count = 0;
	ioctl(f, FIDEDUPERANGE, dd);
	ioctl(f, FIDEDUPERANGE, NULL);
	close(f);
	close(g);
	unlink(a);
	unlink(b);
}

static void uffd_calls(void)
{
	int u = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (u < 0)
		return;
	struct uffdio_api api = { .api = UFFD_API, .features = 0 };
	ioctl(u, UFFDIO_API, &api);
	ioctl(u, UFFDIO_API, &api);
	long pg = sysconf(_SC_PAGESIZE);
	char *area = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *src = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(src, 'u', pg);
	struct uffdio_register reg = {
		.range = { .start = (unsigned long) area, .len = 4 * pg },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	ioctl(u, UFFDIO_REGISTER, &reg);
	struct uffdio_copy cp = { .dst = (unsigned long) area, .src = (unsigned long) src, .len = pg };
	ioctl(u, UFFDIO_COPY, &cp);
	ioctl(u, UFFDIO_COPY, &cp);
	struct uffdio_zeropage zp = { .range = { .start = (unsigned long) area + pg, .len = pg } };
	ioctl(u, UFFDIO_ZEROPAGE, &zp);
	struct uffdio_range wr = { .start = (unsigned long) area, .len = 2 * pg };
	ioctl(u, UFFDIO_WAKE, &wr);
	ioctl(u, UFFDIO_UNREGISTER, &wr);
	ioctl(u, UFFDIO_REGISTER, NULL);
	ioctl(u, UFFDIO_COPY, (void *) 8);
	reg.mode = 0x80;
	ioctl(-1, UFFDIO_REGISTER, &reg);
	close(u);
}

/* Bitmaps of every event type, empty and full maps, force feedback, and what the kernel answers
 * with an error or a short count. */
static void evdev_more(void)
{
	unsigned long bits[12];
	memset(bits, 0, sizeof(bits));
	fake(EVIOCGBIT(EV_KEY, sizeof(bits)), bits, sizeof(bits));
	memset(bits, 0xff, sizeof(bits));
	fake(EVIOCGBIT(EV_KEY, sizeof(bits)), bits, sizeof(bits));
	fake(EVIOCGBIT(EV_KEY, sizeof(bits)), bits, 200);
	fake(EVIOCGBIT(EV_KEY, sizeof(bits)), bits, 3);
	fake(EVIOCGBIT(EV_ABS, sizeof(bits)), bits, 8);
	fake(EVIOCGBIT(EV_MSC, 8), bits, 8);
	fake(EVIOCGBIT(EV_SW, 8), bits, 8);
	fake(EVIOCGBIT(EV_LED, 8), bits, 8);
	fake(EVIOCGBIT(EV_SND, 8), bits, 8);
	fake(EVIOCGBIT(EV_REP, 8), bits, 8);
	fake(EVIOCGBIT(EV_FF, 16), bits, 16);
	fake(EVIOCGBIT(EV_PWR, 8), bits, 8);
	fake(EVIOCGBIT(EV_FF_STATUS, 8), bits, 8);
	fake(EVIOCGBIT(0, 8), bits, 8);
	fake(EVIOCGBIT(7, 8), bits, 8);
	fake(EVIOCGPROP(8), bits, 8);
	fake(EVIOCGLED(8), bits, 1);
	bits[0] = 1UL << 63;
	fake(EVIOCGKEY(8), bits, 8);
	fake(EVIOCGKEY(8), (void *) 8, 8);
	fake(EVIOCGKEY(8), NULL, 8);
	ioctl(-1, EVIOCGKEY(8), bits);
	ioctl(-1, EVIOCGNAME(8), bits);
	fake(EVIOCGNAME(8), (void *) 8, 3);
	int n = 4;
	fake(EVIOCGEFFECTS, &n, 0);
	fake(EVIOCSCLOCKID, NULL, 0);
	fake(EVIOCRMFF, (void *) -1L, 0);
	fake(EVIOCGRAB, (void *) -1L, 0);
	struct input_absinfo ab = { -1, 0, 0, 0, 0, 0 };
	fake(EVIOCGABS(ABS_PRESSURE), &ab, 0);
	fake(EVIOCGABS(ABS_MAX), &ab, 0);
	fake(EVIOCGABS(ABS_Z), (void *) 8, 0);
	fake(_IOC(_IOC_READ, 'E', 0x40, 20), &ab, 0);
	fake(_IOC(_IOC_READ, 'E', 0x40, 28), &ab, 0);
	fake(_IOC(_IOC_READ, 'E', 0x40, 32), &ab, 0);
	int slots[1] = { 99 };
	fake(EVIOCGMTSLOTS(sizeof(slots)), slots, 0);
	fake(EVIOCGMTSLOTS(0), slots, 0);
	fake(EVIOCGMTSLOTS(8), NULL, 0);
	unsigned int kc[2] = { 7, 0x3ff };
	fake(EVIOCGKEYCODE, kc, 0);
	fake(EVIOCSKEYCODE, (void *) 8, 0);
	struct ff_effect e;
	memset(&e, 0, sizeof(e));
	e.type = FF_RUMBLE;
	e.id = -1;
	e.direction = 0x4000;
	e.trigger.button = 2;
	e.trigger.interval = 3;
	e.replay.length = 500;
	e.replay.delay = 10;
	e.u.rumble.strong_magnitude = 0x8000;
	e.u.rumble.weak_magnitude = 0x100;
	fake(EVIOCSFF, &e, 0);
	memset(&e.u, 0, sizeof(e.u));
	e.type = FF_CONSTANT;
	e.u.constant.level = -300;
	e.u.constant.envelope.attack_length = 1;
	e.u.constant.envelope.attack_level = 2;
	e.u.constant.envelope.fade_length = 3;
	e.u.constant.envelope.fade_level = 0x44;
	fake(EVIOCSFF, &e, 0);
	memset(&e.u, 0, sizeof(e.u));
	e.type = FF_RAMP;
	e.u.ramp.start_level = -1;
	e.u.ramp.end_level = 1;
	fake(EVIOCSFF, &e, 0);
	memset(&e.u, 0, sizeof(e.u));
	e.type = FF_PERIODIC;
	e.u.periodic.waveform = FF_SINE;
	e.u.periodic.period = 20;
	e.u.periodic.magnitude = -7;
	e.u.periodic.offset = 5;
	e.u.periodic.phase = 90;
	e.u.periodic.custom_len = 2;
	e.u.periodic.custom_data = (void *) 0x1234;
	fake(EVIOCSFF, &e, 0);
	e.type = FF_SPRING;
	fake(EVIOCSFF, &e, 0);
	e.type = 0x7f;
	fake(EVIOCSFF, &e, 0);
	fake(EVIOCSFF, NULL, 0);
	fake(EVIOCSFF, (void *) 8, 0);
	fake(_IOC(_IOC_NONE, 'E', 0x99, 0), (void *) 5, 0);
	fake(_IOC(_IOC_READ | _IOC_WRITE, 'E', 0x99, 4), &n, 0);
}

static void evdev_calls(void)
{
	int v = 0x10001;
	fake(EVIOCGVERSION, &v, 0);
	struct input_id id = { BUS_USB, 0x046d, 0xc52b, 0x111 };
	fake(EVIOCGID, &id, 0);
	int rep[2] = { 250, 33 };
	fake(EVIOCGREP, rep, 0);
	fake(EVIOCSREP, rep, 0);
	char name[256] = "Logitech \"USB\" Receiver\n";
	fake(EVIOCGNAME(sizeof(name)), name, strlen(name) + 1);
	fake(EVIOCGPHYS(sizeof(name)), name, 5);
	fake(EVIOCGUNIQ(sizeof(name)), name, 0);
	unsigned long bits[12];
	memset(bits, 0, sizeof(bits));
	bits[0] = (1UL << EV_SYN) | (1UL << EV_KEY) | (1UL << EV_REL) | (1UL << EV_MSC);
	fake(EVIOCGBIT(0, sizeof(bits)), bits, 8);
	memset(bits, 0, sizeof(bits));
	bits[0] = 0xfffffffefUL;
	bits[1] = 0x3;
	bits[4] = 1UL << 16;
	fake(EVIOCGBIT(EV_KEY, sizeof(bits)), bits, sizeof(bits));
	fake(EVIOCGKEY(sizeof(bits)), bits, sizeof(bits));
	memset(bits, 0, sizeof(bits));
	bits[0] = (1UL << REL_X) | (1UL << REL_Y) | (1UL << REL_WHEEL);
	fake(EVIOCGBIT(EV_REL, sizeof(bits)), bits, 8);
	fake(EVIOCGBIT(EV_ABS, sizeof(bits)), bits, 0);
	fake(EVIOCGLED(8), bits, 8);
	fake(EVIOCGSND(8), bits, 8);
	fake(EVIOCGSW(8), bits, 8);
	fake(EVIOCGPROP(8), bits, 8);
	struct input_absinfo ab = { 100, -5, 4095, 4, 8, 11 };
	fake(EVIOCGABS(ABS_X), &ab, 0);
	fake(EVIOCGABS(ABS_MT_POSITION_Y), &ab, 0);
	fake(EVIOCSABS(ABS_Y), &ab, 0);
	unsigned int kc[2] = { 30, KEY_A };
	fake(EVIOCGKEYCODE, kc, 0);
	fake(EVIOCSKEYCODE, kc, 0);
	struct input_keymap_entry ke = { .flags = INPUT_KEYMAP_BY_INDEX, .len = 4, .index = 3,
					 .keycode = KEY_B, .scancode = { 1, 2, 3, 4 } };
	fake(EVIOCGKEYCODE_V2, &ke, 0);
	fake(EVIOCSKEYCODE_V2, &ke, 0);
	int one = 1;
	fake(EVIOCGRAB, (void *) 1, 0);
	fake(EVIOCREVOKE, 0, 0);
	int clk = CLOCK_MONOTONIC;
	fake(EVIOCSCLOCKID, &clk, 0);
	unsigned int mask_codes[2] = { 0, 0 };
	struct input_mask m = { EV_KEY, sizeof(mask_codes), (unsigned long) mask_codes };
	fake(EVIOCGMASK, &m, 0);
	fake(EVIOCSMASK, &m, 0);
	fake(EVIOCRMFF, (void *) 3, 0);
	(void) one;
	int slots[3] = { ABS_MT_SLOT, 4, 9 };
	fake(EVIOCGMTSLOTS(sizeof(slots)), slots, 0);
	fake(EVIOCGVERSION, NULL, 0);
	fake(EVIOCGID, (void *) 8, 0);
	ioctl(-1, EVIOCGVERSION, &v);
	evdev_more();
}

static void rtc_calls(void)
{
	struct rtc_time tm = { 5, 4, 3, 2, 1, 124, 0, 0, 0 };
	fake(RTC_RD_TIME, &tm, 0);
	fake(RTC_SET_TIME, &tm, 0);
	fake(RTC_ALM_READ, &tm, 0);
	fake(RTC_ALM_SET, &tm, 0);
	struct rtc_wkalrm wk = { 1, 0, { 1, 2, 3, 4, 5, 99, 6, 7, -1 } };
	fake(RTC_WKALM_RD, &wk, 0);
	fake(RTC_WKALM_SET, &wk, 0);
	unsigned long fr = 64;
	fake(RTC_IRQP_READ, &fr, 0);
	fake(RTC_IRQP_SET, (void *) 128, 0);
	fake(RTC_EPOCH_READ, &fr, 0);
	fake(RTC_EPOCH_SET, (void *) 1900, 0);
	fake(RTC_AIE_ON, 0, 0);
	fake(RTC_UIE_OFF, 0, 0);
	struct rtc_param pa = { .param = RTC_PARAM_FEATURES, .uvalue = 3, .index = 0 };
	fake(RTC_PARAM_GET, &pa, 0);
	fake(RTC_PARAM_SET, &pa, 0);
	int vl = 1;
	fake(RTC_VL_READ, &vl, 0);
	fake(RTC_VL_CLR, 0, 0);
	fake(RTC_RD_TIME, NULL, 0);
	fake(RTC_SET_TIME, (void *) 8, 0);
	ioctl(-1, RTC_RD_TIME, &tm);
}

static void watchdog_calls(void)
{
	struct watchdog_info wi = { WDIOF_SETTIMEOUT | WDIOF_KEEPALIVEPING | 0x10000000, 2, "iTCO_wdt" };
	fake(WDIOC_GETSUPPORT, &wi, 0);
	int v = 30;
	fake(WDIOC_GETSTATUS, &v, 0);
	fake(WDIOC_GETBOOTSTATUS, &v, 0);
	fake(WDIOC_GETTEMP, &v, 0);
	v = WDIOS_ENABLECARD;
	fake(WDIOC_SETOPTIONS, &v, 0);
	fake(WDIOC_KEEPALIVE, 0, 0);
	v = 60;
	fake(WDIOC_SETTIMEOUT, &v, 0);
	fake(WDIOC_GETTIMEOUT, &v, 0);
	fake(WDIOC_SETPRETIMEOUT, &v, 0);
	fake(WDIOC_GETPRETIMEOUT, &v, 0);
	fake(WDIOC_GETTIMELEFT, &v, 0);
	fake(WDIOC_GETSUPPORT, NULL, 0);
	ioctl(-1, WDIOC_GETSUPPORT, &wi);
}

static void loop_calls(void)
{
	struct loop_info li;
	memset(&li, 0, sizeof(li));
	li.lo_number = 3;
	li.lo_device = 0x700;
	li.lo_inode = 1234;
	li.lo_rdevice = 0x801;
	li.lo_offset = 512;
	li.lo_encrypt_type = LO_CRYPT_XOR;
	li.lo_encrypt_key_size = 4;
	li.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
	strcpy(li.lo_name, "/tmp/disk\".img");
	li.lo_init[0] = 5;
	fake(LOOP_SET_STATUS, &li, 0);
	fake(LOOP_GET_STATUS, &li, 0);
	memset(li.lo_name, 'n', sizeof(li.lo_name));
	li.lo_flags = 0x1000;
	fake(LOOP_SET_STATUS, &li, 0);
	fake(LOOP_GET_STATUS, NULL, 0);
	ioctl(-1, LOOP_GET_STATUS, &li);
	struct loop_info64 l64;
	memset(&l64, 0, sizeof(l64));
	l64.lo_device = 0x10305;
	l64.lo_inode = 99;
	l64.lo_rdevice = 0x700;
	l64.lo_offset = 4096;
	l64.lo_sizelimit = 1 << 20;
	l64.lo_number = 2;
	l64.lo_encrypt_type = LO_CRYPT_NONE;
	l64.lo_flags = LO_FLAGS_PARTSCAN;
	strcpy((char *) l64.lo_file_name, "/var/img");
	strcpy((char *) l64.lo_crypt_name, "none");
	fake(LOOP_SET_STATUS64, &l64, 0);
	fake(LOOP_GET_STATUS64, &l64, 0);
	struct loop_config lc;
	memset(&lc, 0, sizeof(lc));
	lc.fd = 5;
	lc.block_size = 4096;
	lc.info = l64;
	fake(LOOP_CONFIGURE, &lc, 0);
}

static void blkpg_calls(void)
{
	struct blkpg_partition p = { 1 << 20, 8 << 20, 1, "sda1", "vol" };
	struct blkpg_ioctl_arg a = { BLKPG_ADD_PARTITION, 0, sizeof(p), &p };
	fake(BLKPG, &a, 0);
	a.op = BLKPG_DEL_PARTITION;
	fake(BLKPG, &a, 0);
	a.op = 77;
	fake(BLKPG, &a, 0);
	a.op = BLKPG_RESIZE_PARTITION;
	a.data = (void *) 8;
	fake(BLKPG, &a, 0);
	a.data = NULL;
	fake(BLKPG, &a, 0);
	fake(BLKPG, NULL, 0);
}

/* Traced: a child's ioctl(1001, ...) is received and answered by this process. */
static void notify_calls(void)
{
	int l = filter_fd(NOTIFY);
	if (l < 0)
		return;
	pid_t c = fork();
	if (c == 0) {
		int v = 7;
		syscall(SYS_ioctl, NOTIFY, WDIOC_SETTIMEOUT, &v, 0);
		_exit(0);
	}
	struct pollfd pfd = { l, POLLIN, 0 };
	poll(&pfd, 1, -1);
	struct seccomp_notif n;
	memset(&n, 0, sizeof(n));
	ioctl(l, SECCOMP_IOCTL_NOTIF_RECV, &n);
	ioctl(l, SECCOMP_IOCTL_NOTIF_ID_VALID, &n.id);
	struct seccomp_notif_addfd af = { .id = n.id, .flags = 0, .srcfd = 0, .newfd = 0, .newfd_flags = 0 };
	(void) af;
	struct seccomp_notif_resp r = { .id = n.id, .val = 0, .error = 0, .flags = 0 };
	ioctl(l, SECCOMP_IOCTL_NOTIF_SEND, &r);
	waitpid(c, NULL, 0);
	r.error = -EPERM;
	r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	ioctl(l, SECCOMP_IOCTL_NOTIF_SEND, &r);
	ioctl(l, SECCOMP_IOCTL_NOTIF_ID_VALID, &n.id);
	ioctl(l, SECCOMP_IOCTL_NOTIF_RECV, NULL);
	ioctl(l, SECCOMP_IOCTL_NOTIF_SEND, (void *) 8);
	close(l);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		fs_calls(argv[1]);
	uffd_calls();
	int l = filter_fd(FAKE);
	if (l >= 0) {
		static char stack[65536];
		pid_t s = clone(supervise, stack + sizeof(stack), CLONE_UNTRACED | SIGCHLD, &l);
		/* Only the supervisor keeps the listener: if it dies, fd 1000 fails instead of hanging. */
		close(l);
		evdev_calls();
		rtc_calls();
		watchdog_calls();
		loop_calls();
		blkpg_calls();
		kill(s, SIGKILL);
		waitpid(s, NULL, 0);
	}
	notify_calls();
	return 0;
}
