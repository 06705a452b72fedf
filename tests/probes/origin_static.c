/* Statically linked: every syscall is issued from inside the program's own code. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("static %d\n", (int)getpid());
	return 0;
}
