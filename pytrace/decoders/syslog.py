"""syslog(2) as strace 6.1 prints it (src/syslog.c): the action in decimal with its name as a
comment; the buffer of the read actions at exit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, buf, xlat
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_NO_ARGS = frozenset({0, 1, 5, 6, 7, 9, 10})  # CLOSE, OPEN, CLEAR, CONSOLE_OFF/ON, SIZE_*
_READS = frozenset({2, 3, 4})  # READ, READ_ALL, READ_CLEAR
_CONSOLE_LEVEL = 8


def _dec_named(v: int, table: str, dflt: str) -> str:
    """``10 /* SYSLOG_ACTION_SIZE_BUFFER */``: always with the comment, even under -X raw."""
    return f"{v} /* {xlat(table).get(v) or dflt} */"


def _addr64(v: int) -> str:
    return addr(v)


@syscall("syslog")
def syslog(t: Tracee) -> bool | None:
    kind = t.sarg(0)
    length = t.sarg(2)
    if not t.exiting:
        t.out.append(_dec_named(kind, "syslog_action_type", "SYSLOG_ACTION_???"))
        if kind in _NO_ARGS:
            return None
        if kind in _READS:
            return True
        t.out.append(_addr64(t.args[1]))
        if kind == _CONSOLE_LEVEL:
            t.out.append(_dec_named(length, "syslog_console_levels", "LOGLEVEL_???"))
        else:
            t.out.append(str(length))
        return None
    t.out.append(_addr64(t.args[1]) if t.is_error else buf(t, t.args[1], t.rval))
    t.out.append(str(length))
    return None
