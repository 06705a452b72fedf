"""/proc/PID/maps, parsed once per address-space change and cached per process."""

from __future__ import annotations

import os
from bisect import bisect_right
from typing import NamedTuple


class Mapping(NamedTuple):
    start: int
    end: int
    perms: str
    offset: int  # file offset of ``start``
    inode: int
    path: str  # "" for anonymous memory, "[vdso]", "[heap]" ...


def parse_maps(text: str) -> list[Mapping]:
    """Rows of a maps file, in address order; malformed rows are skipped."""
    rows: list[Mapping] = []
    for line in text.splitlines():
        parts = line.split(None, 5)
        if len(parts) < 5:
            continue
        try:
            lo, hi = parts[0].split("-", 1)
            rows.append(
                Mapping(int(lo, 16), int(hi, 16), parts[1], int(parts[2], 16), int(parts[4]),
                        parts[5] if len(parts) > 5 else "")
            )
        except ValueError:
            continue
    return rows


class ProcessMaps:
    """The mappings of one process plus a start-address index for bisect."""

    __slots__ = ("rows", "starts", "exe")

    def __init__(self, rows: list[Mapping], exe: str | None) -> None:
        self.rows = rows
        self.starts = [m.start for m in rows]
        self.exe = exe

    def find(self, addr: int) -> Mapping | None:
        i = bisect_right(self.starts, addr) - 1
        if i >= 0:
            m = self.rows[i]
            if addr < m.end:
                return m
        return None


def read_maps(pid: int) -> ProcessMaps | None:
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
    except OSError:
        return None
    try:
        exe: str | None = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        exe = None
    if exe is not None and exe.endswith(" (deleted)"):
        exe = exe[: -len(" (deleted)")]
    return ProcessMaps(parse_maps(text), exe)


class MapsCache:
    """Maps per process (keyed by tgid), re-read after :meth:`invalidate` or on a miss."""

    def __init__(self) -> None:
        self._maps: dict[int, ProcessMaps] = {}

    def invalidate(self, pid: int) -> None:
        self._maps.pop(pid, None)

    def get(self, pid: int) -> ProcessMaps | None:
        pm = self._maps.get(pid)
        if pm is None:
            pm = read_maps(pid)
            if pm is not None:
                self._maps[pid] = pm
        return pm

    def find(self, pid: int, addr: int) -> tuple[Mapping | None, ProcessMaps | None]:
        """The mapping holding ``addr``; a miss in a cached table re-reads it once."""
        pm = self.get(pid)
        if pm is None:
            return None, None
        m = pm.find(addr)
        if m is None:
            self.invalidate(pid)
            pm = self.get(pid)
            if pm is not None:
                m = pm.find(addr)
        return m, pm
