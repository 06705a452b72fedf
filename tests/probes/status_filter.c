/* Calls that succeed, fail and never return, in one process ("single") or several (default):
 * children run while the parent waits, one is killed in its own kill(), a signal arrives;
 * the material for -z / -Z / -e status= staging (tests/test_status_filter.py). */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig) { (void) sig; }

static void mixed(int rounds) {
    char buf[16];
    for (int i = 0; i < rounds; i++) {
        int fd = open("/dev/null", O_RDONLY);
        (void) !read(fd, buf, sizeof buf);
        close(fd);
        open("/nonexistent/status-filter", O_RDONLY);
        close(-1);
        syscall(SYS_getuid);
        (void) !read(-1, buf, 1);
    }
}

int main(int argc, char **argv) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    mixed(2);
    kill(getpid(), SIGUSR1);
    if (argc > 1 && strcmp(argv[1], "single") == 0) {
        mixed(1);
        return 0;
    }
    int p[2];
    if (pipe(p))
        return 1;
    sigset_t chld; /* no SIGCHLD: the parent's own lines stay in one order */
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    pid_t writer = fork();
    if (writer == 0) {
        mixed(3);
        (void) !write(p[1], "hello", 5);
        mixed(2);
        _exit(0);
    }
    pid_t reader = fork();
    if (reader == 0) {
        char buf[8];
        (void) !read(p[0], buf, 5);
        mixed(2);
        _exit(3);
    }
    pid_t victim = fork();
    if (victim == 0) {
        mixed(1);
        kill(getpid(), SIGKILL); /* a call that never returns */
        _exit(0);
    }
    mixed(4);
    int st;
    waitpid(writer, &st, 0);
    waitpid(reader, &st, 0);
    waitpid(victim, &st, 0);
    mixed(1);
    return 0;
}
