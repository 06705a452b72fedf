#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/membarrier.h>
#include <linux/kcmp.h>
#include <unistd.h>
#include <fcntl.h>

/* Process-control and credential calls: succeeding, failing (EINVAL/EPERM/EFAULT), NULL and
   unmapped pointers. Never performs a real mount, reboot or privilege drop that matters. */
int main(void)
{
    char *page = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(bad, 4096);
    pid_t me = getpid();
    /* uid.c */
    syscall(SYS_setuid, 0);
    syscall(SYS_setgid, 0);
    syscall(SYS_setreuid, -1, 0);
    syscall(SYS_setregid, 0, -1);
    syscall(SYS_setresuid, -1, -1, 0);
    syscall(SYS_setresgid, 0, -1, -1);
    uid_t r, e, s;
    syscall(SYS_getresuid, &r, &e, &s);
    syscall(SYS_getresgid, &r, &e, &s);
    syscall(SYS_getresuid, NULL, bad, &s);
    syscall(SYS_setfsuid, 0);
    syscall(SYS_setfsgid, -1);
    gid_t groups[4] = {0, 1, 2, 3};
    syscall(SYS_getgroups, 0, NULL);
    syscall(SYS_getgroups, 4, groups);
    syscall(SYS_getgroups, 4, bad);
    syscall(SYS_setgroups, 2, groups);
    syscall(SYS_setgroups, 0, NULL);
    syscall(SYS_setgroups, 2, bad);
    syscall(SYS_getuid); syscall(SYS_geteuid); syscall(SYS_getgid); syscall(SYS_getegid);
    /* priority / personality */
    syscall(SYS_getpriority, PRIO_PROCESS, 0);
    syscall(SYS_setpriority, PRIO_PROCESS, 0, 0);
    syscall(SYS_setpriority, PRIO_PGRP, 0, 0);
    syscall(SYS_setpriority, PRIO_USER, 0, 0);
    syscall(SYS_getpriority, 7, 0);
    syscall(SYS_personality, 0xffffffff);
    syscall(SYS_personality, PER_LINUX);
    syscall(SYS_personality, 0xffffffff);
    /* sched */
    struct sched_param sp = {0};
    syscall(SYS_sched_getscheduler, 0);
    syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
    syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, NULL);
    syscall(SYS_sched_getparam, 0, &sp);
    syscall(SYS_sched_getparam, 0, bad);
    syscall(SYS_sched_setparam, 0, &sp);
    syscall(SYS_sched_get_priority_max, SCHED_FIFO);
    syscall(SYS_sched_get_priority_min, SCHED_RR);
    syscall(SYS_sched_get_priority_max, 99);
    struct timespec ts;
    syscall(SYS_sched_rr_get_interval, 0, &ts);
    syscall(SYS_sched_rr_get_interval, 0, bad);
    syscall(SYS_sched_yield);
    unsigned long mask[2] = {3, 0};
    syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
    syscall(SYS_sched_setaffinity, 0, sizeof(mask), mask);
    syscall(SYS_sched_getaffinity, 0, 8, bad);
    syscall(SYS_sched_setaffinity, 0, 8, NULL);
    uint32_t attr[14] = {56};
    syscall(SYS_sched_getattr, 0, attr, 56, 0);
    syscall(SYS_sched_setattr, 0, attr, 0);
    syscall(SYS_sched_getattr, 0, bad, 56, 0);
    /* prctl */
    char name[16];
    prctl(PR_GET_NAME, name);
    prctl(PR_SET_NAME, "probe-name");
    prctl(PR_GET_DUMPABLE);
    prctl(PR_SET_DUMPABLE, 1);
    int sig;
    prctl(PR_GET_PDEATHSIG, &sig);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    prctl(PR_SET_PDEATHSIG, 0);
    prctl(PR_GET_KEEPCAPS);
    prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN);
    prctl(PR_GET_SECUREBITS);
    prctl(PR_GET_TIMERSLACK);
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    prctl(PR_GET_CHILD_SUBREAPER, &sig);
    prctl(PR_GET_SECCOMP);
    prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0);
    prctl(PR_GET_TID_ADDRESS, &mask);
    prctl(0x7777, 1, 2, 3, 4);
    /* capabilities */
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    syscall(SYS_capget, &hdr, data);
    syscall(SYS_capset, &hdr, data);
    syscall(SYS_capget, &hdr, NULL);
    syscall(SYS_capget, NULL, NULL);
    syscall(SYS_capget, bad, data);
    /* namespaces, pidfd */
    syscall(SYS_unshare, 0);
    syscall(SYS_unshare, CLONE_NEWUTS | CLONE_FILES);
    syscall(SYS_unshare, 0x80000000UL);
    syscall(SYS_setns, -1, CLONE_NEWNET);
    syscall(SYS_setns, -1, 0);
    int pfd = syscall(SYS_pidfd_open, me, 0);
    syscall(SYS_pidfd_open, -1, 0);
    syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0);
    syscall(SYS_pidfd_send_signal, pfd, SIGCONT, bad, 0);
    syscall(SYS_pidfd_getfd, pfd, 0, 0);
    syscall(SYS_pidfd_getfd, -1, 0, 1);
    close(pfd);
    /* statfs */
    struct statfs sf;
    statfs("/", &sf);
    statfs("/nonexistent", &sf);
    syscall(SYS_statfs, "/", bad);
    fstatfs(0, &sf);
    fstatfs(-1, &sf);
    /* mount family, failing */
    syscall(SYS_mount, "none", "/nonexistent", "tmpfs", MS_RDONLY | MS_NOSUID, "size=1m");
    syscall(SYS_mount, NULL, "/nonexistent", NULL, MS_REMOUNT | MS_BIND, NULL);
    syscall(SYS_umount2, "/nonexistent", MNT_DETACH);
    syscall(SYS_umount2, bad, 0);
    syscall(SYS_fsopen, "nofs", 1);
    syscall(SYS_fsconfig, -1, 0, NULL, NULL, 0);
    syscall(SYS_fsmount, -1, 1, 0);
    syscall(SYS_fspick, AT_FDCWD, "/nonexistent", 1);
    syscall(SYS_move_mount, -1, "", AT_FDCWD, "/nonexistent", 4);
    syscall(SYS_open_tree, AT_FDCWD, "/nonexistent", 1);
    /* misc */
    syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    syscall(SYS_membarrier, 0x4000, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_FILE, 0, 0);
    syscall(SYS_kcmp, me, me, KCMP_VM, 0, 0);
    syscall(SYS_kcmp, me, me, 99, 0, 0);
    unsigned char vec[2];
    syscall(SYS_mincore, page, 8192, vec);
    syscall(SYS_mincore, page, 8192, bad);
    unsigned long nodemask = 1;
    int mode;
    syscall(SYS_get_mempolicy, &mode, &nodemask, 64, NULL, 0);
    syscall(SYS_set_mempolicy, 0, NULL, 0);
    syscall(SYS_set_mempolicy, 1, &nodemask, 64);
    syscall(SYS_mbind, page, 8192, 0, NULL, 0, 0);
    struct iovec l = {vec, 2}, rmt = {page, 2};
    syscall(SYS_process_vm_readv, me, &l, 1, &rmt, 1, 0);
    syscall(SYS_process_vm_writev, me, &l, 1, bad, 1, 0);
    /* ptrace, seccomp */
    syscall(SYS_ptrace, PTRACE_PEEKDATA, 1, page, NULL);
    syscall(SYS_ptrace, PTRACE_ATTACH, -1, 0, 0);
    syscall(SYS_ptrace, 0x7777, 0, 0, 0);
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, bad);
    unsigned int act = SECCOMP_RET_KILL;
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &act);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL);
    syscall(SYS_seccomp, 99, 0, NULL);
    /* keys, landlock, bpf, perf, io_uring: failing */
    syscall(SYS_add_key, "user", "desc", "payload", 7, 0);
    syscall(SYS_request_key, "user", "desc", NULL, 0);
    syscall(SYS_keyctl, 0, -1, 0, 0, 0);
    syscall(SYS_keyctl, 99, 0, 0, 0, 0);
    syscall(SYS_landlock_create_ruleset, NULL, 0, 1);
    syscall(SYS_landlock_add_rule, -1, 1, bad, 0);
    syscall(SYS_landlock_restrict_self, -1, 0);
    syscall(SYS_bpf, 0, NULL, 0);
    syscall(SYS_bpf, 99, bad, 16);
    syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
    syscall(SYS_perf_event_open, bad, 0, -1, -1, 0);
    syscall(SYS_io_uring_setup, 1, NULL);
    syscall(SYS_io_uring_enter, -1, 1, 0, 0, NULL, 0);
    syscall(SYS_io_uring_register, -1, 0, NULL, 0);
    syscall(SYS_reboot, 0, 0, 0, NULL);
    return 0;
}
