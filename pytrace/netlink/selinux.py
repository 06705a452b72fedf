"""NETLINK_SELINUX payloads as strace 6.1 prints them (its netlink_selinux.c):
struct selnl_msg_setenforce ``{val=N}`` and struct selnl_msg_policyload ``{seqno=N}``; shorter
payloads as hex, other types as hex."""

from __future__ import annotations

from ..printers import xlat
from . import message, value
from .core import S32, U32, Ctx, hexstr, unreadable

_TYPES = xlat("nl_selinux_types")
SELNL_MSG_SETENFORCE = _TYPES.value_of("SELNL_MSG_SETENFORCE")
SELNL_MSG_POLICYLOAD = _TYPES.value_of("SELNL_MSG_POLICYLOAD")


def selinux(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if t == SELNL_MSG_SETENFORCE:
        field, st = "val", S32
    elif t == SELNL_MSG_POLICYLOAD:
        field, st = "seqno", U32
    else:
        return None
    if length < 4:
        return hexstr(ctx, buf, off, length)
    if off + 4 > len(buf):
        return unreadable(ctx, off)
    return "{%s=%d}" % (field, st.unpack_from(buf, off)[0])


message.PAYLOADS[message.NETLINK_SELINUX] = selinux


def json_header(t: int, buf: bytes, off: int, length: int) -> dict | None:
    if t == SELNL_MSG_SETENFORCE and length >= 4 and off + 4 <= len(buf):
        return {"struct": "selnl_msg_setenforce", "val": S32.unpack_from(buf, off)[0]}
    if t == SELNL_MSG_POLICYLOAD and length >= 4 and off + 4 <= len(buf):
        return {"struct": "selnl_msg_policyload", "seqno": U32.unpack_from(buf, off)[0]}
    return None


value.HEADERS[message.NETLINK_SELINUX] = json_header
