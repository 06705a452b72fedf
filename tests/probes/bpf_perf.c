#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <unistd.h>

/* bpf commands and perf_event_open attrs that strace 6.1 decodes; an attr ends against an
   unmapped page for truncated reads. */
static long bpf(int cmd, void *attr, unsigned size)
{
    return syscall(SYS_bpf, cmd, attr, size);
}

int main(void)
{
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    char *bad = page + 4096;
    union bpf_attr a;
    memset(&a, 0, sizeof(a));
    a.map_type = BPF_MAP_TYPE_ARRAY;
    a.key_size = 4;
    a.value_size = 8;
    a.max_entries = 2;
    a.map_flags = BPF_F_RDONLY_PROG | 0x40000000;
    strcpy(a.map_name, "pmap");
    int map = bpf(BPF_MAP_CREATE, &a, sizeof(a));
    bpf(BPF_MAP_CREATE, &a, 20);
    bpf(BPF_MAP_CREATE, bad, sizeof(a));
    bpf(BPF_MAP_CREATE, NULL, 0);
    memset(&a, 0, sizeof(a));
    uint32_t key = 1, nkey = 0;
    uint64_t val = 7;
    a.map_fd = map;
    a.key = (uintptr_t)&key;
    a.value = (uintptr_t)&val;
    a.flags = BPF_EXIST;
    bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a));
    bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a));
    a.flags = 0;
    bpf(BPF_MAP_DELETE_ELEM, &a, sizeof(a));
    a.next_key = (uintptr_t)&nkey;
    bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof(a));
    bpf(BPF_MAP_LOOKUP_ELEM, page + 4096 - 16, 32);
    /* BPF_PROG_LOAD: r0 = 0; exit */
    struct bpf_insn insns[2] = {
        {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0},
        {.code = BPF_JMP | BPF_EXIT},
    };
    char log[64];
    memset(&a, 0, sizeof(a));
    a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    a.insn_cnt = 2;
    a.insns = (uintptr_t)insns;
    a.license = (uintptr_t)"GPL";
    a.log_level = 1;
    a.log_size = sizeof(log);
    a.log_buf = (uintptr_t)log;
    strcpy(a.prog_name, "tiny");
    int prog = bpf(BPF_PROG_LOAD, &a, sizeof(a));
    a.prog_type = 999;
    a.prog_flags = BPF_F_STRICT_ALIGNMENT;
    bpf(BPF_PROG_LOAD, &a, 72);
    memset(&a, 0, sizeof(a));
    a.pathname = (uintptr_t)"/sys/fs/bpf/nonexistent";
    bpf(BPF_OBJ_GET, &a, sizeof(a));
    bpf(BPF_OBJ_PIN, &a, sizeof(a));
    memset(&a, 0, sizeof(a));
    bpf(BPF_PROG_GET_NEXT_ID, &a, sizeof(a));
    bpf(BPF_MAP_GET_NEXT_ID, &a, sizeof(a));
    a.start_id = 0x7fffffff;
    bpf(BPF_LINK_GET_NEXT_ID, &a, sizeof(a));
    memset(&a, 0, sizeof(a));
    a.prog_id = 0x7ffffff0;
    bpf(BPF_PROG_GET_FD_BY_ID, &a, sizeof(a));
    bpf(BPF_MAP_GET_FD_BY_ID, &a, sizeof(a));
    bpf(BPF_BTF_GET_FD_BY_ID, &a, sizeof(a));
    char info[256];
    memset(&a, 0, sizeof(a));
    a.info.bpf_fd = map;
    a.info.info_len = sizeof(info);
    a.info.info = (uintptr_t)info;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    a.info.bpf_fd = -1;
    bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
    uint32_t ids[4];
    memset(&a, 0, sizeof(a));
    a.query.target_fd = -1;
    a.query.attach_type = BPF_CGROUP_INET_INGRESS;
    a.query.prog_ids = (uintptr_t)ids;
    a.query.prog_cnt = 4;
    bpf(BPF_PROG_QUERY, &a, sizeof(a));
    char btf[32] = {0};
    memset(&a, 0, sizeof(a));
    a.btf = (uintptr_t)btf;
    a.btf_size = sizeof(btf);
    a.btf_log_buf = (uintptr_t)log;
    a.btf_log_size = sizeof(log);
    a.btf_log_level = 1;
    bpf(BPF_BTF_LOAD, &a, sizeof(a));
    memset(&a, 0, sizeof(a));
    a.link_create.prog_fd = prog;
    a.link_create.target_fd = -1;
    a.link_create.attach_type = BPF_CGROUP_INET_EGRESS;
    bpf(BPF_LINK_CREATE, &a, sizeof(a));
    bpf(99, &a, sizeof(a));
    /* perf_event_open */
    struct perf_event_attr pa;
    memset(&pa, 0, sizeof(pa));
    pa.type = PERF_TYPE_SOFTWARE;
    pa.size = sizeof(pa);
    pa.config = PERF_COUNT_SW_CPU_CLOCK;
    pa.sample_period = 1000;
    pa.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
    pa.read_format = PERF_FORMAT_ID;
    pa.disabled = 1;
    pa.exclude_kernel = 1;
    pa.exclude_hv = 1;
    int pfd = syscall(SYS_perf_event_open, &pa, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    memset(&pa, 0, sizeof(pa));
    pa.type = PERF_TYPE_TRACEPOINT;
    pa.size = sizeof(pa);
    pa.config = 0xffffffff;
    syscall(SYS_perf_event_open, &pa, -1, 0, pfd, PERF_FLAG_FD_OUTPUT);
    memset(&pa, 0, sizeof(pa));
    pa.type = PERF_TYPE_HARDWARE;
    pa.size = PERF_ATTR_SIZE_VER0;
    pa.config = PERF_COUNT_HW_INSTRUCTIONS;
    pa.freq = 1;
    pa.sample_freq = 4000;
    pa.precise_ip = 2;
    syscall(SYS_perf_event_open, &pa, 1, 0, -1, 0);
    pa.type = 99;
    pa.size = 0;
    syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0);
    syscall(SYS_perf_event_open, bad - 32, 0, -1, -1, 0);
    syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
    return 0;
}
