/* A 64-bit process making i386 system calls with int $0x80 on buffers below 4 GiB
 * (MAP_32BIT): structures, longs and split 64-bit arguments in the i386 personality.
 * Each call is made with a good buffer and, where it reads or writes one, with NULL and
 * with an unmapped address. The trace is compared with strace 6.1 live. */
#define _GNU_SOURCE
#include <asm/unistd_32.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
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

#define S0(n) sc(n, 0, 0, 0, 0, 0, 0)
#define S1(n, a) sc(n, (long)(a), 0, 0, 0, 0, 0)
#define S2(n, a, b) sc(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define S3(n, a, b, c) sc(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define S4(n, a, b, c, d) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define S5(n, a, b, c, d, e) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define S6(n, a, b, c, d, e, f) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

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

int main(void) {
    low = mmap(NULL, 0x12000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED)
        return 1;
    bad = low + 0x11000;
    munmap(bad, 0x1000);
    char *dir = lstr("/tmp/int80_probe_dir");
    char *file = lstr("/tmp/int80_probe_dir/f");
    char *link = lstr("/tmp/int80_probe_dir/l");
    char *name = lstr("f");
    char *dot = lstr("/proc");
    char *stable = lstr("/usr/include/asm-generic");
    S1(__NR_rmdir, dir);
    unlink(file);
    unlink(link);
    rmdir(dir);
    S2(__NR_mkdir, dir, 0755);
    long fd = S3(__NR_open, file, O_RDWR | O_CREAT | O_TRUNC, 0644);
    S2(__NR_symlink, name, link);
    long dfd = S3(__NR_open, dir, O_RDONLY | O_DIRECTORY, 0);

    /* struct stat64 */
    char *st = lalloc(96);
    S2(__NR_stat64, file, st);
    S2(__NR_lstat64, link, st);
    S2(__NR_fstat64, fd, st);
    S4(__NR_fstatat64, dfd, name, st, AT_SYMLINK_NOFOLLOW);
    S2(__NR_stat64, file, 0);
    S2(__NR_fstat64, fd, bad);
    S2(__NR_stat64, bad, st);

    /* write, split 64-bit offsets and lengths */
    char *data = lstr("hello int80 world\n");
    S3(__NR_write, fd, data, 18);
    char *res = lalloc(8);
    S5(__NR__llseek, fd, 0, 5, res, SEEK_SET);
    S5(__NR__llseek, fd, 1, 2, res, SEEK_CUR);
    S5(__NR__llseek, fd, 0, 0, 0, SEEK_END);
    char *rbuf = lalloc(64);
    S5(__NR_pread64, fd, rbuf, 5, 6, 0);
    S5(__NR_pread64, fd, rbuf, 5, 0x10, 1);
    S5(__NR_pwrite64, fd, data, 5, 20, 0);
    S3(__NR_truncate64, file, 30, 0);
    S3(__NR_ftruncate64, fd, 0x1000, 0);
    S3(__NR_ftruncate64, fd, 0, 1);
    S6(__NR_fallocate, fd, 0, 0, 0, 0x2000, 0);
    S6(__NR_fallocate, fd, FALLOC_FL_KEEP_SIZE, 0x100, 1, 0x10, 0);

    /* 32-bit iovec */
    unsigned *iov = (unsigned *)lalloc(16);
    char *b1 = lalloc(8), *b2 = lalloc(8);
    iov[0] = (unsigned)(unsigned long)b1;
    iov[1] = 4;
    iov[2] = (unsigned)(unsigned long)b2;
    iov[3] = 8;
    S5(__NR_lseek, fd, 0, SEEK_SET, 0, 0);
    S3(__NR_lseek, fd, (unsigned)-2, SEEK_CUR); /* a negative 32-bit long, upper half clear as a 32-bit process has it */
    S3(__NR_readv, fd, iov, 2);
    S3(__NR_writev, fd, iov, 2);
    S3(__NR_readv, fd, 0, 2);
    S3(__NR_writev, fd, bad, 1);

    /* 32-bit timespec / timeval; clock_gettime64 with a 64-bit one */
    int *ts = (int *)lalloc(16);
    ts[0] = 0;
    ts[1] = 1000;
    S2(__NR_nanosleep, ts, 0);
    S2(__NR_nanosleep, ts, ts + 2);
    S2(__NR_nanosleep, bad, 0);
    char *tsout = lalloc(16);
    S2(__NR_clock_gettime, CLOCK_REALTIME, 0);
    S2(__NR_clock_gettime, CLOCK_MONOTONIC, bad);
    S4(__NR_clock_nanosleep, CLOCK_MONOTONIC, 0, ts, 0);
    S2(__NR_gettimeofday, 0, 0);
    S2(__NR_gettimeofday, bad, 0);
    S2(__NR_clock_gettime64, CLOCK_MONOTONIC, 0);
    S2(__NR_clock_gettime64, CLOCK_MONOTONIC, bad);
    S2(__NR_clock_getres, CLOCK_MONOTONIC, tsout);
    S2(__NR_clock_getres_time64, CLOCK_MONOTONIC, tsout);

    /* mmap2 and old mmap (struct mmap_arg_struct) */
    long m = S6(__NR_mmap2, 0, 0x2000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    S2(__NR_munmap, m, 0x2000);
    m = S6(__NR_mmap2, 0, 0x1000, PROT_READ, MAP_PRIVATE, fd, 0);
    S2(__NR_munmap, m, 0x1000);
    unsigned *ma = (unsigned *)lalloc(24);
    ma[0] = 0;
    ma[1] = 0x3000;
    ma[2] = PROT_READ;
    ma[3] = MAP_PRIVATE | MAP_ANONYMOUS;
    ma[4] = (unsigned)-1;
    ma[5] = 0;
    m = S1(__NR_mmap, ma);
    S2(__NR_munmap, m, 0x3000);
    S1(__NR_mmap, 0);
    S1(__NR_mmap, bad);

    /* 32-bit directory entries */
    char *dents = lalloc(512);
    long dfd2 = S3(__NR_open, stable, O_RDONLY | O_DIRECTORY, 0);
    S3(__NR_getdents, dfd2, dents, 512);
    S3(__NR_getdents, dfd2, dents, 512);
    S3(__NR_close, dfd2, 0, 0);
    dfd2 = S3(__NR_open, stable, O_RDONLY | O_DIRECTORY, 0);
    S3(__NR_getdents64, dfd2, dents, 512);
    S3(__NR_getdents64, dfd2, dents, 512);
    S3(__NR_close, dfd2, 0, 0);

    /* fcntl64 with struct flock64 (i386: 32 bytes, packed 64-bit fields) */
    int *fl = (int *)lalloc(32);
    ((short *)fl)[0] = F_WRLCK;
    ((short *)fl)[1] = SEEK_SET;
    fl[1] = 10; /* l_start lo */
    fl[3] = 20; /* l_len lo */
    /* the i386 F_*LK64 numbers: x86_64's headers define F_SETLK64 as F_SETLK */
    S3(__NR_fcntl64, fd, 13, fl); /* F_SETLK64 */
    S3(__NR_fcntl64, fd, 12, fl); /* F_GETLK64 */
    S3(__NR_fcntl64, fd, F_SETLK, fl); /* struct flock (32-bit fields) */
    S3(__NR_fcntl64, fd, F_GETLK, fl);
    S3(__NR_fcntl64, fd, F_GETFD, 0);
    S3(__NR_fcntl64, fd, 14, bad); /* F_SETLKW64 */
    S3(__NR_fcntl64, fd, 12, 0);

    /* 32-bit struct sigaction, stack_t */
    unsigned *sa = (unsigned *)lalloc(20);
    unsigned *osa = (unsigned *)lalloc(20);
    sa[0] = 1; /* SIG_IGN */
    sa[1] = 0x04000000 | 0x10000000; /* SA_RESTORER | SA_RESTART */
    sa[2] = 0x1234;
    sa[3] = 0x2;
    S4(__NR_rt_sigaction, 10, sa, osa, 8);
    S4(__NR_rt_sigaction, 10, 0, osa, 8);
    S4(__NR_rt_sigaction, 12, bad, 0, 8);
    unsigned *ss = (unsigned *)lalloc(12);
    ss[0] = (unsigned)(unsigned long)lalloc(0x2000);
    ss[1] = 0;
    ss[2] = 0x2000;
    unsigned *oss = (unsigned *)lalloc(12);
    S2(__NR_sigaltstack, ss, oss);
    S2(__NR_sigaltstack, 0, oss);
    S2(__NR_sigaltstack, bad, 0);

    /* uname, sysinfo, times, wait4 + rusage */
    char *uts = lalloc(390);
    S1(__NR_uname, uts);
    S1(__NR_uname, bad);
    /* sysinfo and times fill run-dependent values: only the failing forms are traced live */
    S1(__NR_sysinfo, 0);
    S1(__NR_sysinfo, bad);
    S1(__NR_times, bad);
    int *status = (int *)lalloc(4);
    S4(__NR_wait4, -1, status, 1, bad);

    /* rlimits */
    unsigned *rl = (unsigned *)lalloc(8);
    S2(__NR_getrlimit, 7, rl);
    S2(__NR_ugetrlimit, 7, rl);
    S2(__NR_ugetrlimit, 3, rl);
    S2(__NR_ugetrlimit, 3, bad);
    S2(__NR_setrlimit, 7, rl);
    char *rl64 = lalloc(16);
    S4(__NR_prlimit64, 0, 7, 0, rl64);
    S4(__NR_prlimit64, 0, 7, rl64, 0);
    S4(__NR_prlimit64, 0, 7, 0, bad);

    /* statfs64 / fstatfs64 (i386 struct statfs64: 84 bytes) */
    char *sfs = lalloc(88);
    S3(__NR_statfs64, dot, 84, sfs);
    long pfd = S3(__NR_open, dot, O_RDONLY | O_DIRECTORY, 0);
    S3(__NR_fstatfs64, pfd, 84, sfs);
    S3(__NR_statfs64, dot, 84, bad);
    S3(__NR_fstatfs64, pfd, 88, sfs);
    S3(__NR_close, pfd, 0, 0);

    /* socketcall: socket, bind, getsockname */
    unsigned *sca = (unsigned *)lalloc(24);
    sca[0] = 1; /* AF_UNIX */
    sca[1] = 1; /* SOCK_STREAM */
    sca[2] = 0;
    long sfd = S2(__NR_socketcall, 1, sca);
    unsigned short *sun = (unsigned short *)lalloc(110);
    sun[0] = 1;
    unsigned *slen = (unsigned *)lalloc(4);
    *slen = 110;
    sca[0] = (unsigned)sfd;
    sca[1] = (unsigned)(unsigned long)sun;
    sca[2] = (unsigned)(unsigned long)slen;
    S2(__NR_socketcall, 6, sca); /* getsockname */
    S2(__NR_socketcall, 1, 0);
    S2(__NR_socketcall, 1, bad);
    S2(__NR_socketcall, 99, sca);
    S3(__NR_close, sfd, 0, 0);

    /* ipc multiplexer: semget, msgget, msgctl IPC_RMID, semctl IPC_RMID */
    long sem = S5(__NR_ipc, 2, 0, 1, 0600 | 01000, 0); /* SEMGET */
    unsigned *semun = (unsigned *)lalloc(4);
    S5(__NR_ipc, 3, sem, 0, 0, semun);                 /* SEMCTL IPC_RMID */
    long msq = S5(__NR_ipc, 13, 0, 0600 | 01000, 0, 0); /* MSGGET */
    S5(__NR_ipc, 14, msq, 0, 0, 0);                      /* MSGCTL IPC_RMID */
    S5(__NR_ipc, 99, 0, 0, 0, 0);

    /* i386 struct stat / statfs (32-bit fields) */
    char *st32 = lalloc(64);
    S2(__NR_stat, file, st32);
    S2(__NR_lstat, link, st32);
    S2(__NR_fstat, fd, st32);
    S2(__NR_fstat, fd, bad);
    S2(__NR_statfs, dot, sfs);
    S2(__NR_statfs, dot, bad);

    /* preadv/pwritev: pos split over two registers */
    S5(__NR_pwritev, fd, iov, 2, 3, 0);
    S5(__NR_preadv, fd, iov, 1, 0x10, 1);

    /* futex with a 32-bit timeout */
    int *fw = (int *)lalloc(4);
    *fw = 1;
    S6(__NR_futex, fw, 0 /* FUTEX_WAIT */, 2, ts, 0, 0);
    S6(__NR_futex, fw, 128 /* FUTEX_WAIT|FUTEX_PRIVATE_FLAG */, 2, bad, 0, 0);
    S6(__NR_futex, fw, 1 /* FUTEX_WAKE */, 1, 0, 0, 0);

    /* select family: _newselect, old select, pselect6, ppoll with 32-bit times */
    int *pfds = (int *)lalloc(8);
    S1(__NR_pipe, pfds);
    S3(__NR_write, pfds[1], data, 1);
    unsigned *rset = (unsigned *)lalloc(8);
    rset[0] = 1u << pfds[0];
    int *tv0 = (int *)lalloc(8);
    S5(__NR__newselect, pfds[0] + 1, rset, 0, 0, 0);
    S5(__NR__newselect, 0, 0, 0, 0, tv0);
    S5(__NR__newselect, 0, 0, 0, 0, bad);
    unsigned *sel = (unsigned *)lalloc(20);
    sel[0] = pfds[0] + 1;
    sel[1] = (unsigned)(unsigned long)rset;
    sel[4] = 0;
    S1(__NR_select, sel);
    S1(__NR_select, bad);
    unsigned *sigdata = (unsigned *)lalloc(8);
    unsigned *mask = (unsigned *)lalloc(8);
    mask[0] = 1u << 9; /* SIGUSR1 */
    sigdata[0] = (unsigned)(unsigned long)mask;
    sigdata[1] = 8;
    S6(__NR_pselect6, 0, 0, 0, 0, tv0, sigdata);
    S6(__NR_pselect6, 0, 0, 0, 0, tv0, bad);
    short *pollfd = (short *)lalloc(8);
    ((int *)pollfd)[0] = pfds[0];
    pollfd[2] = 1; /* POLLIN */
    S5(__NR_ppoll, pollfd, 1, tv0, mask, 8);
    long *ts64 = (long *)lalloc(16);
    S5(__NR_ppoll_time64, pollfd, 1, ts64, 0, 8);

    /* itimers and POSIX / fd timers with 32-bit itimerval / itimerspec */
    int *itv = (int *)lalloc(16);
    itv[2] = 100; /* it_value.tv_sec */
    int *zero = (int *)lalloc(16);
    S3(__NR_setitimer, 1 /* ITIMER_VIRTUAL */, itv, 0);
    S3(__NR_setitimer, 1, zero, 0);
    S2(__NR_getitimer, 1, zero);
    S3(__NR_setitimer, 1, bad, 0);
    int *tid = (int *)lalloc(4);
    S3(__NR_timer_create, CLOCK_MONOTONIC, 0, tid);
    S4(__NR_timer_settime, *tid, 0, itv, 0);
    S4(__NR_timer_settime, *tid, 0, zero, 0);
    S2(__NR_timer_gettime, *tid, zero);
    S1(__NR_timer_delete, *tid);
    long tfd = S2(__NR_timerfd_create, CLOCK_MONOTONIC, 0);
    S4(__NR_timerfd_settime, tfd, 0, zero, 0);
    S2(__NR_timerfd_gettime, tfd, zero);
    S2(__NR_timerfd_gettime, tfd, bad);
    S3(__NR_close, tfd, 0, 0);
    S3(__NR_close, pfds[0], 0, 0);
    S3(__NR_close, pfds[1], 0, 0);

    /* utimensat with two 32-bit timespecs */
    int *times2 = (int *)lalloc(16);
    times2[0] = 1000000000;
    times2[1] = 5;
    times2[2] = 1000000001;
    times2[3] = 0x3ffffffe; /* UTIME_OMIT */
    S4(__NR_utimensat, dfd, name, times2, 0);
    S4(__NR_utimensat, dfd, name, bad, 0);

    /* i386-only names: 32-bit uid calls, sendfile64, fadvise64_64, waitpid, nice, old signals */
    S0(__NR_getuid32);
    S0(__NR_geteuid32);
    unsigned *ids = (unsigned *)lalloc(12);
    S3(__NR_getresuid32, ids, ids + 1, ids + 2);
    S3(__NR_getresgid32, ids, ids + 1, bad);
    S1(__NR_setuid32, 0);
    S3(__NR_setresgid32, -1, 0, -1);
    S3(__NR_chown32, file, -1, -1);
    S3(__NR_lchown32, link, 0, 0);
    S3(__NR_fchown32, fd, 0, -1);
    unsigned *groups = (unsigned *)lalloc(64);
    long ng = S2(__NR_getgroups32, 16, groups);
    S2(__NR_setgroups32, ng, groups);
    long long *soff = (long long *)lalloc(8);
    *soff = 2;
    long devnull = S3(__NR_open, lstr("/dev/null"), O_WRONLY, 0);
    S4(__NR_sendfile64, devnull, fd, soff, 4);
    S4(__NR_sendfile64, devnull, fd, bad, 4);
    S6(__NR_fadvise64_64, fd, 0x10, 1, 0x100, 0, 4 /* POSIX_FADV_DONTNEED */);
    S3(__NR_waitpid, -1, status, 1 /* WNOHANG */);
    S1(__NR_nice, 0);
    S3(__NR_close, devnull, 0, 0);
    unsigned *oset = (unsigned *)lalloc(4);
    *oset = 1u << 9;
    S3(__NR_sigprocmask, 0 /* SIG_BLOCK */, oset, oset);
    S1(__NR_sigpending, oset);
    S0(__NR_sgetmask);
    S3(__NR_sigprocmask, 1 /* SIG_UNBLOCK */, oset, 0);
    unsigned *old_sa = (unsigned *)lalloc(16);
    old_sa[0] = 1; /* SIG_IGN */
    S3(__NR_sigaction, 10, old_sa, old_sa);
    S2(__NR_signal, 10, 0 /* SIG_DFL */);
    char *ouname = lalloc(325);
    S1(__NR_olduname, ouname);
    S1(__NR_oldolduname, ouname);
    S1(__NR_umount, lstr("/nonexistent/int80"));
    char *rd = lalloc(266);
    dfd2 = S3(__NR_open, stable, O_RDONLY | O_DIRECTORY, 0);
    S3(__NR_readdir, dfd2, rd, 1);
    S3(__NR_close, dfd2, 0, 0);
    S2(__NR_oldstat, file, st32);
    S2(__NR_oldfstat, fd, st32);
    S2(__NR_oldlstat, link, st32);
    S1(__NR_stime, bad);

    S3(__NR_close, fd, 0, 0);
    S3(__NR_close, dfd, 0, 0);
    S1(__NR_unlink, link);
    S1(__NR_unlink, file);
    S1(__NR_rmdir, dir);

    /* execve with 32-bit argv / envp arrays: a failing one, then /bin/true */
    unsigned *argv = (unsigned *)lalloc(12);
    unsigned *envp = (unsigned *)lalloc(8);
    argv[0] = (unsigned)(unsigned long)lstr("/bin/true");
    argv[1] = (unsigned)(unsigned long)lstr("int80");
    envp[0] = (unsigned)(unsigned long)lstr("A=1");
    S3(__NR_execve, lstr("/nonexistent/int80"), argv, envp);
    S3(__NR_execve, argv[0], argv, envp);
    return 0;
}
