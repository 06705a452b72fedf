"""perf_event_open (strace's src/perf.c): struct perf_event_attr as strace 6.1 prints it,
fetched at entry and printed at exit (E2BIG shows the size the kernel wrote back)."""

from __future__ import annotations

import errno
import struct
from typing import TYPE_CHECKING, Any

from ..printers import addr, fd, flags, hexval, xlat, xval
from ..structs.perf import PERF_ATTR_BITS, PERF_EVENT_ATTR
from ._modes import abbrev
from ._umove import fetch
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_VER0 = 64
_ABBREV_SIZE = 48  # offsetofend(struct perf_event_attr, bits): what strace fetches without -v
_SKID = ("arbitrary skid", "constant skid", "requested to have 0 skid", "must have 0 skid")
_U32 = struct.Struct("<I")
_TYPE_BREAKPOINT = 5
_SAMPLE_BRANCH_STACK = 1 << 11
_SAMPLE_STACK_USER = 1 << 13


def _fetch(t: Tracee, a: int) -> bytes | str:
    """The attr bytes strace fetches, or the text it prints instead (the address)."""
    if not a:
        return "NULL"
    raw = fetch(t, a + 4, 4)
    if raw is None or len(raw) < 4:
        return addr(a)
    size = min(_U32.unpack(raw)[0], PERF_EVENT_ATTR.size) or _VER0
    if size < _VER0:
        return addr(a)
    if abbrev(t):
        size = _ABBREV_SIZE
    data = t.mem.read(a, size)
    if data is None or len(data) < size:
        return addr(a)
    return data


def _config(at: object) -> str:
    typ, cfg = at.type, at.config  # type: ignore[attr-defined]
    if typ == 0:
        return xval(cfg, xlat("perf_hw_id"), "PERF_COUNT_HW_???")
    if typ == 1:
        return xval(cfg, xlat("perf_sw_ids"), "PERF_COUNT_SW_???")
    if typ == 2:
        return str(cfg)
    if typ == 3:
        return _hw_cache(cfg)
    return hexval(cfg)


def _hw_cache(cfg: int) -> str:
    """PERF_TYPE_HW_CACHE's config, high part first: ``RESULT<<16|OP<<8|ID`` (strace 6.1)."""
    parts = []
    if cfg >> 32:
        parts.append("%#x<<32" % (cfg >> 32))
    if cfg >> 24 & 0xFF:
        parts.append("%#x<<24" % (cfg >> 24 & 0xFF))
    parts += [
        xval(cfg >> 16 & 0xFF, xlat("perf_hw_cache_op_result_id"), "PERF_COUNT_HW_CACHE_RESULT_???") + "<<16",
        xval(cfg >> 8 & 0xFF, xlat("perf_hw_cache_op_id"), "PERF_COUNT_HW_CACHE_OP_???") + "<<8",
        xval(cfg & 0xFF, xlat("perf_hw_cache_id"), "PERF_COUNT_HW_CACHE_???"),
    ]
    return "|".join(parts)


def format_attr(t: Tracee, data: bytes, new_size: int | None | bool = False) -> str:
    """The attr text; ``new_size``: the size read back after E2BIG (None: unreadable)."""
    size = len(data)
    at = PERF_EVENT_ATTR.unpack(data.ljust(PERF_EVENT_ATTR.size, b"\0"))
    size_text = xval(at.size, xlat("perf_attr_size"), "PERF_ATTR_SIZE_???")
    if new_size is not False:
        size_text += " => " + ("???" if new_size is None
                               else xval(new_size, xlat("perf_attr_size"), "PERF_ATTR_SIZE_???"))
    out = [f"type={xval(at.type, xlat('perf_type_id'), 'PERF_TYPE_???')}", f"size={size_text}",
           f"config={_config(at)}"]
    bits = at.bits
    freq = bits >> 10 & 1
    out.append(f"sample_freq={at.sample_period}" if freq else f"sample_period={at.sample_period}")
    out.append("sample_type=" + flags(at.sample_type, xlat("perf_event_sample_format"), "PERF_SAMPLE_???"))
    out.append("read_format=" + flags(at.read_format, xlat("perf_event_read_format"), "PERF_FORMAT_???"))
    verbose = not abbrev(t)
    for name, pos, width in PERF_ATTR_BITS:
        v = bits >> pos & ((1 << width) - 1)
        if name == "precise_ip":
            out.append(f"precise_ip={v} /* {_SKID[v]} */")
        elif v or verbose:
            out.append(f"{name}={v}")
    if bits >> 38:
        out.append(f"__reserved_1={bits >> 38:#x} /* Bits 63..38 */")
    if not verbose:
        out.append("...")
        return "{" + ", ".join(out) + "}"
    watermark = bits >> 14 & 1
    out.append(f"wakeup_watermark={at.wakeup_events}" if watermark else f"wakeup_events={at.wakeup_events}")
    bp = at.type == _TYPE_BREAKPOINT
    if bp:
        # any combination of R/W with X is invalid
        dflt = "HW_BREAKPOINT_INVALID" if at.bp_type <= 7 else "HW_BREAKPOINT_???"
        out.append("bp_type=" + xval(at.bp_type, xlat("hw_breakpoint_type"), dflt))
    out.append(f"bp_addr={hexval(at.config1)}" if bp else f"config1={hexval(at.config1)}")
    out += _optional(at, size, bp)
    if (at.size and at.size > size) or (not at.size and size < _VER0):
        out.append("...")
    return "{" + ", ".join(out) + "}"


def _optional(at: object, size: int, bp: bool) -> list[str]:
    """Fields after config1 printed only when ``size`` reaches their offset (strace prints
    what the kernel sees of a partial field too)."""
    a: Any = at
    out: list[str] = []
    if size <= 64:
        return out
    out.append(f"bp_len={a.config2}" if bp else f"config2={hexval(a.config2)}")
    if size <= 72:
        return out
    if a.sample_type & _SAMPLE_BRANCH_STACK:
        out.append("branch_sample_type=" + flags(a.branch_sample_type, xlat("perf_branch_sample_type"),
                                                 "PERF_SAMPLE_BRANCH_???"))
    if size <= 80:
        return out
    out.append(f"sample_regs_user={hexval(a.sample_regs_user)}")
    if size <= 88:
        return out
    if a.sample_type & _SAMPLE_STACK_USER:
        out.append(f"sample_stack_user={hexval(a.sample_stack_user)}")
    if a.bits >> 25 & 1:  # use_clockid
        if size <= 92:
            return out
        out.append(f"clockid={xval(a.clockid & 0xFFFFFFFF, xlat('clocknames'), 'CLOCK_???')}")
    if size <= 96:
        return out
    out.append(f"sample_regs_intr={hexval(a.sample_regs_intr)}")
    if size <= 104:
        return out
    out.append(f"aux_watermark={a.aux_watermark}")
    if size <= 108:
        return out
    out.append(f"sample_max_stack={a.sample_max_stack}")
    if size <= 110:
        return out
    if a.reserved_2:
        out[-1] += " /* bytes 110..111: %#x */" % a.reserved_2
    if size <= 112:
        return out
    out.append(f"aux_sample_size={a.aux_sample_size}")
    if size <= 120:
        return out
    out.append(f"sig_data={hexval(a.sig_data)}")
    return out


@syscall("perf_event_open", ret=RVAL_FD)
def perf_event_open(t: Tracee) -> bool | None:
    if not t.exiting:
        t.data = _fetch(t, t.args[0])
        return True
    got = t.data
    if isinstance(got, bytes):
        new: int | None | bool = False
        if t.is_error and -t.rval == errno.E2BIG:
            raw = t.mem.read(t.args[0] + 4, 4)
            new = _U32.unpack(raw)[0] if raw and len(raw) == 4 else None
        got = format_attr(t, got, new)
    t.out += [got, str(t.sarg(1)), str(t.sarg(2)), fd(t, t.args[3]),
              flags(t.args[4], xlat("perf_event_open_flags"), "PERF_FLAG_???")]
    return None
