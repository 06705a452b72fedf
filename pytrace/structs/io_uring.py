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
