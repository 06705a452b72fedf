"""nsfs ioctls (strace's src/nsfs.c): NS_GET_USERNS/PARENT return descriptors, NSTYPE a CLONE_NEW*."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ... import printers
from ..registry import RVAL_FD
from ._util import DEFAULT, LATER, PRINTED, reqs, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, NS_GET_OWNER_UID = reqs(
    "NS_GET_USERNS NS_GET_PARENT NS_GET_NSTYPE NS_GET_OWNER_UID")
NS_GET_MNTNS_ID = printers.const("NS_GET_MNTNS_ID")  # newer than the installed headers: constants.in


_NS_FLAG = {"cgroup": "CLONE_NEWCGROUP", "ipc": "CLONE_NEWIPC", "mnt": "CLONE_NEWNS",
            "net": "CLONE_NEWNET", "pid": "CLONE_NEWPID", "time": "CLONE_NEWTIME",
            "user": "CLONE_NEWUSER", "uts": "CLONE_NEWUTS"}


def _nstype(pid: int, fd: int) -> str | None:
    try:
        target = os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None
    name = _NS_FLAG.get(target.partition(":")[0])
    if name is None or printers.xlat("setns_types").value_of(name) is None:
        return None
    return name


def decode(t: Tracee, code: int, arg: int) -> int:
    if code in (NS_GET_USERNS, NS_GET_PARENT):
        t.rfmt = RVAL_FD
        return PRINTED
    if code == NS_GET_NSTYPE:
        # strace names the returned CLONE_NEW* type after the value. Nothing is printed at exit,
        # so the type is taken on entry from what the descriptor is (/proc/PID/fd: "net:[...]");
        # retval prints raux only for a successful call.
        name = _nstype(t.pid, t.sarg(0))
        if name:
            t.raux = f" ({name})"
        return PRINTED
    if code == NS_GET_OWNER_UID:
        if not t.exiting:
            return LATER
        d = umove(t, arg, 4)
        if isinstance(d, str):
            t.out.append(d)
        else:
            uid = int.from_bytes(d, "little")
            t.out.append("[-1]" if uid == 0xFFFFFFFF else f"[{uid}]")
        return PRINTED
    if code == NS_GET_MNTNS_ID:
        if not t.exiting:
            return LATER
        d = umove(t, arg, 8)
        t.out.append(d if isinstance(d, str) else "[%#x]" % int.from_bytes(d, "little"))
        return PRINTED
    return DEFAULT
