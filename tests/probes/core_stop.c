/* A child stops itself (group-stop), the parent continues it, then signals and reaps it. */
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        syscall(SYS_getpid);
        raise(SIGSTOP);
        syscall(SYS_getppid);
        _exit(7);
    }
    int st;
    waitpid(pid, &st, WUNTRACED);
    kill(pid, SIGCONT);
    waitpid(pid, &st, 0);
    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    usleep(20000);
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) ? 3 : 0;
}
