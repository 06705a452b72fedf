/* Calls for tests/test_inject.py: runs of the same cheap syscalls (so when= ranges and steps
 * show), a handler for injected signals, buffers for poke_enter/poke_exit, and with an
 * argument a child making the same calls (per-process counting). A call whose result the
 * probe checks makes a chdir that names what it saw, so an injection shows in the trace even
 * when the injected call itself is not traced. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_signal(int sig) { (void) sig; }

static void calls(void)
{
	char name[64];
	for (int i = 1; i <= 6; i++) {
		long uid = syscall(SYS_getuid);
		snprintf(name, sizeof(name), "/inject-getuid-%d-%ld", i, uid);
		chdir(name);
	}
	for (int i = 0; i < 4; i++)
		syscall(SYS_getgid);
	for (int i = 0; i < 3; i++)
		syscall(SYS_geteuid);
	for (int i = 0; i < 3; i++)
		syscall(SYS_getegid);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	calls();

	static char buf[16] = "hello, world";
	int fd = open("/dev/null", O_WRONLY);
	for (int i = 0; i < 3; i++)
		write(fd, buf, 12);
	close(fd);
	struct utsname u;
	uname(&u);

	if (argc > 1) {
		pid_t child = fork();
		if (child == 0) {
			calls();
			_exit(0);
		}
		waitpid(child, NULL, 0);
		calls();
	}
	return 0;
}
