#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <unistd.h>

/* Every bpf command strace 6.1 decodes: good attrs (root creates maps and loads a socket
   filter here), short sizes, an oversized attr with a non-zero tail, attrs that run into an
   unmapped page, NULL. Ids are kept out of the output: they grow from one run to the next. */
static long bpf(int cmd, void *attr, unsigned size)
{
    return syscall(SYS_bpf, cmd, attr, size);
}

static union bpf_attr a;
static char big[4096 + 64];

static void zero(void)
{
    memset(&a, 0, sizeof(a));
}

int main(void)
{
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    char *end = page + 4096;

    /* BPF_MAP_CREATE */
    zero();
    a.map_type = BPF_MAP_TYPE_ARRAY;
    a.key_size = 4;
    a.value_size = 8;
    a.max_entries = 4;
    strcpy(a.map_name, "pmap");
    int map = bpf(BPF_MAP_CREATE, &a, 72);
    int map2 = bpf(BPF_MAP_CREATE, &a, sizeof(a));
    bpf(BPF_MAP_CREATE, &a, 16);
    bpf(BPF_MAP_CREATE, &a, 20);
    bpf(BPF_MAP_CREATE, &a, 24);
    bpf(BPF_MAP_CREATE, &a, 28);
    bpf(BPF_MAP_CREATE, &a, 36);
    bpf(BPF_MAP_CREATE, &a, 48);
    bpf(BPF_MAP_CREATE, &a, 52);
    bpf(BPF_MAP_CREATE, &a, 56);
    bpf(BPF_MAP_CREATE, &a, 64);
    bpf(BPF_MAP_CREATE, &a, 68);
    a.map_flags = BPF_F_NUMA_NODE | BPF_F_RDONLY_PROG | 0x40000000;
    a.numa_node = 0xffffffff;
    a.inner_map_fd = -1;
    a.map_type = 0x99;
    a.map_ifindex = 1;
    a.btf_fd = -1;
    a.btf_key_type_id = 3;
    a.map_extra = 0x1234567890ULL;
    memcpy(a.map_name, "0123456789abcdef", 16);
    bpf(BPF_MAP_CREATE, &a, 72);
    bpf(BPF_MAP_CREATE, &a, 40);
    a.numa_node = 1;
    bpf(BPF_MAP_CREATE, &a, 32);
    /* an oversized attr: zero tail, then a non-zero byte in it */
    memset(big, 0, sizeof(big));
    memcpy(big, &a, sizeof(a));
    bpf(BPF_MAP_CREATE, big, 200);
    big[150] = 0x7f;
    big[151] = 'x';
    bpf(BPF_MAP_CREATE, big, 200);
    bpf(BPF_MAP_CREATE, big, 4096);
    bpf(BPF_MAP_CREATE, big, 4097);
    /* cut by an unmapped page, NULL, size 0 */
    memcpy(end - 72, &a, 72);
    bpf(BPF_MAP_CREATE, end - 72, 72);
    bpf(BPF_MAP_CREATE, end - 40, 72);
    bpf(BPF_MAP_CREATE, end, 72);
    bpf(BPF_MAP_CREATE, NULL, 72);
    bpf(BPF_MAP_CREATE, &a, 0);

    /* BPF_MAP_*_ELEM */
    uint32_t key = 1, nkey = 0;
    uint64_t val = 7;
    zero();
    a.map_fd = map;
    a.key = (uintptr_t)&key;
    a.value = (uintptr_t)&val;
    a.flags = BPF_EXIST;
    bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a));
    a.flags = 7;
    bpf(BPF_MAP_UPDATE_ELEM, &a, 32);
    bpf(BPF_MAP_UPDATE_ELEM, &a, 20);
    a.flags = 0;
    bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a));
    a.flags = BPF_F_LOCK | 8;
    bpf(BPF_MAP_LOOKUP_ELEM, &a, 32);
    bpf(BPF_MAP_LOOKUP_ELEM, &a, 24);
    bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, &a, sizeof(a));
    a.flags = 0;
    bpf(BPF_MAP_DELETE_ELEM, &a, sizeof(a));
    a.next_key = (uintptr_t)&nkey;
    bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof(a));
    a.key = 0;
    bpf(BPF_MAP_GET_NEXT_KEY, &a, 24);
    bpf(BPF_MAP_LOOKUP_ELEM, end - 16, 32);
    bpf(BPF_MAP_FREEZE, &a, sizeof(a));
    a.map_fd = map2;
    bpf(BPF_MAP_FREEZE, &a, 4);

    /* BPF_MAP_*_BATCH */
    uint32_t keys[4], out_batch = 0;
    uint64_t vals[4];
    zero();
    a.batch.keys = (uintptr_t)keys;
    a.batch.values = (uintptr_t)vals;
    a.batch.out_batch = (uintptr_t)&out_batch;
    a.batch.count = 4;
    a.batch.map_fd = map;
    bpf(BPF_MAP_LOOKUP_BATCH, &a, sizeof(a));
    a.batch.count = 2;
    a.batch.in_batch = (uintptr_t)&out_batch;
    a.batch.elem_flags = BPF_F_LOCK;
    a.batch.flags = 0x10;
    bpf(BPF_MAP_LOOKUP_BATCH, &a, sizeof(a));
    /* ENOTSUPP (524) would be normalised as a pid when the tracee's pid is 524: EBADF */
    a.batch.map_fd = -1;
    bpf(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &a, sizeof(a));
    a.batch.map_fd = map;
    a.batch.elem_flags = 0;
    a.batch.flags = 0;
    a.batch.count = 2;
    keys[0] = 0;
    keys[1] = 1;
    bpf(BPF_MAP_UPDATE_BATCH, &a, sizeof(a));
    a.batch.count = 2;
    a.batch.map_fd = -1;
    bpf(BPF_MAP_DELETE_BATCH, &a, sizeof(a));
    bpf(BPF_MAP_DELETE_BATCH, &a, 16);

    /* BPF_PROG_LOAD: r0 = 0; exit */
    struct bpf_insn insns[2] = {
        {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0},
        {.code = BPF_JMP | BPF_EXIT},
    };
    char log[64];
    zero();
    a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    a.insn_cnt = 2;
    a.insns = (uintptr_t)insns;
    a.license = (uintptr_t)"GPL";
    int prog = bpf(BPF_PROG_LOAD, &a, sizeof(a));
    a.log_level = 1;
    a.log_size = sizeof(log);
    a.log_buf = (uintptr_t)log;
    strcpy(a.prog_name, "tiny");
    bpf(BPF_PROG_LOAD, &a, 24);
    bpf(BPF_PROG_LOAD, &a, 32);
    bpf(BPF_PROG_LOAD, &a, 48);
    bpf(BPF_PROG_LOAD, &a, 52);
    bpf(BPF_PROG_LOAD, &a, 56);
    bpf(BPF_PROG_LOAD, &a, 64);
    bpf(BPF_PROG_LOAD, &a, 72);
    bpf(BPF_PROG_LOAD, &a, 76);
    bpf(BPF_PROG_LOAD, &a, 80);
    bpf(BPF_PROG_LOAD, &a, 84);
    bpf(BPF_PROG_LOAD, &a, 108);
    bpf(BPF_PROG_LOAD, &a, 112);
    bpf(BPF_PROG_LOAD, &a, 116);
    bpf(BPF_PROG_LOAD, &a, 120);
    bpf(BPF_PROG_LOAD, &a, 128);
    a.prog_type = 999;
    a.prog_flags = BPF_F_STRICT_ALIGNMENT | BPF_F_SLEEPABLE | 0x80000;
    a.kern_version = 0x60112;
    a.expected_attach_type = BPF_CGROUP_INET_EGRESS;
    a.prog_ifindex = 1;
    a.prog_btf_fd = -1;
    a.func_info = 0x10;
    a.line_info_cnt = 3;
    a.attach_prog_fd = 5;
    a.core_relo_cnt = 2;
    a.fd_array = 0x20;
    a.license = (uintptr_t)(end - 2);
    memcpy(end - 2, "AB", 2);
    a.insn_cnt = 0xffffffff;
    memcpy(end - 16, insns, 16); /* two instructions, then the unmapped page */
    a.insns = (uintptr_t)(end - 16);
    bpf(BPF_PROG_LOAD, &a, sizeof(a));
    a.expected_attach_type = 0x777;
    a.license = 0;
    a.insns = 0;
    a.log_buf = 0;
    bpf(BPF_PROG_LOAD, &a, sizeof(a));
    bpf(BPF_PROG_LOAD, end - 20, 72);
    memset(big, 0, sizeof(big));
    memcpy(big, &a, sizeof(a));
    big[130] = 1;
    bpf(BPF_PROG_LOAD, big, 136);

    /* BPF_OBJ_PIN / BPF_OBJ_GET */
    zero();
    a.pathname = (uintptr_t)"/sys/fs/bpf/nonexistent";
    a.bpf_fd = map;
    bpf(BPF_OBJ_PIN, &a, sizeof(a));
    bpf(BPF_OBJ_PIN, &a, 12);
    a.file_flags = BPF_F_RDONLY | 0x100;
    a.bpf_fd = 0;
    bpf(BPF_OBJ_GET, &a, sizeof(a));
    bpf(BPF_OBJ_GET, &a, 16);
    a.pathname = (uintptr_t)end;
    bpf(BPF_OBJ_GET, &a, 16);

    /* BPF_PROG_ATTACH / DETACH */
    int cg = open("/sys/fs/cgroup/unified", O_RDONLY | O_DIRECTORY);
    zero();
    a.target_fd = -1;
    a.attach_bpf_fd = prog;
    a.attach_type = BPF_CGROUP_INET_INGRESS;
    a.attach_flags = BPF_F_ALLOW_MULTI | BPF_F_REPLACE;
    a.replace_bpf_fd = 9;
    bpf(BPF_PROG_ATTACH, &a, sizeof(a));
    bpf(BPF_PROG_ATTACH, &a, 16);
    a.attach_type = 0x555;
    a.attach_flags = 0x100;
    bpf(BPF_PROG_DETACH, &a, sizeof(a));

    /* BPF_PROG_TEST_RUN */
    char pkt[64] = {0}, pkt_out[128];
    zero();
    a.test.prog_fd = prog;
    a.test.data_in = (uintptr_t)pkt;
    a.test.data_size_in = sizeof(pkt);
    a.test.data_out = (uintptr_t)pkt_out;
    a.test.data_size_out = sizeof(pkt_out);
    a.test.repeat = 1;
    bpf(BPF_PROG_TEST_RUN, &a, sizeof(a));
    a.test.duration = 0; /* the kernel's timing: differs from run to run */
    a.test.flags = BPF_F_TEST_RUN_ON_CPU | 0x80;
    a.test.cpu = 1;
    a.test.batch_size = 2;
    a.test.ctx_size_in = 4;
    a.test.ctx_in = 0x10;
    bpf(BPF_PROG_TEST_RUN, &a, sizeof(a));
    bpf(BPF_PROG_TEST_RUN, &a, 32);
    a.test.duration = 0;
    bpf(BPF_PROG_TEST_RUN, &a, 44);
    bpf(BPF_PROG_TEST_RUN, &a, 64);
    bpf(BPF_PROG_TEST_RUN, &a, 72);
    memset(big, 0, sizeof(big));
    memcpy(big, &a, sizeof(a));
    big[77] = 1;
    bpf(BPF_PROG_TEST_RUN, big, 80);
    big[80] = 1;
    bpf(BPF_PROG_TEST_RUN, big, 88);

    /* BPF_*_GET_NEXT_ID: start past every id, so that the answer is ENOENT */
    zero();
    a.start_id = 0x7fffffff;
    a.next_id = 5;
    bpf(BPF_PROG_GET_NEXT_ID, &a, sizeof(a));
    bpf(BPF_MAP_GET_NEXT_ID, &a, 8);
    bpf(BPF_BTF_GET_NEXT_ID, &a, 4);
    bpf(BPF_LINK_GET_NEXT_ID, &a, 12);
    bpf(BPF_LINK_GET_NEXT_ID, end - 4, 12);

    /* BPF_*_GET_FD_BY_ID */
    zero();
    a.prog_id = 0x7ffffff0;
    a.next_id = 3;
    bpf(BPF_PROG_GET_FD_BY_ID, &a, sizeof(a));
    a.open_flags = BPF_F_WRONLY | 0x40;
    bpf(BPF_MAP_GET_FD_BY_ID, &a, sizeof(a));
    bpf(BPF_MAP_GET_FD_BY_ID, &a, 8);
    bpf(BPF_BTF_GET_FD_BY_ID, &a, sizeof(a));
    bpf(BPF_LINK_GET_FD_BY_ID, &a, sizeof(a));
    bpf(BPF_PROG_GET_FD_BY_ID, &a, 8);
    bpf(BPF_PROG_GET_FD_BY_ID, &a, 4);
    bpf(BPF_MAP_GET_FD_BY_ID, &a, 4);
    bpf(BPF_BTF_GET_FD_BY_ID, &a, 4);

    /* BPF_OBJ_GET_INFO_BY_FD */
    char info[256];
    zero();
    a.info.bpf_fd = map;
    a.info.info_len = sizeof(info);
    a.info.info = (uintptr_t)info;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    a.info.info_len = 16;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    a.info.bpf_fd = -1;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, 8);

    /* BPF_OBJ_GET_INFO_BY_FD on prog fds (decoded under -v): each size strace 6.1 cuts the
       struct at, in/out counts the kernel changes ("OLD => NEW"), a jited buffer, map ids, an
       oversized info with a non-zero tail (E2BIG), an info cut by the unmapped page, NULL */
    static struct bpf_prog_info pinfo;
    static char pbig[256];
    static unsigned char jit[32];
    static struct bpf_insn xl[4];
    static uint32_t pmap_ids[2];
    static uint64_t ksyms[2];
    static const unsigned psizes[] = {sizeof(pinfo), 8, 24, 40, 44, 48, 80, 84, 100, 104, 108,
                                      128, 132, 160, 192, 200, 208, 216, 220, 224};
    for (unsigned i = 0; i < sizeof(psizes) / sizeof(*psizes); i++) {
        memset(&pinfo, 0, sizeof(pinfo));
        pinfo.jited_prog_len = 4;
        pinfo.jited_prog_insns = (uintptr_t)jit;
        pinfo.xlated_prog_len = sizeof(xl);
        pinfo.xlated_prog_insns = (uintptr_t)xl;
        pinfo.nr_map_ids = 2;
        pinfo.map_ids = (uintptr_t)pmap_ids;
        pinfo.nr_jited_ksyms = 2;
        pinfo.jited_ksyms = (uintptr_t)ksyms;
        zero();
        a.info.bpf_fd = prog;
        a.info.info_len = psizes[i];
        a.info.info = (uintptr_t)&pinfo;
        bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    }
    /* a program that uses a map: map_ids=[id] */
    struct bpf_insn minsns[4] = {
        {.code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD, .imm = map},
        {0},
        {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0},
        {.code = BPF_JMP | BPF_EXIT},
    };
    zero();
    a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    a.insn_cnt = 4;
    a.insns = (uintptr_t)minsns;
    a.license = (uintptr_t)"GPL";
    strcpy(a.prog_name, "mapuser");
    int mprog = bpf(BPF_PROG_LOAD, &a, sizeof(a));
    memset(&pinfo, 0, sizeof(pinfo));
    pinfo.nr_map_ids = 2;
    pinfo.map_ids = (uintptr_t)pmap_ids;
    pinfo.jited_prog_len = 0;
    pinfo.jited_prog_insns = (uintptr_t)jit;
    zero();
    a.info.bpf_fd = mprog;
    a.info.info_len = sizeof(pinfo);
    a.info.info = (uintptr_t)&pinfo;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    /* bytes past the kernel's struct: E2BIG, printed as extra data past strace's 220 bytes */
    memset(pbig, 0, sizeof(pbig));
    pbig[236] = 1;
    a.info.bpf_fd = prog;
    a.info.info_len = 240;
    a.info.info = (uintptr_t)pbig;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    /* cut by the unmapped page (unreadable at entry and exit), then readable, then empty */
    memset(end - 100, 0, 100);
    a.info.info = (uintptr_t)(end - 100);
    a.info.info_len = 232;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    a.info.info_len = 100;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    a.info.info_len = 0;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    a.info.info = 0;
    a.info.info_len = 64;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));

    /* BPF_PROG_QUERY */
    uint32_t ids[4], aflags[4];
    zero();
    a.query.target_fd = cg;
    a.query.attach_type = BPF_CGROUP_INET_INGRESS;
    a.query.query_flags = BPF_F_QUERY_EFFECTIVE;
    a.query.prog_ids = (uintptr_t)ids;
    a.query.prog_cnt = 4;
    bpf(BPF_PROG_QUERY, &a, sizeof(a));
    a.query.prog_cnt = 4;
    a.query.prog_attach_flags = (uintptr_t)aflags;
    a.query.attach_flags = 0x1;
    bpf(BPF_PROG_QUERY, &a, sizeof(a));
    a.query.target_fd = -1;
    a.query.query_flags = 0x10;
    bpf(BPF_PROG_QUERY, &a, 32);

    /* BPF_RAW_TRACEPOINT_OPEN */
    zero();
    a.raw_tracepoint.name = (uintptr_t)"sys_enter";
    a.raw_tracepoint.prog_fd = prog;
    bpf(BPF_RAW_TRACEPOINT_OPEN, &a, sizeof(a));
    a.raw_tracepoint.name = 0;
    bpf(BPF_RAW_TRACEPOINT_OPEN, &a, 16);

    /* BPF_BTF_LOAD */
    char btf[32] = "\x9f\xeb\x01";
    zero();
    a.btf = (uintptr_t)btf;
    a.btf_size = sizeof(btf);
    a.btf_log_buf = (uintptr_t)log;
    a.btf_log_size = sizeof(log);
    a.btf_log_level = 1;
    bpf(BPF_BTF_LOAD, &a, sizeof(a));
    bpf(BPF_BTF_LOAD, &a, 20);

    /* BPF_TASK_FD_QUERY */
    char tbuf[32] = "abc";
    zero();
    a.task_fd_query.pid = getpid();
    a.task_fd_query.fd = -1;
    a.task_fd_query.buf = (uintptr_t)tbuf;
    a.task_fd_query.buf_len = sizeof(tbuf);
    bpf(BPF_TASK_FD_QUERY, &a, sizeof(a));
    a.task_fd_query.buf_len = 2;
    a.task_fd_query.probe_addr = 0x10;
    bpf(BPF_TASK_FD_QUERY, &a, 40);

    /* BPF_LINK_CREATE, UPDATE, DETACH, ITER_CREATE */
    zero();
    a.link_create.prog_fd = prog;
    a.link_create.target_fd = cg;
    a.link_create.attach_type = BPF_CGROUP_INET_EGRESS;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    a.link_create.target_btf_id = 7;
    a.link_create.flags = 2;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    bpf(BPF_LINK_CREATE, &a, 16);
    a.link_create.attach_type = BPF_TRACE_ITER;
    int iter_fds[3] = {map, map2, -1};
    a.link_create.iter_info = (uintptr_t)iter_fds;
    a.link_create.iter_info_len = 3;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    bpf(BPF_LINK_CREATE, &a, 24);
    a.link_create.iter_info = (uintptr_t)(end - 8);
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    zero();
    a.link_create.prog_fd = prog;
    a.link_create.target_fd = -1;
    a.link_create.attach_type = BPF_PERF_EVENT;
    a.link_create.perf_event.bpf_cookie = 0xdeadbeef;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    zero();
    a.link_create.attach_type = BPF_TRACE_FENTRY;
    a.link_create.tracing.target_btf_id = 4;
    a.link_create.tracing.cookie = 0x55;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    zero();
    const char *syms[2] = {"foo", "bar"};
    uint64_t addrs[2] = {0x1000, 0x2000};
    a.link_create.attach_type = BPF_TRACE_KPROBE_MULTI;
    a.link_create.kprobe_multi.flags = BPF_F_KPROBE_MULTI_RETURN;
    a.link_create.kprobe_multi.cnt = 2;
    a.link_create.kprobe_multi.syms = (uintptr_t)syms;
    a.link_create.kprobe_multi.addrs = (uintptr_t)addrs;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    a.link_create.kprobe_multi.cookies = (uintptr_t)addrs;
    a.link_create.kprobe_multi.syms = (uintptr_t)(end - 8);
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    memset(big, 0, sizeof(big));
    memcpy(big, &a, sizeof(a));
    big[50] = 1;
    bpf(BPF_LINK_CREATE, big, 56);
    zero();
    a.link_create.prog_fd = prog;
    a.link_create.target_ifindex = 1;
    a.link_create.attach_type = BPF_XDP;
    a.link_create.flags = 0x8;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    big[20] = 1;
    bpf(BPF_LINK_CREATE, big, sizeof(a));
    zero();
    a.link_update.link_fd = -1;
    a.link_update.new_prog_fd = prog;
    a.link_update.flags = BPF_F_REPLACE;
    a.link_update.old_prog_fd = 3;
    bpf(BPF_LINK_UPDATE, &a, sizeof(a));
    a.link_update.flags = 0;
    bpf(BPF_LINK_UPDATE, &a, sizeof(a));
    zero();
    a.link_detach.link_fd = -1;
    bpf(BPF_LINK_DETACH, &a, sizeof(a));
    zero();
    a.iter_create.link_fd = -1;
    a.iter_create.flags = 0x3;
    bpf(BPF_ITER_CREATE, &a, sizeof(a));

    /* BPF_ENABLE_STATS, BPF_PROG_BIND_MAP */
    zero();
    a.enable_stats.type = BPF_STATS_RUN_TIME;
    bpf(BPF_ENABLE_STATS, &a, sizeof(a));
    a.enable_stats.type = 9;
    bpf(BPF_ENABLE_STATS, &a, sizeof(a));
    zero();
    a.prog_bind_map.prog_fd = prog;
    a.prog_bind_map.map_fd = map;
    bpf(BPF_PROG_BIND_MAP, &a, sizeof(a));
    a.prog_bind_map.flags = 1;
    bpf(BPF_PROG_BIND_MAP, &a, sizeof(a));

    /* commands strace 6.1 does not decode */
    bpf(36, &a, sizeof(a));
    bpf(99, &a, sizeof(a));
    bpf(-1, NULL, 0);
    return 0;
}
