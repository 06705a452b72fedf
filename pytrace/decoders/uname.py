"""uname (strace's uname.c): ``{sysname="Linux", nodename="vm", ...}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..quote import quote
from ._consts import consts
from ._modes import abbrev
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

(_FIELD,) = consts("UTS_FIELD_SIZE")  # each of struct new_utsname's char arrays
_NAMES = ("sysname", "nodename", "release", "version", "machine", "domainname")


def _cstring(t: Tracee, raw: bytes) -> str:
    nul = raw.find(b"\0")
    return quote(raw if nul < 0 else raw[:nul], t.cfg.xflag) + ("..." if nul < 0 else "")


@syscall("uname")
def uname(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    data = umove(t, t.args[0], _FIELD * len(_NAMES))
    if isinstance(data, str):
        t.out.append(data)
        return None
    n = 2 if abbrev(t) else len(_NAMES)
    fields = [f"{_NAMES[i]}={_cstring(t, data[i * _FIELD:(i + 1) * _FIELD])}" for i in range(n)]
    if n < len(_NAMES):
        fields.append("...")
    t.out.append("{" + ", ".join(fields) + "}")
    return None
