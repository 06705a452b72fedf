/* -s 0 / -s 1 edge cases: iovec arrays (readv, writev, process_vm_readv, and an i386 writev)
 * and sched_getaffinity's cpu set, compared with strace 6.1 live (tests/test_s0_edges.py). */
#define _GNU_SOURCE
#include <asm/unistd_32.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define NR_sched_getaffinity_64 204
#define NR_process_vm_readv_64 310

static long i386_writev(long fd, void *iov, long n) {
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(__NR_writev), "b"(fd), "c"(iov), "d"(n) : "memory", "cc");
    return r;
}

int main(void) {
    char a[] = "hello", b[] = "world", c[] = "!";
    struct iovec iov[3] = {{a, 5}, {b, 5}, {c, 1}};
    int null = open("/dev/null", O_WRONLY);
    int zero = open("/dev/zero", O_RDONLY);
    writev(null, iov, 3);
    writev(null, iov, 1);
    writev(null, iov, 0);
    readv(zero, iov, 3);
    readv(zero, iov, 1);
    char dst[16];
    struct iovec local[2] = {{dst, 4}, {dst + 4, 4}};
    struct iovec remote[1] = {{a, 8}};
    syscall(NR_process_vm_readv_64, getpid(), local, 2, remote, 1, 0);
    syscall(NR_process_vm_readv_64, getpid(), local, 1, remote, 1, 0);
    unsigned long mask[16];
    syscall(NR_sched_getaffinity_64, 0, sizeof(mask), mask);
    syscall(NR_sched_getaffinity_64, 0, 8, mask);
    syscall(NR_sched_getaffinity_64, 0, 0, mask);
    unsigned long big[40] = {3};
    sched_setaffinity(0, sizeof(big), (cpu_set_t *)big); /* longer than the kernel's cpuset */
    sched_setaffinity(0, 4, (cpu_set_t *)big);             /* shorter than a word */
    sched_setaffinity(0, 8, NULL);
    /* an i386 writev with a compat iovec array below 4 GiB */
    unsigned *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    char *s = (char *)(low + 16);
    strcpy(s, "abcdefgh");
    low[0] = (unsigned)(unsigned long)s;
    low[1] = 4;
    low[2] = (unsigned)(unsigned long)(s + 4);
    low[3] = 4;
    i386_writev(null, low, 2);
    i386_writev(null, low, 1);
    return 0;
}
