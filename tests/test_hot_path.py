"""The hot-path shortcuts print exactly what the general code prints, on real memory of this
process (read through /proc/self/mem): getdents64 counted from one read of the buffer, the
abbreviated struct stat printed without the named tuple, Memory.read in one pread. Buffers
cover overflowing and underflowing d_reclen, short tails and a buffer that runs into an
unmapped page."""

from __future__ import annotations

import ctypes
import mmap
import os
import struct

import pytest

from pytrace.config import TraceConfig
from pytrace.decoders import dirent, stat
from pytrace.memory import Memory
from pytrace.structs._layouts import STAT
from pytrace.tracee import Tracee

PAGE = mmap.PAGESIZE
_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long)
_libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)


def _tracee() -> Tracee:
    return Tracee(os.getpid(), TraceConfig())


def _two_pages_second_unmapped() -> int:
    """The address of a readable page followed by an unmapped one."""
    a = _libc.mmap(None, 2 * PAGE, 3, 0x22, -1, 0)  # PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS
    assert a not in (None, ctypes.c_void_p(-1).value)
    assert _libc.munmap(a + PAGE, PAGE) == 0
    return a


def _dirent64(name: bytes, reclen: int | None = None) -> bytes:
    size = (19 + len(name) + 1 + 7) & ~7
    rec = struct.pack("<QQHB", 7, 9, reclen if reclen is not None else size, 8) + name + b"\0"
    return rec.ljust(size, b"\0")


def _both(t: Tracee, a: int, length: int) -> tuple[str, str]:
    fast = dirent._dents(t, a, length, True)
    saved = dirent._count
    dirent._count = lambda *args: None  # type: ignore[assignment]
    try:
        slow = dirent._dents(t, a, length, True)
    finally:
        dirent._count = saved
    return fast, slow


@pytest.mark.parametrize(
    "records",
    [
        [b"a", b"bb", b"a-much-longer-name.txt"],
        [b"x"] * 50,
        [b"ok", (b"over", 4096)],  # d_reclen beyond the buffer
        [b"ok", (b"under", 5)],  # d_reclen below the header size
    ],
)
@pytest.mark.parametrize("cut", [0, 3, 30])
def test_getdents64_count_equals_entry_walk(records: list, cut: int) -> None:
    data = b"".join(_dirent64(r) if isinstance(r, bytes) else _dirent64(r[0], r[1]) for r in records)
    data = data[: len(data) - cut] if cut < len(data) else data
    buf = ctypes.create_string_buffer(data, len(data))
    fast, slow = _both(_tracee(), ctypes.addressof(buf), len(data))
    assert fast == slow
    assert "entries" in fast


def test_getdents64_buffer_running_into_unmapped_page() -> None:
    a = _two_pages_second_unmapped()
    rec = _dirent64(b"name")
    n = PAGE // len(rec)
    ctypes.memmove(a, rec * n, len(rec) * n)
    fast, slow = _both(_tracee(), a, len(rec) * n + 2 * len(rec))  # the length claims more
    assert fast == slow
    assert fast.endswith("+ entries */")
    fast, slow = _both(_tracee(), a + PAGE, 64)  # nothing readable at all
    assert fast == slow


@pytest.mark.parametrize("path", ["/dev/null", "/", "/proc/self/exe"])
def test_abbreviated_stat_equals_format_stat(path: str) -> None:
    buf = ctypes.create_string_buffer(STAT.size)
    assert _libc.syscall(262, -100, path.encode(), buf, 0) == 0  # newfstatat, real kernel bytes
    t = _tracee()
    t.exiting = True
    text = stat._statbuf(t, ctypes.addressof(buf))
    assert text == stat.format_stat(STAT.unpack(buf.raw), False)
    assert ("st_rdev=" in text) == (path == "/dev/null")


def test_stat_buffer_unmapped_or_truncated_prints_address() -> None:
    a = _two_pages_second_unmapped()
    t = _tracee()
    t.exiting = True
    for addr in (a + PAGE - 100, a + PAGE):  # runs into the unmapped page / starts there
        assert stat._statbuf(t, addr) == "%#x" % addr
    assert stat._statbuf(t, 0) == "NULL"


def test_memory_read_whole_short_and_unmapped() -> None:
    a = _two_pages_second_unmapped()
    ctypes.memmove(a, b"abcdef", 6)
    m = Memory(os.getpid())
    assert m.read(a, 6) == b"abcdef"
    assert m.read(a + PAGE - 4, 8) is None  # crosses into the unmapped page
    assert m.read(a + PAGE, 8) is None  # starts on it
    assert m.read(0, 8) is None
    assert m.read(a, 0) == b""
    assert m.read_upto(a + PAGE - 4, 8) == b"\0" * 4
    m.close()


def test_read_cstring_short_long_and_unmapped() -> None:
    a = _two_pages_second_unmapped()
    m = Memory(os.getpid())
    ctypes.memmove(a, b"short\0", 6)
    assert m.read_cstring(a, 4096) == (b"short", True)
    assert m.read_cstring(a, 3) == (b"sho", False)  # the limit comes before the NUL
    long = b"x" * 1000
    ctypes.memmove(a + 100, long + b"\0", 1001)
    assert m.read_cstring(a + 100, 4096) == (long, True)  # beyond the first small read
    ctypes.memmove(a + PAGE - 4, b"abcd", 4)  # no NUL before the unmapped page
    assert m.read_cstring(a + PAGE - 4, 4096) == (b"abcd", False)
    assert m.read_cstring(a + PAGE, 4096) is None
    assert m.read_cstring(a, 0) == (b"", False)
    m.close()
