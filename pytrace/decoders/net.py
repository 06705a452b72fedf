"""Socket syscalls (strace's src/net.c, src/msghdr.c, src/mmsghdr.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers
from ..printers import flags, hexval, xlat, xval
from ._consts import consts, named
from ._msghdr import (
    abbrev,
    decode_msghdr,
    mmsg_namelens,
    mmsgvec,
    msghdr_namelen,
    read_msghdr,
    sockbuf,
    verbose,
)
from ._sockaddr import (
    AF_INET,
    AF_INET6,
    AF_NETLINK,
    AF_PACKET,
    AF_VSOCK,
    SOCKADDR_STORAGE,
    decode_sockaddr,
    format_sockaddr,
    ifindex,
    inet_addr,
    uid,
)
from ._timespec import timespec_any
from ._umove import fetch
from .registry import EXIT_RVAL_ONLY, RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

SOCK_TYPE_MASK, AF_AX25 = consts("SOCK_TYPE_MASK AF_AX25")
SOL_IP, SOL_SOCKET, SOL_TCP, SOL_UDP, SOL_IPV6 = named("socketlayers", "SOL_IP SOL_SOCKET SOL_TCP SOL_UDP SOL_IPV6")
SOL_RAW, SOL_PACKET, SOL_NETLINK = named("socketlayers", "SOL_RAW SOL_PACKET SOL_NETLINK")
SO_LINGER, SO_PEERCRED, SO_ERROR = named("sock_options", "SO_LINGER SO_PEERCRED SO_ERROR")
IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP = named("sock_ip_options", "IP_ADD_MEMBERSHIP IP_DROP_MEMBERSHIP")
(NETLINK_LIST_MEMBERSHIPS,) = named("sock_netlink_options", "NETLINK_LIST_MEMBERSHIPS")
_INT = struct.Struct("<i")
_LINGER = struct.Struct("<ii")  # struct linger: l_onoff, l_linger
_UCRED = struct.Struct("<iII")  # struct ucred: pid, uid, gid
_IP_MREQ_SIZE = 8  # struct ip_mreq: two struct in_addr
_IPV6_MREQ = struct.Struct("<16sI")  # struct ipv6_mreq: in6_addr, interface index
_GR_GROUP_OFF = 8  # struct group_req: u32 gr_interface, padding, struct sockaddr_storage
_GROUP_REQ_SIZE = _GR_GROUP_OFF + SOCKADDR_STORAGE
MCAST_JOIN_GROUP, MCAST_LEAVE_GROUP = named("sock_ip_options", "MCAST_JOIN_GROUP MCAST_LEAVE_GROUP")
_IPV6_MREQ_NAMES = frozenset(named(
    "sock_ipv6_options",
    "IPV6_ADD_MEMBERSHIP IPV6_DROP_MEMBERSHIP IPV6_JOIN_ANYCAST IPV6_LEAVE_ANYCAST"))

# level -> (common table, setsockopt-only, getsockopt-only, default text)
_LEVELS: dict[int, tuple[str, str | None, str | None, str]] = {
    SOL_SOCKET: ("sock_options", "setsock_options", "getsock_options", "SO_???"),
    SOL_IP: ("sock_ip_options", "setsock_ip_options", "getsock_ip_options", "IP_???"),
    AF_VSOCK: ("sock_vsock_options", None, None, "SO_VM_???"),
    SOL_IPV6: ("sock_ipv6_options", "setsock_ipv6_options", "getsock_ipv6_options", "IPV6_???"),
    SOL_PACKET: ("sock_packet_options", None, None, "PACKET_???"),
    SOL_TCP: ("sock_tcp_options", None, None, "TCP_???"),
    SOL_RAW: ("sock_raw_options", None, None, "RAW_???"),
    SOL_NETLINK: ("sock_netlink_options", None, None, "NETLINK_???"),
    SOL_UDP: ("sock_udp_options", None, None, "UDP_???"),
}


def sock_type(v: int) -> str:
    """``SOCK_STREAM|SOCK_CLOEXEC`` (tprint_sock_type)."""
    name = xlat("socktypes").get(v & SOCK_TYPE_MASK)
    if name is not None:
        text = xval(v & SOCK_TYPE_MASK, xlat("socktypes"))
        rest = v & ~SOCK_TYPE_MASK
        if not rest:
            return text
        return text + "|" + flags(rest, xlat("sock_type_flags"), "SOCK_???")
    return flags(v, xlat("sock_type_flags"), "SOCK_???")


# Address family -> (protocol table, default text) as strace 6.1's socket() prints them;
# strace 6.1 prints AF_IRDA protocols from the CAN table.
_PROTO_TABLES = {
    "AF_IRDA": ("can_protocols", "IRDAPROTO_???"),
    "AF_CAN": ("can_protocols", "CAN_???"),
    "AF_BLUETOOTH": ("bt_protocols", "BTPROTO_???"),
    "AF_RXRPC": ("addrfams", "AF_???"),
    "AF_ISDN": ("isdn_protocols", "ISDN_P_???"),
    "AF_PHONET": ("phonet_protocols", "PN_PROTO_???"),
    "AF_CAIF": ("caif_protocols", "CAIFPROTO_???"),
    "AF_NFC": ("nfc_protocols", "NFC_SOCKPROTO_???"),
    "AF_KCM": ("kcm_protocols", "KCMPROTO_???"),
    "AF_SMC": ("smc_protocols", "SMCPROTO_???"),
}
_by_family: dict[int, tuple[str, str]] | None = None


def _family_tables() -> dict[int, tuple[str, str]]:
    global _by_family
    if _by_family is None:
        fams = xlat("addrfams")
        _by_family = {v: spec for n, spec in _PROTO_TABLES.items() if (v := fams.value_of(n)) is not None}
    return _by_family


def _protocol(domain: int, raw: int) -> str:
    """The protocol argument of socket() for ``domain`` (``raw``: the register value)."""
    proto = raw & 0xFFFFFFFF
    if domain in (AF_INET, AF_INET6):
        return xval(proto, xlat("inet_protocols"), "IPPROTO_???")
    if domain == AF_NETLINK:
        return xval(proto, xlat("netlink_protocols"), "NETLINK_???")
    if domain == AF_PACKET:
        p = ((proto & 0xFF) << 8) | ((proto >> 8) & 0xFF)
        return f"htons({xval(p, xlat('ethernet_protocols'), 'ETH_P_???')})"
    if domain == AF_AX25:  # always value /* name */, with the whole register
        name = xlat("ax25_protocols").get(raw)
        if printers.xlat_style == printers.STYLE_RAW:
            return hexval(raw)
        return f"{hexval(raw)} /* {name or 'AX25_P_???'} */"
    spec = _family_tables().get(domain)
    if spec is not None:
        return xval(proto, xlat(spec[0]), spec[1])
    return str(raw)


@syscall("socket", ret=RVAL_FD)
def socket(t: Tracee) -> None:
    domain, type_ = t.iarg(0), t.iarg(1)
    t.out += [xval(domain, xlat("addrfams"), "AF_???"), sock_type(type_), _protocol(domain, t.args[2])]


def _fd_pair(t: Tracee, a: int) -> str:
    if not a:
        return "NULL"
    if t.is_error:
        return printers.addr(a)
    raw = fetch(t, a, 8)
    if raw is None:
        return printers.addr(a)
    x, y = struct.unpack("<ii", raw)
    return f"[{printers.fd(t, x)}, {printers.fd(t, y)}]"


@syscall("socketpair")
def socketpair(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [xval(t.iarg(0), xlat("addrfams"), "AF_???"), sock_type(t.iarg(1)), str(t.iarg(2))]
        return True
    t.out.append(_fd_pair(t, t.args[3]))
    return None


@syscall("bind", "connect")
def bind(t: Tracee) -> None:
    t.out += [printers.fd(t, t.args[0]), decode_sockaddr(t, t.args[1], t.sarg(2))[0], str(t.sarg(2))]


@syscall("listen")
def listen(t: Tracee) -> None:
    t.out += [printers.fd(t, t.args[0]), str(t.sarg(1))]


@syscall("shutdown")
def shutdown(t: Tracee) -> None:
    t.out += [printers.fd(t, t.args[0]), xval(t.iarg(1), xlat("shutdown_modes"), "SHUT_???")]


def _read_int(t: Tracee, a: int) -> int | None:
    raw = t.mem.read(a, 4) if a else None
    return None if raw is None else _INT.unpack(raw)[0]


def _fetch_socklen(t: Tracee, sa: int, lenp: int) -> int | None:
    if not (verbose(t) and sa and lenp):
        return None
    return _read_int(t, lenp)


def _in_out_len(ulen: int, rlen: int) -> str:
    return f"[{ulen} => {rlen}]" if ulen != rlen else f"[{rlen}]"


def _sockname(t: Tracee, extra: str | None = None) -> bool | None:
    """accept/accept4/getsockname/getpeername (decode_sockname)."""
    if not t.exiting:
        t.out.append(printers.fd(t, t.args[0]))
        ulen = _fetch_socklen(t, t.args[1], t.args[2])
        if ulen is not None:
            t.data = ulen
            return True
        t.out += [printers.addr(t.args[1]), printers.addr(t.args[2])]
        if extra is not None:
            t.out.append(extra)
        return None
    ulen = t.data
    rlen = None if t.is_error else _read_int(t, t.args[2])
    if rlen is None:
        t.out += [printers.addr(t.args[1]), f"[{ulen}]"]
    else:
        t.out += [decode_sockaddr(t, t.args[1], min(ulen, rlen))[0], _in_out_len(ulen, rlen)]
    if extra is not None:
        t.out.append(extra)
    return None


@syscall("getsockname", "getpeername")
def getsockname(t: Tracee) -> bool | None:
    return _sockname(t)


@syscall("accept", ret=RVAL_FD)
def accept(t: Tracee) -> bool | None:
    return _sockname(t)


@syscall("accept4", ret=RVAL_FD)
def accept4(t: Tracee) -> bool | None:
    return _sockname(t, flags(t.iarg(3), xlat("sock_type_flags"), "SOCK_???"))


@syscall("sendto")
def sendto(t: Tracee) -> None:
    fd, length = t.sarg(0), t.args[2]
    addrlen = t.sarg(5)
    t.out += [
        printers.fd(t, t.args[0]),
        sockbuf(t, fd, t.args[1], length),
        str(length),
        flags(t.iarg(3), xlat("msg_flags"), "MSG_???"),
        decode_sockaddr(t, t.args[4], addrlen)[0],
        str(addrlen),
    ]


@syscall("recvfrom")
def recvfrom(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printers.fd(t, t.args[0]))
        t.data = _fetch_socklen(t, t.args[4], t.args[5])
        return True
    a, length = t.args[1], t.args[2]
    if t.is_error:
        t.out.append(printers.addr(a))
    else:
        t.out.append(sockbuf(t, t.sarg(0), a, min(t.rval & ((1 << 64) - 1), length)))
    t.out += [str(length), flags(t.iarg(3), xlat("msg_flags"), "MSG_???")]
    ulen = t.data
    rlen = _fetch_socklen(t, t.args[4], t.args[5])
    if rlen is None:
        t.out += [printers.addr(t.args[4]), printers.addr(t.args[5])]
    elif t.is_error:
        t.out += [printers.addr(t.args[4]), f"[{ulen}]"]
    else:
        ulen = rlen if ulen is None else ulen
        t.out += [decode_sockaddr(t, t.args[4], min(ulen, rlen))[0], _in_out_len(ulen, rlen)]
    return None


@syscall("sendmsg")
def sendmsg(t: Tracee) -> None:
    t.out += [
        printers.fd(t, t.args[0]),
        decode_msghdr(t, t.args[1], None, -1),
        flags(t.iarg(2), xlat("msg_flags"), "MSG_???"),
    ]


@syscall("recvmsg")
def recvmsg(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printers.fd(t, t.args[0]))
        raw = read_msghdr(t, t.args[1])
        if raw is not None:
            t.data = msghdr_namelen(t, raw)
            return True
        t.out += [printers.addr(t.args[1]), flags(t.iarg(2), xlat("msg_flags"), "MSG_???")]
        return None
    if t.is_error:
        t.out.append(f"{{msg_namelen={t.data}}}")
    else:
        t.out.append(decode_msghdr(t, t.args[1], t.data, t.rval))
    t.out.append(flags(t.iarg(2), xlat("msg_flags"), "MSG_???"))
    return None


@syscall("sendmmsg")
def sendmmsg(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printers.fd(t, t.args[0]))
        if verbose(t):
            return True
        t.out += [printers.addr(t.args[1]), str(t.iarg(2)), flags(t.iarg(3), xlat("msg_flags"), "MSG_???")]
        return None
    done = 0 if t.is_error else t.rval
    t.out += [
        mmsgvec(t, t.args[1], t.iarg(2), done, False, None),
        str(t.iarg(2)),
        flags(t.iarg(3), xlat("msg_flags"), "MSG_???"),
    ]
    return None



@syscall("recvmmsg")
def recvmmsg(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(printers.fd(t, t.args[0]))
        if verbose(t):
            t.data = (mmsg_namelens(t, t.args[1], t.iarg(2)), timespec_any(t, t.args[4]))
        else:  # -e verbose= leaves the call out: all printed now, exit sets only "(Timeout)"
            t.data = EXIT_RVAL_ONLY
            t.out += [
                printers.addr(t.args[1]), str(t.iarg(2)),
                flags(t.iarg(3), xlat("msg_flags"), "MSG_???"), timespec_any(t, t.args[4]),
            ]
        return True
    if isinstance(t.data, tuple):
        namelens, timeout = t.data
        n = (t.rval & 0xFFFFFFFF) if not t.is_error else 0xFFFFFFFF
        t.out += [
            mmsgvec(t, t.args[1], n, n, True, namelens, fetch=not t.is_error),
            str(t.iarg(2)),
            flags(t.iarg(3), xlat("msg_flags"), "MSG_???"),
            timeout,
        ]
    if t.is_error:
        return None
    if t.rval == 0:
        t.raux = " (Timeout)"
    elif isinstance(t.data, tuple) and t.args[4]:
        t.raux = f" (left {timespec_any(t, t.args[4])})"
    return None


# ------------------------------------------------------------------ socket options
def _optname(level: int, name: int, get: bool) -> str:
    entry = _LEVELS.get(level)
    if entry is None:
        return str(name)
    common, set_only, get_only, dflt = entry
    extra = get_only if get else set_only
    if printers.xlat_style != printers.STYLE_RAW:
        if xlat(common).get(name) is None and extra is not None and xlat(extra).get(name) is not None:
            return xval(name, xlat(extra), dflt)
    return xval(name, xlat(common), dflt)


def _fd_level_name(t: Tracee, get: bool) -> None:
    level, name = t.iarg(1), t.iarg(2)
    t.out += [
        printers.fd(t, t.args[0]),
        xval(level, xlat("socketlayers"), "SOL_??"),
        _optname(level, name, get),
    ]


def _int_at(t: Tracee, a: int) -> str:
    v = _read_int(t, a)
    return printers.addr(a) if v is None else f"[{v}]"


def _linger(t: Tracee, a: int, length: int) -> str:
    raw = t.mem.read(a, length)
    if raw is None:
        return printers.addr(a)
    onoff, linger = _LINGER.unpack(raw.ljust(_LINGER.size, b"\0"))
    fields = [f"l_onoff={onoff}"]
    if length >= _LINGER.size:
        fields.append(f"l_linger={linger}")
    return "{" + ", ".join(fields) + "}"


def _get_value(t: Tracee, level: int, name: int, a: int, ulen: int, rlen: int) -> str:
    if ulen <= 0 or rlen <= 0:
        return printers.addr(a)
    if a and verbose(t):
        if level == SOL_SOCKET and name == SO_LINGER:
            return _linger(t, a, min(rlen, _LINGER.size))
        if level == SOL_SOCKET and name == SO_PEERCRED:
            n = min(rlen, _UCRED.size)
            raw = t.mem.read(a, n)
            if raw is None:
                return printers.addr(a)
            vals = _UCRED.unpack(raw.ljust(_UCRED.size, b"\0"))
            texts = ["pid=" + printers.pid(t, vals[0]), f"uid={uid(vals[1])}", f"gid={uid(vals[2])}"]
            return "{" + ", ".join(texts[: (n + 3) // 4]) + "}"
        if level == SOL_SOCKET and name == SO_ERROR:
            raw = t.mem.read(a, min(rlen, 4))
            if raw is None:
                return printers.addr(a)
            from ..retval import errno_text

            err = int.from_bytes(raw.ljust(4, b"\0"), "little")
            return f"[{errno_text(err)[0]}]" if err else "[0]"
        if level == SOL_NETLINK:
            if name == NETLINK_LIST_MEMBERSHIPS:
                n = min(ulen, rlen) // 4
                raw = t.mem.read(a, n * 4)
                if raw is None:
                    return printers.addr(a)
                items = [str(v) for v in struct.unpack(f"<{n}I", raw)]
                if abbrev(t) and len(items) > t.cfg.string_limit:
                    items = [*items[: t.cfg.string_limit], "..."]
                return "[" + ", ".join(items) + "]"
            return _int_at(t, a)
    if verbose(t):
        return _int_at(t, a) if rlen == 4 else printers.buf(t, a, rlen)
    return printers.addr(a)


@syscall("getsockopt")
def getsockopt(t: Tracee) -> bool | None:
    if not t.exiting:
        _fd_level_name(t, True)
        ulen = _read_int(t, t.args[4]) if verbose(t) and t.args[4] else None
        if ulen is not None:
            t.data = ulen
            return True
        t.out += [printers.addr(t.args[3]), printers.addr(t.args[4])]
        return None
    ulen = t.data
    rlen = None if t.is_error else _read_int(t, t.args[4])
    if rlen is None:
        t.out += [printers.addr(t.args[3]), f"[{ulen}]"]
    else:
        t.out += [_get_value(t, t.iarg(1), t.iarg(2), t.args[3], ulen, rlen), _in_out_len(ulen, rlen)]
    return None


def _mreq(t: Tracee, a: int, length: int) -> str:
    """struct ip_mreq (print_mreq; an ip_mreqn prints its first two fields)."""
    raw = printers.read_struct(t, a, _IP_MREQ_SIZE) if length >= _IP_MREQ_SIZE else None
    if raw is None:
        return printers.addr(a)
    return "{" + inet_addr(AF_INET, raw[:4], "imr_multiaddr") + ", " + inet_addr(AF_INET, raw[4:], "imr_interface") + "}"


def _mreq6(t: Tracee, a: int, length: int) -> str:
    """struct ipv6_mreq (print_mreq6)."""
    raw = printers.read_struct(t, a, _IPV6_MREQ.size) if length >= _IPV6_MREQ.size else None
    if raw is None:
        return printers.addr(a)
    addr6, idx = _IPV6_MREQ.unpack(raw)
    return "{" + inet_addr(AF_INET6, addr6, "ipv6mr_multiaddr") + ", ipv6mr_interface=" + ifindex(idx) + "}"


def _group_req(t: Tracee, a: int, length: int) -> str:
    """struct group_req (print_group_req): only a buffer of exactly its size is decoded."""
    raw = printers.read_struct(t, a, _GROUP_REQ_SIZE) if length == _GROUP_REQ_SIZE else None
    if raw is None:
        return printers.addr(a)
    group = format_sockaddr(t, raw[_GR_GROUP_OFF:], SOCKADDR_STORAGE)
    return "{gr_interface=" + ifindex(_INT.unpack_from(raw)[0] & 0xFFFFFFFF) + ", gr_group=" + group + "}"


def _set_value(t: Tracee, level: int, name: int, a: int, length: int) -> str:
    if a and verbose(t):
        if level == SOL_SOCKET and name == SO_LINGER:
            return printers.addr(a) if length < _LINGER.size else _linger(t, a, _LINGER.size)
        if level == SOL_IP and name in (IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP):
            return _mreq(t, a, length)
        if level == SOL_IPV6 and name in _IPV6_MREQ_NAMES:
            return _mreq6(t, a, length)
        if level in (SOL_IP, SOL_IPV6) and name in (MCAST_JOIN_GROUP, MCAST_LEAVE_GROUP):
            return _group_req(t, a, length)
        if level == SOL_NETLINK:
            return printers.addr(a) if length < 4 else _int_at(t, a)
    if verbose(t):
        return _int_at(t, a) if length == 4 else printers.buf(t, a, length)
    return printers.addr(a)


@syscall("setsockopt")
def setsockopt(t: Tracee) -> None:
    _fd_level_name(t, False)
    length = t.sarg(4)
    t.out += [_set_value(t, t.iarg(1), t.iarg(2), t.args[3], length), str(length)]


