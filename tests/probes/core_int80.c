/* A 64-bit process making i386 system calls with int $0x80 (getpid, write), then 64-bit ones. */
#include <unistd.h>

static const char msg[] = "hi\n";

int main(void) {
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(20L));
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(4L), "b"(1L), "c"((long)msg), "d"(3L));
    return getppid() > 0 ? 0 : 1;
}
