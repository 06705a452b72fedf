/* A thread execs while the leader waits in pause(): "+++ superseded" under status filtering. */
#include <pthread.h>
#include <unistd.h>
static void *run(void *a) { (void) a; char *argv[] = {"true", 0}; execve("/bin/true", argv, (char *[]){0}); return 0; }
int main(void) { pthread_t t; pthread_create(&t, 0, run, 0); pause(); return 0; }
