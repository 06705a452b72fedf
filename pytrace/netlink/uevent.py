"""NETLINK_KOBJECT_UEVENT: strace 6.1 prints the buffer as a string (printstrn)."""

from __future__ import annotations

from ..quote import quote
from .core import Ctx, unreadable


def uevent(ctx: Ctx, buf: bytes, length: int) -> str:
    n = length if length <= ctx.limit else ctx.limit
    data = buf[:n]
    if len(data) < n:
        return unreadable(ctx, 0)
    text = quote(data, ctx.xflag)
    return text + "..." if length > ctx.limit else text
