"""Helpers shared by the ioctl family modules (strace's umove_or_printaddr, printnum_int)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ... import printers
from .._umove import umove

if TYPE_CHECKING:
    from ...tracee import Tracee

# What a family decoder returns (strace's ioctl_decode protocol).
LATER = 0  # on entry: call me again on exit; on exit: the generic code prints the argument
PRINTED = 1  # I printed the argument (RVAL_IOCTL_DECODED)
DEFAULT = 2  # not mine: the generic code prints the argument in hex (RVAL_DECODED)

_I32 = struct.Struct("<i")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


def hexarg(v: int) -> str:
    return "%#x" % v if v else "0"


def num_int(t: Tracee, addr: int) -> str:
    """``[42]`` (printnum_int with %d)."""
    d = umove(t, addr, 4)
    return d if isinstance(d, str) else "[%d]" % _I32.unpack(d)[0]


def num_uint(t: Tracee, addr: int) -> str:
    d = umove(t, addr, 4)
    return d if isinstance(d, str) else "[%u]" % _U32.unpack(d)[0]


def num_u64(t: Tracee, addr: int) -> str:
    d = umove(t, addr, 8)
    return d if isinstance(d, str) else "[%u]" % _U64.unpack(d)[0]


def num_ulong(t: Tracee, addr: int) -> str:
    return num_u64(t, addr)


def req(name: str) -> int:
    """A request number from the generated table (``syscall_tables.gen_ioctl``)."""
    from .names import tables

    return int(tables().REQUESTS[name][0])


def reqs(names: str) -> list[int]:
    """The request numbers of the space-separated ``names``, in order."""
    return [req(n) for n in names.split()]


def bitflags(value: int, table: printers.Xlat, dflt: str | None = None) -> str:
    """Bit numbers as ``1<<NAME|1<<OTHER|0x...`` (strace's printflags over a bit-number xlat);
    under -X raw the number, under -X verbose the number with the names in a comment."""
    if printers.xlat_style == printers.STYLE_RAW:
        return printers.hexval(value)
    orig = value
    names = []
    for bit, name in table.pairs:
        if value >> bit & 1:
            names.append(f"1<<{name}")
            value &= ~(1 << bit)
    if printers.xlat_style == printers.STYLE_VERBOSE:
        if not names:
            return printers.hexval(orig) + (f" /* {dflt} */" if dflt and orig else "")
        if value:
            names.append(printers.hexval(value))
        return f"{printers.hexval(orig)} /* {'|'.join(names)} */"
    if value or not names:
        names.append(printers.hexval(value) + (f" /* {dflt} */" if dflt and not names and value else ""))
    return "|".join(names)


def cfield(t: Tracee, data: bytes) -> str:
    """A fixed-size char array as strace's print_quoted_cstring: up to size-1 bytes, ``...``
    when no NUL ends them."""
    from ...quote import quote

    nul = data.find(b"\0", 0, len(data) - 1)
    if nul < 0:
        return quote(data[:len(data) - 1], t.cfg.xflag) + "..."
    return quote(data[:nul], t.cfg.xflag)


def makedev(dev: int) -> str:
    """``makedev(0x8, 0x1)`` with glibc's major/minor split of a 64-bit dev_t; under -X raw the
    number, under -X verbose the number with ``makedev(...)`` in a comment."""
    if printers.xlat_style == printers.STYLE_RAW:
        return printers.hexval(dev)
    major = ((dev >> 8) & 0xFFF) | ((dev >> 32) & 0xFFFFF000)
    minor = (dev & 0xFF) | ((dev >> 12) & 0xFFFFFF00)
    text = f"makedev({printers.hexval(major)}, {printers.hexval(minor)})"
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{printers.hexval(dev)} /* {text} */"
    return text
