/* Timestamp options probe: a handled signal, a child that exits with a status, and the
 * parent's wait for it; SIGCHLD stays blocked, so no signal line depends on the scheduler. */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	pid_t child = fork();
	if (child == 0) {
		syscall(SYS_getppid);
		_exit(3);
	}
	int status;
	wait4(child, &status, 0, NULL);
	return WEXITSTATUS(status) == 3 ? 0 : 1;
}
