/* select/pselect6 with ~1000 ready descriptors: strace 6.1 builds the exit text in a 1024-byte
 * buffer, so the fd lists stop short and "left ..." is dropped when it does not fit. */
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct rlimit rl = { 1024, 1024 };
	setrlimit(RLIMIT_NOFILE, &rl);
	int p[2];
	if (pipe(p))
		return 1;
	int null = open("/dev/null", O_RDONLY);
	for (int fd = 10; fd < 1024; fd++)
		dup2(fd & 1 ? p[1] : null, fd);
	fd_set r, w, e;
	struct timeval tv;
	struct timespec ts;
	/* every fd ready: in [...] stops near 1000 bytes, out and left do not fit */
	FD_ZERO(&r); FD_ZERO(&w);
	for (int fd = 10; fd < 1024; fd++) { FD_SET(fd, &r); FD_SET(fd, &w); }
	tv.tv_sec = 0; tv.tv_usec = 0;
	syscall(SYS_select, 1024, &r, &w, NULL, &tv);
	/* few in, many out: the out list is cut, left is dropped */
	FD_ZERO(&r); FD_ZERO(&w);
	for (int fd = 10; fd < 1024; fd++) { if (fd < 20) FD_SET(fd, &r); FD_SET(fd, &w); }
	ts.tv_sec = 0; ts.tv_nsec = 0;
	syscall(SYS_pselect6, 1024, &r, &w, NULL, &ts, NULL);
	/* even fds (/dev/null) are readable; about 1000 bytes of fds: left fits or not around the limit */
	for (int n = 230; n < 280; n += 2) {
		FD_ZERO(&r);
		for (int k = 0; k < n; k++) FD_SET(10 + 2 * k, &r);
		tv.tv_sec = 0; tv.tv_usec = 0;
		syscall(SYS_select, 1024, &r, NULL, NULL, &tv);
	}
	/* an empty except set after a printed one: strace still closes it with "]" */
	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
	FD_SET(10, &r); FD_SET(11, &w); FD_SET(12, &e);
	tv.tv_sec = 0; tv.tv_usec = 0;
	syscall(SYS_select, 13, &r, &w, &e, &tv);
	return 0;
}
