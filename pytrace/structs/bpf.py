"""union bpf_attr, one flat layout per command, as strace 6.1's src/bpf_attr.h sizes them
(the size is where strace's known fields end, offsetofend of the last one, with no tail
padding: bytes past it are "extra data")."""

from __future__ import annotations

import construct as cs

from .lower import Lowered

_U32, _S32, _U64 = cs.Int32ul, cs.Int32sl, cs.Int64ul
_PAD4 = cs.Padding(4)

map_create_decl = cs.Struct(
    "map_type" / _U32, "key_size" / _U32, "value_size" / _U32, "max_entries" / _U32,
    "map_flags" / _U32, "inner_map_fd" / _U32, "numa_node" / _U32, "map_name" / cs.Bytes(16),
    "map_ifindex" / _U32, "btf_fd" / _U32, "btf_key_type_id" / _U32, "btf_value_type_id" / _U32,
    "btf_vmlinux_value_type_id" / _U32, "map_extra" / _U64,
)
# BPF_MAP_*_ELEM; value and next_key share offset 16.
map_elem_decl = cs.Struct("map_fd" / _U32, _PAD4, "key" / _U64, "value" / _U64, "flags" / _U64)
map_batch_decl = cs.Struct(
    "in_batch" / _U64, "out_batch" / _U64, "keys" / _U64, "values" / _U64, "count" / _U32,
    "map_fd" / _U32, "elem_flags" / _U64, "flags" / _U64,
)
prog_load_decl = cs.Struct(
    "prog_type" / _U32, "insn_cnt" / _U32, "insns" / _U64, "license" / _U64, "log_level" / _U32,
    "log_size" / _U32, "log_buf" / _U64, "kern_version" / _U32, "prog_flags" / _U32,
    "prog_name" / cs.Bytes(16), "prog_ifindex" / _U32, "expected_attach_type" / _U32,
    "prog_btf_fd" / _U32, "func_info_rec_size" / _U32, "func_info" / _U64, "func_info_cnt" / _U32,
    "line_info_rec_size" / _U32, "line_info" / _U64, "line_info_cnt" / _U32,
    "attach_btf_id" / _U32, "attach_prog_fd" / _U32, "core_relo_cnt" / _U32, "fd_array" / _U64,
)
obj_pin_decl = cs.Struct("pathname" / _U64, "bpf_fd" / _U32, "file_flags" / _U32)
prog_attach_decl = cs.Struct(
    "target_fd" / _U32, "attach_bpf_fd" / _U32, "attach_type" / _U32, "attach_flags" / _U32,
    "replace_bpf_fd" / _U32,
)
prog_detach_decl = cs.Struct("target_fd" / _U32, _PAD4, "attach_type" / _U32)
prog_test_run_decl = cs.Struct(
    "prog_fd" / _U32, "retval" / _U32, "data_size_in" / _U32, "data_size_out" / _U32,
    "data_in" / _U64, "data_out" / _U64, "repeat" / _U32, "duration" / _U32,
    "ctx_size_in" / _U32, "ctx_size_out" / _U32, "ctx_in" / _U64, "ctx_out" / _U64,
    "flags" / _U32, "cpu" / _U32, "batch_size" / _U32,
)
# BPF_*_GET_NEXT_ID and BPF_{PROG,MAP}_GET_FD_BY_ID (start_id / prog_id / map_id share offset 0).
get_id_decl = cs.Struct("id" / _U32, "next_id" / _U32, "open_flags" / _U32)
get_fd_by_id_short_decl = cs.Struct("id" / _U32)  # BTF and LINK: the id alone
obj_info_decl = cs.Struct("bpf_fd" / _U32, "info_len" / _U32, "info" / _U64)
prog_query_decl = cs.Struct(
    "target_fd" / _U32, "attach_type" / _U32, "query_flags" / _U32, "attach_flags" / _U32,
    "prog_ids" / _U64, "prog_cnt" / _U32,
)
raw_tracepoint_decl = cs.Struct("name" / _U64, "prog_fd" / _U32)
btf_load_decl = cs.Struct(
    "btf" / _U64, "btf_log_buf" / _U64, "btf_size" / _U32, "btf_log_size" / _U32,
    "btf_log_level" / _U32,
)
task_fd_query_decl = cs.Struct(
    "pid" / _U32, "fd" / _U32, "flags" / _U32, "buf_len" / _U32, "buf" / _U64, "prog_id" / _U32,
    "fd_type" / _U32, "probe_offset" / _U64, "probe_addr" / _U64,
)
# BPF_LINK_CREATE: the fixed head, then a union chosen by attach_type (bytes 16..48).
link_create_decl = cs.Struct(
    "prog_fd" / _U32, "target_fd" / _U32, "attach_type" / _U32, "flags" / _U32,
    "u0" / _U64, "u1" / _U64, "u2" / _U64, "u3" / _U64,
)
link_iter_decl = cs.Struct("iter_info" / _U64, "iter_info_len" / _U32)
link_kprobe_multi_decl = cs.Struct(
    "flags" / _U32, "cnt" / _U32, "syms" / _U64, "addrs" / _U64, "cookies" / _U64,
)
link_update_decl = cs.Struct(
    "link_fd" / _U32, "new_prog_fd" / _U32, "flags" / _U32, "old_prog_fd" / _U32,
)
ebpf_insn_decl = cs.Struct("code" / cs.Int8ul, "regs" / cs.Int8ul, "off" / cs.Int16sl, "imm" / _S32)
map_info_decl = cs.Struct(
    "type" / _U32, "id" / _U32, "key_size" / _U32, "value_size" / _U32, "max_entries" / _U32,
    "map_flags" / _U32, "name" / cs.Bytes(16), "ifindex" / _U32,
    "btf_vmlinux_value_type_id" / _U32, "netns_dev" / _U64, "netns_ino" / _U64, "btf_id" / _U32,
    "btf_key_type_id" / _U32, "btf_value_type_id" / _U32, _PAD4, "map_extra" / _U64,
)

MAP_CREATE = Lowered(map_create_decl)
MAP_ELEM = Lowered(map_elem_decl)
MAP_BATCH = Lowered(map_batch_decl)
PROG_LOAD = Lowered(prog_load_decl)
OBJ_PIN = Lowered(obj_pin_decl)
PROG_ATTACH = Lowered(prog_attach_decl)
PROG_DETACH = Lowered(prog_detach_decl)
PROG_TEST_RUN = Lowered(prog_test_run_decl)
GET_ID = Lowered(get_id_decl)
GET_FD_BY_ID_SHORT = Lowered(get_fd_by_id_short_decl)
OBJ_INFO = Lowered(obj_info_decl)
PROG_QUERY = Lowered(prog_query_decl)
RAW_TRACEPOINT = Lowered(raw_tracepoint_decl)
BTF_LOAD = Lowered(btf_load_decl)
TASK_FD_QUERY = Lowered(task_fd_query_decl)
LINK_CREATE = Lowered(link_create_decl)
LINK_ITER = Lowered(link_iter_decl)
LINK_KPROBE_MULTI = Lowered(link_kprobe_multi_decl)
LINK_UPDATE = Lowered(link_update_decl)
EBPF_INSN = Lowered(ebpf_insn_decl)
MAP_INFO = Lowered(map_info_decl)
