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
