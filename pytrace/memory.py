"""Reading tracee memory through a cached /proc/PID/mem descriptor.

Every read answers bytes or None; nothing here raises on tracee addresses. A read that starts
on an unmapped page fails; one that runs into one comes back short, so strings are read a page
at a time and stop at the first fault.
"""

from __future__ import annotations

import os

PAGE = 4096
_ADDR_MAX = (1 << 64) - 1


class Memory:
    """The address space of one tracee (shared by the threads of a process)."""

    __slots__ = ("pid", "_fd")

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._fd = -1

    def _open(self) -> int:
        try:
            self._fd = os.open(f"/proc/{self.pid}/mem", os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            self._fd = -1
        return self._fd

    def reopen(self) -> None:
        """After exec the old descriptor refers to the old address space."""
        self.close()

    def close(self) -> None:
        if self._fd >= 0:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = -1

    def read(self, addr: int, size: int) -> bytes | None:
        """Exactly ``size`` bytes at ``addr``, or None when any of them cannot be read."""
        if size <= 0:
            return b""
        fd = self._fd
        if fd >= 0 and 0 < addr <= _ADDR_MAX:  # the common case: one pread of the whole range
            try:
                data = os.pread(fd, size, addr)
            except (OSError, OverflowError):
                return None  # the first page is unreadable
            if len(data) == size:
                return data
            return None  # a short read: the range runs into an unreadable page
        data = self.read_upto(addr, size)
        if data is None or len(data) != size:
            return None
        return data

    def read_upto(self, addr: int, size: int) -> bytes | None:
        """Up to ``size`` bytes at ``addr``: short when the range runs into an unmapped page,
        None when not even the first byte is readable."""
        if addr <= 0 or addr > _ADDR_MAX or size <= 0:
            return None if size > 0 else b""
        fd = self._fd if self._fd >= 0 else self._open()
        if fd < 0:
            return None
        try:
            data = os.pread(fd, size, addr)
        except (OSError, OverflowError):
            data = b""
        if len(data) == size:
            return data
        # A fault part-way: collect what the pages before it hold.
        got = bytearray(data)
        pos = addr + len(got)
        while len(got) < size:
            chunk = min(size - len(got), PAGE - (pos % PAGE))
            try:
                part = os.pread(fd, chunk, pos)
            except (OSError, OverflowError):
                break
            if not part:
                break
            got += part
            pos += len(part)
            if len(part) < chunk:
                break
        return bytes(got) if got else None

    def read_cstring(self, addr: int, limit: int) -> tuple[bytes, bool] | None:
        """The NUL-terminated string at ``addr``, reading at most ``limit`` bytes.

        Returns (bytes without the NUL, terminated) or None if ``addr`` is unreadable.
        ``terminated`` is False when no NUL was found within ``limit`` bytes or before a fault.
        """
        if addr <= 0 or addr > _ADDR_MAX:
            return None
        fd = self._fd if self._fd >= 0 else self._open()
        if fd < 0:
            return None
        # Most strings are short and end within one small read: the loop's first step, inline.
        chunk = PAGE - (addr % PAGE)
        if chunk > 256:
            chunk = 256
        if chunk > limit:
            chunk = limit
        if chunk > 0:
            try:
                part = os.pread(fd, chunk, addr)
            except (OSError, OverflowError):
                return None
            nul = part.find(b"\0")
            if nul >= 0:
                return part[:nul], True
        out = b""
        pos = addr
        first = True
        while len(out) < limit:
            chunk = min(limit - len(out), PAGE - (pos % PAGE))
            if first:
                # Most strings are short: a small first read is cheaper than the page's rest.
                chunk = min(chunk, 256)
                first = False
            try:
                part = os.pread(fd, chunk, pos)
            except (OSError, OverflowError):
                part = b""
            if not part:
                if not out and pos == addr:
                    return None
                return out, False
            nul = part.find(b"\0")
            if nul >= 0:
                return out + part[:nul], True
            out += part
            pos += len(part)
            if len(part) < chunk:
                return out, False
        return out, False

    def read_words(self, addr: int, count: int, word: int = 8) -> list[int] | None:
        data = self.read(addr, count * word)
        if data is None:
            return None
        fmt = "<%d%s" % (count, "Q" if word == 8 else "I")
        import struct

        return list(struct.unpack(fmt, data))
