"""Quoting tracee bytes the way strace does, which also makes them safe for a terminal.

Printable ASCII passes through except ``"`` and ``\\``; \\t \\n \\v \\f \\r get their C escapes;
every other byte becomes octal (three digits when the next byte is an octal digit, else the
shortest form), or hex under -x (whole string, when any byte is not printable) and -xx (all).
No control byte and nothing outside ASCII ever leaves this module unescaped.
"""

from __future__ import annotations

import re

HEX_NONE = 0
HEX_NON_ASCII = 1  # -x
HEX_ALL = 2  # -xx
HEX_CHARS = 3  # --strings-in-hex=non-ascii-chars: the usual escapes, in hex instead of octal

_NEEDS_ESCAPE = re.compile(rb'[^\x20-\x21\x23-\x5b\x5d-\x7e]')
_NON_PRINTABLE_FOR_X = re.compile(rb"[^\x09-\x0d\x20-\x7e]")
_SIMPLE = {
    ord('"'): '\\"',
    ord("\\"): "\\\\",
    ord("\f"): "\\f",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\v"): "\\v",
}
_HEX = ["\\x%02x" % i for i in range(256)]


def _octal(c: int, next_is_digit: bool) -> str:
    if next_is_digit:
        return "\\%03o" % c
    return "\\%o" % c


def quote(data: bytes, xflag: int = HEX_NONE) -> str:
    """``data`` as a double-quoted C string, as strace prints it."""
    if xflag == HEX_ALL or (xflag == HEX_NON_ASCII and _NON_PRINTABLE_FOR_X.search(data)):
        return '"' + "".join([_HEX[c] for c in data]) + '"'
    if not _NEEDS_ESCAPE.search(data):
        return '"' + data.decode("ascii") + '"'
    out: list[str] = ['"']
    n = len(data)
    for i, c in enumerate(data):
        if 0x20 <= c < 0x7F and c != 0x22 and c != 0x5C:
            out.append(chr(c))
            continue
        simple = _SIMPLE.get(c)
        if simple is not None:
            out.append(simple)
            continue
        if xflag == HEX_CHARS:
            out.append(_HEX[c])
            continue
        nxt = data[i + 1] if i + 1 < n else 0
        out.append(_octal(c, 0x30 <= nxt <= 0x37))
    out.append('"')
    return "".join(out)


def escape_text(text: str, extra: bytes = b"") -> str:
    """``quote`` without the quotes around it (strace's QUOTE_OMIT_LEADING_TRAILING_QUOTES):
    ``"`` and ``\\`` escaped, control bytes and non-ASCII as octal, and the ``extra`` characters
    escaped too (-y/-Y annotations escape ``<`` and ``>``, as strace does)."""
    data = text.encode("utf-8", "surrogateescape")
    if not _NEEDS_ESCAPE.search(data) and not any(c in data for c in extra):
        return text
    out: list[str] = []
    n = len(data)
    for i, c in enumerate(data):
        if 0x20 <= c < 0x7F and c not in extra and c != 0x22 and c != 0x5C:
            out.append(chr(c))
            continue
        simple = _SIMPLE.get(c)
        if simple is not None:
            out.append(simple)
            continue
        nxt = data[i + 1] if i + 1 < n else 0
        out.append(_octal(c, 0x30 <= nxt <= 0x37))
    return "".join(out)


