/* A tracee that installs seccomp filters of its own which fail calls (SECCOMP_RET_ERRNO wins
 * over a tracer's SECCOMP_RET_TRACE): strace, stopping at every syscall, shows the failed
 * calls, so pytrace's seccomp-bpf mode must too. One filter through seccomp(2), one through
 * prctl(PR_SET_SECCOMP), a child that inherits them, and a thread. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void install(int nr, int err, int via_prctl) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog p = {sizeof f / sizeof f[0], f};
    if (via_prctl)
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p, 0, 0);
    else
        syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
}

static void *thread(void *arg) {
    (void)arg;
    syscall(__NR_getppid);
    syscall(__NR_getuid);
    return NULL;
}

int main(void) {
    syscall(__NR_getppid);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    install(__NR_getppid, EPERM, 0);
    syscall(__NR_getppid);
    install(__NR_getuid, EACCES, 1);
    syscall(__NR_getuid);
    pid_t c = fork();
    if (c == 0) {
        syscall(__NR_getppid);
        syscall(__NR_getuid);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    pthread_t t;
    pthread_create(&t, NULL, thread, NULL);
    pthread_join(t, NULL);
    syscall(__NR_getppid);
    return 0;
}
