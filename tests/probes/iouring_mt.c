/* Two threads: io_uring_register PROBE (zero-filled: printed at exit) and IOWQ_MAX_WORKERS
 * (" => " at entry, old counts at exit) against a getuid loop, so that -f cuts their lines
 * into <unfinished ...> and <... resumed> halves. */
#include <linux/io_uring.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
static int ring;
static void *other(void *x) { for (int i = 0; i < 300; i++) syscall(SYS_getuid); return x; }
int main(void) {
    struct io_uring_params p; memset(&p, 0, sizeof p);
    ring = syscall(SYS_io_uring_setup, 4, &p);
    pthread_t th; pthread_create(&th, NULL, other, NULL);
    static char buf[16 + 8 * 2]; unsigned mw[2] = {0, 0};
    for (int i = 0; i < 300; i++) {
        memset(buf, 0, sizeof buf);
        syscall(SYS_io_uring_register, ring, IORING_REGISTER_PROBE, buf, 2);
        syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_MAX_WORKERS, mw, 2);
    }
    pthread_join(th, NULL); return 0; }
