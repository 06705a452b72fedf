"""Socket addresses as strace prints them (src/sockaddr.c): print_sockaddr, decode_sockaddr."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import printers
from ..ifnames import ifindex
from ..netorder import inet_addr, net_field, net_port, net_u32
from ..printers import hexval, xlat, xval
from ..quote import quote
from ._consts import consts, named

if TYPE_CHECKING:
    from ..tracee import Tracee

SOCKADDR_STORAGE, SIN6_MIN_LEN = consts("SOCKADDR_STORAGE_SIZE SIN6_SCOPE_ID_OFFSET")
AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, AF_VSOCK = named(
    "addrfams", "AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET AF_VSOCK")

_IN = struct.Struct("<H2s4s")  # family, port (network order), address
_IN6 = struct.Struct("<H2s4s16sI")
_NL = struct.Struct("<HHII")
_LL = struct.Struct("<H2siHBB8s")
_VM = struct.Struct("<HHII4s")


def uid(v: int) -> str:
    return "-1" if v == 0xFFFFFFFF else str(v)


def sll_protocol(raw: bytes) -> str:
    """sockaddr_ll's __be16 protocol: ``htons(ETH_P_IP)``, the name looked up as -X abbrev
    prints it whatever -X says (strace's print_sll_protocol)."""
    v = int.from_bytes(raw, "big")
    name = xlat("ethernet_protocols").get(v)
    return net_field(raw, f"htons({name or hexval(v) + ' /* ETH_P_??? */'})")


def _hex0(v: int, width: int) -> str:
    """PRINT_VAL_0X: C's ``%#0*x`` (zero has no 0x prefix there)."""
    return "%#0*x" % (width, v) if v else "0" * width


def _un(t: Tracee, buf: bytes, addrlen: int) -> str:
    path_len = min(addrlen, 110) - 2
    sun = buf[2:2 + max(path_len, 0)]
    if buf[2:3] != b"\0":
        end = sun.find(b"\0")
        return "sun_path=" + quote(sun if end < 0 else sun[:end], t.cfg.xflag)
    return "sun_path=@" + quote(sun[1:], t.cfg.xflag)


def _in(t: Tracee, buf: bytes, addrlen: int) -> str:
    _, port, a = _IN.unpack_from(buf)
    return "sin_port=" + net_port(port) + ", " + inet_addr(AF_INET, a, "sin_addr")


def _in6(t: Tracee, buf: bytes, addrlen: int) -> str:
    _, port, flow, a, scope = _IN6.unpack_from(buf)
    out = (
        "sin6_port=" + net_port(port) + ", sin6_flowinfo=" + net_u32(flow) + ", "
        + inet_addr(AF_INET6, a, "sin6_addr")
    )
    if addrlen <= SIN6_MIN_LEN:
        return out
    linklocal = a[0] == 0xFE and (a[1] & 0xC0) == 0x80
    mc_linklocal = a[0] == 0xFF and (a[1] & 0x0F) == 0x2
    return out + ", sin6_scope_id=" + (ifindex(scope) if linklocal or mc_linklocal else str(scope))


def _nl(t: Tracee, buf: bytes, addrlen: int) -> str:
    _, pad, pid, groups = _NL.unpack_from(buf)
    head = f"nl_pad={pad:#x}, " if pad else ""
    pid -= (pid & 0x80000000) << 1  # strace prints the port id signed (%d)
    return head + f"nl_pid={pid}, nl_groups={_hex0(groups, 8)}"


def _ll(t: Tracee, buf: bytes, addrlen: int) -> str:
    _, proto, idx, hatype, pkttype, halen, addr = _LL.unpack_from(buf)
    out = [
        "sll_protocol=" + sll_protocol(proto),
        "sll_ifindex=" + ifindex(idx),
        "sll_hatype=" + xval(hatype, xlat("arp_hardware_types"), "ARPHRD_???"),
        "sll_pkttype=" + xval(pkttype, xlat("af_packet_types"), "PACKET_???"),
        f"sll_halen={halen}",
    ]
    if halen:
        oob = addrlen - 12
        items = []
        full = buf[12:12 + halen]
        for i in range(halen):
            if i >= oob:
                items.append("...")
                break
            items.append(_hex0(full[i] if i < len(full) else 0, 2))
        out.append("sll_addr=[" + ", ".join(items) + "]")
    return ", ".join(out)


def _vm(t: Tracee, buf: bytes, addrlen: int) -> str:
    _, res1, port, cid, rest = _VM.unpack_from(buf)
    flags, zero = rest[0], rest[1:4]
    out = [f"svm_reserved1={res1:#x}"] if res1 else []
    out.append("svm_cid=" + xval(cid, xlat("vsock_cids")))
    out.append("svm_port=" + xval(port, xlat("vsock_ports")))
    out.append("svm_flags=" + printers.flags(flags, xlat("vsock_flags"), "VMADDR_FLAG_???"))
    if any(zero):
        out.append("svm_zero=" + quote(zero, 2))
    return ", ".join(out)


# family -> (printer, minimum address length)
_PRINTERS: dict[int, tuple[Callable[[Tracee, bytes, int], str], int]] = {
    AF_UNIX: (_un, 3),
    AF_INET: (_in, 16),
    AF_INET6: (_in6, SIN6_MIN_LEN),
    AF_NETLINK: (_nl, 12),
    AF_PACKET: (_ll, 20),
    AF_VSOCK: (_vm, 16),
}


def format_sockaddr(t: Tracee, buf: bytes, addrlen: int) -> str:
    """``{sa_family=AF_INET, ...}`` for ``addrlen`` bytes of address (print_sockaddr)."""
    buf = buf.ljust(SOCKADDR_STORAGE + 1, b"\0")
    family = buf[0] | buf[1] << 8
    out = "{sa_family=" + xval(family, xlat("addrfams"), "AF_???")
    if addrlen > 2:
        entry = _PRINTERS.get(family)
        if entry is not None and addrlen >= entry[1]:
            out += ", " + entry[0](t, buf, addrlen)
        else:
            out += ", sa_data=" + quote(buf[2:addrlen], t.cfg.xflag)
    return out + "}"


def decode_sockaddr(t: Tracee, a: int, addrlen: int) -> tuple[str, int]:
    """(text, family) for the address at ``a``; family -1 when only the pointer printed."""
    if addrlen < 2:
        return printers.addr(a), -1
    if addrlen > SOCKADDR_STORAGE:
        addrlen = SOCKADDR_STORAGE
    data = printers.read_struct(t, a, addrlen)
    if data is None:
        return printers.addr(a), -1
    return format_sockaddr(t, data, addrlen), data[0] | data[1] << 8
