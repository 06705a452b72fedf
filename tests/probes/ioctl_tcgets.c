/* 100k TCGETS on a pseudo-terminal: the ioctl benchmark's workload. */
#define _GNU_SOURCE
#include <asm/termbits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100000;
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	struct termios t;
	for (int i = 0; i < n; i++)
		ioctl(m, TCGETS, &t);
	return 0;
}
