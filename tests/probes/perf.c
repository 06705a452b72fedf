/* perf_event_open attrs strace 6.1 decodes specially: breakpoints (bp_type names, invalid
 * and unknown types, bp_addr, bp_len), PERF_TYPE_HW_CACHE config split, branch_sample_type,
 * unknown sample_type/read_format bits, every PERF_ATTR_SIZE_VER* and odd sizes, oversized
 * attrs with zero and non-zero tails, attrs ending against an unmapped page. */
#define _GNU_SOURCE
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long peo(void *attr, int pid, int cpu, int group, unsigned long flags)
{
    return syscall(SYS_perf_event_open, attr, pid, cpu, group, flags);
}

static int watched;

int main(void)
{
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    char *end = page + 4096;
    struct perf_event_attr a;
    static const unsigned bp_types[] = {HW_BREAKPOINT_EMPTY, HW_BREAKPOINT_R, HW_BREAKPOINT_W,
                                        HW_BREAKPOINT_RW, HW_BREAKPOINT_X, 5, 6, 7, 8, 0x123};
    for (unsigned i = 0; i < sizeof bp_types / sizeof bp_types[0]; i++) {
        memset(&a, 0, sizeof a);
        a.type = PERF_TYPE_BREAKPOINT;
        a.size = sizeof a;
        a.bp_type = bp_types[i];
        a.bp_addr = (uintptr_t)&watched;
        a.bp_len = i & 1 ? HW_BREAKPOINT_LEN_4 : 3;
        a.exclude_kernel = 1;
        peo(&a, 0, -1, -1, 0);
    }
    /* HW_CACHE config = id | op << 8 | result << 16 */
    static const uint64_t caches[] = {
        PERF_COUNT_HW_CACHE_L1D | PERF_COUNT_HW_CACHE_OP_READ << 8 | PERF_COUNT_HW_CACHE_RESULT_MISS << 16,
        PERF_COUNT_HW_CACHE_NODE | PERF_COUNT_HW_CACHE_OP_PREFETCH << 8,
        7 | 3 << 8 | 2 << 16, 0xff | 0xff << 8 | 0xff << 16, 0x1234ULL << 24 | 1, 0xffffffffffffffffULL, 1ULL << 24, 1ULL << 32 | 0x10000};
    for (unsigned i = 0; i < sizeof caches / sizeof caches[0]; i++) {
        memset(&a, 0, sizeof a);
        a.type = PERF_TYPE_HW_CACHE;
        a.size = sizeof a;
        a.config = caches[i];
        a.exclude_kernel = 1;
        peo(&a, 0, -1, -1, 0);
    }
    /* branch_sample_type, sample_type, read_format bits */
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_HARDWARE;
    a.size = sizeof a;
    a.config = 99;
    a.sample_type = PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_STACK_USER | PERF_SAMPLE_REGS_USER | (1ULL << 40);
    a.read_format = PERF_FORMAT_GROUP | 0x100;
    a.branch_sample_type = PERF_SAMPLE_BRANCH_USER | PERF_SAMPLE_BRANCH_ANY | PERF_SAMPLE_BRANCH_PRIV_SAVE | (1ULL << 30);
    a.sample_regs_user = 0xff;
    a.sample_stack_user = 0x1000;
    a.use_clockid = 1;
    a.clockid = CLOCK_MONOTONIC;
    a.sample_regs_intr = 3;
    a.aux_watermark = 5;
    a.sample_max_stack = 7;
    a.aux_sample_size = 9;
    a.sig_data = 0xabc;
    a.watermark = 1;
    a.wakeup_watermark = 11;
    a.sigtrap = 1;
    a.remove_on_exec = 1;
    a.inherit_thread = 1;
    a.build_id = 1;
    peo(&a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC | 0x100);
    a.branch_sample_type = 0;
    peo(&a, 0, -1, -1, 0);
    a.sample_type = PERF_SAMPLE_BRANCH_STACK;
    a.branch_sample_type = 1ULL << 40;
    a.use_clockid = 0;
    peo(&a, 0, -1, -1, 0);
    /* sizes: every published version, odd sizes, short and oversized */
    static const unsigned sizes[] = {PERF_ATTR_SIZE_VER0, PERF_ATTR_SIZE_VER1, PERF_ATTR_SIZE_VER2,
                                     PERF_ATTR_SIZE_VER3, PERF_ATTR_SIZE_VER4, PERF_ATTR_SIZE_VER5,
                                     PERF_ATTR_SIZE_VER6, PERF_ATTR_SIZE_VER7, 8, 63, 65, 70, 74, 84,
                                     92, 94, 100, 106, 110, 111, 116, 124, 132};
    static char big[256];
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct perf_event_attr *b = (void *)big;
        memset(big, 0, sizeof big);
        b->type = PERF_TYPE_SOFTWARE;
        b->size = sizes[i];
        b->config = PERF_COUNT_SW_DUMMY;
        b->sample_type = PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_STACK_USER;
        b->branch_sample_type = PERF_SAMPLE_BRANCH_KERNEL;
        b->use_clockid = 1;
        b->clockid = CLOCK_REALTIME;
        b->config2 = 0x77;
        b->sample_max_stack = 3;
        peo(b, 0, -1, -1, 0);
    }
    /* __reserved_2 and the tail after the known struct */
    memset(big, 0, sizeof big);
    struct perf_event_attr *b = (void *)big;
    b->type = PERF_TYPE_SOFTWARE;
    b->size = 200;
    peo(b, 0, -1, -1, 0);
    b->__reserved_2 = 0x55;
    big[sizeof(struct perf_event_attr) + 5] = 1;
    peo(b, 0, -1, -1, 0);
    b->size = 4096;
    peo(b, 0, -1, -1, 0);
    b->size = 0xffffffff;
    peo(b, 0, -1, -1, 0);
    /* reserved bits of the flag word */
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    memcpy((char *)&a + 40, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    peo(&a, 0, -1, -1, 0);
    /* against an unmapped page */
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_BREAKPOINT;
    a.size = PERF_ATTR_SIZE_VER1;
    a.bp_type = HW_BREAKPOINT_W;
    memcpy(end - PERF_ATTR_SIZE_VER1, &a, PERF_ATTR_SIZE_VER1);
    peo(end - PERF_ATTR_SIZE_VER1, 0, -1, -1, 0);
    a.size = sizeof a;
    memcpy(end - PERF_ATTR_SIZE_VER1, &a, PERF_ATTR_SIZE_VER1);
    peo(end - PERF_ATTR_SIZE_VER1, 0, -1, -1, 0);
    memcpy(end - 48, &a, 48);
    peo(end - 48, 0, -1, -1, 0);
    peo(end - 6, 0, -1, -1, 0);
    peo(NULL, 0, -1, -1, 0);
    return 0;
}
