"""nlmsghdr lists as strace 6.1 prints them (its src/netlink.c): types and flags per protocol,
NLMSG_ERROR with the echoed request, NLMSG_DONE, and dispatch of payloads to the families."""

from __future__ import annotations

from collections.abc import Callable

from .. import printers
from ..printers import Xlat, flags, xlat, xval
from .core import (
    HDR,
    NLM_F_CAPPED,
    NLMSG_DONE,
    NLMSG_ERROR,
    NLMSG_HDRLEN,
    NLMSG_MIN_TYPE,
    S32,
    Ctx,
    hexstr,
    nla_str,
    nla_u32,
    nlattrs,
    unreadable,
)

NETLINK_ROUTE = 0
NETLINK_SOCK_DIAG = 4
NETLINK_XFRM = 6
NETLINK_SELINUX = 7
NETLINK_AUDIT = 9
NETLINK_NETFILTER = 12
NETLINK_KOBJECT_UEVENT = 15
NETLINK_GENERIC = 16
NETLINK_CRYPTO = 21

# protocol -> (type table, its default)
_TYPES: dict[int, tuple[str, str]] = {
    NETLINK_AUDIT: ("nl_audit_types", "AUDIT_???"),
    NETLINK_CRYPTO: ("nl_crypto_types", "CRYPTO_MSG_???"),
    NETLINK_ROUTE: ("nl_route_types", "RTM_???"),
    NETLINK_SELINUX: ("nl_selinux_types", "SELNL_MSG_???"),
    NETLINK_SOCK_DIAG: ("nl_sock_diag_types", "SOCK_DIAG_???"),
    NETLINK_XFRM: ("nl_xfrm_types", "XFRM_MSG_???"),
}

# A family payload decoder: (ctx, type, flags, buf, off, length) -> text, or None (hex).
PayloadDecoder = Callable[[Ctx, int, int, bytes, int, int], "str | None"]
PAYLOADS: dict[int, PayloadDecoder] = {}
# A family's nlmsg_type printer, when it is not a plain table (generic, netfilter).
TYPE_PRINTERS: dict[int, Callable[[Ctx, int], str]] = {}

_COMBINED: dict[str, Xlat] = {}


def _flag_table(extra: str | None) -> Xlat:
    key = extra or ""
    x = _COMBINED.get(key)
    if x is None:
        pairs = xlat("netlink_flags").pairs + (xlat(extra).pairs if extra else ())
        x = _COMBINED[key] = Xlat("netlink_flags+" + key, pairs)
    return x


def _route_flags(t: int) -> str | None:
    if t == 0x31:  # RTM_DELACTION takes NLM_F_ROOT flags
        return "netlink_get_flags"
    return ("netlink_new_flags", "netlink_delete_flags", "netlink_get_flags", None)[t & 3]


_NEW, _DEL, _GET = "netlink_new_flags", "netlink_delete_flags", "netlink_get_flags"
_CRYPTO = {0x10: _NEW, 0x11: _DEL, 0x13: _GET, 0x14: _DEL}
_XFRM = {0x10: _NEW, 0x13: _NEW, 0x1E: _NEW, 0x22: _NEW, 0x24: _NEW,
         0x11: _DEL, 0x14: _DEL,
         0x12: _GET, 0x15: _GET, 0x1F: _GET, 0x23: _GET, 0x25: _GET}
# netfilter: (subsys, msg) -> table (strace's decode_nlmsg_flags_netfilter)
_NF = {
    **{(1, m): t for m, t in ((0, _NEW), (1, _GET), (2, _DEL), (3, _GET), (4, _GET), (5, _GET),
                              (6, _GET), (7, _GET))},
    **{(2, m): t for m, t in ((0, _NEW), (1, _GET), (2, _DEL), (3, _GET))},
    **{(7, m): t for m, t in ((0, _NEW), (1, _GET), (2, _GET), (3, _DEL))},
    **{(8, m): t for m, t in ((0, _NEW), (1, _GET), (2, _DEL))},
    **{(9, m): t for m, t in ((0, _NEW), (1, _GET), (2, _DEL))},
    **{(10, m): t for m, t in ((0, _NEW), (1, _GET), (2, _DEL), (3, _NEW), (4, _GET), (5, _DEL),
                               (6, _NEW), (7, _GET), (8, _DEL), (9, _NEW), (10, _GET), (11, _DEL),
                               (12, _NEW), (13, _GET), (14, _DEL), (15, _NEW), (16, _GET),
                               (18, _NEW), (19, _GET), (20, _DEL), (21, _GET), (22, _NEW),
                               (23, _GET), (24, _DEL))},
    (11, 0): _GET,
    (12, 0): _GET,  # NFNL_SUBSYS_HOOK: NFNL_MSG_HOOK_GET
}


def _flags_table(protocol: int, t: int) -> str | None:
    if t < NLMSG_MIN_TYPE:
        return "netlink_ack_flags" if t == NLMSG_ERROR else None
    if protocol == NETLINK_ROUTE:
        return _route_flags(t)
    if protocol == NETLINK_SOCK_DIAG:
        return _GET
    if protocol == NETLINK_CRYPTO:
        return _CRYPTO.get(t)
    if protocol == NETLINK_XFRM:
        return _XFRM.get(t)
    if protocol == NETLINK_NETFILTER:
        return _NF.get((t >> 8, t & 0xFF))
    return None


def flag_names(protocol: int, t: int, f: int) -> list[str]:
    """The names in nlmsg_flags as strace prints them (unnamed bits left out), for JSON."""
    table = _flag_table(_flags_table(protocol, t))
    return [n for v, n in table.pairs if v and f & v == v]


def msg_type(ctx: Ctx, t: int) -> str:
    protocol = ctx.protocol
    if t >= NLMSG_MIN_TYPE:
        printer = TYPE_PRINTERS.get(protocol)
        if printer is not None:
            return printer(ctx, t)
        table = _TYPES.get(protocol)
        if table is not None:
            return xval(t, xlat(table[0]), table[1])
    return xval(t, xlat("netlink_types"), "NLMSG_???")


def header(ctx: Ctx, buf: bytes, off: int) -> str:
    nlmsg_len, t, f, seq, pid = HDR.unpack_from(buf, off)
    return "{nlmsg_len=%u, nlmsg_type=%s, nlmsg_flags=%s, nlmsg_seq=%u, nlmsg_pid=%d}" % (
        nlmsg_len,
        msg_type(ctx, t),
        flags(f, _flag_table(_flags_table(ctx.protocol, t)), "NLM_F_???"),
        seq,
        pid - 0x100000000 if pid & 0x80000000 else pid,  # strace prints it signed
    )


_ERR_ATTRS = {1: nla_str, 2: nla_u32}


def _cookie(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    data = buf[off : off + length]
    if ctx.abbrev and len(data) > ctx.limit:
        return "[" + ", ".join([str(c) for c in data[: ctx.limit]]) + ", ...]"
    return "[" + ", ".join([str(c) for c in data]) + "]"


_ERR_ATTRS[3] = _cookie


def nlmsgerr(ctx: Ctx, buf: bytes, off: int, length: int, capped: bool) -> str:
    """struct nlmsgerr: the error, the echoed request (capped: header only), extended ack."""
    if length < 4:
        return hexstr(ctx, buf, off, length)
    if off + 4 > len(buf):
        return unreadable(ctx, off)
    err = S32.unpack_from(buf, off)[0]
    out = "{error=" + _errno(err)
    off += 4
    length -= 4
    if length:
        out += ", msg="
        if length < NLMSG_HDRLEN:
            return out + hexstr(ctx, buf, off, length) + "}"
        if off + NLMSG_HDRLEN > len(buf):
            return out + unreadable(ctx, off) + "}"
        mlen = HDR.unpack_from(buf, off)[0]
        payload = NLMSG_HDRLEN if capped else mlen
        if payload > length:
            payload = length
        out += one_message(ctx, buf, off, payload)
        if length > payload:  # strace 6.1: the extended ack after the struct, in an array
            return "[" + out + "}, " + nlattrs(ctx, buf, off + payload, length - payload,
                                               "nlmsgerr_attrs", "NLMSGERR_ATTR_???",
                                               _ERR_ATTRS) + "]"
    return out + "}"


def _errno(err: int) -> str:
    """nlmsgerr.error (print_err): ``-ENODEV``; under -X raw ``-19``, under -X verbose
    ``-19 /* -ENODEV */``; a number no errno names prints as the number."""
    if err < 0:
        from syscall_tables import errno_table

        name = errno_table().ERRNO_NAMES.get(-err)
        if name:
            style = printers.xlat_style
            if style == printers.STYLE_ABBREV:
                return f"-{name}"
            if style == printers.STYLE_VERBOSE:
                return f"{err} /* -{name} */"
    return str(err)


def payload(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str:
    if t == NLMSG_ERROR:
        return nlmsgerr(ctx, buf, off, length, bool(f & NLM_F_CAPPED))
    if t >= NLMSG_MIN_TYPE or t == NLMSG_DONE:
        dec = PAYLOADS.get(ctx.protocol)
        if dec is not None:
            text = dec(ctx, t, f, buf, off, length)
            if text is not None:
                return text
    if t == NLMSG_DONE and length == 4:
        if off + 4 > len(buf):
            return unreadable(ctx, off)
        return str(S32.unpack_from(buf, off)[0])
    return hexstr(ctx, buf, off, length)


def one_message(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    """decode_nlmsghdr_with_payload: ``{hdr}`` or ``[{hdr}, payload]``."""
    nlmsg_len, t, f = HDR.unpack_from(buf, off)[:3]
    n = nlmsg_len if nlmsg_len < length else length
    hdr = header(ctx, buf, off)
    if n > NLMSG_HDRLEN:
        return "[" + hdr + ", " + payload(ctx, t, f, buf, off + NLMSG_HDRLEN, n - NLMSG_HDRLEN) + "]"
    return hdr


def messages(ctx: Ctx, buf: bytes, length: int) -> str:
    """decode_netlink: one message, or a list of them (cut after -s messages)."""
    off = 0
    out: list[str] = []
    is_array = False
    elt = 0
    while True:
        if length < NLMSG_HDRLEN:
            out.append(hexstr(ctx, buf, off, length))
            break
        if off + NLMSG_HDRLEN > len(buf):
            out.append(("..." + (" /* %#x */" % (ctx.addr + off) if ctx.addr else ""))
                       if is_array else unreadable(ctx, off))
            break
        if ctx.abbrev and elt == ctx.limit:
            out.append("...")
            break
        nlmsg_len = HDR.unpack_from(buf, off)[0]
        mlen = (nlmsg_len + 3) & ~3
        next_len = 0
        if nlmsg_len >= NLMSG_HDRLEN:
            next_len = length - mlen if length >= mlen else 0
        if next_len:
            is_array = True
        out.append(one_message(ctx, buf, off, length))
        if not next_len:
            break
        off += mlen
        length = next_len
        elt += 1
    text = ", ".join(out)
    return "[" + text + "]" if is_array else text
