"""Socket ioctls (strace's src/sock.c): struct ifreq, struct ifconf, integers."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import construct as cs

from ... import netorder, printers
from ...quote import quote
from .._modes import abbrev, verbose
from .._sockaddr import format_sockaddr
from ._util import DEFAULT, LATER, PRINTED, num_int, req, reqs, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

IFNAMSIZ = printers.const("IFNAMSIZ")
# struct ifreq: a 16-byte name and a 24-byte union.
Ifreq = cs.Struct("ifr_name" / cs.Bytes(IFNAMSIZ), "ifr_u" / cs.Bytes(24))
IFREQ_SIZE = Ifreq.sizeof()
Ifconf = cs.Struct("ifc_len" / cs.Int32sl, cs.Padding(4), "ifc_buf" / cs.Int64ul)
IFCONF = struct.Struct("<i4xQ")
_I32 = struct.Struct("<i")
_H = struct.Struct("<H")

SIOCADDRT, SIOCDELRT, SIOCRTMSG = reqs("SIOCADDRT SIOCDELRT SIOCRTMSG")
SIOCGIFNAME, SIOCSIFLINK, SIOCGIFCONF, SIOCGIFFLAGS, SIOCSIFFLAGS = reqs(
    "SIOCGIFNAME SIOCSIFLINK SIOCGIFCONF SIOCGIFFLAGS SIOCSIFFLAGS")
SIOCGIFADDR, SIOCSIFADDR, SIOCGIFDSTADDR, SIOCSIFDSTADDR = reqs(
    "SIOCGIFADDR SIOCSIFADDR SIOCGIFDSTADDR SIOCSIFDSTADDR")
SIOCGIFBRDADDR, SIOCSIFBRDADDR, SIOCGIFNETMASK, SIOCSIFNETMASK = reqs(
    "SIOCGIFBRDADDR SIOCSIFBRDADDR SIOCGIFNETMASK SIOCSIFNETMASK")
SIOCGIFMETRIC, SIOCSIFMETRIC, SIOCGIFMEM, SIOCSIFMEM, SIOCGIFMTU, SIOCSIFMTU = reqs(
    "SIOCGIFMETRIC SIOCSIFMETRIC SIOCGIFMEM SIOCSIFMEM SIOCGIFMTU SIOCSIFMTU")
SIOCSIFNAME, SIOCSIFHWADDR, SIOCGIFENCAP, SIOCSIFENCAP, SIOCGIFHWADDR = reqs(
    "SIOCSIFNAME SIOCSIFHWADDR SIOCGIFENCAP SIOCSIFENCAP SIOCGIFHWADDR")
SIOCGIFSLAVE, SIOCSIFSLAVE, SIOCADDMULTI, SIOCDELMULTI, SIOCGIFINDEX = reqs(
    "SIOCGIFSLAVE SIOCSIFSLAVE SIOCADDMULTI SIOCDELMULTI SIOCGIFINDEX")
SIOCSIFPFLAGS, SIOCGIFPFLAGS, SIOCDIFADDR, SIOCSIFHWBROADCAST, SIOCGIFCOUNT = reqs(
    "SIOCSIFPFLAGS SIOCGIFPFLAGS SIOCDIFADDR SIOCSIFHWBROADCAST SIOCGIFCOUNT")
SIOCGIFBR, SIOCSIFBR, SIOCGIFTXQLEN, SIOCSIFTXQLEN = reqs(
    "SIOCGIFBR SIOCSIFBR SIOCGIFTXQLEN SIOCSIFTXQLEN")
SIOCETHTOOL, SIOCGMIIPHY, SIOCGMIIREG, SIOCSMIIREG, SIOCWANDEV, SIOCOUTQNSD = reqs(
    "SIOCETHTOOL SIOCGMIIPHY SIOCGMIIREG SIOCSMIIREG SIOCWANDEV SIOCOUTQNSD")
SIOCGSKNS = req("SIOCGSKNS")
SIOCDARP, SIOCGARP, SIOCSARP, SIOCDRARP, SIOCGRARP, SIOCSRARP = reqs(
    "SIOCDARP SIOCGARP SIOCSARP SIOCDRARP SIOCGRARP SIOCSRARP")
SIOCGIFMAP, SIOCSIFMAP, SIOCADDDLCI, SIOCDELDLCI, SIOCGIFVLAN, SIOCSIFVLAN = reqs(
    "SIOCGIFMAP SIOCSIFMAP SIOCADDDLCI SIOCDELDLCI SIOCGIFVLAN SIOCSIFVLAN")
SIOCBONDENSLAVE, SIOCBONDRELEASE, SIOCBONDSETHWADDR, SIOCBONDSLAVEINFOQUERY = reqs(
    "SIOCBONDENSLAVE SIOCBONDRELEASE SIOCBONDSETHWADDR SIOCBONDSLAVEINFOQUERY")
SIOCBONDINFOQUERY, SIOCBONDCHANGEACTIVE = reqs("SIOCBONDINFOQUERY SIOCBONDCHANGEACTIVE")
SIOCBRADDBR, SIOCBRDELBR, SIOCBRADDIF, SIOCBRDELIF = reqs(
    "SIOCBRADDBR SIOCBRDELBR SIOCBRADDIF SIOCBRDELIF")
SIOCSHWTSTAMP, SIOCGHWTSTAMP = reqs("SIOCSHWTSTAMP SIOCGHWTSTAMP")
FIOSETOWN, SIOCSPGRP, FIOGETOWN, SIOCGPGRP, SIOCATMARK = reqs(
    "FIOSETOWN SIOCSPGRP FIOGETOWN SIOCGPGRP SIOCATMARK")
SIOCGSTAMP_OLD, SIOCGSTAMPNS_OLD = reqs("SIOCGSTAMP_OLD SIOCGSTAMPNS_OLD")
SIOCGSTAMP_NEW, SIOCGSTAMPNS_NEW = reqs("SIOCGSTAMP_NEW SIOCGSTAMPNS_NEW")

_ADDR_FIELD = {
    SIOCSIFADDR: "ifr_addr", SIOCGIFADDR: "ifr_addr", SIOCSIFDSTADDR: "ifr_dstaddr",
    SIOCGIFDSTADDR: "ifr_dstaddr", SIOCSIFBRDADDR: "ifr_broadaddr", SIOCGIFBRDADDR: "ifr_broadaddr",
    SIOCSIFNETMASK: "ifr_netmask", SIOCGIFNETMASK: "ifr_netmask",
}
_HWADDR = frozenset({SIOCADDMULTI, SIOCDELMULTI, SIOCGIFHWADDR, SIOCSIFHWADDR, SIOCSIFHWBROADCAST})
_INT_FIELD = {SIOCGIFINDEX: "ifr_ifindex", SIOCSIFMETRIC: "ifr_metric", SIOCGIFMETRIC: "ifr_metric",
              SIOCSIFMTU: "ifr_mtu", SIOCGIFMTU: "ifr_mtu", SIOCSIFTXQLEN: "ifr_qlen",
              SIOCGIFTXQLEN: "ifr_qlen"}
_SETTERS = frozenset({SIOCADDMULTI, SIOCDELMULTI, SIOCSIFADDR, SIOCSIFBRDADDR, SIOCSIFDSTADDR,
                      SIOCSIFFLAGS, SIOCSIFHWADDR, SIOCSIFHWBROADCAST, SIOCSIFMAP, SIOCSIFMETRIC,
                      SIOCSIFMTU, SIOCSIFNAME, SIOCSIFNETMASK, SIOCSIFSLAVE, SIOCSIFTXQLEN})
_GETTERS = frozenset({SIOCGIFADDR, SIOCGIFBRDADDR, SIOCGIFDSTADDR, SIOCGIFFLAGS, SIOCGIFHWADDR,
                      SIOCGIFINDEX, SIOCGIFMAP, SIOCGIFMETRIC, SIOCGIFMTU, SIOCGIFNAME,
                      SIOCGIFNETMASK, SIOCGIFSLAVE, SIOCGIFTXQLEN})
_ADDR_ONLY = frozenset({SIOCADDDLCI, SIOCADDRT, SIOCBONDCHANGEACTIVE, SIOCBONDENSLAVE,
                        SIOCBONDINFOQUERY, SIOCBONDRELEASE, SIOCBONDSETHWADDR, SIOCBONDSLAVEINFOQUERY,
                        SIOCDARP, SIOCDELDLCI, SIOCDELRT, SIOCDIFADDR, SIOCDRARP, SIOCETHTOOL, SIOCGARP,
                        SIOCGHWTSTAMP, SIOCGIFBR, SIOCGIFCOUNT, SIOCGIFMEM, SIOCGIFPFLAGS, SIOCGIFVLAN,
                        SIOCGMIIPHY, SIOCGMIIREG, SIOCGRARP, SIOCGSKNS, SIOCGSTAMP_OLD, SIOCGSTAMP_NEW,
                        SIOCGSTAMPNS_OLD, SIOCGSTAMPNS_NEW, SIOCRTMSG, SIOCSARP, SIOCSHWTSTAMP,
                        SIOCSIFBR, SIOCSIFLINK, SIOCSIFMEM, SIOCSIFPFLAGS, SIOCSIFVLAN, SIOCSMIIREG,
                        SIOCSRARP, SIOCWANDEV})


def _cstring(t: Tracee, raw: bytes) -> str:
    nul = raw.find(b"\0")
    if nul < 0:
        return quote(raw, t.cfg.xflag) + "..."
    return quote(raw[:nul], t.cfg.xflag)


def sockaddr(t: Tracee, raw: bytes) -> str:
    """The 16-byte struct sockaddr inside ifreq: print_sockaddr over its 16 bytes (a sockaddr_in6
    or sockaddr_ll is longer: sa_data)."""
    return format_sockaddr(t, raw[:16], 16)


def _hwaddr(raw: bytes) -> str:
    """ifr_hwaddr: sa_data as print_hwaddr prints it (all 14 bytes under -X raw, the ARPHRD
    type's address length in the colon form)."""
    fam = _H.unpack_from(raw)[0]
    fam_text = printers.xval(fam, printers.xlat("arp_hardware_types"), "ARPHRD_???")
    data = raw[2:16]
    return "{sa_family=" + fam_text + ", sa_data=" + netorder.mac_addr(data, netorder.hwaddr_size(fam)) + "}"


def _map(raw: bytes) -> str:
    ms, me, ba, irq, dma, port = struct.unpack_from("<QQHBBB", raw)
    h = printers.hexval
    return (f"{{mem_start={h(ms)}, mem_end={h(me)}, base_addr={h(ba)}, irq={h(irq)}, "
            f"dma={h(dma)}, port={h(port)}}}")


def ifreq_field(t: Tracee, code: int, d: bytes) -> str | None:
    u = d[IFNAMSIZ:]
    if code in _ADDR_FIELD:
        return f"{_ADDR_FIELD[code]}={sockaddr(t, u[:16])}"
    if code in _HWADDR:
        return "ifr_hwaddr=" + _hwaddr(u[:16])
    if code in (SIOCSIFFLAGS, SIOCGIFFLAGS):
        fl = _H.unpack_from(u)[0]
        return "ifr_flags=" + printers.flags(fl, printers.xlat("iffflags"), "IFF_???")
    if code in _INT_FIELD:
        return f"{_INT_FIELD[code]}={_I32.unpack_from(u)[0]}"
    if code in (SIOCSIFSLAVE, SIOCGIFSLAVE):
        return "ifr_slave=" + _cstring(t, u[:16])
    if code == SIOCSIFNAME:
        return "ifr_newname=" + _cstring(t, u[:16])
    if code == SIOCGIFNAME:
        return "ifr_name=" + _cstring(t, d[:IFNAMSIZ])
    if code in (SIOCSIFMAP, SIOCGIFMAP):
        return "ifr_map=" + _map(u)
    return None


def _ifc_len(n: int) -> str:
    cnt = (n & 0xFFFFFFFF) // IFREQ_SIZE
    if n > 0 and cnt * IFREQ_SIZE == n:
        return f"{n} /* {cnt} * sizeof(struct ifreq) */"
    return str(n)


def _ifconf(t: Tracee, arg: int) -> int:
    if not t.exiting:
        # strace's decode_ifconf reads with umove, not umove_or_printaddr: decoded even when
        # -e verbose= leaves ioctl out
        d = t.mem.read(arg, IFCONF.size) if arg else None
        if d is None:
            t.out.append(printers.addr(arg))
            return PRINTED
        t.data = IFCONF.unpack(d)
        return LATER
    ent_len, ent_buf = t.data
    parts: list[str] = []
    d = t.mem.read(arg, IFCONF.size)
    if d is None or len(d) < IFCONF.size:
        if not ent_buf:
            parts.append("ifc_len=" + _ifc_len(ent_len))
        else:
            parts.append("ifc_len=" + _ifc_len(ent_len))
        parts.append("ifc_buf=" + printers.addr(ent_buf))
        t.out.append("{" + ", ".join(parts) + "}")
        return PRINTED
    n, buf = IFCONF.unpack(d)
    if ent_buf and ent_len != n:
        ln = _ifc_len(ent_len) + " => " + _ifc_len(n)
    elif ent_buf:
        ln = _ifc_len(ent_len)
    else:
        ln = _ifc_len(n)
    parts.append("ifc_len=" + ln)
    if not ent_buf or t.is_error or not verbose(t):  # -e verbose=: the array as its address
        b = "ifc_buf=" + printers.addr(ent_buf)
        if ent_buf != buf:
            b += " => " + printers.addr(buf)
        parts.append(b)
    else:
        parts.append("ifc_buf=" + _ifreq_array(t, buf, n // IFREQ_SIZE))
    t.out.append("{" + ", ".join(parts) + "}")
    return PRINTED


def _ifreq_array(t: Tracee, addr: int, count: int) -> str:
    if not addr:
        return "NULL"
    if count <= 0:
        return "[]"
    items: list[str] = []
    limit = count if not abbrev(t) else min(count, 1024)
    for i in range(limit):
        d = t.mem.read(addr + i * IFREQ_SIZE, IFREQ_SIZE)
        if d is None or len(d) < IFREQ_SIZE:
            items.append("... /* %#x */" % (addr + i * IFREQ_SIZE))
            break
        items.append(f"{{ifr_name={_cstring(t, d[:IFNAMSIZ])}, ifr_addr={sockaddr(t, d[16:32])}}}")
    return "[" + ", ".join(items) + "]"


def decode(t: Tracee, code: int, arg: int) -> int:
    out = t.out
    if code == SIOCGIFCONF:
        return _ifconf(t, arg)
    if code in (SIOCBRADDBR, SIOCBRDELBR):
        out.append(printers.cstr(t, arg, IFNAMSIZ))
    elif code in (FIOGETOWN, SIOCATMARK, SIOCGIFENCAP, SIOCGPGRP, SIOCOUTQNSD):
        if not t.exiting:
            return LATER
        out.append(num_int(t, arg))
    elif code in (FIOSETOWN, SIOCSIFENCAP, SIOCSPGRP):
        out.append(num_int(t, arg))
    elif code in (SIOCBRADDIF, SIOCBRDELIF):
        d = umove(t, arg, IFREQ_SIZE)
        out.append(d if isinstance(d, str) else f"{{ifr_ifindex={_I32.unpack_from(d, 16)[0]}}}")
    elif code in _SETTERS:
        d = umove(t, arg, IFREQ_SIZE)
        if isinstance(d, str):
            out.append(d)
        else:
            field = ifreq_field(t, code, d)
            out.append("{ifr_name=" + _cstring(t, d[:IFNAMSIZ]) + (", " + field if field else "") + "}")
    elif code in _GETTERS:
        if not t.exiting:
            d = umove(t, arg, IFREQ_SIZE)
            if isinstance(d, str):
                out.append(d)
                return PRINTED
            if code == SIOCGIFNAME:
                t.data = f"{{ifr_ifindex={_I32.unpack_from(d, 16)[0]}"
            else:
                t.data = "{ifr_name=" + _cstring(t, d[:IFNAMSIZ])
            return LATER
        text = t.data if isinstance(t.data, str) else "{"
        d = t.mem.read(arg, IFREQ_SIZE) if not t.is_error else None
        if d is not None and len(d) == IFREQ_SIZE:
            field = ifreq_field(t, code, d)
            if field:
                text += ", " + field
        out.append(text + "}")
    elif code in _ADDR_ONLY:
        out.append(printers.addr(arg))
    else:
        return DEFAULT
    return PRINTED
