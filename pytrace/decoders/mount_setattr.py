"""mount_setattr as strace 6.1 prints it (src/mount_setattr.c): struct mount_attr."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, dirfd, fd, flags, path, xlat, xval
from ._consts import consts, named
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

MOUNT_ATTR = struct.Struct("<QQQQ")  # attr_set, attr_clr, propagation, userns_fd
MOUNT_ATTR_SIZE_VER0, _INT_MAX = consts("MOUNT_ATTR_SIZE_VER0 INT_MAX")
(MOUNT_ATTR_IDMAP,) = named("mount_attr_attr", "MOUNT_ATTR_IDMAP")


def mount_attr(t: Tracee, a: int, size: int) -> str:
    if size < MOUNT_ATTR_SIZE_VER0:
        return addr(a)
    got = umove(t, a, MOUNT_ATTR.size)
    if isinstance(got, str):
        return got
    aset, aclr, prop, userns = MOUNT_ATTR.unpack(got)
    table = xlat("mount_attr_attr")
    if userns > _INT_MAX or not (aset | aclr) & MOUNT_ATTR_IDMAP:
        ns = str(userns)
    else:
        ns = fd(t, userns)
    return (f"{{attr_set={flags(aset, table, 'MOUNT_ATTR_???')}, "
            f"attr_clr={flags(aclr, table, 'MOUNT_ATTR_???')}, "
            f"propagation={xval(prop, xlat('mount_attr_propagation'), 'MS_???')}, userns_fd={ns}}}")


@syscall("mount_setattr")
def mount_setattr(t: Tracee) -> None:
    size = t.args[4]
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]),
              flags(t.iarg(2), xlat("mount_setattr_flags"), "AT_???"),
              mount_attr(t, t.args[3], size), str(size)]
