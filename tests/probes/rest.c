#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/quota.h>
#include <linux/dqblk_xfs.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <asm/ldt.h>

/* The last syscalls of the x86_64 table (tests/test_rest_decoders.py). The probe first drops
   every capability, so the privileged calls (swapon, sethostname, module loading, kexec, acct,
   pivot_root, iopl ...) fail with EPERM; the others get bad descriptors, NULL, unmapped or
   truncated pointers. Nothing here changes the machine. */
int main(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capset, &hdr, data))
        return 1;

    cpu_set_t one; /* getcpu prints the CPU: run on CPU 0 under both tracers */
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof(one), &one);

    /* Far below the other mappings, so that no later mapping (the aio ring) fills the hole. */
    char *page = mmap((void *)0x7e0000000000UL, 8192, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    munmap(page + 4096, 4096);
    char *edge = page + 4096 - 2;
    char *bad = page + 4096;
    memcpy(edge, "ab", 2);
    char buf[256];
    memset(buf, 0, sizeof(buf));
    long v[8] = {0};

    /* syslog */
    syscall(SYS_syslog, 10, NULL, 0);
    syscall(SYS_syslog, 3, buf, 16);
    syscall(SYS_syslog, 2, bad, 16);
    syscall(SYS_syslog, 8, NULL, 5);
    syscall(SYS_syslog, 99, NULL, 0);
    syscall(SYS_syslog, -1, NULL, -1);

    /* utime, utimes, futimesat */
    struct utimbuf ub = {1234567890, 987654321};
    struct timeval tv[2] = {{1, 2}, {3, 4}};
    syscall(SYS_utime, "/nonexistent", NULL);
    syscall(SYS_utime, "/nonexistent", &ub);
    syscall(SYS_utime, bad, bad);
    syscall(SYS_utime, edge, edge);
    syscall(SYS_utimes, "/nonexistent", NULL);
    syscall(SYS_utimes, "/nonexistent", tv);
    syscall(SYS_utimes, "/nonexistent", bad);
    syscall(SYS_futimesat, AT_FDCWD, "/nonexistent", tv);
    syscall(SYS_futimesat, -1, NULL, NULL);
    syscall(SYS_futimesat, 77, "x", edge);

    /* mknod, mknodat */
    syscall(SYS_mknod, "/nonexistent/c", S_IFCHR | 0600, makedev(1, 3));
    syscall(SYS_mknod, "/nonexistent/b", S_IFBLK | 0640, makedev(259, 70000));
    syscall(SYS_mknod, "/nonexistent/f", S_IFIFO | 0644, 0);
    syscall(SYS_mknod, "/nonexistent/r", 0, 0);
    syscall(SYS_mknod, bad, 0xffffffff, -1L);
    syscall(SYS_mknodat, AT_FDCWD, "/nonexistent/s", S_IFSOCK | S_ISUID | 0755, 0);
    syscall(SYS_mknodat, -1, "c", S_IFCHR | 0600, makedev(4, 5));
    syscall(SYS_mknodat, 99, edge, 0170000 | 0777, 0);

    /* ustat */
    syscall(SYS_ustat, makedev(8, 1), buf);
    syscall(SYS_ustat, 0, NULL);
    syscall(SYS_ustat, -1, bad);

    /* modify_ldt, set_thread_area, get_thread_area */
    struct user_desc ud;
    memset(&ud, 0, sizeof(ud));
    ud.entry_number = 1;
    ud.base_addr = 0x1000;
    ud.limit = 0xfffff;
    ud.seg_32bit = 1;
    ud.limit_in_pages = 1;
    ud.useable = 1;
    syscall(SYS_modify_ldt, 0, buf, 16);
    syscall(SYS_modify_ldt, 1, &ud, 5);
    syscall(SYS_modify_ldt, 1, NULL, sizeof(ud));
    syscall(SYS_modify_ldt, 0x11, &ud, sizeof(ud));
    syscall(SYS_modify_ldt, 99, bad, 0);
    syscall(SYS_modify_ldt, 2, bad + 4096, 16);
    syscall(SYS_set_thread_area, &ud);
    syscall(SYS_set_thread_area, NULL);
    syscall(SYS_set_thread_area, bad);
    ud.entry_number = 1;
    syscall(SYS_get_thread_area, &ud);
    syscall(SYS_get_thread_area, NULL);

    /* pivot_root, acct, swapon, swapoff, sethostname, setdomainname */
    syscall(SYS_pivot_root, "/nonexistent", "/nonexistent/old");
    syscall(SYS_pivot_root, NULL, bad);
    syscall(SYS_acct, "/nonexistent");
    syscall(SYS_acct, NULL);
    syscall(SYS_acct, edge);
    syscall(SYS_swapon, "/nonexistent", 0x8000 | 5);
    syscall(SYS_swapon, "/nonexistent", 0x10000 | 0x20000 | 0x40000);
    syscall(SYS_swapon, "/nonexistent", 0);
    syscall(SYS_swapon, bad, 0x7fff);
    syscall(SYS_swapoff, "/nonexistent");
    syscall(SYS_swapoff, NULL);
    syscall(SYS_sethostname, "host-name", 9);
    syscall(SYS_sethostname, "host-name", 4);
    syscall(SYS_sethostname, "host-name", 65);
    syscall(SYS_sethostname, NULL, 0);
    syscall(SYS_sethostname, edge, 2);
    syscall(SYS_sethostname, edge, 4);
    syscall(SYS_sethostname, "x", -1L);
    syscall(SYS_setdomainname, "domain", 6);
    syscall(SYS_setdomainname, bad, 3);
    syscall(SYS_setdomainname, "domain-name-that-is-quite-long-indeed-yes", 41);

    /* iopl, ioperm */
    syscall(SYS_iopl, 3);
    syscall(SYS_iopl, -1);
    syscall(SYS_ioperm, 0x378, 3, 1);
    syscall(SYS_ioperm, -1L, 0, 0);

    /* init_module, delete_module, finit_module */
    syscall(SYS_init_module, buf, 16, "a=1 b=2");
    syscall(SYS_init_module, NULL, 0, NULL);
    syscall(SYS_init_module, bad, -1L, bad);
    syscall(SYS_delete_module, "nosuchmod", O_NONBLOCK | O_TRUNC);
    syscall(SYS_delete_module, "nosuchmod", 0);
    syscall(SYS_delete_module, bad, 0x1);
    syscall(SYS_finit_module, -1, "p=1", 1 | 2);
    syscall(SYS_finit_module, 0, NULL, 0);
    syscall(SYS_finit_module, 99, edge, 0x10);

    /* quotactl, quotactl_fd */
    syscall(SYS_quotactl, QCMD(Q_GETQUOTA, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(Q_SYNC, GRPQUOTA), NULL, 0, NULL);
    syscall(SYS_quotactl, QCMD(Q_QUOTAON, PRJQUOTA), "/dev/null", QFMT_VFS_V1, "/q");
    syscall(SYS_quotactl, QCMD(Q_QUOTAOFF, USRQUOTA), "/dev/null", 0, NULL);
    syscall(SYS_quotactl, QCMD(Q_GETFMT, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(Q_GETINFO, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(Q_SETINFO, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(Q_SETQUOTA, USRQUOTA), "/dev/null", 1000, buf);
    syscall(SYS_quotactl, QCMD(Q_GETNEXTQUOTA, USRQUOTA), "/dev/null", 1000, buf);
    syscall(SYS_quotactl, QCMD(Q_XGETQSTAT, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(Q_XQUOTAON, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(Q_XGETQUOTA, GRPQUOTA), "/dev/null", 5, buf);
    syscall(SYS_quotactl, QCMD(Q_XQUOTARM, USRQUOTA), "/dev/null", 0, buf);
    syscall(SYS_quotactl, QCMD(0x7777, 5), bad, -1, bad);
    syscall(SYS_quotactl_fd, -1, QCMD(Q_GETQUOTA, USRQUOTA), 0, buf);
    syscall(SYS_quotactl_fd, 0, QCMD(Q_SYNC, PRJQUOTA), 0, NULL);
    syscall(SYS_quotactl_fd, 99, QCMD(Q_QUOTAON, USRQUOTA), QFMT_VFS_V0, bad);

    /* readahead, remap_file_pages, lookup_dcookie */
    syscall(SYS_readahead, -1, 0, 4096);
    syscall(SYS_readahead, 0, -1L, 0);
    syscall(SYS_remap_file_pages, 0, 0, 0, 0, 0);
    syscall(SYS_remap_file_pages, page, 4096, PROT_READ | PROT_WRITE, 7, MAP_NONBLOCK);
    syscall(SYS_remap_file_pages, bad, -1L, -1, -1L, -1);
    syscall(SYS_lookup_dcookie, 0x123456789ULL, buf, sizeof(buf));
    syscall(SYS_lookup_dcookie, 0, NULL, 0);

    /* aio */
    aio_context_t ctx = 0;
    syscall(SYS_io_setup, 4, &ctx);
    syscall(SYS_io_setup, 0, NULL);
    syscall(SYS_io_setup, 1, bad);
    int zfd = open("/dev/zero", O_RDONLY);
    struct iocb cb[3];
    struct iocb *cbs[4] = {&cb[0], &cb[1], &cb[2], (struct iocb *)bad};
    memset(cb, 0, sizeof(cb));
    cb[0].aio_data = 0xfeed;
    cb[0].aio_lio_opcode = IOCB_CMD_PREAD;
    cb[0].aio_fildes = zfd;
    cb[0].aio_buf = (uintptr_t)buf;
    cb[0].aio_nbytes = 16;
    cb[0].aio_offset = 0;
    cb[1].aio_lio_opcode = IOCB_CMD_PWRITE;
    cb[1].aio_fildes = -1;
    cb[1].aio_buf = (uintptr_t)"hello";
    cb[1].aio_nbytes = 5;
    cb[1].aio_offset = 10;
    cb[1].aio_flags = IOCB_FLAG_RESFD;
    cb[1].aio_resfd = 42;
    cb[1].aio_reqprio = 2;
    cb[2].aio_lio_opcode = IOCB_CMD_PREADV;
    cb[2].aio_fildes = -1;
    struct iovec iov[2] = {{buf, 4}, {buf + 8, 8}};
    cb[2].aio_buf = (uintptr_t)iov;
    cb[2].aio_nbytes = 2;
    cb[2].aio_rw_flags = 1;
    syscall(SYS_io_submit, ctx, 1, cbs);
    struct io_event ev[4];
    memset(ev, 0, sizeof(ev));
    struct timespec ts = {0, 0};
    struct timespec ts2 = {1, 2};
    syscall(SYS_io_getevents, ctx, 1, 4, ev, NULL);
    syscall(SYS_io_getevents, ctx, 0, 4, ev, &ts);
    syscall(SYS_io_getevents, 0, 1, 1, NULL, bad);
    syscall(SYS_io_submit, ctx, 3, cbs + 1);
    syscall(SYS_io_submit, ctx, 4, cbs);
    syscall(SYS_io_submit, 0, -1L, NULL);
    syscall(SYS_io_submit, 0, 1, bad);
    cb[0].aio_lio_opcode = IOCB_CMD_FSYNC;
    cb[1].aio_lio_opcode = IOCB_CMD_POLL;
    cb[1].aio_buf = POLLIN;
    cb[2].aio_lio_opcode = 77;
    syscall(SYS_io_submit, 0, 3, cbs);
    cb[0].aio_lio_opcode = IOCB_CMD_NOOP;
    cb[1].aio_lio_opcode = IOCB_CMD_PWRITEV;
    cb[1].aio_buf = (uintptr_t)iov;
    cb[1].aio_nbytes = 2;
    cb[2].aio_lio_opcode = IOCB_CMD_FDSYNC;
    syscall(SYS_io_submit, 0, 3, cbs);
    syscall(SYS_io_cancel, ctx, &cb[0], ev);
    syscall(SYS_io_cancel, 0, NULL, NULL);
    syscall(SYS_io_cancel, ctx, bad, bad);
    sigset_t ss;
    sigemptyset(&ss);
    sigaddset(&ss, SIGUSR1);
    struct { const sigset_t *p; size_t n; } usig = {&ss, 8};
    syscall(SYS_io_pgetevents, ctx, 0, 4, ev, &ts, &usig);
    syscall(SYS_io_pgetevents, ctx, 0, 4, ev, &ts, NULL);
    syscall(SYS_io_pgetevents, 0, 1, 1, NULL, NULL, bad);
    syscall(SYS_io_pgetevents, ctx, 1, 2, ev, &ts2, &usig);
    syscall(SYS_io_destroy, ctx);
    syscall(SYS_io_destroy, 0);

    /* kexec */
    syscall(SYS_kexec_load, 0x100000, 0, NULL, 0);
    syscall(SYS_kexec_load, 0, 1, buf, 0x3e0000 | 1 | 2);
    syscall(SYS_kexec_load, -1L, 17, bad, 0xffffffff);
    syscall(SYS_kexec_file_load, -1, -1, 5, "a b c", 0x1 | 0x4);
    syscall(SYS_kexec_file_load, 3, 4, 0, NULL, 0);
    syscall(SYS_kexec_file_load, 3, 4, 3, bad, 0x8);

    /* ioprio */
    syscall(SYS_ioprio_get, 1, 0);
    syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);
    syscall(SYS_ioprio_get, 1, 0);
    syscall(SYS_ioprio_set, 2, 0, (3 << 13));
    syscall(SYS_ioprio_set, 3, 1234567, (1 << 13) | 7);
    syscall(SYS_ioprio_set, 7, -1, 0xffff);
    syscall(SYS_ioprio_get, 0, 0);

    /* numa */
    unsigned long nodes[2] = {1, 0};
    syscall(SYS_migrate_pages, 0, 2, nodes, nodes);
    syscall(SYS_migrate_pages, -1, 0, NULL, NULL);
    syscall(SYS_migrate_pages, 1, 129, bad, bad);
    void *pages[2] = {page, bad};
    int pnodes[2] = {0, 0};
    int pstatus[2] = {7, 7};
    syscall(SYS_move_pages, 0, 2, pages, NULL, pstatus, 0);
    syscall(SYS_move_pages, 0, 2, pages, pnodes, pstatus, 2);
    syscall(SYS_move_pages, -1, 0, NULL, NULL, NULL, 5);
    syscall(SYS_move_pages, 0, 1, bad, bad, bad, 4);
    syscall(SYS_set_mempolicy_home_node, page, 4096, 0, 0);
    syscall(SYS_set_mempolicy_home_node, 0, -1L, -1L, 7);

    /* file handles */
    struct { unsigned int bytes; int type; unsigned char h[128]; } fh;
    int mnt;
    fh.bytes = 128;
    fh.type = 0;
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, 0);
    syscall(SYS_open_by_handle_at, -1, &fh, O_RDONLY | O_CLOEXEC);
    fh.bytes = 0;
    syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, AT_SYMLINK_FOLLOW);
    syscall(SYS_name_to_handle_at, -1, "x", NULL, NULL, AT_EMPTY_PATH | 0x8000);
    syscall(SYS_name_to_handle_at, 5, bad, bad, bad, -1);
    syscall(SYS_open_by_handle_at, 3, NULL, O_WRONLY);
    syscall(SYS_open_by_handle_at, 3, bad, O_PATH | O_DIRECTORY);
    syscall(SYS_open_by_handle_at, AT_FDCWD, edge, 0);

    /* getcpu */
    unsigned int cpu, node;
    syscall(SYS_getcpu, &cpu, &node, NULL);
    syscall(SYS_getcpu, NULL, NULL, NULL);
    syscall(SYS_getcpu, &cpu, NULL, bad);
    syscall(SYS_getcpu, bad, bad, bad);

    /* userfaultfd, pkeys, memfd_secret */
    syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | 1);
    syscall(SYS_userfaultfd, 0xdead0000);
    int pk = syscall(SYS_pkey_alloc, 0, 0);
    syscall(SYS_pkey_alloc, 0, 1 | 2);
    syscall(SYS_pkey_alloc, 3, 4);
    syscall(SYS_pkey_free, pk);
    syscall(SYS_pkey_free, -1);
    syscall(SYS_memfd_secret, O_CLOEXEC);
    syscall(SYS_memfd_secret, 0xff);

    /* process_madvise, process_mrelease */
    struct iovec miov[2] = {{page, 4096}, {bad, 4096}};
    syscall(SYS_process_madvise, -1, miov, 2, MADV_COLD, 0);
    syscall(SYS_process_madvise, 3, NULL, 0, MADV_PAGEOUT, 5);
    syscall(SYS_process_madvise, 99, bad, 1, 999, 0);
    syscall(SYS_process_mrelease, -1, 0);
    syscall(SYS_process_mrelease, 3, 7);

    /* mount_setattr */
    struct mount_attr ma = {MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, MOUNT_ATTR_NOEXEC, 0, 0};
    syscall(SYS_mount_setattr, AT_FDCWD, "/nonexistent", AT_RECURSIVE | AT_EMPTY_PATH, &ma, sizeof(ma));
    syscall(SYS_mount_setattr, -1, NULL, 0, NULL, 0);
    ma.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_NODEV;
    ma.propagation = MS_SHARED;
    ma.userns_fd = 3;
    syscall(SYS_mount_setattr, 5, "", 0x8000, &ma, sizeof(ma));
    syscall(SYS_mount_setattr, 5, "", 0, bad, 32);
    syscall(SYS_mount_setattr, 5, "", 0, &ma, 8);

    /* futex_waitv */
    uint32_t fv = 0;
    struct futex_waitv w[2];
    memset(w, 0, sizeof(w));
    w[0].val = 1;
    w[0].uaddr = (uintptr_t)&fv;
    w[0].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
    w[1].val = 2;
    w[1].uaddr = (uintptr_t)bad;
    w[1].flags = 2;
    syscall(SYS_futex_waitv, w, 2, 0, &ts, CLOCK_MONOTONIC);
    syscall(SYS_futex_waitv, w, 1, 0, NULL, CLOCK_REALTIME);
    syscall(SYS_futex_waitv, NULL, 0, 1, bad, 99);
    syscall(SYS_futex_waitv, bad, 200, 0, NULL, 0);

    /* rseq_slice_yield: unknown to strace 6.1 */
    syscall(471, 1, 2, 3);
    syscall(SYS_exit_group, 0);
    return 0;
}
