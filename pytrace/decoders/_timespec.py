"""struct timespec / timeval / itimerspec / itimerval as strace prints them (print_timespec.h,
print_timeval.c): ``{tv_sec=0, tv_nsec=1000000}``; NULL, or the address when unreadable."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ._umove import umove, umove_any

if TYPE_CHECKING:
    from ..tracee import Tracee

_PAIR = struct.Struct("<qQ")  # tv_sec signed; tv_nsec / tv_usec zero-extended, printed unsigned
_TWO_PAIRS = struct.Struct("<qQqQ")
TIMESPEC_SIZE = _PAIR.size


def timespec_bytes(data: bytes, offset: int = 0) -> str:
    sec, nsec = _PAIR.unpack_from(data, offset)
    return f"{{tv_sec={sec}, tv_nsec={nsec}}}"


def timeval_bytes(data: bytes, offset: int = 0) -> str:
    sec, usec = _PAIR.unpack_from(data, offset)
    return f"{{tv_sec={sec}, tv_usec={usec}}}"


def timespec(t: Tracee, addr: int) -> str:
    """A ``struct timespec *`` argument."""
    if t.arch == "i386":
        from .compat32 import time32

        got = time32(t, addr, "timespec")
        if got is not None:
            return got
    data = umove(t, addr, _PAIR.size)
    return data if isinstance(data, str) else timespec_bytes(data)


def timeval(t: Tracee, addr: int) -> str:
    """A ``struct timeval *`` argument."""
    if t.arch == "i386":
        from .compat32 import time32

        got = time32(t, addr, "timeval")
        if got is not None:
            return got
    data = umove(t, addr, _PAIR.size)
    return data if isinstance(data, str) else timeval_bytes(data)


def timespec_any(t: Tracee, addr: int) -> str:
    """A ``struct timespec *`` input argument, read even when the call failed."""
    if t.arch == "i386":
        from .compat32 import time32

        got = time32(t, addr, "timespec_any")
        if got is not None:
            return got
    data = umove_any(t, addr, _PAIR.size)
    return data if isinstance(data, str) else timespec_bytes(data)


def timeval_any(t: Tracee, addr: int) -> str:
    """A ``struct timeval *`` input argument, read even when the call failed."""
    if t.arch == "i386":
        from .compat32 import time32

        got = time32(t, addr, "timeval_any")
        if got is not None:
            return got
    data = umove_any(t, addr, _PAIR.size)
    return data if isinstance(data, str) else timeval_bytes(data)


def itimerspec(t: Tracee, addr: int) -> str:
    """A ``struct itimerspec *``: ``{it_interval={...}, it_value={...}}``."""
    if t.arch == "i386":
        from .compat32 import time32

        got = time32(t, addr, "itimerspec")
        if got is not None:
            return got
    data = umove(t, addr, _TWO_PAIRS.size)
    if isinstance(data, str):
        return data
    return f"{{it_interval={timespec_bytes(data)}, it_value={timespec_bytes(data, 16)}}}"


def itimerval(t: Tracee, addr: int) -> str:
    """A ``struct itimerval *``: ``{it_interval={...}, it_value={...}}`` with tv_usec."""
    if t.arch == "i386":
        from .compat32 import time32

        got = time32(t, addr, "itimerval")
        if got is not None:
            return got
    data = umove(t, addr, _TWO_PAIRS.size)
    if isinstance(data, str):
        return data
    return f"{{it_interval={timeval_bytes(data)}, it_value={timeval_bytes(data, 16)}}}"
