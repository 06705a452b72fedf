"""modify_ldt, set_thread_area, get_thread_area as strace 6.1 prints them (src/ldt.c):
struct user_desc, and modify_ldt's int-sized error returns."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr
from ..retval import errno_text
from ._umove import umove
from .registry import EXIT_RVAL_ONLY, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_DESC = struct.Struct("<IIII")  # entry_number, base_addr, limit, then the bit fields
USER_DESC_SIZE = _DESC.size


def _hex0(v: int) -> str:
    """C's ``%#08x``: zero prints without 0x."""
    return "%08x" % v if not v else "%#08x" % v


def desc_rest(data: bytes) -> str:
    """The fields after entry_number, each preceded by ", ", and the closing brace."""
    _, base, limit, bits = _DESC.unpack(data)
    return (f", base_addr={_hex0(base)}, limit={_hex0(limit)}, seg_32bit={bits & 1}, "
            f"contents={(bits >> 1) & 3}, read_exec_only={(bits >> 3) & 1}, "
            f"limit_in_pages={(bits >> 4) & 1}, seg_not_present={(bits >> 5) & 1}, "
            f"useable={(bits >> 6) & 1}, lm={(bits >> 7) & 1}}}")


def user_desc(t: Tracee, a: int) -> str:
    data = umove(t, a, USER_DESC_SIZE)
    if isinstance(data, str):
        return data
    return f"{{entry_number={_DESC.unpack(data)[0]}" + desc_rest(data)


@syscall("modify_ldt")
def modify_ldt(t: Tracee) -> bool | None:
    if not t.exiting:
        count = t.args[2]
        ptr = user_desc(t, t.args[1]) if count == USER_DESC_SIZE else addr(t.args[1])
        t.out += [str(t.sarg(0)), ptr, str(count)]
        t.data = EXIT_RVAL_ONLY
        return True
    # The kernel returns an int-sized value: -EINVAL arrives as 4294967274.
    if not t.is_error and 0xFFFFF000 <= (t.rval & 0xFFFFFFFFFFFFFFFF) <= 0xFFFFFFFF:
        name, msg = errno_text(0x100000000 - t.rval)
        t.raux = f" {name} ({msg})"
    return None


@syscall("set_thread_area")
def set_thread_area(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(user_desc(t, t.args[0]))
        t.data = EXIT_RVAL_ONLY
        return True
    if not t.is_error and t.args[0] and _verbose(t):
        data = t.mem.read(t.args[0], USER_DESC_SIZE)
        if data is not None:
            t.raux = f" (entry_number={_DESC.unpack(data)[0]})"
    return None


@syscall("get_thread_area", glue=True)
def get_thread_area(t: Tracee) -> bool | None:
    a = t.args[0]
    if not t.exiting:
        data = umove(t, a, 4)
        if isinstance(data, str):
            t.out.append(data)
            t.data = None
        else:
            t.data = int.from_bytes(data, "little")
            t.out.append(f"{{entry_number={t.data}")
        return True
    if not a or not _verbose(t):
        return None
    data = None if t.is_error else t.mem.read(a, USER_DESC_SIZE)
    if data is None:
        if t.data is not None:
            t.out.append(", ...}")
        return None
    number = _DESC.unpack(data)[0]
    if t.data is None:
        head = f" => {{entry_number={number}"
    else:
        head = f" => {number}" if number != t.data else ""
    t.out.append(head + desc_rest(data))
    return None


def _verbose(t: Tracee) -> bool:
    """-e verbose=SET: whether this call's structures are printed at exit."""
    vs = t.cfg.verbose_set
    return vs is None or (t.desc is not None and t.desc.name in vs)

