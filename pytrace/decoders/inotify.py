"""inotify_init, inotify_init1, inotify_add_watch, inotify_rm_watch (src/inotify.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import fd, flags, path, xlat
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("inotify_init", ret=RVAL_FD)
def inotify_init(t: Tracee) -> None:
    return None


@syscall("inotify_init1", ret=RVAL_FD)
def inotify_init1(t: Tracee) -> None:
    t.out.append(flags(t.iarg(0), xlat("inotify_init_flags"), "IN_???"))


@syscall("inotify_add_watch")
def inotify_add_watch(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(path(t, t.args[1]))
    t.out.append(flags(t.iarg(2), xlat("inotify_flags"), "IN_???"))


@syscall("inotify_rm_watch")
def inotify_rm_watch(t: Tracee) -> None:
    t.out.append(fd(t, t.args[0]))
    t.out.append(str(t.sarg(1)))
