"""Helpers shared by the ioctl family modules (strace's umove_or_printaddr, printnum_int)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

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
