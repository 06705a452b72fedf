/* N raw getppid syscalls (default 100000): the per-stop cost with almost nothing to decode. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    return 0;
}
