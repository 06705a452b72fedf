/* Call counting for pytrace libc: K printf calls into a fully buffered 4096-byte stdout
 * (13-byte lines: 3 buffer flushes inside printf, the rest written at exit), one fopen,
 * one raw syscall instruction (getppid, from main), one clock_gettime and one time (vDSO). */
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef K
#define K 1000
#endif

static char obuf[4096];

int main(void)
{
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	for (int i = 0; i < K; i++)
		printf("line %07d\n", i % 1000000);
	FILE *f = fopen("/etc/hostname", "r");
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	time(NULL);
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
	return f && ret > 0 ? 0 : 1;
}
