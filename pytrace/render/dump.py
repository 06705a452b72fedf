"""-e read=SET / -e write=SET: full hex and ASCII dumps of the data read from or written to
the chosen descriptors, printed under the syscall line as strace prints them:

     | 00000  7f 45 4c 46 02 01 01 03  00 00 00 00 00 00 00 00  .ELF............ |
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import SyscallEvent
    from ..tracee import Tracee

# What each call moves: (buffer argument, how its length is known). "rval": the bytes the
# call returned; "arg": the count argument (writes are dumped as asked, as strace does).
READS = {"read": (1, "rval"), "pread64": (1, "rval"), "recvfrom": (1, "rval"), "mq_timedreceive": (1, "rval")}
WRITES = {"write": (1, "arg"), "pwrite64": (1, "arg"), "sendto": (1, "arg"), "mq_timedsend": (1, "arg")}
READV = frozenset({"readv", "preadv", "preadv2"})
WRITEV = frozenset({"writev", "pwritev", "pwritev2"})
_IOVEC = struct.Struct("<QQ")
_MAX_IOV = 1024


def parse_fd_set(spec: str) -> frozenset[int] | None:
    """``1,2``, ``all``, ``none``, ``!3``; None means every descriptor."""
    negate = spec.startswith("!")
    if negate:
        spec = spec[1:]
    fds: set[int] = set()
    every = False
    for item in spec.split(","):
        if item == "all":
            every = True
        elif item == "none" or item == "":
            continue
        elif item.isdigit():
            fds.add(int(item))
        else:
            raise ValueError(f"invalid descriptor '{item}'")
    if every:
        return frozenset() if negate else None
    if negate:
        return None if not fds else frozenset(range(0, 1 << 16)) - frozenset(fds)
    return frozenset(fds)


def hexdump(data: bytes) -> str:
    out = []
    for off in range(0, len(data), 16):
        row = data[off : off + 16]
        hexpart = "".join("%02x " % b for b in row[:8])
        if len(row) > 8:
            hexpart += " " + "".join("%02x " % b for b in row[8:])
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in row)
        out.append(" | %05x  %s %s |\n" % (off, hexpart.ljust(49), text.ljust(16)))
    return "".join(out)


def _wanted(fdset: frozenset[int] | None, fd: int) -> bool:
    return fdset is None or fd in fdset


def dumps(t: Tracee, ev: SyscallEvent, read_fds: frozenset[int] | None | bool, write_fds: frozenset[int] | None | bool) -> str:
    """The dump lines for this call, or "": what was read, and what was asked to be written
    (a failed write is dumped too, as strace 6.1 does)."""
    if ev.retval is None:
        return ""
    name = ev.name
    fd = ev.raw_args[0] & 0xFFFFFFFF
    if read_fds is not False and ev.errno is None and _wanted(read_fds, fd):  # type: ignore[arg-type]
        if name in READS:
            return _plain(t, ev.raw_args[1], ev.retval)
        if name in READV:
            return _iov(t, ev.raw_args[1], ev.raw_args[2], ev.retval)
    if write_fds is not False and _wanted(write_fds, fd):  # type: ignore[arg-type]
        if name in WRITES:
            return _plain(t, ev.raw_args[1], ev.raw_args[2])
        if name in WRITEV:
            return _iov(t, ev.raw_args[1], ev.raw_args[2], -1)
    return ""


def _plain(t: Tracee, addr: int, length: int) -> str:
    if length <= 0:
        return ""
    data = t.mem.read(addr, length)
    return hexdump(data) if data is not None else ""


def _iov(t: Tracee, addr: int, count: int, upto: int) -> str:
    """Each segment dumped on its own (offsets restart), up to ``upto`` bytes in all (-1: all)."""
    if count <= 0 or count > _MAX_IOV:
        return ""
    raw = t.mem.read(addr, count * _IOVEC.size)
    if raw is None:
        return ""
    out = []
    left = upto
    for i in range(count):
        base, length = _IOVEC.unpack_from(raw, i * _IOVEC.size)
        if left >= 0:
            length = min(length, left)
            left -= length
        if length:
            out.append(_plain(t, base, length))
        if left == 0:
            break
    return "".join(out)
