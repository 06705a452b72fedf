"""struct io_uring_params (<linux/io_uring.h>), declared once and lowered for decoding."""

from __future__ import annotations

import construct as cs

from .lower import Lowered

_U32 = cs.Int32ul

io_uring_params_decl = cs.Struct(
    "sq_entries" / _U32, "cq_entries" / _U32, "flags" / _U32, "sq_thread_cpu" / _U32,
    "sq_thread_idle" / _U32, "features" / _U32, "wq_fd" / _U32,
    "resv0" / _U32, "resv1" / _U32, "resv2" / _U32,
    # struct io_sqring_offsets
    "sq_head" / _U32, "sq_tail" / _U32, "sq_ring_mask" / _U32, "sq_ring_entries" / _U32,
    "sq_flags" / _U32, "sq_dropped" / _U32, "sq_array" / _U32, "sq_resv1" / _U32,
    "sq_resv2" / cs.Int64ul,
    # struct io_cqring_offsets
    "cq_head" / _U32, "cq_tail" / _U32, "cq_ring_mask" / _U32, "cq_ring_entries" / _U32,
    "cq_overflow" / _U32, "cq_cqes" / _U32, "cq_flags" / _U32, "cq_resv1" / _U32,
    "cq_resv2" / cs.Int64ul,
)
IO_URING_PARAMS = Lowered(io_uring_params_decl)

_U8, _U16, _U64 = cs.Int8ul, cs.Int16ul, cs.Int64ul

# io_uring_register arguments.
io_uring_files_update_decl = cs.Struct("offset" / _U32, "resv" / _U32, "fds" / _U64)
io_uring_probe_decl = cs.Struct(
    "last_op" / _U8, "ops_len" / _U8, "resv" / _U16, "resv2_0" / _U32, "resv2_1" / _U32, "resv2_2" / _U32,
)
io_uring_probe_op_decl = cs.Struct("op" / _U8, "resv" / _U8, "flags" / _U16, "resv2" / _U32)
# register_op / sqe_op / sqe_flags share the byte at offset 2.
io_uring_restriction_decl = cs.Struct(
    "opcode" / _U16, "arg" / _U8, "resv" / _U8, "resv2_0" / _U32, "resv2_1" / _U32, "resv2_2" / _U32,
)
io_uring_rsrc_register_decl = cs.Struct(
    "nr" / _U32, "flags" / _U32, "resv2" / _U64, "data" / _U64, "tags" / _U64,
)
io_uring_rsrc_update2_decl = cs.Struct(
    "offset" / _U32, "resv" / _U32, "data" / _U64, "tags" / _U64, "nr" / _U32, "resv2" / _U32,
)
io_uring_rsrc_update_decl = cs.Struct("offset" / _U32, "resv" / _U32, "data" / _U64)
io_uring_buf_reg_decl = cs.Struct(
    "ring_addr" / _U64, "ring_entries" / _U32, "bgid" / _U16, "pad" / _U16,
    "resv_0" / _U64, "resv_1" / _U64, "resv_2" / _U64,
)
IO_URING_FILES_UPDATE = Lowered(io_uring_files_update_decl)
IO_URING_PROBE = Lowered(io_uring_probe_decl)
IO_URING_PROBE_OP = Lowered(io_uring_probe_op_decl)
IO_URING_RESTRICTION = Lowered(io_uring_restriction_decl)
IO_URING_RSRC_REGISTER = Lowered(io_uring_rsrc_register_decl)
IO_URING_RSRC_UPDATE2 = Lowered(io_uring_rsrc_update2_decl)
IO_URING_RSRC_UPDATE = Lowered(io_uring_rsrc_update_decl)
IO_URING_BUF_REG = Lowered(io_uring_buf_reg_decl)
