"""perf_event_open (strace's src/perf.c): struct perf_event_attr as strace 6.1 prints it,
fetched at entry and printed at exit (E2BIG shows the size the kernel wrote back)."""

from __future__ import annotations

import errno
import struct
from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, xlat, xval
from ..structs.perf import PERF_ATTR_BITS, PERF_EVENT_ATTR
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_VER0 = 64
_ABBREV_SIZE = 48  # offsetofend(struct perf_event_attr, bits): what strace fetches without -v
_SKID = ("arbitrary skid", "constant skid", "requested to have 0 skid", "must have 0 skid")
_U32 = struct.Struct("<I")


def _fetch(t: Tracee, a: int) -> bytes | str:
    """The attr bytes strace fetches, or the text it prints instead (the address)."""
    if not a:
        return "NULL"
    raw = t.mem.read(a + 4, 4)
    if raw is None or len(raw) < 4:
        return addr(a)
    size = min(_U32.unpack(raw)[0], PERF_EVENT_ATTR.size) or _VER0
    if size < _VER0:
        return addr(a)
    if not t.cfg.verbose:
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
    return "%#x" % cfg


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
    verbose = t.cfg.verbose
    for name, pos, width in PERF_ATTR_BITS:
        v = bits >> pos & ((1 << width) - 1)
        if name == "precise_ip":
            out.append(f"precise_ip={v} /* {_SKID[v]} */")
        elif v or verbose:
            out.append(f"{name}={v}")
    if not verbose:
        out.append("...")
        return "{" + ", ".join(out) + "}"
    if bits >> 38:
        out.append(f"__reserved_1={bits >> 38:#x} /* Bits 63..38 */")
    watermark = bits >> 14 & 1
    out.append(f"wakeup_watermark={at.wakeup_events}" if watermark else f"wakeup_events={at.wakeup_events}")
    bp = at.type == 5
    if bp:
        out.append(f"bp_type={at.bp_type:#x}")  # hw_breakpoint_type names: not generated yet
    out.append(f"bp_addr={at.config1:#x}" if bp else f"config1={at.config1:#x}")
    out += _optional(at, size, bp)
    if (at.size and at.size > size) or (not at.size and size < _VER0):
        out.append("...")
    # strace prints a zero hex field as 0
    return ("{" + ", ".join(out) + "}").replace("=0x0,", "=0,").replace("=0x0}", "=0}")


def _optional(at: object, size: int, bp: bool) -> list[str]:
    """Fields after config1 that exist only when ``size`` covers their offset."""
    a = at
    out: list[str] = []
    if size <= 64:
        return out
    out.append(f"bp_len={a.config2}" if bp else f"config2={a.config2:#x}")  # type: ignore[attr-defined]
    if size <= 72:
        return out
    if a.sample_type & 0x800:  # type: ignore[attr-defined]
        out.append("branch_sample_type=%#x" % a.branch_sample_type)  # type: ignore[attr-defined]
    if size <= 80:
        return out
    out.append(f"sample_regs_user={a.sample_regs_user:#x}")  # type: ignore[attr-defined]
    if size <= 88:
        return out
    if a.sample_type & 0x2000:  # type: ignore[attr-defined]
        out.append(f"sample_stack_user={a.sample_stack_user:#x}")  # type: ignore[attr-defined]
    if a.bits >> 25 & 1:  # type: ignore[attr-defined]
        if size <= 92:
            return out
        out.append(f"clockid={xval(a.clockid & 0xFFFFFFFF, xlat('clocknames'), 'CLOCK_???')}")  # type: ignore[attr-defined]
    if size <= 96:
        return out
    out.append(f"sample_regs_intr={a.sample_regs_intr:#x}")  # type: ignore[attr-defined]
    if size <= 104:
        return out
    out.append(f"aux_watermark={a.aux_watermark}")  # type: ignore[attr-defined]
    if size <= 108:
        return out
    out.append(f"sample_max_stack={a.sample_max_stack}")  # type: ignore[attr-defined]
    if size <= 112:
        return out
    out.append(f"aux_sample_size={a.aux_sample_size}")  # type: ignore[attr-defined]
    if size <= 120:
        return out
    out.append(f"sig_data={a.sig_data:#x}")  # type: ignore[attr-defined]
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
