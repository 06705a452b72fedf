/* Known calls for the origin tests: K printf (unbuffered), one fopen, one raw syscall
 * instruction (getppid, inline assembly: direct from main), one open() (-> openat), then exit. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define K 5

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < K; i++)
		printf("line %d\n", i);
	FILE *f = fopen("/etc/hostname", "r");
	if (f)
		fclose(f);
	int fd = open("/etc/passwd", O_RDONLY);
	if (fd >= 0)
		close(fd);
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
	return ret > 0 ? 0 : 1;
}
