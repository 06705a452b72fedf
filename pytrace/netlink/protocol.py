"""Which netlink protocol a tracee's descriptor speaks: /proc/PID/fd/N gives ``socket:[INODE]``
and its ``system.sockprotoname`` xattr says NETLINK (strace's getfdproto); /proc/PID/net/netlink
maps the inode to its protocol (the ``Eth`` column). A netlink socket not bound yet is in no
table: its protocol is -1 (strace 6.1's get_fd_nl_family), and that miss is not cached, as
strace caches only the sockets it found (the kernel autobinds one on its first send)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..tracee import Tracee

_CACHE: dict[tuple[int, int, int], int | None] = {}
UNKNOWN = -1  # a netlink socket whose protocol no table gives (not bound yet)


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


def is_netlink(pid: int, fd: int) -> bool:
    """Whether ``fd`` of ``pid`` is a netlink socket (its ``system.sockprotoname`` xattr)."""
    try:
        return os.getxattr(f"/proc/{pid}/fd/{fd}", "system.sockprotoname").rstrip(b"\0") == b"NETLINK"
    except OSError:
        return False


def netlink_protocol(t: Tracee, fd: int) -> int | None:
    """The NETLINK_* protocol of ``fd`` in tracee ``t``, ``UNKNOWN`` (-1) for a netlink socket
    no table lists yet, or None when it is no netlink socket."""
    pid = t.tgid or t.pid
    inode = socket_inode(pid, fd)
    if inode is None:
        return None
    key = (pid, fd, inode)
    if key in _CACHE:
        return _CACHE[key]
    proto = protocol_by_inode(pid, inode)
    if proto is None:
        if is_netlink(pid, fd):
            return UNKNOWN  # not cached: looked up again once the socket is bound
    if len(_CACHE) > 65536:
        _CACHE.clear()
    _CACHE[key] = proto
    return proto
