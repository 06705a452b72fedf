"""i386 layouts of the structures ``int 0x80`` calls pass (the kernel's compat ABI): longs and
pointers are 4 bytes and 64-bit members are 4-byte aligned. Declared with construct, lowered to
``struct.Struct`` for decoding."""

from __future__ import annotations

import construct as cs

from .lower import Lowered

# struct stat64, arch/x86/include/uapi/asm/stat.h (i386): 96 bytes, st_size at offset 44.
STAT64 = cs.Struct(
    "st_dev" / cs.Int64ul,
    cs.Padding(4),
    "st_ino32" / cs.Int32ul,
    "st_mode" / cs.Int32ul,
    "st_nlink" / cs.Int32ul,
    "st_uid" / cs.Int32ul,
    "st_gid" / cs.Int32ul,
    "st_rdev" / cs.Int64ul,
    cs.Padding(4),
    "st_size" / cs.Int64sl,
    "st_blksize" / cs.Int32ul,
    "st_blocks" / cs.Int64ul,
    "st_atime" / cs.Int32sl,
    "st_atime_nsec" / cs.Int32ul,
    "st_mtime" / cs.Int32sl,
    "st_mtime_nsec" / cs.Int32ul,
    "st_ctime" / cs.Int32sl,
    "st_ctime_nsec" / cs.Int32ul,
    "st_ino" / cs.Int64ul,
)

# struct timespec / timeval with a 32-bit time_t (old_timespec32, old_timeval32).
TIMESPEC32 = cs.Struct("tv_sec" / cs.Int32sl, "tv_nsec" / cs.Int32ul)
TIMEVAL32 = cs.Struct("tv_sec" / cs.Int32sl, "tv_usec" / cs.Int32ul)

# struct compat_iovec
IOVEC32 = cs.Struct("iov_base" / cs.Int32ul, "iov_len" / cs.Int32ul)

# struct compat_flock (F_GETLK/F_SETLK/F_SETLKW of fcntl64 and fcntl)
FLOCK32 = cs.Struct(
    "l_type" / cs.Int16sl,
    "l_whence" / cs.Int16sl,
    "l_start" / cs.Int32sl,
    "l_len" / cs.Int32sl,
    "l_pid" / cs.Int32sl,
)

# struct compat_flock64 (F_*LK64, F_OFD_*): packed, l_start at offset 4
FLOCK64_32 = cs.Struct(
    "l_type" / cs.Int16sl,
    "l_whence" / cs.Int16sl,
    "l_start" / cs.Int64sl,
    "l_len" / cs.Int64sl,
    "l_pid" / cs.Int32sl,
)

# struct sigaction as rt_sigaction takes it on i386: handler, flags, restorer, 8-byte mask
SIGACTION32 = cs.Struct(
    "sa_handler" / cs.Int32ul,
    "sa_flags" / cs.Int32ul,
    "sa_restorer" / cs.Int32ul,
    "sa_mask" / cs.Bytes(8),
)

# stack_t (compat_stack_t)
STACK32 = cs.Struct("ss_sp" / cs.Int32ul, "ss_flags" / cs.Int32sl, "ss_size" / cs.Int32ul)

# struct rlimit with 32-bit words (getrlimit, ugetrlimit, setrlimit)
RLIMIT32 = cs.Struct("rlim_cur" / cs.Int32ul, "rlim_max" / cs.Int32ul)

# struct rusage: two timevals, then 14 longs
RUSAGE32 = cs.Struct(
    "ru_utime_sec" / cs.Int32sl,
    "ru_utime_usec" / cs.Int32ul,
    "ru_stime_sec" / cs.Int32sl,
    "ru_stime_usec" / cs.Int32ul,
    *[
        n / cs.Int32sl
        for n in (
            "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
            "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw",
            "ru_nivcsw",
        )
    ],
)

# struct statfs64 on i386 (packed, aligned(4)): 84 bytes
STATFS64_32 = cs.Struct(
    "f_type" / cs.Int32ul,
    "f_bsize" / cs.Int32ul,
    "f_blocks" / cs.Int64ul,
    "f_bfree" / cs.Int64ul,
    "f_bavail" / cs.Int64ul,
    "f_files" / cs.Int64ul,
    "f_ffree" / cs.Int64ul,
    "f_fsid0" / cs.Int32sl,
    "f_fsid1" / cs.Int32sl,
    "f_namelen" / cs.Int32ul,
    "f_frsize" / cs.Int32ul,
    "f_flags" / cs.Int32ul,
    cs.Padding(16),
)

# struct mmap_arg_struct, the one argument of the old i386 mmap
MMAP_ARGS32 = cs.Struct(
    "addr" / cs.Int32ul,
    "len" / cs.Int32ul,
    "prot" / cs.Int32ul,
    "flags" / cs.Int32ul,
    "fd" / cs.Int32ul,
    "offset" / cs.Int32ul,
)

# struct compat_linux_dirent header (getdents): d_name follows, d_type is the record's last byte
DIRENT32_HEAD = cs.Struct("d_ino" / cs.Int32ul, "d_off" / cs.Int32sl, "d_reclen" / cs.Int16ul)

# struct sysinfo with 32-bit longs: 64 bytes
SYSINFO32 = cs.Struct(
    "uptime" / cs.Int32sl,
    "loads" / cs.Int32ul, "loads1" / cs.Int32ul, "loads2" / cs.Int32ul,
    "totalram" / cs.Int32ul,
    "freeram" / cs.Int32ul,
    "sharedram" / cs.Int32ul,
    "bufferram" / cs.Int32ul,
    "totalswap" / cs.Int32ul,
    "freeswap" / cs.Int32ul,
    "procs" / cs.Int16ul,
    cs.Padding(2),
    "totalhigh" / cs.Int32ul,
    "freehigh" / cs.Int32ul,
    "mem_unit" / cs.Int32ul,
    cs.Padding(8),
)

# struct stat of the i386 stat/lstat/fstat (asm/stat.h, !__x86_64__): 64 bytes
STAT32 = cs.Struct(
    "st_dev" / cs.Int32ul,
    "st_ino" / cs.Int32ul,
    "st_mode" / cs.Int16ul,
    "st_nlink" / cs.Int16ul,
    "st_uid" / cs.Int16ul,
    "st_gid" / cs.Int16ul,
    "st_rdev" / cs.Int32ul,
    "st_size" / cs.Int32ul,
    "st_blksize" / cs.Int32ul,
    "st_blocks" / cs.Int32ul,
    "st_atime" / cs.Int32sl,
    "st_atime_nsec" / cs.Int32ul,
    "st_mtime" / cs.Int32sl,
    "st_mtime_nsec" / cs.Int32ul,
    "st_ctime" / cs.Int32sl,
    "st_ctime_nsec" / cs.Int32ul,
    cs.Padding(8),
)

# struct statfs of the i386 statfs/fstatfs (compat_statfs): 64 bytes
STATFS32 = cs.Struct(
    "f_type" / cs.Int32ul,
    "f_bsize" / cs.Int32ul,
    "f_blocks" / cs.Int32ul,
    "f_bfree" / cs.Int32ul,
    "f_bavail" / cs.Int32ul,
    "f_files" / cs.Int32ul,
    "f_ffree" / cs.Int32ul,
    "f_fsid0" / cs.Int32sl,
    "f_fsid1" / cs.Int32sl,
    "f_namelen" / cs.Int32ul,
    "f_frsize" / cs.Int32ul,
    "f_flags" / cs.Int32ul,
    cs.Padding(16),
)

# old select's one argument: struct sel_arg_struct {n, inp, outp, exp, tvp}
SEL_ARGS32 = cs.Struct(
    "n" / cs.Int32ul, "inp" / cs.Int32ul, "outp" / cs.Int32ul, "exp" / cs.Int32ul, "tvp" / cs.Int32ul
)

# pselect6's sixth argument: {const sigset_t *ss; size_t ss_len} with 32-bit words
SIGDATA32 = cs.Struct("ss" / cs.Int32ul, "ss_len" / cs.Int32ul)

# utimensat's two timespecs, utimes' two timevals, utime's struct utimbuf (32-bit time_t)
TIMESPEC32_PAIR = cs.Struct(
    "atime_sec" / cs.Int32sl, "atime_nsec" / cs.Int32ul, "mtime_sec" / cs.Int32sl, "mtime_nsec" / cs.Int32ul
)
TIMEVAL32_PAIR = cs.Struct(
    "atime_sec" / cs.Int32sl, "atime_usec" / cs.Int32ul, "mtime_sec" / cs.Int32sl, "mtime_usec" / cs.Int32ul
)
UTIMBUF32 = cs.Struct("actime" / cs.Int32sl, "modtime" / cs.Int32sl)

TIMESPEC32_PAIR_FAST = Lowered(TIMESPEC32_PAIR)
TIMEVAL32_PAIR_FAST = Lowered(TIMEVAL32_PAIR)
UTIMBUF32_FAST = Lowered(UTIMBUF32)
# struct __old_kernel_stat (oldstat, oldlstat, oldfstat): 16-bit ids, no nanoseconds
OLD_STAT32 = cs.Struct(
    "st_dev" / cs.Int16ul,
    "st_ino" / cs.Int16ul,
    "st_mode" / cs.Int16ul,
    "st_nlink" / cs.Int16ul,
    "st_uid" / cs.Int16ul,
    "st_gid" / cs.Int16ul,
    "st_rdev" / cs.Int16ul,
    cs.Padding(2),
    "st_size" / cs.Int32ul,
    "st_atime" / cs.Int32sl,
    "st_mtime" / cs.Int32sl,
    "st_ctime" / cs.Int32sl,
)

# struct old_linux_dirent (readdir): d_name follows
OLD_DIRENT32_HEAD = cs.Struct("d_ino" / cs.Int32ul, "d_offset" / cs.Int32ul, "d_namlen" / cs.Int16ul)

OLD_STAT32_FAST = Lowered(OLD_STAT32)
OLD_DIRENT32_HEAD_FAST = Lowered(OLD_DIRENT32_HEAD)
SYSINFO32_FAST = Lowered(SYSINFO32)
STAT32_FAST = Lowered(STAT32)
STATFS32_FAST = Lowered(STATFS32)
SEL_ARGS32_FAST = Lowered(SEL_ARGS32)
SIGDATA32_FAST = Lowered(SIGDATA32)
STAT64_FAST = Lowered(STAT64)
TIMESPEC32_FAST = Lowered(TIMESPEC32)
TIMEVAL32_FAST = Lowered(TIMEVAL32)
IOVEC32_FAST = Lowered(IOVEC32)
FLOCK32_FAST = Lowered(FLOCK32)
FLOCK64_32_FAST = Lowered(FLOCK64_32)
SIGACTION32_FAST = Lowered(SIGACTION32)
STACK32_FAST = Lowered(STACK32)
RLIMIT32_FAST = Lowered(RLIMIT32)
RUSAGE32_FAST = Lowered(RUSAGE32)
STATFS64_32_FAST = Lowered(STATFS64_32)
MMAP_ARGS32_FAST = Lowered(MMAP_ARGS32)
DIRENT32_HEAD_FAST = Lowered(DIRENT32_HEAD)

# struct compat_msghdr: msg_name, msg_namelen, msg_iov, msg_iovlen, msg_control,
# msg_controllen, msg_flags (28 bytes); struct compat_mmsghdr adds msg_len (32 bytes)
MSGHDR32 = cs.Struct(
    "msg_name" / cs.Int32ul,
    "msg_namelen" / cs.Int32ul,
    "msg_iov" / cs.Int32ul,
    "msg_iovlen" / cs.Int32ul,
    "msg_control" / cs.Int32ul,
    "msg_controllen" / cs.Int32ul,
    "msg_flags" / cs.Int32sl,
)
MMSGHDR32 = cs.Struct(*MSGHDR32.subcons, "msg_len" / cs.Int32ul)
# struct compat_cmsghdr: cmsg_len, cmsg_level, cmsg_type; data 4-byte aligned (12 bytes)
CMSGHDR32 = cs.Struct("cmsg_len" / cs.Int32ul, "cmsg_level" / cs.Int32sl, "cmsg_type" / cs.Int32sl)

MSGHDR32_FAST = Lowered(MSGHDR32)
MMSGHDR32_FAST = Lowered(MMSGHDR32)
CMSGHDR32_FAST = Lowered(CMSGHDR32)

# compat_siginfo_t (128 bytes): si_signo, si_errno, si_code, then the union at offset 12 (no
# padding on i386); one view per union member, as the x86_64 views in decoders/siginfo.py
_SI = cs.Padding(12)
SIGINFO32_HEAD = cs.Struct("si_signo" / cs.Int32sl, "si_errno" / cs.Int32sl, "si_code" / cs.Int32sl)
SIGINFO32_KILL = cs.Struct(_SI, "si_pid" / cs.Int32sl, "si_uid" / cs.Int32ul)
SIGINFO32_CHLD = cs.Struct(
    _SI, "si_pid" / cs.Int32sl, "si_uid" / cs.Int32ul, "si_status" / cs.Int32sl,
    "si_utime" / cs.Int32sl, "si_stime" / cs.Int32sl,
)
SIGINFO32_SIGVAL = cs.Struct(cs.Padding(20), "si_int" / cs.Int32sl)
SIGINFO32_PTR = cs.Struct(cs.Padding(20), "si_ptr" / cs.Int32ul)
SIGINFO32_TIMER = cs.Struct(_SI, "si_tid" / cs.Int32sl, "si_overrun" / cs.Int32sl)
SIGINFO32_FAULT = cs.Struct(_SI, "si_addr" / cs.Int32ul)
SIGINFO32_POLL = cs.Struct(_SI, "si_band" / cs.Int32sl, "si_fd" / cs.Int32sl)
SIGINFO32_SYS = cs.Struct(
    _SI, "si_call_addr" / cs.Int32ul, "si_syscall" / cs.Int32sl, "si_arch" / cs.Int32ul
)

# struct compat_sigevent (64 bytes): sigev_value, sigev_signo, sigev_notify, then the union
# (a thread id, or function and attributes)
SIGEVENT32 = cs.Struct(
    "sival" / cs.Int32ul,
    "signo" / cs.Int32sl,
    "notify" / cs.Int32sl,
    "tid_or_function" / cs.Int32ul,
    "attributes" / cs.Int32ul,
    cs.Padding(44),
)

# struct old_timex32 (adjtimex, clock_adjtime): 32-bit longs and a compat timeval, 128 bytes
TIMEX32 = cs.Struct(
    "modes" / cs.Int32ul,
    *[n / cs.Int32sl for n in ("offset", "freq", "maxerror", "esterror")],
    "status" / cs.Int32sl,
    *[n / cs.Int32sl for n in ("constant", "precision", "tolerance")],
    "time_sec" / cs.Int32sl,
    "time_usec" / cs.Int32sl,
    *[n / cs.Int32sl for n in ("tick", "ppsfreq", "jitter", "shift", "stabil", "jitcnt", "calcnt",
                               "errcnt", "stbcnt", "tai")],
    cs.Padding(44),
)

SIGINFO32_HEAD_FAST = Lowered(SIGINFO32_HEAD)
SIGINFO32_KILL_FAST = Lowered(SIGINFO32_KILL)
SIGINFO32_CHLD_FAST = Lowered(SIGINFO32_CHLD)
SIGINFO32_SIGVAL_FAST = Lowered(SIGINFO32_SIGVAL)
SIGINFO32_PTR_FAST = Lowered(SIGINFO32_PTR)
SIGINFO32_TIMER_FAST = Lowered(SIGINFO32_TIMER)
SIGINFO32_FAULT_FAST = Lowered(SIGINFO32_FAULT)
SIGINFO32_POLL_FAST = Lowered(SIGINFO32_POLL)
SIGINFO32_SYS_FAST = Lowered(SIGINFO32_SYS)
SIGEVENT32_FAST = Lowered(SIGEVENT32)
TIMEX32_FAST = Lowered(TIMEX32)

# struct ipc64_perm on i386 (36 bytes: a 16-bit mode, 32-bit __unused words), then the compat
# *id64_ds the kernel reads and writes for every i386 *ctl call (times: low word, high word)
_PERM32 = [
    "perm_key" / cs.Int32sl,
    "perm_uid" / cs.Int32ul,
    "perm_gid" / cs.Int32ul,
    "perm_cuid" / cs.Int32ul,
    "perm_cgid" / cs.Int32ul,
    "perm_mode" / cs.Int16ul,
    cs.Padding(2),
    "perm_seq" / cs.Int16ul,
    cs.Padding(2 + 8),
]
SHMID64_DS32 = cs.Struct(
    *_PERM32,
    "shm_segsz" / cs.Int32ul,
    "shm_atime" / cs.Int32sl, cs.Padding(4),
    "shm_dtime" / cs.Int32sl, cs.Padding(4),
    "shm_ctime" / cs.Int32sl, cs.Padding(4),
    "shm_cpid" / cs.Int32sl,
    "shm_lpid" / cs.Int32sl,
    "shm_nattch" / cs.Int32ul,
    cs.Padding(8),
)
SEMID64_DS32 = cs.Struct(
    *_PERM32,
    "sem_otime" / cs.Int32sl, cs.Padding(4),
    "sem_ctime" / cs.Int32sl, cs.Padding(4),
    "sem_nsems" / cs.Int32ul,
    cs.Padding(8),
)
MSQID64_DS32 = cs.Struct(
    *_PERM32,
    "msg_stime" / cs.Int32sl, cs.Padding(4),
    "msg_rtime" / cs.Int32sl, cs.Padding(4),
    "msg_ctime" / cs.Int32sl, cs.Padding(4),
    "msg_cbytes" / cs.Int32ul,
    "msg_qnum" / cs.Int32ul,
    "msg_qbytes" / cs.Int32ul,
    "msg_lspid" / cs.Int32sl,
    "msg_lrpid" / cs.Int32sl,
    cs.Padding(8),
)
# struct shminfo64 and struct shm_info with 32-bit longs
SHMINFO64_32 = cs.Struct(*[n / cs.Int32ul for n in ("shmmax", "shmmin", "shmmni", "shmseg", "shmall")],
                         cs.Padding(16))
SHM_INFO32 = cs.Struct(
    "used_ids" / cs.Int32sl,
    *[n / cs.Int32ul for n in ("shm_tot", "shm_rss", "shm_swp", "swap_attempts", "swap_successes")],
)

SHMID64_DS32_FAST = Lowered(SHMID64_DS32)
SEMID64_DS32_FAST = Lowered(SEMID64_DS32)
MSQID64_DS32_FAST = Lowered(MSQID64_DS32)
SHMINFO64_32_FAST = Lowered(SHMINFO64_32)
SHM_INFO32_FAST = Lowered(SHM_INFO32)
