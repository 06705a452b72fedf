"""mount, umount2 (strace's src/mount.c, umount.c) and the new mount API: fsopen, fsconfig,
fsmount, fspick, move_mount, open_tree (fsmount.c, move_mount.c, open_tree.c)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, const, dirfd, fd, flags, xlat, xval
from ._consts import named
from ._strict import path_or_addr as path
from ._strict import str_or_addr as cstr
from .registry import RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

MS_MGC_VAL = const("MS_MGC_VAL")
MS_MGC_MSK = const("MS_MGC_MSK")
MS_REMOUNT = const("MS_REMOUNT")
_MS_NO_TYPE_DATA = sum(named(
    "mount_flags", "MS_BIND MS_MOVE MS_SHARED MS_PRIVATE MS_SLAVE MS_UNBINDABLE"))


@syscall("mount")
def mount(t: Tracee) -> None:
    fl = t.args[3]
    old_magic = (fl & MS_MGC_MSK) == MS_MGC_VAL
    if old_magic:
        fl &= ~MS_MGC_MSK
    ignore_type = ignore_data = False
    if fl & MS_REMOUNT:
        ignore_type = True
    elif fl & _MS_NO_TYPE_DATA:
        ignore_type = ignore_data = True
    out = t.out
    out += [path(t, t.args[0]), path(t, t.args[1])]
    out.append(addr(t.args[2]) if ignore_type else cstr(t, t.args[2]))
    text = "MS_MGC_VAL" if old_magic else ""
    if fl or not old_magic:
        text += ("|" if text else "") + flags(fl, xlat("mount_flags"), "MS_???")
    out.append(text)
    out.append(addr(t.args[4]) if ignore_data else cstr(t, t.args[4]))


@syscall("umount2")
def umount2(t: Tracee) -> None:
    t.out += [path(t, t.args[0]), flags(t.iarg(1), xlat("umount_flags"), "MNT_???")]


@syscall("fsopen", ret=RVAL_FD)
def fsopen(t: Tracee) -> None:
    t.out += [cstr(t, t.args[0]), flags(t.iarg(1), xlat("fsopen_flags"), "FSOPEN_???")]


_KEY_CMDS = (0, 1, 2, 3, 4, 5)  # SET_FLAG .. SET_FD: the key is a string


@syscall("fsconfig")
def fsconfig(t: Tracee) -> None:
    cmd, key, value, aux = t.iarg(1), t.args[2], t.args[3], t.sarg(4)
    out = t.out
    out += [fd(t, t.args[0]), xval(cmd, xlat("fsconfig_cmds"), "FSCONFIG_???")]
    out.append(cstr(t, key, min(256, t.cfg.string_limit)) if cmd in _KEY_CMDS else addr(key))
    if cmd == 1:  # FSCONFIG_SET_STRING
        out.append(cstr(t, value, min(4096, t.cfg.string_limit)))
    elif cmd in (3, 4):  # SET_PATH, SET_PATH_EMPTY
        out.append(path(t, value))
    elif cmd == 2:  # SET_BINARY
        from ..printers import buf

        out.append(buf(t, value, aux))
    else:
        out.append(addr(value))
    if cmd in (3, 4):
        out.append(dirfd(t, aux))
    elif cmd == 5:
        out.append(fd(t, aux))
    else:
        out.append(str(aux))


@syscall("fsmount", ret=RVAL_FD)
def fsmount(t: Tracee) -> None:
    t.out += [
        fd(t, t.args[0]),
        flags(t.iarg(1), xlat("fsmount_flags"), "FSMOUNT_???"),
        flags(t.iarg(2), xlat("fsmount_attr_flags"), "MOUNT_ATTR_???"),
    ]


@syscall("fspick", ret=RVAL_FD)
def fspick(t: Tracee) -> None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]),
              flags(t.iarg(2), xlat("fspick_flags"), "FSPICK_???")]


@syscall("move_mount")
def move_mount(t: Tracee) -> None:
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), dirfd(t, t.args[2]), path(t, t.args[3]),
              flags(t.iarg(4), xlat("move_mount_flags"), "MOVE_MOUNT_???")]


@syscall("open_tree", ret=RVAL_FD)
def open_tree(t: Tracee) -> None:
    v = t.iarg(2)
    tree = flags(v & 0x80001, xlat("open_tree_flags"))
    rest = v & ~0x80001
    text = tree
    if rest or not tree:
        text += ("|" if tree else "") + flags(rest, xlat("at_flags"), "OPEN_TREE_???")
    t.out += [dirfd(t, t.args[0]), path(t, t.args[1]), text]
