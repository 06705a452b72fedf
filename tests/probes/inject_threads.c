/* tests/test_inject.py: getuid calls in the main thread, in a second thread, and in the main
 * thread again (strace counts injections per thread). */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *run(void *arg)
{
	for (int i = 0; i < 4; i++)
		syscall(SYS_getuid);
	return arg;
}

int main(void)
{
	pthread_t th;
	for (int i = 0; i < 3; i++)
		syscall(SYS_getuid);
	pthread_create(&th, NULL, run, NULL);
	pthread_join(th, NULL);
	for (int i = 0; i < 3; i++)
		syscall(SYS_getuid);
	return 0;
}
