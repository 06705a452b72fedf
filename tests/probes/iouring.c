/* io_uring_register: every opcode strace 6.1 knows, with good, short, NULL and unmapped
 * arguments (arrays and structures placed against an unmapped page); io_uring_setup with
 * IORING_SETUP_ATTACH_WQ and ring offsets read back at exit. */
#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

static long reg(int fd, unsigned op, void *arg, unsigned n)
{
    return syscall(SYS_io_uring_register, fd, op, arg, n);
}

int main(void)
{
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    char *end = page + 4096; /* first unmapped byte */
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int ring = syscall(SYS_io_uring_setup, 4, &p);
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_ATTACH_WQ;
    p.wq_fd = ring;
    int ring2 = syscall(SYS_io_uring_setup, 2, &p);
    p.wq_fd = 999;
    syscall(SYS_io_uring_setup, 2, &p);
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_R_DISABLED;
    int ring3 = syscall(SYS_io_uring_setup, 2, &p);
    memset(&p, 0, sizeof p);
    p.sq_off.resv1 = 3;
    p.cq_off.resv1 = 4;
    p.sq_off.resv2 = 0x1000;
    p.cq_off.resv2 = 0x2000;
    close(syscall(SYS_io_uring_setup, 1, &p));

    /* BUFFERS */
    static char b1[16], b2[32];
    struct iovec iov[2] = {{b1, sizeof b1}, {b2, sizeof b2}};
    reg(ring, IORING_REGISTER_BUFFERS, iov, 2);
    reg(ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
    reg(ring, IORING_REGISTER_BUFFERS, NULL, 2);
    memcpy(end - sizeof(struct iovec), iov, sizeof(struct iovec));
    reg(ring, IORING_REGISTER_BUFFERS, end - sizeof(struct iovec), 2);
    reg(ring, IORING_REGISTER_BUFFERS, end, 1);
    /* FILES, EVENTFD */
    int efd = eventfd(0, 0);
    int fds[3] = {0, efd, -1};
    reg(ring, IORING_REGISTER_FILES, fds, 3);
    reg(ring, IORING_UNREGISTER_FILES, NULL, 0);
    reg(ring, IORING_REGISTER_FILES, NULL, 3);
    memcpy(end - 8, fds, 8);
    reg(ring, IORING_REGISTER_FILES, end - 8, 3);
    reg(ring, IORING_REGISTER_FILES, fds, 0);
    reg(ring, IORING_REGISTER_EVENTFD, &efd, 1);
    reg(ring, IORING_UNREGISTER_EVENTFD, NULL, 0);
    reg(ring, IORING_REGISTER_EVENTFD_ASYNC, &efd, 1);
    reg(ring, IORING_UNREGISTER_EVENTFD, (void *)0xbad, 1);
    reg(ring, IORING_REGISTER_EVENTFD, end, 1);
    /* FILES_UPDATE */
    reg(ring, IORING_REGISTER_FILES, fds, 3);
    int ufds[3] = {-1, IORING_REGISTER_FILES_SKIP, efd};
    struct io_uring_files_update fu = {.offset = 1, .fds = (uintptr_t)ufds};
    reg(ring, IORING_REGISTER_FILES_UPDATE, &fu, 3);
    fu.resv = 7;
    fu.offset = 0xfffffffe;
    reg(ring, IORING_REGISTER_FILES_UPDATE, &fu, 2);
    fu.fds = (uintptr_t)(end - 4);
    reg(ring, IORING_REGISTER_FILES_UPDATE, &fu, 2);
    reg(ring, IORING_REGISTER_FILES_UPDATE, NULL, 1);
    reg(ring, IORING_REGISTER_FILES_UPDATE, end - 8, 1);
    /* PROBE */
    size_t psz = sizeof(struct io_uring_probe) + 4 * sizeof(struct io_uring_probe_op);
    struct io_uring_probe *pr = (void *)(page + 1024);
    memset(pr, 0, psz);
    reg(ring, IORING_REGISTER_PROBE, pr, 4);
    memset(pr, 0, psz + 200 * sizeof(struct io_uring_probe_op));
    reg(ring, IORING_REGISTER_PROBE, pr, 200);
    memset(pr, 0, psz);
    pr->last_op = 3;
    pr->ops[1].op = 99;
    pr->ops[1].flags = 3;
    pr->ops[2].resv = 5;
    pr->ops[2].resv2 = 6;
    pr->resv = 1;
    pr->resv2[1] = 2;
    reg(ring, IORING_REGISTER_PROBE, pr, 4);
    reg(ring, IORING_REGISTER_PROBE, pr, 257);
    reg(ring, IORING_REGISTER_PROBE, NULL, 4);
    reg(ring, IORING_REGISTER_PROBE, end - 20, 1);
    memset(end - 24, 0, 24);
    reg(ring, IORING_REGISTER_PROBE, end - 24, 1);
    reg(ring, IORING_REGISTER_PROBE, end - 24, 2);
    memset(pr, 0, psz);
    reg(-1, IORING_REGISTER_PROBE, pr, 4);
    reg(ring, IORING_REGISTER_PROBE, pr, 0);
    /* PERSONALITY */
    int pers = reg(ring, IORING_REGISTER_PERSONALITY, NULL, 0);
    reg(ring, IORING_UNREGISTER_PERSONALITY, NULL, pers);
    reg(ring, IORING_REGISTER_PERSONALITY, (void *)0x1234, 5);
    /* RESTRICTIONS */
    struct io_uring_restriction rs[6];
    memset(rs, 0, sizeof rs);
    rs[0].opcode = IORING_RESTRICTION_REGISTER_OP;
    rs[0].register_op = IORING_REGISTER_FILES;
    rs[1].opcode = IORING_RESTRICTION_SQE_OP;
    rs[1].sqe_op = IORING_OP_READV;
    rs[2].opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED;
    rs[2].sqe_flags = IOSQE_FIXED_FILE | IOSQE_ASYNC | 0x80;
    rs[3].opcode = IORING_RESTRICTION_SQE_FLAGS_REQUIRED;
    rs[3].sqe_flags = 0;
    rs[3].resv = 9;
    rs[4].opcode = 77;
    rs[4].register_op = 0x42;
    rs[4].resv2[2] = 0xabc;
    rs[5].opcode = IORING_RESTRICTION_REGISTER_OP;
    rs[5].register_op = 200;
    reg(ring3, IORING_REGISTER_RESTRICTIONS, rs, 6);
    reg(ring3, IORING_REGISTER_RESTRICTIONS, rs, 4);
    reg(ring3, IORING_REGISTER_RESTRICTIONS, NULL, 1);
    memcpy(end - sizeof rs[0], rs, sizeof rs[0]);
    reg(ring3, IORING_REGISTER_RESTRICTIONS, end - sizeof rs[0], 2);
    reg(ring3, IORING_REGISTER_ENABLE_RINGS, NULL, 0);
    reg(ring, IORING_REGISTER_ENABLE_RINGS, (void *)1, 1);
    /* FILES2 / BUFFERS2 */
    reg(ring, IORING_UNREGISTER_FILES, NULL, 0);
    uint64_t tags[3] = {1, 0, 0xdeadbeef};
    struct io_uring_rsrc_register rr;
    memset(&rr, 0, sizeof rr);
    rr.nr = 3;
    rr.data = (uintptr_t)fds;
    rr.tags = (uintptr_t)tags;
    reg(ring, IORING_REGISTER_FILES2, &rr, sizeof rr);
    reg(ring, IORING_UNREGISTER_FILES, NULL, 0);
    rr.flags = IORING_RSRC_REGISTER_SPARSE | 4;
    rr.resv2 = 0x55;
    rr.data = 0;
    reg(ring, IORING_REGISTER_FILES2, &rr, sizeof rr);
    reg(ring, IORING_REGISTER_FILES2, &rr, 16);
    reg(ring, IORING_REGISTER_FILES2, NULL, sizeof rr);
    reg(ring, IORING_REGISTER_FILES2, end - 16, sizeof rr);
    char big[48];
    memset(big, 0, sizeof big);
    memcpy(big, &rr, sizeof rr);
    reg(ring, IORING_REGISTER_FILES2, big, sizeof big);
    big[40] = 1;
    big[47] = 0x7f;
    reg(ring, IORING_REGISTER_FILES2, big, sizeof big);
    memset(&rr, 0, sizeof rr);
    rr.nr = 2;
    rr.data = (uintptr_t)iov;
    reg(ring, IORING_REGISTER_BUFFERS2, &rr, sizeof rr);
    rr.tags = (uintptr_t)(end - 8);
    reg(ring, IORING_REGISTER_BUFFERS2, &rr, sizeof rr);
    /* FILES_UPDATE2 / BUFFERS_UPDATE */
    struct io_uring_rsrc_update2 ru;
    memset(&ru, 0, sizeof ru);
    ru.offset = 1;
    ru.data = (uintptr_t)ufds;
    ru.tags = (uintptr_t)tags;
    ru.nr = 3;
    reg(ring, IORING_REGISTER_FILES_UPDATE2, &ru, sizeof ru);
    ru.resv = 3;
    ru.resv2 = 4;
    ru.tags = 0;
    reg(ring, IORING_REGISTER_FILES_UPDATE2, &ru, sizeof ru);
    reg(ring, IORING_REGISTER_FILES_UPDATE2, &ru, 8);
    reg(ring, IORING_REGISTER_FILES_UPDATE2, end - 31, sizeof ru);
    memset(&ru, 0, sizeof ru);
    ru.data = (uintptr_t)iov;
    ru.nr = 2;
    reg(ring, IORING_REGISTER_BUFFERS_UPDATE, &ru, sizeof ru);
    reg(ring, IORING_REGISTER_BUFFERS_UPDATE, NULL, sizeof ru);
    /* IOWQ */
    cpu_set_t cs;
    CPU_ZERO(&cs);
    CPU_SET(0, &cs);
    reg(ring, IORING_REGISTER_IOWQ_AFF, &cs, sizeof cs);
    reg(ring, IORING_REGISTER_IOWQ_AFF, &cs, 8);
    reg(ring, IORING_REGISTER_IOWQ_AFF, NULL, 8);
    reg(ring, IORING_UNREGISTER_IOWQ_AFF, NULL, 0);
    uint32_t mw[2] = {4, 0};
    reg(ring, IORING_REGISTER_IOWQ_MAX_WORKERS, mw, 2);
    reg(ring, IORING_REGISTER_IOWQ_MAX_WORKERS, mw, 3);
    reg(ring, IORING_REGISTER_IOWQ_MAX_WORKERS, NULL, 2);
    reg(ring, IORING_REGISTER_IOWQ_MAX_WORKERS, mw, 0);
    reg(ring, IORING_REGISTER_IOWQ_MAX_WORKERS, page, 40);
    reg(ring, IORING_REGISTER_IOWQ_MAX_WORKERS, end - 4, 2);
    /* RING_FDS */
    struct io_uring_rsrc_update rf[2];
    memset(rf, 0, sizeof rf);
    rf[0].offset = -1U;
    rf[0].data = ring;
    rf[1].offset = 3;
    rf[1].resv = 1;
    rf[1].data = efd;
    reg(ring, IORING_REGISTER_RING_FDS, rf, 1);
    reg(ring, IORING_REGISTER_RING_FDS, rf, 2);
    reg(ring, IORING_UNREGISTER_RING_FDS, rf, 2);
    reg(ring, IORING_REGISTER_RING_FDS, NULL, 1);
    /* PBUF_RING and unknown */
    struct io_uring_buf_reg br;
    memset(&br, 0, sizeof br);
    br.ring_addr = (uintptr_t)page;
    br.ring_entries = 1;
    br.bgid = 3;
    reg(ring, IORING_REGISTER_PBUF_RING, &br, 1);
    reg(ring, IORING_UNREGISTER_PBUF_RING, &br, 1);
    reg(ring, IORING_UNREGISTER_PBUF_RING, &br, 2);
    br.pad = 1;
    br.resv[1] = 2;
    reg(ring, IORING_REGISTER_PBUF_RING, &br, 1);
    reg(ring, IORING_REGISTER_PBUF_RING, NULL, 1);
    reg(ring, IORING_REGISTER_PBUF_RING, end - 16, 1);
    reg(ring, 99, &br, 1);
    reg(ring, 0x80000001, NULL, 0xffffffff);
    /* io_uring_enter: plain, sigset, IORING_ENTER_EXT_ARG (strace 6.1 prints a sigset) */
    uint64_t mask = 1 << 9;
    syscall(SYS_io_uring_enter, ring, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
    syscall(SYS_io_uring_enter, ring, 0, 0, 0, &mask, 8);
    struct io_uring_getevents_arg ga = {.sigmask = (uintptr_t)&mask, .sigmask_sz = 8};
    syscall(SYS_io_uring_enter, ring, 0, 0, IORING_ENTER_EXT_ARG, &ga, sizeof ga);
    syscall(SYS_io_uring_enter, ring, 1, 2, 0x80 | IORING_ENTER_SQ_WAKEUP, end - 4, 8);
    close(ring2);
    return 0;
}
