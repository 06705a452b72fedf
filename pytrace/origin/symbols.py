"""ELF objects as the origin resolver needs them: load segments, build-id and function symbols.

Symbols come from the object's .dynsym and .symtab and, when the object carries a build-id
note, from its debug file ``/usr/lib/debug/.build-id/xx/yyyy.debug`` (libc6-dbg). Each table is
a sorted address array searched with bisect; objects load lazily and stay cached by
(path, device, inode, mtime).
"""

from __future__ import annotations

import os
import struct
import time
from bisect import bisect_right
from typing import BinaryIO

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile

DEBUG_ROOT = "/usr/lib/debug/.build-id"
_SYM = struct.Struct("<IBBHQQ")  # Elf64_Sym: name, info, other, shndx, value, size
STT_FUNC = 2
STT_GNU_IFUNC = 10
STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2

# Seconds each object took to load (path -> seconds), for the benchmark.
load_times: dict[str, float] = {}


class SymbolTable:
    """Function symbols of one object, by virtual address."""

    __slots__ = ("addrs", "names")

    def __init__(self, entries: dict[int, tuple[tuple[int, ...], str]]) -> None:
        self.addrs = sorted(entries)
        self.names = [entries[a][1] for a in self.addrs]

    def __len__(self) -> int:
        return len(self.addrs)

    def lookup(self, vaddr: int) -> tuple[str, int] | None:
        """(function, offset) of the nearest symbol at or below ``vaddr``."""
        i = bisect_right(self.addrs, vaddr) - 1
        if i < 0:
            return None
        return self.names[i], vaddr - self.addrs[i]


def _read_symbols(f: BinaryIO, elf: ELFFile, secname: str, rank: int,
                  out: dict[int, tuple[tuple[int, ...], str]], strict_binding: bool) -> None:
    """Add the function symbols of section ``secname`` to ``out`` (best name per address)."""
    sec = elf.get_section_by_name(secname)
    if sec is None or sec["sh_type"] == "SHT_NOBITS":
        return
    strtab = elf.get_section(sec["sh_link"])
    if strtab is None or strtab["sh_type"] == "SHT_NOBITS":
        return
    data = sec.data()
    strs = strtab.data()
    for name_off, info, _other, shndx, value, _size in _SYM.iter_unpack(data[: len(data) // 24 * 24]):
        typ = info & 0xF
        if (typ != STT_FUNC and (strict_binding or typ != STT_GNU_IFUNC)) or shndx == 0 or value == 0:
            continue
        if strict_binding and value in out:  # as libunwind: the first symbol seen wins
            continue
        end = strs.find(b"\0", name_off)
        name = strs[name_off:end].decode("utf-8", "replace")
        if not name:
            continue
        bind = info >> 4
        bind_rank = 0 if bind == STB_GLOBAL else 1 if bind == STB_WEAK else 2
        # The public spelling: exported, fewer leading underscores, shorter, global.
        key = (rank, len(name) - len(name.lstrip("_")), len(name), bind_rank)
        old = out.get(value)
        if old is None or key < old[0]:
            out[value] = (key, name)


class ElfObject:
    """One mapped file: how file offsets become virtual addresses, and its symbols."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.segments: list[tuple[int, int, int]] = []  # (p_offset, p_vaddr, p_filesz)
        self.build_id: str | None = None
        self.debug_path: str | None = None
        self.is_elf = False
        self._symbols: SymbolTable | None = None
        self._dynsyms: SymbolTable | None = None
        self.cfi: object | None = None  # set by pytrace.origin.unwind
        try:
            with open(path, "rb") as f:
                elf = ELFFile(f)
                self.is_elf = True
                for seg in elf.iter_segments():
                    if seg["p_type"] == "PT_LOAD":
                        self.segments.append((seg["p_offset"], seg["p_vaddr"], seg["p_filesz"]))
                    elif seg["p_type"] == "PT_NOTE":
                        for note in seg.iter_notes():
                            if note["n_type"] == "NT_GNU_BUILD_ID":
                                self.build_id = str(note["n_desc"])
        except (OSError, ELFError, ValueError, struct.error):
            pass
        if self.build_id and len(self.build_id) > 2:
            p = os.path.join(DEBUG_ROOT, self.build_id[:2], self.build_id[2:] + ".debug")
            if os.path.exists(p):
                self.debug_path = p

    def file_to_vaddr(self, off: int) -> int:
        """The link-time virtual address of file offset ``off``."""
        for p_off, p_vaddr, p_filesz in self.segments:
            if p_off <= off < p_off + max(p_filesz, 1):
                return off - p_off + p_vaddr
        if self.segments:
            p_off, p_vaddr, _ = self.segments[0]
            return off - p_off + p_vaddr
        return off

    def _load(self, full: bool) -> SymbolTable:
        t0 = time.perf_counter()
        entries: dict[int, tuple[tuple[int, ...], str]] = {}
        try:
            with open(self.path, "rb") as f:
                elf = ELFFile(f)
                _read_symbols(f, elf, ".dynsym", 0, entries, not full)
                if full:
                    _read_symbols(f, elf, ".symtab", 1, entries, False)
        except (OSError, ELFError, ValueError, struct.error):
            pass
        if full and self.debug_path:
            try:
                with open(self.debug_path, "rb") as f:
                    _read_symbols(f, ELFFile(f), ".symtab", 1, entries, False)
            except (OSError, ELFError, ValueError, struct.error):
                pass
        table = SymbolTable(entries)
        load_times[self.path + ("" if full else " (dynsym)")] = time.perf_counter() - t0
        return table

    @property
    def symbols(self) -> SymbolTable:
        """Every function symbol, debug file included (names for --origin and the report)."""
        if self._symbols is None:
            self._symbols = self._load(True)
        return self._symbols

    @property
    def dynsyms(self) -> SymbolTable:
        """The object's own .dynsym then .symtab, first symbol per address (as strace -k)."""
        if self._dynsyms is None:
            t0 = time.perf_counter()
            entries: dict[int, tuple[tuple[int, ...], str]] = {}
            try:
                with open(self.path, "rb") as f:
                    elf = ELFFile(f)
                    _read_symbols(f, elf, ".dynsym", 0, entries, True)
                    _read_symbols(f, elf, ".symtab", 1, entries, True)
            except (OSError, ELFError, ValueError, struct.error):
                pass
            self._dynsyms = SymbolTable(entries)
            load_times[self.path + " (dynsym)"] = time.perf_counter() - t0
        return self._dynsyms


_objects: dict[tuple[str, int, int, int], ElfObject] = {}


def load_object(path: str) -> ElfObject | None:
    """The cached ElfObject of ``path`` (None when the file is gone)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (path, st.st_dev, st.st_ino, st.st_mtime_ns)
    obj = _objects.get(key)
    if obj is None:
        obj = ElfObject(path)
        _objects[key] = obj
    return obj
