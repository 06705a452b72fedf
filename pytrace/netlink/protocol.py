"""Which netlink protocol a tracee's descriptor speaks: /proc/PID/fd/N gives ``socket:[INODE]``,
/proc/PID/net/netlink maps the inode to its protocol (the ``Eth`` column)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..tracee import Tracee

_CACHE: dict[tuple[int, int, int], int | None] = {}


def socket_inode(pid: int, fd: int) -> int | None:
    try:
        link = os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None
    if not link.startswith("socket:[") or not link.endswith("]"):
        return None
    try:
        return int(link[8:-1])
    except ValueError:
        return None


def protocol_by_inode(pid: int, inode: int) -> int | None:
    """The protocol of the netlink socket ``inode`` in the network namespace of ``pid``."""
    for path in (f"/proc/{pid}/net/netlink", "/proc/net/netlink"):
        try:
            with open(path, "rb") as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if len(cols) >= 10 and cols[9] == b"%d" % inode:
                try:
                    return int(cols[1])
                except ValueError:
                    return None
    return None


def netlink_protocol(t: Tracee, fd: int) -> int | None:
    """The NETLINK_* protocol of ``fd`` in tracee ``t``, or None when it is no netlink socket."""
    pid = t.tgid or t.pid
    inode = socket_inode(pid, fd)
    if inode is None:
        return None
    key = (pid, fd, inode)
    if key in _CACHE:
        return _CACHE[key]
    proto = protocol_by_inode(pid, inode)
    if len(_CACHE) > 65536:
        _CACHE.clear()
    _CACHE[key] = proto
    return proto
