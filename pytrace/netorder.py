"""Network-order fields as strace 6.1 prints them under -X abbrev|raw|verbose: ports and
32-bit values (PRINT_FIELD_NET_PORT, sin6_flowinfo, sll_protocol) and internet addresses
(print_inet_addr). Under -X raw the field's bytes print as a hex string, under -X verbose the
bytes and the abbreviated form as a comment: ``"\\x00\\x35" /* htons(53) */``."""

from __future__ import annotations

import socket

from . import printers
from .quote import HEX_ALL, quote

AF_INET = socket.AF_INET
AF_INET6 = socket.AF_INET6


def net_field(raw: bytes, text: str) -> str:
    """A network-order field whose abbreviated form is ``text`` (``htons(53)``)."""
    style = printers.xlat_style
    if style == printers.STYLE_ABBREV:
        return text
    if style == printers.STYLE_RAW:
        return quote(raw, HEX_ALL)
    return f"{quote(raw, HEX_ALL)} /* {text} */"


def net_port(raw: bytes) -> str:
    """A __be16 (PRINT_FIELD_NET_PORT): ``htons(N)``; ``raw`` is the field's 2 bytes."""
    return net_field(raw, "htons(%u)" % int.from_bytes(raw, "big"))


def net_u32(raw: bytes) -> str:
    """A __be32 printed as sin6_flowinfo is: ``htonl(N)``."""
    return net_field(raw, "htonl(%u)" % int.from_bytes(raw, "big"))


def inet_addr(af: int, raw: bytes, var: str | None) -> str:
    """print_inet_addr: ``var=inet_addr("127.0.0.1")``, ``inet_pton(AF_INET6, "::1", &var)``;
    ``raw`` is the whole field (idiag_src is 16 bytes for AF_INET too: -X raw prints them all);
    an unknown family prints ``var=`` and the bytes in hex."""
    size = 4 if af == AF_INET else 16 if af == AF_INET6 else 0
    head = f"{var}=" if var else ""
    if not size or len(raw) < size:
        return head + quote(raw, HEX_ALL)
    text = socket.inet_ntop(af, raw[:size])
    style = printers.xlat_style
    if af == AF_INET:
        text = f'inet_addr("{text}")'
    elif style == printers.STYLE_ABBREV:
        return f'inet_pton(AF_INET6, "{text}", &{var})' if var else f'inet_pton(AF_INET6, "{text}")'
    else:
        text = f'inet_pton(AF_INET6, "{text}")'
    if style == printers.STYLE_ABBREV:
        return head + text
    if style == printers.STYLE_RAW:
        return head + quote(raw, HEX_ALL)
    return f"{head}{quote(raw, HEX_ALL)} /* {text} */"


MAX_ADDR_LEN = 32

# strace's hwaddr_sizes (print_mac.c): ARPHRD type -> address length; others: the whole payload
_HW_SIZES = {
    "ARPHRD_NETROM": 7, "ARPHRD_ETHER": 6, "ARPHRD_AX25": 7, "ARPHRD_IEEE802": 6,
    "ARPHRD_ARCNET": 1, "ARPHRD_DLCI": 2, "ARPHRD_IEEE1394": 16, "ARPHRD_EUI64": 8,
    "ARPHRD_INFINIBAND": 20, "ARPHRD_SLIP": 0, "ARPHRD_ROSE": 5, "ARPHRD_X25": 0, "ARPHRD_CAN": 0,
    "ARPHRD_MCTP": 1, "ARPHRD_PPP": 0, "ARPHRD_RAWHDLC": 0, "ARPHRD_RAWIP": 0, "ARPHRD_TUNNEL": 4,
    "ARPHRD_TUNNEL6": 16, "ARPHRD_LOOPBACK": 6, "ARPHRD_LOCALTLK": 1, "ARPHRD_FDDI": 6,
    "ARPHRD_SIT": 4, "ARPHRD_IPDDP": 0, "ARPHRD_IPGRE": 4, "ARPHRD_PIMREG": 0, "ARPHRD_HIPPI": 6,
    "ARPHRD_IRDA": 4, "ARPHRD_IEEE80211": 6, "ARPHRD_IEEE80211_PRISM": 6,
    "ARPHRD_IEEE80211_RADIOTAP": 6, "ARPHRD_IEEE802154": 8, "ARPHRD_IEEE802154_MONITOR": 8,
    "ARPHRD_PHONET": 1, "ARPHRD_PHONET_PIPE": 1, "ARPHRD_CAIF": 0, "ARPHRD_IP6GRE": 16,
    "ARPHRD_NETLINK": 0, "ARPHRD_6LOWPAN": 8, "ARPHRD_VSOCKMON": 0,
}
_SIZE_BY_TYPE: dict[int, int] | None = None


def hwaddr_size(devtype: int) -> int:
    """How many bytes of a hardware address print_hwaddr shows for ARPHRD type ``devtype``."""
    global _SIZE_BY_TYPE
    if _SIZE_BY_TYPE is None:
        x = printers.xlat("arp_hardware_types")
        _SIZE_BY_TYPE = {v: _HW_SIZES[n] for v, n in x.pairs if n in _HW_SIZES}
    return _SIZE_BY_TYPE.get(devtype, 255)


def mac_addr(raw: bytes, shown: int | None = None) -> str:
    """A hardware address (print_mac_addr / print_hwaddr): ``00:11:22:33:44:55``; under -X raw
    every byte of ``raw`` as a hex string, under -X verbose both. ``shown``: how many bytes the
    colon form prints (print_hwaddr's per-ARPHRD size); an address longer than MAX_ADDR_LEN
    prints as a hex string in every style."""
    style = printers.xlat_style
    if len(raw) > MAX_ADDR_LEN:
        return quote(raw, HEX_ALL)
    text = ":".join(["%02x" % c for c in raw[:shown]])
    if style == printers.STYLE_ABBREV:
        return text
    if style == printers.STYLE_RAW:
        return quote(raw, HEX_ALL)
    return f"{quote(raw, HEX_ALL)} /* {text} */"


def const_value(value: int, name: str) -> str:
    """One named constant printed as strace's print_xlat(NAME) prints it: ``NLA_F_NESTED``;
    under -X raw ``0x8000``, under -X verbose ``0x8000 /* NLA_F_NESTED */``."""
    style = printers.xlat_style
    if style == printers.STYLE_ABBREV:
        return name
    if style == printers.STYLE_RAW:
        return "%#x" % value
    return "%#x /* %s */" % (value, name)
