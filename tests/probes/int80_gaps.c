/* i386 int $0x80 calls from a 64-bit process, the last gaps: SO_TIMESTAMP*_OLD control
 * messages of recvmsg / recvmmsg (compat timeval / timespec), the SIGSYS siginfo of an i386
 * call a seccomp filter traps (si_syscall named from the i386 table), and the ipc() *ctl
 * calls without IPC_64 (the old ipc_perm / *id_ds layouts). Compared with strace 6.1 live
 * (tests/test_int80_gaps.py). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <asm/unistd_32.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

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

#define S1(n, a) sc(n, (long)(a), 0, 0, 0, 0, 0)
#define S2(n, a, b) sc(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define S3(n, a, b, c) sc(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define S4(n, a, b, c, d) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define S5(n, a, b, c, d, e) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define P32(p) ((unsigned)(unsigned long)(p))

static char *low; /* 64 KiB below 4 GiB */
static size_t used;

static char *lalloc(size_t n) {
    char *p = low + used;
    used += (n + 15) & ~15UL;
    memset(p, 0, n);
    return p;
}

/* struct compat_msghdr: name, namelen, iov, iovlen, control, controllen, flags */
static unsigned *msghdr32(void *iov, unsigned iovlen, void *control, unsigned controllen) {
    unsigned *m = (unsigned *)lalloc(28);
    m[2] = P32(iov);
    m[3] = iovlen;
    m[4] = P32(control);
    m[5] = controllen;
    return m;
}

static void stamp(int s, int r, int opt, int val) {
    setsockopt(r, SOL_SOCKET, opt, &val, sizeof val);
    send(s, "x", 1, 0);
}

static void stamps(void) {
    /* Receive timestamps for SO_TIMESTAMPING need the kernel's netstamp static key, which
     * setsockopt turns on from a deferred work item: a packet sent right after the first
     * setsockopt may arrive without one (a run-dependent MSG_CTRUNC-free recvmsg). A socket
     * holding RX timestamping for the whole probe, and a pause for the work, make it stable. */
    int keep = socket(AF_INET, SOCK_DGRAM, 0);
    setsockopt(keep, SOL_SOCKET, SO_TIMESTAMPING_OLD, &(int){0x8}, sizeof(int));
    nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
    int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (bind(r, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(r, (struct sockaddr *)&a, &alen) != 0)
        return;
    connect(s, (struct sockaddr *)&a, sizeof a);
    char *rb = lalloc(32);
    unsigned *riov = (unsigned *)lalloc(8);
    riov[0] = P32(rb);
    riov[1] = 32;
    char *ctl = lalloc(128);
    unsigned *m = msghdr32(riov, 1, ctl, 128);
    unsigned *sca = (unsigned *)lalloc(12);
    int opts[3] = {SO_TIMESTAMP_OLD, SO_TIMESTAMPNS_OLD, SO_TIMESTAMPING_OLD};
    int vals[3] = {1, 1, 0x8 | 0x10 /* SOF_TIMESTAMPING_RX_SOFTWARE | SOFTWARE */};
    for (int i = 0; i < 3; i++) {
        stamp(s, r, opts[i], vals[i]);
        m[5] = 128;
        S3(__NR_recvmsg, r, m, 0);
        stamp(s, r, opts[i], vals[i]);
        m[5] = 128;
        sca[0] = r;
        sca[1] = P32(m);
        sca[2] = 0;
        S2(__NR_socketcall, 17, sca); /* SYS_RECVMSG */
        stamp(s, r, opts[i], vals[i]);
        unsigned *mm = (unsigned *)lalloc(32); /* struct compat_mmsghdr */
        memcpy(mm, m, 28);
        mm[5] = 128;
        S5(__NR_recvmmsg, r, mm, 1, 0, 0);
        /* a control buffer too short for the timestamp: MSG_CTRUNC */
        stamp(s, r, opts[i], vals[i]);
        m[5] = 16;
        S3(__NR_recvmsg, r, m, 0);
        setsockopt(r, SOL_SOCKET, opts[i], &(int){0}, sizeof(int));
    }
    /* sendmsg with timestamp control messages of other data sizes (decoded at entry) */
    char *data = lalloc(4);
    data[0] = 'y';
    unsigned *siov = (unsigned *)lalloc(8);
    siov[0] = P32(data);
    siov[1] = 1;
    unsigned *cm = (unsigned *)lalloc(64);
    unsigned *sm = msghdr32(siov, 1, cm, 0);
    int sizes[6] = {4, 8, 12, 16, 24, 48};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 6; j++) {
            memset(cm, 0, 64);
            cm[0] = 12 + sizes[j];
            cm[1] = SOL_SOCKET;
            cm[2] = opts[i];
            for (int k = 0; k < sizes[j] / 4; k++)
                cm[3 + k] = 0x10 * k + 1;
            sm[5] = (12 + sizes[j] + 3) & ~3;
            S3(__NR_sendmsg, s, sm, 0);
        }
    close(s);
    close(r);
}

/* old struct ipc_perm / *id_ds through ipc() without IPC_64 */
static void ipcs(void) {
    long shm = S3(__NR_shmget, 0, 4096, 0600 | 01000);
    char *ds = lalloc(128);
    S5(__NR_ipc, 24 /* SHMCTL */, shm, 2 /* IPC_STAT */, 0, ds);
    S5(__NR_ipc, 24, shm, 1 /* IPC_SET */, 0, ds);
    S5(__NR_ipc, 24, shm, 2 | 0x100, 0, ds);
    S5(__NR_ipc, 24, shm, 0 /* IPC_RMID */, 0, 0);
    long sem = S3(__NR_semget, 0, 2, 0600 | 01000);
    unsigned *arg = (unsigned *)lalloc(4);
    *arg = P32(ds);
    S5(__NR_ipc, 3 /* SEMCTL */, sem, 0, 2, arg);
    S5(__NR_ipc, 3, sem, 0, 1, arg);
    S5(__NR_ipc, 3, sem, 0, 0, 0);
    long msq = S2(__NR_msgget, 0, 0600 | 01000);
    S5(__NR_ipc, 14 /* MSGCTL */, msq, 2, 0, ds);
    S5(__NR_ipc, 14, msq, 1, 0, ds);
    S5(__NR_ipc, 14, msq, 0, 0, 0);
}

static volatile int got_sys;

static void on_sys(int sig) {
    (void)sig;
    got_sys++;
}

/* SECCOMP_RET_TRAP for the i386 getpid: a SIGSYS whose siginfo names the i386 call */
static void sigsys(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sys;
    sigaction(SIGSYS, &sa, NULL);
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getpid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof f / sizeof f[0], f};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    syscall(317 /* x86_64 seccomp */, SECCOMP_SET_MODE_FILTER, 0, &prog);
    S1(__NR_getpid, 0);
    S1(__NR_getppid, 0);
}

/* struct tms with 32-bit clock_t, after ~300M TSC cycles of work (no syscalls) for a nonzero
 * tms_utime */
static void times32(void) {
    unsigned lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    unsigned long start = ((unsigned long)hi << 32) | lo, now;
    do {
        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
        now = ((unsigned long)hi << 32) | lo;
    } while (now - start < 300000000UL);
    S1(__NR_times, lalloc(16));
}

int main(void) {
    low = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED)
        return 1;
    stamps();
    ipcs();
    times32();
    sigsys();
    return got_sys == 1 ? 0 : 2;
}
