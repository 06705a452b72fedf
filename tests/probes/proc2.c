#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/landlock.h>
#include <unistd.h>
#include <fcntl.h>

/* More argument shapes for prctl, mount, ptrace, seccomp, keyctl, landlock, io_uring; every
   call fails or is harmless. A buffer ends against an unmapped page for truncated reads. */
int main(void)
{
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    char *edge = page + 4096 - 2;
    char *bad = page + 4096;
    memcpy(edge, "ab", 2);
    int v;
    prctl(PR_SET_NAME, edge);
    prctl(PR_SET_NAME, bad);
    prctl(PR_SET_NAME, NULL);
    prctl(PR_GET_NAME, bad);
    prctl(PR_GET_PDEATHSIG, bad);
    prctl(PR_SET_PDEATHSIG, 200);
    prctl(PR_GET_TSC, &v);
    prctl(PR_SET_TSC, PR_TSC_ENABLE);
    prctl(PR_GET_UNALIGN, &v);
    prctl(PR_SET_TIMERSLACK, 50000);
    prctl(PR_SET_PTRACER, -1);
    prctl(PR_SET_PTRACER, 0);
    prctl(PR_SET_SECUREBITS, 0x3f);
    prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_LATE, 0, 0);
    prctl(PR_MCE_KILL_GET, 0, 0, 0, 0);
    prctl(PR_SET_MM, PR_SET_MM_BRK, 0, 0, 0);
    prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
    prctl(PR_SET_SPECULATION_CTRL, 99, 1, 0, 0);
    prctl(PR_GET_FP_MODE);
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL);
    struct sock_fprog fp = {0, NULL};
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp);
    prctl(PR_SET_SECCOMP, 7, 1, 2, 3);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, 99, 0, 0, 0);
    prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, page, 4096, "anon");
    prctl(PR_SET_KEEPCAPS, 0);
    prctl(PR_SET_DUMPABLE, 7);
    prctl(PR_SET_UNALIGN, 3);
    prctl(PR_TASK_PERF_EVENTS_ENABLE);
    prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, 0, 0, &v);
    /* mount */
    syscall(SYS_mount, "src", "/nonexistent", "ext4", 0xC0ED0000 | MS_NOATIME, bad);
    syscall(SYS_mount, "src", "/nonexistent", "ext4", 0xC0ED0000, NULL);
    syscall(SYS_mount, bad, edge, bad, 0x80000000, edge);
    syscall(SYS_umount2, "/nonexistent", 0x10);
    syscall(SYS_fsconfig, -1, FSCONFIG_SET_STRING, "source", "dev", 0);
    syscall(SYS_fsconfig, -1, FSCONFIG_SET_PATH, "source", "/x", AT_FDCWD);
    syscall(SYS_fsconfig, -1, FSCONFIG_SET_FD, "source", NULL, 5);
    syscall(SYS_fsconfig, -1, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
    syscall(SYS_fsconfig, -1, 77, NULL, NULL, 0);
    syscall(SYS_fsmount, -1, 0, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | 0x100000);
    syscall(SYS_open_tree, -1, "", OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
    syscall(SYS_open_tree, -1, "", 0);
    syscall(SYS_fspick, -1, "", FSPICK_EMPTY_PATH | 0x100);
    /* ptrace: no tracee, all fail with ESRCH */
    syscall(SYS_ptrace, PTRACE_CONT, 1, 0, SIGSTOP);
    syscall(SYS_ptrace, PTRACE_SETOPTIONS, 1, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
    syscall(SYS_ptrace, PTRACE_PEEKUSER, 1, 8, &v);
    syscall(SYS_ptrace, PTRACE_GETEVENTMSG, 1, 0, &v);
    syscall(SYS_ptrace, PTRACE_DETACH, 1, 0, 0);
    syscall(SYS_ptrace, PTRACE_INTERRUPT, 1, 0, 0);
    syscall(SYS_ptrace, PTRACE_GET_SYSCALL_INFO, 1, 88, &v);
    /* seccomp */
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG | 0x100, &fp);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, bad);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, NULL);
    /* keys */
    syscall(SYS_keyctl, KEYCTL_REVOKE, 12345);
    syscall(SYS_keyctl, KEYCTL_LINK, KEY_SPEC_USER_KEYRING, 12345);
    syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, 12345, 10);
    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, bad);
    syscall(SYS_add_key, "user", edge, edge, 5, KEY_SPEC_SESSION_KEYRING);
    /* landlock */
    struct landlock_ruleset_attr ra = {LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE};
    syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0x10);
    syscall(SYS_landlock_create_ruleset, bad, sizeof(ra), 0);
    struct landlock_path_beneath_attr pb = {LANDLOCK_ACCESS_FS_READ_DIR, -1};
    syscall(SYS_landlock_add_rule, -1, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
    syscall(SYS_landlock_add_rule, -1, 9, &pb, 0);
    /* io_uring, reboot, numa */
    sigset_t ss;
    sigemptyset(&ss);
    sigaddset(&ss, SIGUSR1);
    syscall(SYS_io_uring_enter, -1, 0, 0, 1 | 0x80, &ss, 8);
    int fds[2] = {0, 1};
    syscall(SYS_io_uring_register, -1, 2, fds, 2);
    syscall(SYS_io_uring_register, -1, 99, NULL, 0);
    syscall(SYS_reboot, 0xfee1dead, 0x28121969, 0x1234, NULL);
    unsigned long nm = 1;
    syscall(SYS_set_mempolicy, 2 | 0x8000, &nm, 2);
    syscall(SYS_set_mempolicy, 99, bad, 64);
    syscall(SYS_mbind, page, 4096, 1, &nm, 3, 7);
    return 0;
}
