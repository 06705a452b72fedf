"""mknod, mknodat as strace 6.1 prints them (src/mknod.c): the device only for character and
block special files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import dirfd, path
from ._modes import S_IFBLK, S_IFCHR, S_IFMT, dev, symbolic_mode
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


def _mode_dev(t: Tracee, i: int) -> None:
    mode = t.args[i] & 0xFFFF  # umode_t
    t.out.append(symbolic_mode(mode))
    if mode & S_IFMT in (S_IFCHR, S_IFBLK):
        t.out.append(dev(t.args[i + 1]))


@syscall("mknod")
def mknod(t: Tracee) -> None:
    t.out.append(path(t, t.args[0]))
    _mode_dev(t, 1)


@syscall("mknodat")
def mknodat(t: Tracee) -> None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1])]
    _mode_dev(t, 2)
