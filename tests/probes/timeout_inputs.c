/* Timeouts the kernel reads on entry, printed by pytrace's shared timespec_any/timeval_any:
 * valid, negative tv_nsec (printed unsigned, as strace does), NULL, unmapped, and a timespec
 * that runs into an unmapped page. */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void calls(const void *ts, const void *tv) {
    syscall(SYS_semtimedop, -1, 0, 0, ts);
    syscall(SYS_recvmmsg, -1, 0, 0, 0, ts);
    syscall(SYS_mq_timedsend, -1, 0, 0, 0, ts);
    syscall(SYS_mq_timedreceive, -1, 0, 0, 0, ts);
    syscall(SYS_io_getevents, 0, 0, 0, 0, ts);
    syscall(SYS_select, -1, 0, 0, 0, tv); /* nfds -1: EINVAL, never blocks */
}

int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + page, page);
    struct timespec ts = {1, -5};
    struct timeval tv = {0, -7};
    calls(&ts, &tv);
    ts.tv_nsec = 5;
    calls(&ts, &tv);
    calls(0, 0);
    calls((void *)(uintptr_t)1, (void *)(uintptr_t)1);
    calls(p + page - 8, p + page - 8);
    return 0;
}
