"""Interface indexes as strace 6.1 prints them (print_ifindex, PRINT_FIELD_IFINDEX)."""

from __future__ import annotations

import socket

from . import printers
from .quote import quote


def ifindex(i: int) -> str:
    """``if_nametoindex("lo")`` when the index names an interface (looked up in the tracer's
    network namespace, at print time, as strace does), else the number; under -X raw the
    number, under -X verbose ``1 /* if_nametoindex("lo") */``."""
    style = printers.xlat_style
    if style == printers.STYLE_RAW or not i:
        return str(i)
    try:
        name = socket.if_indextoname(i)
    except (OSError, OverflowError, ValueError):
        return str(i)
    text = "if_nametoindex(%s)" % quote(name.encode("utf-8", "surrogateescape"))
    return f"{i} /* {text} */" if style == printers.STYLE_VERBOSE else text
