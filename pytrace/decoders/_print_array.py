"""strace's print_array: ``[elem, elem, ...]`` read element by element from the tracee.

NULL prints ``NULL``, zero elements ``[]``, an unreadable first element (or any in a call
-e verbose= leaves out) the address, a fault after the first ``..., ... /* 0xADDR */]``;
under abbreviation at most -s elements print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ._modes import abbrev, verbose

__all__ = ["abbrev", "print_array"]

if TYPE_CHECKING:
    from ..tracee import Tracee

_ADDR_END = 1 << 64
_CHUNK = 1 << 16


def print_array(
    t: Tracee, addr: int, nmemb: int, size: int, elem: Callable[[bytes], str], mem_end: int = _ADDR_END
) -> str:
    """``nmemb`` elements of ``size`` bytes at ``addr``, each printed by ``elem``; ``mem_end``:
    where the call's address space ends (1 << 32 in an i386 call: strace reads nothing above)."""
    if not addr:
        return "NULL"
    if nmemb <= 0:
        return "[]"
    end = addr + nmemb * size
    if end >= _ADDR_END or (t.cfg.verbose_set is not None and not verbose(t)):
        return "%#x" % addr  # -e verbose=: a call left out fetches no element (tfetch_mem)
    limit = t.cfg.string_limit if abbrev(t) and nmemb > t.cfg.string_limit else nmemb
    # The printed part in reads of at most _CHUNK bytes (-v with a hostile nmemb must not
    # allocate gigabytes); a short read is the fault.
    count = min(nmemb, limit + 1) if limit < nmemb else nmemb
    chunk = max(_CHUNK // size, 1) * size
    want = count * size
    data = t.mem.read_upto(addr, min(want, chunk, max(mem_end - addr, 0))) or b""
    start = 0
    parts: list[str] = []
    for i in range(nmemb):
        off = i * size
        if off + size > start + len(data) and len(data) == chunk and off < want:
            start = off
            data = t.mem.read_upto(addr + off, min(want - off, chunk, max(mem_end - addr - off, 0))) or b""
        off -= start
        if off + size > len(data):
            cur = addr + start + off
            if i >= count:  # never reached: the loop stops at the limit
                break
            if i == 0:
                return "%#x" % addr
            parts.append("... /* %#x */" % cur)
            break
        if i >= limit:
            parts.append("...")
            break
        parts.append(elem(data[off : off + size]))
    return "[" + ", ".join(parts) + "]"
