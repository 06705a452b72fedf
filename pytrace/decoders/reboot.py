"""reboot (strace's src/reboot.c): magic numbers, the command, and RESTART2's string."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import const, cstr, xlat, xval
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

LINUX_REBOOT_CMD_RESTART2 = const("LINUX_REBOOT_CMD_RESTART2")


@syscall("reboot")
def reboot(t: Tracee) -> None:
    cmd = t.iarg(2)
    t.out += [
        xval(t.iarg(0), xlat("bootflags1"), "LINUX_REBOOT_MAGIC_???"),
        xval(t.iarg(1), xlat("bootflags2"), "LINUX_REBOOT_MAGIC_???"),
        xval(cmd, xlat("bootflags3"), "LINUX_REBOOT_CMD_???"),
    ]
    if cmd == LINUX_REBOOT_CMD_RESTART2:
        t.out.append(cstr(t, t.args[3]))
