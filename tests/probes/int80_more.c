/* More i386 int $0x80 calls from a 64-bit process on buffers below 4 GiB (MAP_32BIT):
 * struct msghdr / mmsghdr / cmsghdr (socketcall and direct numbers), siginfo, sigevent,
 * timex and the IPC *_ds structures, each with a good, a NULL and an unmapped pointer.
 * The trace is compared with strace 6.1 live (tests/test_int80_more.py). */
#define _GNU_SOURCE
#include <asm/unistd_32.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
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
#define S6(n, a, b, c, d, e, f) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define P32(p) ((unsigned)(unsigned long)(p))

static char *low;   /* 64 KiB below 4 GiB */
static char *bad;   /* an unmapped page below 4 GiB */
static size_t used;

static char *lalloc(size_t n) {
    char *p = low + used;
    used += (n + 15) & ~15UL;
    memset(p, 0, n);
    return p;
}

static char *lstr(const char *s) {
    char *p = lalloc(strlen(s) + 1);
    strcpy(p, s);
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

static void msgs(void) {
    int *sv = (int *)lalloc(8);
    unsigned *sca = (unsigned *)lalloc(24);
    sca[0] = 1; /* AF_UNIX */
    sca[1] = 2; /* SOCK_DGRAM */
    sca[2] = 0;
    sca[3] = P32(sv);
    S2(__NR_socketcall, 8, sca); /* SYS_SOCKETPAIR */
    char *data = lstr("hello int80");
    unsigned *iov = (unsigned *)lalloc(16);
    iov[0] = P32(data);
    iov[1] = 5;
    iov[2] = P32(data + 5);
    iov[3] = 6;
    /* struct compat_cmsghdr {len, level, type} + one fd: SCM_RIGHTS */
    unsigned *cm = (unsigned *)lalloc(32);
    cm[0] = 16;
    cm[1] = 1; /* SOL_SOCKET */
    cm[2] = 1; /* SCM_RIGHTS */
    cm[3] = 0;
    unsigned *m = msghdr32(iov, 2, cm, 16);
    sca[0] = sv[0];
    sca[1] = P32(m);
    sca[2] = 0;
    S2(__NR_socketcall, 16, sca); /* SYS_SENDMSG */
    S3(__NR_sendmsg, sv[0], m, 0);
    unsigned *nc = msghdr32(iov, 2, 0, 0);
    S3(__NR_sendmsg, sv[0], nc, 0x40 /* MSG_DONTWAIT */);
    S3(__NR_sendmsg, sv[0], 0, 0);
    S3(__NR_sendmsg, sv[0], bad, 0);
    char *rb = lalloc(32);
    unsigned *riov = (unsigned *)lalloc(8);
    riov[0] = P32(rb);
    riov[1] = 32;
    unsigned *rc = (unsigned *)lalloc(64);
    unsigned *rm = msghdr32(riov, 1, rc, 64);
    sca[0] = sv[1];
    sca[1] = P32(rm);
    sca[2] = 0;
    S2(__NR_socketcall, 17, sca); /* SYS_RECVMSG */
    rm[5] = 64;
    S3(__NR_recvmsg, sv[1], rm, 0);
    rm[5] = 64;
    S3(__NR_recvmsg, sv[1], rm, 0x40);
    S3(__NR_recvmsg, sv[1], bad, 0x40);
    /* struct compat_mmsghdr: msghdr + msg_len */
    unsigned *mm = (unsigned *)lalloc(64);
    memcpy(mm, nc, 28);
    memcpy(mm + 8, nc, 28);
    S4(__NR_sendmmsg, sv[0], mm, 2, 0);
    sca[0] = sv[0];
    sca[1] = P32(mm);
    sca[2] = 1;
    sca[3] = 0;
    S2(__NR_socketcall, 20, sca); /* SYS_SENDMMSG */
    S4(__NR_sendmmsg, sv[0], bad, 1, 0);
    unsigned *rmm = (unsigned *)lalloc(64);
    unsigned *riov2 = (unsigned *)lalloc(8);
    char *rb2 = lalloc(32);
    riov2[0] = P32(rb2);
    riov2[1] = 32;
    rmm[2] = P32(riov);
    rmm[3] = 1;
    rmm[8 + 2] = P32(riov2);
    rmm[8 + 3] = 1;
    S5(__NR_recvmmsg, sv[1], rmm, 2, 0x40, 0);
    sca[0] = sv[1];
    sca[1] = P32(rmm);
    sca[2] = 2;
    sca[3] = 0x40;
    sca[4] = 0;
    S2(__NR_socketcall, 19, sca); /* SYS_RECVMMSG */
    S5(__NR_recvmmsg, sv[1], bad, 1, 0x40, 0);
    /* msg_name with a sockaddr_in, two control messages (SCM_RIGHTS, SCM_CREDENTIALS),
     * a cmsg_len shorter than the header, a control buffer running into the unmapped page */
    unsigned short *sin = (unsigned short *)lalloc(16);
    sin[0] = 2; /* AF_INET */
    sin[1] = 0x0900;
    ((unsigned *)sin)[1] = 0x0100007f;
    unsigned *cm2 = (unsigned *)lalloc(48);
    cm2[0] = 16;
    cm2[1] = 1;
    cm2[2] = 1;
    cm2[3] = 1;
    cm2[4] = 24;
    cm2[5] = 1;
    cm2[6] = 2; /* SCM_CREDENTIALS */
    cm2[7] = 1;
    cm2[8] = 0;
    cm2[9] = 0;
    unsigned *named = msghdr32(iov, 2, cm2, 40);
    named[0] = P32(sin);
    named[1] = 16;
    S3(__NR_sendmsg, sv[0], named, 0);
    cm2[0] = 8;
    S3(__NR_sendmsg, sv[0], named, 0);
    unsigned *edge = msghdr32(iov, 1, bad - 16, 32);
    memset(bad - 16, 0, 16);
    ((unsigned *)(bad - 16))[0] = 16;
    ((unsigned *)(bad - 16))[1] = 1;
    ((unsigned *)(bad - 16))[2] = 1;
    S3(__NR_sendmsg, sv[0], edge, 0);
    unsigned *many = msghdr32(bad - 8, 2, 0, 0); /* iovec array running into the unmapped page */
    ((unsigned *)(bad - 8))[0] = P32(data);
    ((unsigned *)(bad - 8))[1] = 3;
    S3(__NR_sendmsg, sv[0], many, 0);
    S1(__NR_close, sv[0]);
    S1(__NR_close, sv[1]);
}

/* compat siginfo (128 bytes, the union at offset 12) */
static void sigs(void) {
    unsigned *set = (unsigned *)lalloc(8);
    set[0] = 1u << 9; /* SIGUSR1 */
    S4(__NR_rt_sigprocmask, 0 /* SIG_BLOCK */, set, 0, 8);
    long pid = S1(__NR_getpid, 0);
    int *si = (int *)lalloc(128);
    si[0] = 10;
    si[2] = -1; /* SI_QUEUE */
    si[3] = (int)pid;
    si[4] = 0;
    si[5] = 42; /* sival */
    S3(__NR_rt_sigqueueinfo, pid, 10, si);
    S3(__NR_rt_sigqueueinfo, pid, 10, 0);
    S3(__NR_rt_sigqueueinfo, pid, 10, bad);
    S4(__NR_rt_tgsigqueueinfo, pid, pid, 10, si);
    int *ts = (int *)lalloc(8);
    int *info = (int *)lalloc(128);
    S4(__NR_rt_sigtimedwait, set, info, ts, 8);
    S4(__NR_rt_sigtimedwait, set, info, ts, 8);
    S4(__NR_rt_sigtimedwait, set, bad, ts, 8);
    si[2] = -6; /* SI_TKILL */
    S3(__NR_rt_sigqueueinfo, pid, 10, si);
    si[0] = 11; /* SIGSEGV's fields, queued as SIGUSR1 (blocked) */
    si[2] = 1;
    si[3] = 0x1234;
    S3(__NR_rt_sigqueueinfo, pid, 10, si);
    si[0] = 14; /* SIGALRM from a POSIX timer */
    si[2] = -2; /* SI_TIMER */
    si[3] = 7;
    si[4] = 1;
    si[5] = 0x5678;
    S3(__NR_rt_sigqueueinfo, pid, 10, si);
    si[0] = 29; /* SIGIO/SIGPOLL */
    si[2] = 1;
    si[3] = 0x41;
    si[4] = 5;
    S3(__NR_rt_sigqueueinfo, pid, 10, si);
    signal(SIGUSR1, SIG_IGN); /* drops the queued ones */
    S4(__NR_rt_sigprocmask, 1 /* SIG_UNBLOCK */, set, 0, 8);
    /* waitid with a 32-bit siginfo and rusage: a child that exits with 3 */
    /* SIGCHLD blocked until waitid is done: its stop comes at one place in both runs */
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    long child = vfork(); /* the parent waits: no interleaving with the child's lines */
    if (child == 0)
        _exit(3);
    char *ru = lalloc(72);
    S5(__NR_waitid, 1 /* P_PID */, child, info, 4 /* WEXITED */, ru);
    S5(__NR_waitid, 0 /* P_ALL */, 0, info, 4 | 1 /* WNOHANG */, 0);
    S5(__NR_waitid, 0, 0, bad, 4, 0);
    sigprocmask(SIG_SETMASK, &old, 0);
}

/* compat sigevent (64 bytes: value, signo, notify, then tid or function + attributes) */
static void events(void) {
    int *sev = (int *)lalloc(64);
    int *tid = (int *)lalloc(4);
    sev[0] = 5;   /* sival */
    sev[1] = 10;  /* SIGUSR1 */
    sev[2] = 0;   /* SIGEV_SIGNAL */
    S3(__NR_timer_create, 1 /* CLOCK_MONOTONIC */, sev, tid);
    S1(__NR_timer_delete, *tid);
    sev[2] = 4;   /* SIGEV_THREAD_ID */
    sev[3] = (int)S1(__NR_getpid, 0);
    S3(__NR_timer_create, 1, sev, tid);
    S1(__NR_timer_delete, *tid);
    sev[0] = 0;
    sev[2] = 1;   /* SIGEV_NONE */
    S3(__NR_timer_create, 1, sev, tid);
    S1(__NR_timer_delete, *tid);
    sev[2] = 2;   /* SIGEV_THREAD: the kernel refuses it */
    sev[3] = 0x1234;
    sev[4] = 0x5678;
    S3(__NR_timer_create, 1, sev, tid);
    S3(__NR_timer_create, 1, 0, tid);
    S3(__NR_timer_create, 1, bad, tid);
    char *mqname = lstr("int80_probe_mq");
    S1(__NR_mq_unlink, mqname);
    long mq = S4(__NR_mq_open, mqname, 02 | 0100 /* O_RDWR|O_CREAT */, 0600, 0);
    sev[0] = 9;
    sev[1] = 12;
    sev[2] = 0;
    S2(__NR_mq_notify, mq, sev);
    S2(__NR_mq_notify, mq, 0);
    S2(__NR_mq_notify, mq, bad);
    S1(__NR_close, mq);
    S1(__NR_mq_unlink, mqname);
}

/* compat timex (128 bytes): read-only adjtimex (run-dependent values), rejected ones */
static void timex(void) {
    unsigned *tx = (unsigned *)lalloc(128);
    S1(__NR_adjtimex, tx);
    S2(__NR_clock_adjtime, 0 /* CLOCK_REALTIME */, tx);
    memset(tx, 0, 128);
    tx[0] = 0x4000; /* ADJ_TICK */
    tx[19] = 1;     /* tick out of range: EINVAL before anything is set */
    S1(__NR_adjtimex, tx);
    S2(__NR_clock_adjtime, 0, tx);
    S1(__NR_adjtimex, 0);
    S1(__NR_adjtimex, bad);
    S2(__NR_clock_adjtime, 0, bad);
}

/* compat ipc64_perm and *id64_ds: direct calls and the ipc multiplexer, IPC_64 and old */
static void ipcs(void) {
    long shm = S3(__NR_shmget, 0, 4096, 0600 | 01000);
    char *ds = lalloc(128);
    S3(__NR_shmctl, shm, 2 | 0x100 /* IPC_64|IPC_STAT */, ds);
    S3(__NR_shmctl, shm, 1 | 0x100 /* IPC_64|IPC_SET */, ds);
    S3(__NR_shmctl, shm, 2, ds);
    S3(__NR_shmctl, shm, 2 | 0x100, bad);
    S5(__NR_ipc, 24 /* SHMCTL */, shm, 2 | 0x100, 0, ds);
    S3(__NR_shmctl, shm, 0 /* IPC_RMID */, 0);
    long sem = S3(__NR_semget, 0, 2, 0600 | 01000);
    unsigned *arg = (unsigned *)lalloc(4);
    *arg = P32(ds);
    S4(__NR_semctl, sem, 0, 2 | 0x100, ds);
    S4(__NR_semctl, sem, 0, 1 | 0x100, ds);
    S4(__NR_semctl, sem, 0, 2, ds);
    S4(__NR_semctl, sem, 0, 2 | 0x100, bad);
    S5(__NR_ipc, 3 /* SEMCTL */, sem, 0, 2 | 0x100, arg);
    S4(__NR_semctl, sem, 0, 0, 0);
    long msq = S2(__NR_msgget, 0, 0600 | 01000);
    S3(__NR_msgctl, msq, 2 | 0x100, ds);
    S3(__NR_msgctl, msq, 1 | 0x100, ds);
    S3(__NR_msgctl, msq, 2, ds);
    S3(__NR_msgctl, msq, 2 | 0x100, bad);
    S5(__NR_ipc, 14 /* MSGCTL */, msq, 2 | 0x100, 0, ds);
    S3(__NR_msgctl, msq, 0, 0);
}

int main(void) {
    low = mmap(NULL, 0x12000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED)
        return 1;
    bad = low + 0x11000;
    munmap(bad, 0x1000);
    msgs();
    sigs();
    events();
    timex();
    ipcs();
    return 0;
}
