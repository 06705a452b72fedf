/* io_uring_setup: struct io_uring_params at entry and exit (success, reserved fields set,
 * errors, NULL, a struct cut by an unmapped page); io_uring_register opcode names. */
#include <linux/io_uring.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>
int main(void){
 struct io_uring_params p; memset(&p, 0, sizeof p);
 int fd = syscall(SYS_io_uring_setup, 4, &p);
 memset(&p, 0, sizeof p); p.flags = IORING_SETUP_SQPOLL|IORING_SETUP_SQ_AFF|0x80000000; p.sq_thread_cpu = 1; p.sq_thread_idle = 100; p.resv[1]=5;
 syscall(SYS_io_uring_setup, 4, &p);
 memset(&p, 0, sizeof p); p.flags = IORING_SETUP_CQSIZE; p.cq_entries = 16; p.wq_fd = 7;
 syscall(SYS_io_uring_setup, 2, &p);
 syscall(SYS_io_uring_setup, 1, NULL);
 memset(&p, 0, sizeof p); p.flags = 0x80000000; syscall(SYS_io_uring_setup, 1, &p);
 memset(&p, 0, sizeof p); p.sq_off.resv1 = 3; p.cq_off.resv1 = 4; syscall(SYS_io_uring_setup, 0, &p);
 char *page = mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0); munmap(page+4096, 4096);
 syscall(SYS_io_uring_setup, 1, page + 4096 - 40);
 syscall(SYS_io_uring_register, fd, IORING_REGISTER_PROBE, NULL, 0);
 syscall(SYS_io_uring_register, fd, IORING_REGISTER_EVENTFD, NULL, 0);
 syscall(SYS_io_uring_register, fd, 1, NULL, 0);
 return 0;}
