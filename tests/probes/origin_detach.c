/* pytrace libc -b execve: the child's failed execve detaches it; it then calls getppid and
 * snprintf, which would die on a SIGTRAP if an int3 were left in its memory. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {"nonexistent", NULL};
		char buf[16];
		execve("/nonexistent/program", argv, argv + 1);
		for (int i = 0; i < 10; i++) {
			getppid();
			snprintf(buf, sizeof buf, "%d", i);
		}
		_exit(7);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : 1;
}
