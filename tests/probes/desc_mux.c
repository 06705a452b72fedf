/* Probe for the descriptor and multiplexing decoders: poll, select, epoll, eventfd,
 * signalfd, inotify, fanotify, splice family, fallocate, fadvise, flock, sync, memfd.
 * Each call also runs with NULL and unmapped pointers and with arguments that fail. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static char *unmapped(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	return p + 4096;	/* the page after p is unmapped */
}

int main(void)
{
	char *bad = unmapped();
	int p[2], q[2];
	pipe(p);
	pipe(q);
	write(p[1], "x", 1);

	/* poll / ppoll */
	struct pollfd fds[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT | POLLPRI, 0 }, { -1, POLLIN, 0 } };
	syscall(SYS_poll, fds, 3, 0);
	syscall(SYS_poll, fds, 0, 0);
	syscall(SYS_poll, NULL, 0, 0);
	syscall(SYS_poll, bad, 1, 0);
	struct pollfd one = { q[0], POLLIN, 0 };
	syscall(SYS_poll, &one, 1, 0);
	/* a pollfd array running into the unmapped page */
	struct pollfd *edge = (struct pollfd *) (bad - sizeof(struct pollfd));
	*edge = fds[0];
	syscall(SYS_poll, edge, 2, 0);
	struct pollfd many[40];
	for (int i = 0; i < 40; i++) {
		many[i].fd = p[1];
		many[i].events = POLLOUT;
	}
	syscall(SYS_poll, many, 40, 0);
	struct timespec ts = { 0, 1000 };
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	/* Ready descriptors with a zero timeout: the time left written back is 0 in both runs
	 * (a non-zero timeout leaves a remainder that depends on how long the call took). */
	struct timespec zero = { 0, 0 };
	syscall(SYS_ppoll, fds, 2, &zero, &set, 8);
	syscall(SYS_ppoll, &one, 1, &ts, NULL, 8); /* times out: nothing left */
	syscall(SYS_ppoll, fds, 2, NULL, &set, 4);
	syscall(SYS_ppoll, fds, 2, bad, bad, 8);

	/* select / pselect6 */
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(q[0], &r);
	FD_SET(p[1], &w);
	struct timeval tv = { 0, 0 };
	syscall(SYS_select, q[1] + 1, &r, &w, NULL, &tv);
	FD_ZERO(&r);
	FD_SET(q[0], &r);
	tv.tv_usec = 10;
	syscall(SYS_select, q[1] + 1, &r, NULL, NULL, &tv);
	syscall(SYS_select, -1, NULL, NULL, NULL, NULL);
	syscall(SYS_select, 5, bad, NULL, NULL, bad);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct { void *ss; size_t len; } sig = { &set, 8 };
	syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &sig);
	syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, NULL, NULL);
	syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, bad);

	/* epoll */
	int ep = syscall(SYS_epoll_create, 4);
	syscall(SYS_epoll_create, -1);
	int ep1 = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	syscall(SYS_epoll_create1, 0x40);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.u64 = 0x100000003ULL };
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.fd = p[1];
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[1], &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, p[1], &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[1], NULL);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[1], NULL);
	syscall(SYS_epoll_ctl, ep, 7, p[1], bad);
	struct epoll_event out[4];
	syscall(SYS_epoll_wait, ep, out, 4, 0);
	syscall(SYS_epoll_wait, ep, NULL, 4, 0);
	syscall(SYS_epoll_wait, -1, out, 4, 0);
	syscall(SYS_epoll_pwait, ep, out, 4, 0, &set, 8);
	syscall(SYS_epoll_pwait, ep, out, 4, 0, NULL, 8);
	syscall(SYS_epoll_pwait2, ep, out, 4, &ts, &set, 8);
	syscall(SYS_epoll_pwait2, ep, out, 4, NULL, NULL, 8);
	syscall(SYS_epoll_pwait2, ep, out, 4, bad, bad, 8);
	close(ep1);

	/* eventfd / signalfd */
	int e = syscall(SYS_eventfd2, 5, EFD_CLOEXEC | EFD_NONBLOCK);
	syscall(SYS_eventfd2, 0, 0x10);
	syscall(SYS_eventfd, 3);
	syscall(SYS_signalfd4, -1, &set, 8, SFD_CLOEXEC);
	syscall(SYS_signalfd4, -1, NULL, 8, 0);
	syscall(SYS_signalfd4, -1, &set, 4, 0);
	syscall(SYS_signalfd, -1, &set, 8);
	syscall(SYS_signalfd4, e, bad, 8, 0x1);

	/* inotify */
	int in = syscall(SYS_inotify_init1, IN_NONBLOCK | IN_CLOEXEC);
	syscall(SYS_inotify_init);
	int wd = syscall(SYS_inotify_add_watch, in, "/tmp", IN_CREATE | IN_DELETE | IN_ONLYDIR);
	syscall(SYS_inotify_add_watch, in, "/nonexistent", IN_ALL_EVENTS);
	syscall(SYS_inotify_add_watch, in, bad, 0);
	syscall(SYS_inotify_rm_watch, in, wd);
	syscall(SYS_inotify_rm_watch, in, -5);

	/* fanotify (may fail without CAP_SYS_ADMIN: the failure prints too) */
	int fan = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE);
	syscall(SYS_fanotify_init, 0xc | 0x80000000, O_RDWR | O_CLOEXEC);
	syscall(SYS_fanotify_mark, fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE | FAN_ONDIR, AT_FDCWD, "/tmp");
	syscall(SYS_fanotify_mark, fan, FAN_MARK_ADD | 0x8000, 0x200000000ULL | FAN_ACCESS, -1, NULL);
	syscall(SYS_fanotify_mark, fan, FAN_MARK_REMOVE, FAN_MODIFY, p[0], bad);

	/* splice family */
	loff_t off = 0, off2 = 0;
	int tmp = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	write(tmp, "hello world\n", 12);
	syscall(SYS_splice, p[0], NULL, q[1], NULL, 1, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
	syscall(SYS_splice, tmp, &off, q[1], NULL, 4, 0);
	syscall(SYS_splice, tmp, bad, q[1], &off2, 4, 0x40);
	syscall(SYS_tee, q[0], p[1], 100, SPLICE_F_NONBLOCK);
	struct iovec iov[2] = { { "abc", 3 }, { "defgh", 5 } };
	syscall(SYS_vmsplice, p[1], iov, 2, 0);
	syscall(SYS_vmsplice, p[1], bad, 1, SPLICE_F_GIFT);
	off = 2;
	syscall(SYS_sendfile, q[1], tmp, &off, 5);
	syscall(SYS_sendfile, q[1], tmp, NULL, 3);
	syscall(SYS_sendfile, q[1], tmp, bad, 3);
	syscall(SYS_sendfile, -1, tmp, &off, 3);
	int tmp2 = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	off = 0;
	syscall(SYS_copy_file_range, tmp, &off, tmp2, NULL, 6, 0);
	syscall(SYS_copy_file_range, tmp, NULL, tmp2, bad, 6, 1);

	/* fallocate, fadvise64, flock, sync family, memfd */
	syscall(SYS_fallocate, tmp, 0, 0, 4096);
	syscall(SYS_fallocate, tmp, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, 10);
	syscall(SYS_fallocate, -1, 0x100, -1, 10);
	syscall(SYS_fadvise64, tmp, 0, 100, POSIX_FADV_DONTNEED);
	syscall(SYS_fadvise64, tmp, -5, 0, 77);
	syscall(SYS_flock, tmp, LOCK_EX | LOCK_NB);
	syscall(SYS_flock, tmp, LOCK_UN);
	syscall(SYS_flock, -1, 0x1000);
	syscall(SYS_fsync, tmp);
	syscall(SYS_fdatasync, -1);
	syscall(SYS_syncfs, tmp);
	syscall(SYS_sync_file_range, tmp, 0, 100, SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
	syscall(SYS_sync_file_range, tmp, -1, 0, 0x80);
	syscall(SYS_memfd_create, "probe", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	syscall(SYS_memfd_create, "huge", MFD_HUGETLB | (21 << 26));
	syscall(SYS_memfd_create, "", 0);
	syscall(SYS_memfd_create, bad, 0x100);
	return 0;
}
