"""Classic BPF programs as strace 6.1 prints them (its src/bpf_filter.c): each struct
sock_filter as ``BPF_STMT(code, k)`` or, when a jump offset is set, ``BPF_JUMP(code, k, jt, jf)``."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..printers import const, hexval, xlat, xval
from ._print_array import print_array

if TYPE_CHECKING:
    from ..tracee import Tracee

SOCK_FILTER = struct.Struct("<HBBI")  # __u16 code; __u8 jt; __u8 jf; __u32 k
_CLASS = const("BPF_CLASS_MASK")
_SIZE = const("BPF_SIZE_MASK")
_MODE = const("BPF_MODE_MASK")
_OP = const("BPF_OP_MASK")
_SRC = const("BPF_SRC_MASK")
_RVAL = const("BPF_RVAL_MASK")
_MISCOP = const("BPF_MISCOP_MASK")
_RET_ACTION = const("SECCOMP_RET_ACTION_FULL")
_RET_DATA = const("SECCOMP_RET_DATA")
_LD, _LDX, _ST, _STX, _ALU, _JMP, _RET, _MISC = (
    xlat("bpf_class").value_of(n) for n in
    ("BPF_LD", "BPF_LDX", "BPF_ST", "BPF_STX", "BPF_ALU", "BPF_JMP", "BPF_RET", "BPF_MISC"))
_UNKNOWN = "BPF_???"


def filter_code(code: int) -> str:
    """``BPF_LD|BPF_W|BPF_ABS`` (print_bpf_filter_code, classic BPF)."""
    cls = code & _CLASS
    rest = code & ~_CLASS
    parts = [xval(cls, xlat("bpf_class"), _UNKNOWN)]
    if cls in (_LD, _LDX):
        parts.append(xval(code & _SIZE, xlat("bpf_size"), _UNKNOWN))
        parts.append(xval(code & _MODE, xlat("bpf_mode"), _UNKNOWN))
        rest &= ~(_SIZE | _MODE)
    elif cls in (_ALU, _JMP):
        parts.append(xval(code & _SRC, xlat("bpf_src"), _UNKNOWN))
        ops = xlat("bpf_op_alu") if cls == _ALU else xlat("bpf_op_jmp")
        parts.append(xval(code & _OP, ops, _UNKNOWN))
        rest &= ~(_SRC | _OP)
    elif cls == _RET:
        parts.append(xval(code & _RVAL, xlat("bpf_rval"), _UNKNOWN))
        rest &= ~_RVAL
    elif cls == _MISC:
        parts.append(xval(code & _MISCOP, xlat("bpf_miscop"), _UNKNOWN))
        rest &= ~_MISCOP
    if rest:
        parts.append(f"{hexval(rest)} /* {_UNKNOWN} */")
    return "|".join(parts)


def sock_filter(raw: bytes, k_printer: Callable[[int, int], str] | None = None) -> str:
    """One instruction; ``k_printer(code, k)`` prints k of a BPF_STMT (seccomp: return values)."""
    code, jt, jf, k = SOCK_FILTER.unpack(raw)
    if jt or jf:
        return f"BPF_JUMP({filter_code(code)}, {hexval(k)}, {hexval(jt)}, {hexval(jf)})"
    text = k_printer(code, k) if k_printer is not None else hexval(k)
    return f"BPF_STMT({filter_code(code)}, {text})"


def seccomp_k(code: int, k: int) -> str:
    """k of a seccomp filter statement: a return action for BPF_RET, else hex."""
    if code & _CLASS != _RET:
        return hexval(k)
    action = k & _RET_ACTION
    data = k & _RET_DATA
    text = xval(action, xlat("seccomp_ret_action"), "SECCOMP_RET_???")
    return f"{text}|{hexval(data)}" if data else text


def bpf_filter(t: Tracee, a: int, n: int, k_printer: Callable[[int, int], str] | None = None) -> str:
    """``[BPF_STMT(...), ...]``: ``n`` instructions at ``a`` (print_array rules)."""
    return print_array(t, a, n, SOCK_FILTER.size, lambda b: sock_filter(b, k_printer))
