/* A thread execs while the leader waits in pause(): "+++ superseded" under status filtering.
 * The thread sleeps first so that the leader is in pause() by then. */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static void *run(void *a) {
    (void) a;
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    char *argv[] = {"true", 0};
    execve("/bin/true", argv, (char *[]){0});
    return 0;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, 0, run, 0);
    pause();
    return 0;
}
