/* Call counting across threads and a fork: T threads and one forked child each call
 * getppid() and snprintf() N times; the parent waits for all of them. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef T
#define T 4
#endif
#ifndef N
#define N 200
#endif

static void *work(void *arg)
{
	char buf[32];
	for (int i = 0; i < N; i++) {
		getppid();
		snprintf(buf, sizeof buf, "%d", i);
	}
	return arg;
}

int main(void)
{
	pthread_t th[T];
	for (int i = 0; i < T; i++)
		pthread_create(&th[i], NULL, work, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		work(NULL);
		_exit(0);
	}
	for (int i = 0; i < T; i++)
		pthread_join(th[i], NULL);
	int status = 1;
	waitpid(pid, &status, 0);
	return status;
}
