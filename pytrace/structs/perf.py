"""struct perf_event_attr (<linux/perf_event.h>, 128 bytes in 6.1), declared once and lowered."""

from __future__ import annotations

import construct as cs

from .lower import Lowered

_U16, _U32, _S32, _U64 = cs.Int16ul, cs.Int32ul, cs.Int32sl, cs.Int64ul

perf_event_attr_decl = cs.Struct(
    "type" / _U32, "size" / _U32, "config" / _U64, "sample_period" / _U64, "sample_type" / _U64,
    "read_format" / _U64, "bits" / _U64, "wakeup_events" / _U32, "bp_type" / _U32,
    "config1" / _U64, "config2" / _U64, "branch_sample_type" / _U64, "sample_regs_user" / _U64,
    "sample_stack_user" / _U32, "clockid" / _S32, "sample_regs_intr" / _U64,
    "aux_watermark" / _U32, "sample_max_stack" / _U16, "reserved_2" / _U16,
    "aux_sample_size" / _U32, "reserved_3" / _U32, "sig_data" / _U64,
)
PERF_EVENT_ATTR = Lowered(perf_event_attr_decl)
# The single-bit fields of the ``bits`` word in declaration order (precise_ip is 2 bits wide).
PERF_ATTR_BITS: tuple[tuple[str, int, int], ...] = tuple(
    (name, pos, 2 if name == "precise_ip" else 1)
    for pos, name in (
        (0, "disabled"), (1, "inherit"), (2, "pinned"), (3, "exclusive"), (4, "exclude_user"),
        (5, "exclude_kernel"), (6, "exclude_hv"), (7, "exclude_idle"), (8, "mmap"), (9, "comm"),
        (10, "freq"), (11, "inherit_stat"), (12, "enable_on_exec"), (13, "task"),
        (14, "watermark"), (15, "precise_ip"), (17, "mmap_data"), (18, "sample_id_all"),
        (19, "exclude_host"), (20, "exclude_guest"), (21, "exclude_callchain_kernel"),
        (22, "exclude_callchain_user"), (23, "mmap2"), (24, "comm_exec"), (25, "use_clockid"),
        (26, "context_switch"), (27, "write_backward"), (28, "namespaces"), (29, "ksymbol"),
        (30, "bpf_event"), (31, "aux_output"), (32, "cgroup"), (33, "text_poke"),
        (34, "build_id"), (35, "inherit_thread"), (36, "remove_on_exec"), (37, "sigtrap"),
    )
)
