/* A non-leader thread calls execve: the tracer must follow the exec onto the leader's pid. */
#include <pthread.h>
#include <unistd.h>
#include <sys/syscall.h>

static void *run(void *arg) {
    char *argv[] = {"/bin/true", NULL};
    (void)arg;
    execve(argv[0], argv, NULL);
    return NULL;
}

int main(void) {
    pthread_t th;
    pthread_create(&th, NULL, run, NULL);
    for (;;)
        syscall(SYS_getppid), pause();
}
