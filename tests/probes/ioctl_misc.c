/* nsfs, perf, random and fs ioctls; argv[1] (optional): a block device for BLK* requests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/nsfs.h>
#include <linux/perf_event.h>
#include <linux/random.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int ns = open("/proc/self/ns/net", O_RDONLY);
	unsigned int uid = 0;
	ioctl(ns, NS_GET_NSTYPE);
	ioctl(ns, NS_GET_OWNER_UID, &uid);
	int u = ioctl(ns, NS_GET_USERNS);
	ioctl(u, NS_GET_NSTYPE);
	ioctl(u, NS_GET_PARENT);
	ioctl(ns, NS_GET_OWNER_UID, NULL);
	ioctl(-1, NS_GET_USERNS);

	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.disabled = 1;
	int p = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	uint64_t id = 0, period = 1000;
	ioctl(p, PERF_EVENT_IOC_RESET, 0);
	ioctl(p, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
	ioctl(p, PERF_EVENT_IOC_DISABLE, 0);
	/* PERF_EVENT_IOC_ID's value is a kernel-global counter: differs run to run. */
	ioctl(p, PERF_EVENT_IOC_ID, (void *) 8);
	(void) id;
	ioctl(p, PERF_EVENT_IOC_PERIOD, &period);
	ioctl(p, PERF_EVENT_IOC_REFRESH, -1);
	ioctl(p, PERF_EVENT_IOC_SET_OUTPUT, -1);
	ioctl(p, PERF_EVENT_IOC_PAUSE_OUTPUT, 1);
	ioctl(p, PERF_EVENT_IOC_ID, NULL);

	int r = open("/dev/urandom", O_RDONLY);
	int cnt = 0;
	ioctl(r, RNDGETENTCNT, &cnt);
	ioctl(r, RNDGETENTCNT, (void *) 8);

	int f = open("/proc/self/exe", O_RDONLY);
	ioctl(f, FIGETBSZ, &cnt);
	ioctl(f, FICLONE, f);
	ioctl(-1, FIFREEZE, 0);

	if (argc > 1) {
		int b = open(argv[1], O_RDONLY);
		uint64_t sz = 0, range[2] = { 0, 4096 };
		unsigned long lsz = 0;
		int ss = 0, ro = 0;
		unsigned int io = 0;
		unsigned short sect = 0;
		long ra = 0;
		ioctl(b, BLKGETSIZE64, &sz);
		ioctl(b, BLKGETSIZE, &lsz);
		ioctl(b, BLKSSZGET, &ss);
		ioctl(b, BLKPBSZGET, &io);
		ioctl(b, BLKROGET, &ro);
		ioctl(b, BLKIOMIN, &io);
		ioctl(b, BLKIOOPT, &io);
		ioctl(b, BLKSECTGET, &sect);
		ioctl(b, BLKRAGET, &ra);
		ioctl(b, BLKBSZGET, &ss);
		ioctl(b, BLKROTATIONAL, &sect);
		ioctl(b, BLKDISCARD, range);
		ioctl(b, BLKRRPART);
		ioctl(b, BLKFLSBUF);
		ioctl(b, BLKGETSIZE64, NULL);
		ioctl(b, BLKGETSIZE64, (void *) 8);
	}
	return 0;
}
