"""fanotify_init and fanotify_mark (strace's src/fanotify.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import const, dirfd, fd, flags, path, xlat, xval
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_CLASS_BITS = const("FAN_CLASS_NOTIF") | const("FAN_CLASS_CONTENT") | const("FAN_CLASS_PRE_CONTENT")
FAN_NOFD = -1


def open_modes(v: int) -> str:
    """An open(2) flag word: access mode, then the other flags (tprint_open_modes)."""
    text = xval(v & 3, xlat("open_access_modes"), "O_???")
    rest = v & ~3
    if rest:
        text += "|" + flags(rest, xlat("open_mode_flags"))
    return text


@syscall("fanotify_init", ret=RVAL_FD)
def fanotify_init(t: Tracee) -> None:
    v = t.iarg(0)
    text = xval(v & _CLASS_BITS, xlat("fan_classes"), "FAN_CLASS_???")
    rest = v & ~_CLASS_BITS
    if rest:
        text += "|" + flags(rest, xlat("fan_init_flags"), "FAN_???")
    t.out.append(text)
    t.out.append(open_modes(t.iarg(1)))


@syscall("fanotify_mark")
def fanotify_mark(t: Tracee) -> None:
    out = t.out
    out.append(fd(t, t.args[0]))
    out.append(flags(t.iarg(1), xlat("fan_mark_flags"), "FAN_MARK_???"))
    out.append(flags(t.args[2], xlat("fan_event_flags"), "FAN_???"))
    d = t.sarg(3)
    out.append("FAN_NOFD" if d == FAN_NOFD else dirfd(t, t.args[3]))
    out.append(path(t, t.args[4]))
