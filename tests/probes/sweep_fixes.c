/* Calls whose printing the real-program sweep (tests/sweep.py) found wrong: clock_t fields of a
 * SIGCHLD siginfo (queued to self, so the values are ours), umask's octal return value, and the
 * source fd of FICLONE / FICLONERANGE (cp -r under -y), which strace 6.1 prints as a plain number. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void handler(int sig) { (void)sig; }

int main(void)
{
	int src = open("/etc/passwd", O_RDONLY);
	int dst = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	ioctl(dst, FICLONE, src);
	ioctl(dst, FICLONE, -1);
	struct file_clone_range r = { .src_fd = src, .src_offset = 0, .src_length = 4096, .dest_offset = 0 };
	ioctl(dst, FICLONERANGE, &r);
	r.src_fd = -100;
	ioctl(dst, FICLONERANGE, &r);
	umask(0);
	umask(02);
	umask(022);
	umask(0777);
	umask(022);
	signal(SIGCHLD, handler);
	static const long ticks[][2] = { {0, 0}, {1, 0}, {3, 250}, {100, 12345}, {-1, 7} };
	for (unsigned i = 0; i < sizeof(ticks) / sizeof(ticks[0]); i++) {
		siginfo_t si;
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGCHLD;
		si.si_code = CLD_EXITED;
		si.si_pid = 1;
		si.si_status = 3;
		si.si_utime = ticks[i][0];
		si.si_stime = ticks[i][1];
		syscall(SYS_rt_sigqueueinfo, getpid(), SIGCHLD, &si);
	}
	return 0;
}
