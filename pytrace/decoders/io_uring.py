"""io_uring_setup, io_uring_enter, io_uring_register (strace's src/io_uring.c), as strace 6.1
prints them."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..printers import addr, fd, flags, hexval, read_struct, xlat, xval, xval_dec
from ..quote import HEX_ALL, quote
from ..structs.io_uring import (
    IO_URING_BUF_REG,
    IO_URING_FILES_UPDATE,
    IO_URING_PARAMS,
    IO_URING_PROBE,
    IO_URING_PROBE_OP,
    IO_URING_RESTRICTION,
    IO_URING_RSRC_REGISTER,
    IO_URING_RSRC_UPDATE,
    IO_URING_RSRC_UPDATE2,
)
from ._iovec import iovec
from ._print_array import abbrev, print_array
from ._sigset import sigset
from .registry import RVAL_FD, syscall
from .sched import _cpuset as cpuset

if TYPE_CHECKING:
    from ..structs.lower import Lowered
    from ..tracee import Tracee

_I32 = struct.Struct("<i")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
_SETUP_ATTACH_WQ = 1 << 5
_PAGE = 4096
_PROBE_MAX_OPS = 256
_FAULT_END = re.compile(r"\.\.\. /\* 0x[0-9a-f]+ \*/\]$")

# Opcodes (enum in <linux/io_uring.h>; names in the generated uring_register_opcodes table).
(BUFFERS, UNREGISTER_BUFFERS, FILES, UNREGISTER_FILES, EVENTFD, UNREGISTER_EVENTFD, FILES_UPDATE,
 EVENTFD_ASYNC, PROBE, PERSONALITY, UNREGISTER_PERSONALITY, RESTRICTIONS, ENABLE_RINGS, FILES2,
 FILES_UPDATE2, BUFFERS2, BUFFERS_UPDATE, IOWQ_AFF, UNREGISTER_IOWQ_AFF, IOWQ_MAX_WORKERS,
 RING_FDS, UNREGISTER_RING_FDS, PBUF_RING, UNREGISTER_PBUF_RING) = range(24)
# io_uring_restriction opcodes
_R_REGISTER_OP, _R_SQE_OP, _R_SQE_FLAGS_ALLOWED, _R_SQE_FLAGS_REQUIRED = range(4)


def _struct(t: Tracee, a: int, layout: Lowered) -> Any:
    """The structure at ``a``, or its text (NULL / the address) when unreadable."""
    raw = read_struct(t, a, layout.size)
    if raw is None or len(raw) < layout.size:
        return addr(a)
    return layout.unpack(raw)


def _xarray(t: Tracee, *vals: int) -> str:
    """A reserved array field in hex, cut at -s elements without -v (print_local_array)."""
    parts = [hexval(v) for v in vals]
    if abbrev(t) and len(parts) > t.cfg.string_limit:
        parts = [*parts[: t.cfg.string_limit], "..."]
    return "[" + ", ".join(parts) + "]"


# ------------------------------------------------------------------------------ setup, enter
def _sqring(p: Any, pre: str) -> str:
    g = lambda n: getattr(p, pre + n)  # noqa: E731
    keys = ("head", "tail", "ring_mask", "ring_entries", "flags", "dropped", "array") if pre == "sq_" \
        else ("head", "tail", "ring_mask", "ring_entries", "overflow", "cqes", "flags")
    parts = [f"{k}={g(k)}" for k in keys]
    for k in ("resv1", "resv2"):
        if g(k):
            parts.append(f"{k}={hexval(g(k))}")
    return "{" + ", ".join(parts) + "}"


@syscall("io_uring_setup", ret=RVAL_FD, glue=True)
def io_uring_setup(t: Tracee) -> bool | None:
    """struct io_uring_params: the caller's fields at entry, the kernel's answer at exit."""
    a = t.args[1]
    if not t.exiting:
        t.out.append(str(t.iarg(0)))
        p = _struct(t, a, IO_URING_PARAMS)
        if isinstance(p, str):
            t.out.append(p)
            return None
        text = (f"{{flags={flags(p.flags, xlat('uring_setup_flags'), 'IORING_SETUP_???')}, "
                f"sq_thread_cpu={hexval(p.sq_thread_cpu)}, sq_thread_idle={p.sq_thread_idle}")
        if p.flags & _SETUP_ATTACH_WQ:
            text += ", wq_fd=" + fd(t, p.wq_fd)
        if p.resv0 or p.resv1 or p.resv2:
            text += ", resv=" + _xarray(t, p.resv0, p.resv1, p.resv2)
        t.out.append(text)
        return True
    p = None if t.is_error else _struct(t, a, IO_URING_PARAMS)
    if p is None or isinstance(p, str):
        t.out.append("}")
        return None
    t.out.append(
        f", sq_entries={p.sq_entries}, cq_entries={p.cq_entries}, "
        f"features={flags(p.features, xlat('uring_setup_features'), 'IORING_FEAT_???')}, "
        f"sq_off={_sqring(p, 'sq_')}, cq_off={_sqring(p, 'cq_')}}}")
    return None


@syscall("io_uring_enter")
def io_uring_enter(t: Tracee) -> None:
    t.out += [
        fd(t, t.args[0]),
        str(t.iarg(1)),
        str(t.iarg(2)),
        flags(t.iarg(3), xlat("uring_enter_flags"), "IORING_ENTER_???"),
        sigset(t, t.args[4], t.args[5]),
        str(t.args[5]),
    ]


# ------------------------------------------------------------------------- register: helpers
def _fd_elem(t: Tracee) -> Callable[[bytes], str]:
    return lambda b: fd(t, _I32.unpack(b)[0])


def _update_fd_elem(t: Tracee) -> Callable[[bytes], str]:
    """A files-update fd: IORING_REGISTER_FILES_SKIP and other values below -1 by name/number."""

    def elem(b: bytes) -> str:
        v = _I32.unpack(b)[0]
        return xval_dec(v, xlat("uring_files_update_fds")) if v < -1 else fd(t, v)

    return elem


def _tags(t: Tracee, a: int, n: int) -> str:
    return "tags=" + print_array(t, a, n, 8, lambda b: hexval(_U64.unpack(b)[0]))


def _nonzero_tail(t: Tracee, a: int, start: int, total: int) -> str | None:
    """strace's print_nonzero_bytes: ``/* bytes N..M */ "\\x.."`` for a non-zero tail after a
    structure, ``???`` when unreadable, None when all zero."""
    if start >= total:
        return None
    n = total - start
    data = t.mem.read(a + start, n)
    if data is None or len(data) < n:
        return "???"
    if not data.strip(b"\0"):
        return None
    size = min(n, t.cfg.string_limit)
    text = f"/* bytes {start}..{total - 1} */ " + quote(data[:size], HEX_ALL)
    return text + "..." if size < n else text


def _rsrc_data(t: Tracee, op: int, data: int, nr: int) -> str:
    if op == FILES2:
        return "data=" + print_array(t, data, nr, 4, _fd_elem(t))
    if op == FILES_UPDATE2:
        return "data=" + print_array(t, data, nr, 4, _update_fd_elem(t))
    return "data=" + iovec(t, data, nr, as_str=False)


def _rsrc_register(t: Tracee, a: int, size: int, op: int) -> str:
    """struct io_uring_rsrc_register (IORING_REGISTER_FILES2 / BUFFERS2), ``size`` bytes."""
    if size < IO_URING_RSRC_REGISTER.size:
        return addr(a)
    r = _struct(t, a, IO_URING_RSRC_REGISTER)
    if isinstance(r, str):
        return r
    parts = [f"nr={r.nr}",
             "flags=" + flags(r.flags, xlat("uring_register_rsrc_flags"), "IORING_RSRC_REGISTER_???")]
    if r.resv2:
        parts.append(f"resv2={hexval(r.resv2)}")
    parts += [_rsrc_data(t, op, r.data, r.nr), _tags(t, r.tags, r.nr)]
    tail = _nonzero_tail(t, a, IO_URING_RSRC_REGISTER.size, min(size, _PAGE))
    if tail is not None:
        parts.append(tail)
    return "{" + ", ".join(parts) + "}"


def _rsrc_update2(t: Tracee, a: int, size: int, op: int) -> str:
    """struct io_uring_rsrc_update2 (IORING_REGISTER_FILES_UPDATE2 / BUFFERS_UPDATE)."""
    if size < IO_URING_RSRC_UPDATE2.size:
        return addr(a)
    r = _struct(t, a, IO_URING_RSRC_UPDATE2)
    if isinstance(r, str):
        return r
    parts = [f"offset={r.offset}"]
    if r.resv:
        parts.append(f"resv={hexval(r.resv)}")
    parts += [_rsrc_data(t, op, r.data, r.nr), _tags(t, r.tags, r.nr), f"nr={r.nr}"]
    if r.resv2:
        parts.append(f"resv2={hexval(r.resv2)}")
    tail = _nonzero_tail(t, a, IO_URING_RSRC_UPDATE2.size, min(size, _PAGE))
    if tail is not None:
        parts.append(tail)
    return "{" + ", ".join(parts) + "}"


def _files_update(t: Tracee, a: int, n: int) -> str:
    u = _struct(t, a, IO_URING_FILES_UPDATE)
    if isinstance(u, str):
        return u
    parts = [f"offset={u.offset}"]
    if u.resv:
        parts.append(f"resv={hexval(u.resv)}")
    parts.append("fds=" + print_array(t, u.fds, n, 4, _update_fd_elem(t)))
    return "{" + ", ".join(parts) + "}"


def _restriction(t: Tracee, b: bytes) -> str:
    r = IO_URING_RESTRICTION.unpack(b)
    parts = ["opcode=" + xval(r.opcode, xlat("uring_restriction_opcodes"), "IORING_RESTRICTION_???")]
    if r.opcode == _R_REGISTER_OP:
        parts.append("register_op=" + xval(r.arg, xlat("uring_register_opcodes"), "IORING_REGISTER_???"))
    elif r.opcode == _R_SQE_OP:
        parts.append("sqe_op=" + xval(r.arg, xlat("uring_ops"), "IORING_OP_???"))
    elif r.opcode in (_R_SQE_FLAGS_ALLOWED, _R_SQE_FLAGS_REQUIRED):
        parts.append("sqe_flags=" + flags(r.arg, xlat("uring_sqe_flags"), "IOSQE_???"))
    else:
        parts[0] += " /* op: %#x */" % r.arg
    if r.resv:
        parts.append(f"resv={hexval(r.resv)}")
    if r.resv2_0 or r.resv2_1 or r.resv2_2:
        parts.append("resv2=" + _xarray(t, r.resv2_0, r.resv2_1, r.resv2_2))
    return "{" + ", ".join(parts) + "}"


def _ringfd_register(t: Tracee) -> Callable[[bytes], str]:
    def elem(b: bytes) -> str:
        u = IO_URING_RSRC_UPDATE.unpack(b)
        parts = ["offset=-1" if u.offset == 0xFFFFFFFF else f"offset={u.offset}"]
        if u.resv:
            parts.append(f"resv={hexval(u.resv)}")
        parts.append("data=" + fd(t, u.data))
        return "{" + ", ".join(parts) + "}"

    return elem


def _ringfd_unregister(b: bytes) -> str:
    u = IO_URING_RSRC_UPDATE.unpack(b)
    parts = [f"offset={u.offset}"]
    if u.resv:
        parts.append(f"resv={hexval(u.resv)}")
    if u.data:
        parts.append(f"data={hexval(u.data)}")
    return "{" + ", ".join(parts) + "}"


def _buf_reg(t: Tracee, a: int) -> str:
    r = _struct(t, a, IO_URING_BUF_REG)
    if isinstance(r, str):
        return r
    parts = [f"ring_addr={hexval(r.ring_addr)}", f"ring_entries={r.ring_entries}", f"bgid={r.bgid}"]
    if r.pad:
        parts.append(f"pad={hexval(r.pad)}")
    if r.resv_0 or r.resv_1 or r.resv_2:
        parts.append("resv=" + _xarray(t, r.resv_0, r.resv_1, r.resv_2))
    return "{" + ", ".join(parts) + "}"


def _probe_op(b: bytes) -> str:
    o = IO_URING_PROBE_OP.unpack(b)
    parts = ["op=" + xval_dec(o.op, xlat("uring_ops"), "IORING_OP_???")]
    if o.resv:
        parts.append(f"resv={hexval(o.resv)}")
    parts.append("flags=" + flags(o.flags, xlat("uring_op_flags"), "IO_URING_OP_???"))
    if o.resv2:
        parts.append(f"resv2={hexval(o.resv2)}")
    return "{" + ", ".join(parts) + "}"


def _probe_text(t: Tracee, raw: bytes, nops: int) -> str:
    """struct io_uring_probe with ``nops`` of its ops (read in ``raw``)."""
    p = IO_URING_PROBE.unpack(raw)
    parts = ["last_op=" + xval_dec(p.last_op, xlat("uring_ops"), "IORING_OP_???"), f"ops_len={p.ops_len}"]
    if p.resv:
        parts.append(f"resv={hexval(p.resv)}")
    if p.resv2_0 or p.resv2_1 or p.resv2_2:
        parts.append("resv2=" + _xarray(t, p.resv2_0, p.resv2_1, p.resv2_2))
    limit = t.cfg.string_limit if abbrev(t) else nops
    ops = [_probe_op(raw[16 + 8 * i: 24 + 8 * i]) for i in range(min(nops, limit))]
    if nops > limit:
        ops.append("...")
    parts.append("ops=[" + ", ".join(ops) + "]")
    return "{" + ", ".join(parts) + "}"


def _read_probe(t: Tracee, a: int, n: int) -> bytes | None:
    size = IO_URING_PROBE.size + IO_URING_PROBE_OP.size * n
    raw = read_struct(t, a, size)
    return raw if raw is not None and len(raw) == size else None


def _iowq_workers(t: Tracee, a: int, n: int) -> tuple[str, bool]:
    """``[[IO_WQ_BOUND]=4, ...]`` and whether the array printed without a fault (strace's
    print_array_ex result, which decides whether the kernel's answer is printed at exit)."""
    index = iter(range(n))

    def elem(b: bytes) -> str:
        idx = xval_dec(next(index), xlat("uring_iowq_acct"), "IO_WQ_???")
        return f"[{idx}]={_U32.unpack(b)[0]}"

    text = print_array(t, a, n, 4, elem)
    return text, text.startswith("[") and text != "[]" and not _FAULT_END.search(text)


# -------------------------------------------------------------------------- io_uring_register
def _register_arg(t: Tracee, op: int, a: int, n: int) -> str:
    """The argument of an opcode decoded at entry only."""
    if op == BUFFERS:
        return iovec(t, a, n, as_str=False)
    if op in (FILES, EVENTFD, EVENTFD_ASYNC):
        return print_array(t, a, n, 4, _fd_elem(t))
    if op == FILES_UPDATE:
        return _files_update(t, a, n)
    if op == RESTRICTIONS:
        return print_array(t, a, n, IO_URING_RESTRICTION.size, lambda b: _restriction(t, b))
    if op in (FILES2, BUFFERS2):
        return _rsrc_register(t, a, n, op)
    if op in (FILES_UPDATE2, BUFFERS_UPDATE):
        return _rsrc_update2(t, a, n, op)
    if op == IOWQ_AFF:
        return cpuset(t, a, n)
    if op == RING_FDS:
        return print_array(t, a, n, IO_URING_RSRC_UPDATE.size, _ringfd_register(t))
    if op == UNREGISTER_RING_FDS:
        return print_array(t, a, n, IO_URING_RSRC_UPDATE.size, _ringfd_unregister)
    if op in (PBUF_RING, UNREGISTER_PBUF_RING):
        return _buf_reg(t, a)
    return addr(a)


@syscall("io_uring_register", glue=True)
def io_uring_register(t: Tracee) -> bool | None:
    """Most opcodes print at entry. IORING_REGISTER_PROBE prints the kernel's answer at exit
    (after `` => `` when the caller's probe was not all zero); IORING_REGISTER_IOWQ_MAX_WORKERS
    prints `` => `` at entry and the old counts at exit. Exit text continues the last entry argument (glued)."""
    op, a, n = t.iarg(1), t.args[2], t.iarg(3)
    if t.exiting:
        return _register_exit(t, op, a, n)
    t.out += [fd(t, t.args[0]), xval(op, xlat("uring_register_opcodes"), "IORING_REGISTER_???")]
    if op == PROBE and n <= _PROBE_MAX_OPS:
        raw = _read_probe(t, a, n)
        if raw is None:
            t.out.append(addr(a))
        elif not raw.strip(b"\0"):
            t.out.append("")  # printed at exit only
            t.data = False
            return True
        else:
            t.out.append(_probe_text(t, raw, n))
            t.data = True
            return True
    elif op == IOWQ_MAX_WORKERS:
        text, whole = _iowq_workers(t, a, n)
        t.out.append(text + " => " if whole else text)  # strace prints " => " at entry
        if whole:
            return True
    else:
        t.out.append(_register_arg(t, op, a, n))
    t.out.append(str(n))
    return None


def _register_exit(t: Tracee, op: int, a: int, n: int) -> None:
    if op == PROBE:
        printed = bool(t.data)
        if t.is_error:
            t.out += ["" if printed else addr(a), str(n)]
            return None
        raw = _read_probe(t, a, n)
        if raw is None:
            text = addr(a)
        else:
            text = _probe_text(t, raw, min(IO_URING_PROBE.unpack(raw).ops_len, n))
        t.out += [(" => " if printed else "") + text, str(n)]
        return None
    # IOWQ_MAX_WORKERS
    text = addr(a) if t.is_error else _iowq_workers(t, a, n)[0]
    t.out += [text, str(n)]
    return None
