"""struct iovec arrays as strace prints them (tprint_iov_upto over print_array)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr as printaddr
from ..printers import buf

if TYPE_CHECKING:
    from ..tracee import Tracee

_IOVEC = struct.Struct("<QQ")
_ULONG_MAX = (1 << 64) - 1


def iovec(t: Tracee, a: int, count: int, data_size: int = -1, as_str: bool = True) -> str:
    """``[{iov_base="...", iov_len=5}, ...]``: at most -s elements without -v, and at most
    ``data_size`` bytes of data in all (-1: no limit); ``as_str`` False prints bases as addresses."""
    vs = t.cfg.verbose_set  # -e verbose=: an array of a call not verbose prints as its address
    if vs is not None and a and count and (t.desc is None or t.desc.name not in vs):
        return "%#x" % a
    if t.arch == "i386":
        from .compat32 import iovec32

        return iovec32(t, a, count, data_size, as_str)
    if not a:
        return "NULL"
    if not count:
        return "[]"
    size = count * 16
    if a + size > _ULONG_MAX or count > _ULONG_MAX // 16:
        return "%#x" % a
    limit = count
    if not t.cfg.verbose and t.cfg.string_limit < count:
        limit = t.cfg.string_limit
    remaining = data_size if data_size >= 0 else -1
    parts: list[str] = []
    for i in range(count):
        cur = a + 16 * i
        if i >= limit:
            parts.append("...")
            break
        raw = t.mem.read(cur, 16)
        if raw is None:
            if i == 0:
                return "%#x" % a
            parts.append("... /* %#x */" % cur)
            break
        base, length = _IOVEC.unpack(raw)
        n = length
        if remaining >= 0:
            n = min(n, remaining)
            remaining -= n
        if as_str:
            text = buf(t, base, n)
        else:
            text = printaddr(base)
        parts.append(f"{{iov_base={text}, iov_len={length}}}")
    return "[" + ", ".join(parts) + "]"
