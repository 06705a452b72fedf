"""printstr as strace 6.1 does it for strings of unknown length: a string that runs into
unreadable memory before its NUL prints as its address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, cstr

if TYPE_CHECKING:
    from ..tracee import Tracee


def str_or_addr(t: Tracee, a: int, limit: int | None = None) -> str:
    if not a:
        return "NULL"
    n = t.cfg.string_limit if limit is None else limit
    got = t.mem.read_cstring(a, n + 1)
    if got is None or (not got[1] and len(got[0]) <= n):
        return addr(a)
    return cstr(t, a, limit)


def path_or_addr(t: Tracee, a: int) -> str:
    """printpath: a name that runs into unreadable memory prints as its address."""
    from ..printers import PATH_MAX, path

    if a:
        got = t.mem.read_cstring(a, PATH_MAX)
        if got is None or (not got[1] and len(got[0]) < PATH_MAX):
            return addr(a)
    return path(t, a)
