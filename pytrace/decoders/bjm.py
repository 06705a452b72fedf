"""Kernel module calls as strace 6.1 prints them (src/bjm.c): init_module, delete_module,
finit_module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, cstr, fd, flags, xlat
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


@syscall("init_module")
def init_module(t: Tracee) -> None:
    t.out += [addr(t.args[0]), str(t.args[1]), cstr(t, t.args[2])]


@syscall("delete_module")
def delete_module(t: Tracee) -> None:
    t.out += [cstr(t, t.args[0]), flags(t.iarg(1), xlat("delete_module_flags"), "O_???")]


@syscall("finit_module")
def finit_module(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), cstr(t, t.args[1]),
              flags(t.iarg(2), xlat("module_init_flags"), "MODULE_INIT_???")]
