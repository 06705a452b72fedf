"""Netlink message decoding for the socket decoders (sendto, recvmsg, read, write ...).

``netlink_protocol(t, fd)`` says which NETLINK_* protocol a descriptor speaks (None: not
netlink); ``format_netlink(t, data, protocol, total_len)`` returns what strace 6.1 prints in
place of the buffer. Family decoders register themselves in ``message.PAYLOADS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import audit, crypto, generic, netfilter, route, selinux, sock_diag, spec  # noqa: F401
from .core import Ctx
from .message import NETLINK_KOBJECT_UEVENT, messages
from .protocol import netlink_protocol
from .uevent import uevent
from .value import netlink_value

if TYPE_CHECKING:
    from ..tracee import Tracee

__all__ = ["format_netlink", "format_bytes", "netlink_protocol", "netlink_value"]


def format_bytes(data: bytes, protocol: int, total_len: int | None = None, *, limit: int = 32,
                 verbose: bool = False, xflag: int = 0, addr: int = 0) -> str:
    """The strace text of a netlink buffer, without a tracee (tests, benchmarks)."""
    length = len(data) if total_len is None else total_len
    ctx = Ctx(limit=limit, abbrev=not verbose, xflag=xflag, protocol=protocol, addr=addr,
              avail=len(data))
    try:
        if protocol == NETLINK_KOBJECT_UEVENT:
            return uevent(ctx, data, length)
        return messages(ctx, data, length)
    except Exception:  # noqa: BLE001 - tracee bytes must never break the trace
        from .core import hexstr

        return hexstr(ctx, data, 0, length)


def format_netlink(t: Tracee, data: bytes, protocol: int, total_len: int, addr: int = 0) -> str:
    """What strace prints in place of a netlink buffer of ``total_len`` bytes (``data``: the
    bytes that could be read, at tracee address ``addr``)."""
    cfg = t.cfg
    if cfg.netlink_strict and not spec.STRICT:
        spec.STRICT = True  # --netlink=strace: strace 6.1's hex where pytrace goes deeper
    from ..decoders._modes import abbrev

    verbose = not abbrev(t)  # the current call's -e abbrev= / -v
    return format_bytes(data, protocol, total_len, limit=cfg.string_limit, verbose=verbose,
                        xflag=cfg.xflag, addr=addr)
