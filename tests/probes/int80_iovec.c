/* iovec arrays at their edges, x86_64 and i386 (int $0x80): an element at the -s limit on an
 * unmapped page, and a compat iovec array crossing 4 GiB into mapped memory (strace reads
 * nothing above 4 GiB for an i386 call), through writev and sendmsg's msg_iov.
 * Compared with strace 6.1 live (tests/test_int80_gaps.py). */
#define _GNU_SOURCE
#include <asm/unistd_32.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>

static long arg6;

static long sc(long nr, long a, long b, long c, long d, long e, long f) {
    long r;
    arg6 = f;
    __asm__ volatile("sub $128, %%rsp\n\tpush %%rbp\n\tmovl %7, %%ebp\n\tint $0x80\n\t"
                     "pop %%rbp\n\tadd $128, %%rsp"
                     : "=a"(r)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(arg6)
                     : "memory", "cc");
    return r;
}

int main(void) {
    /* x86_64: 3 readable elements then an unmapped page; 4 and 5 elements */
    char *p = mmap(0, 0x2000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    munmap(p + 0x1000, 0x1000);
    struct iovec *v = (struct iovec *)(p + 0x1000 - 3 * sizeof *v);
    for (int i = 0; i < 3; i++) {
        v[i].iov_base = "ab";
        v[i].iov_len = 2;
    }
    writev(-1, v, 4);
    writev(-1, v, 5);
    writev(-1, v, 3);
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = v;
    m.msg_iovlen = 4;
    sendmsg(-1, &m, 0);
    /* i386: a compat iovec array whose second element is at 0x100000000 (mapped) */
    char *top = mmap((void *)0xfffff000UL, 0x2000, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    char *low = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (top != (char *)0xfffff000UL || low == MAP_FAILED)
        return 2;
    strcpy(low, "hello");
    unsigned *iov = (unsigned *)(top + 0xff8);
    iov[0] = (unsigned)(unsigned long)low;
    iov[1] = 5;
    iov[2] = (unsigned)(unsigned long)low;
    iov[3] = 3;
    sc(__NR_writev, -1, (long)iov, 2, 0, 0, 0);
    unsigned *m32 = (unsigned *)(low + 64); /* struct compat_msghdr */
    m32[2] = (unsigned)(unsigned long)iov;
    m32[3] = 2;
    sc(__NR_sendmsg, -1, (long)m32, 0, 0, 0, 0);
    sc(__NR_writev, -1, (long)iov, 1, 0, 0, 0);
    return 0;
}
