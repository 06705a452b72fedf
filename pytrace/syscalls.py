"""Per-architecture syscall descriptors: generated tables joined with the registered decoders."""

from __future__ import annotations

from typing import TYPE_CHECKING

import syscall_tables

from .decoders import load_family
from .decoders._index import MODULE_OF
from .decoders.registry import DECODERS, RETURNS, RVAL_DECIMAL, Decoder

if TYPE_CHECKING:
    from .tracee import Tracee

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_I386 = 0x40000003


def printargs(t: Tracee) -> None:
    """What strace prints for a syscall it does not decode: each argument in hex."""
    out = t.out
    for v in t.args[: t.desc.nargs if t.desc is not None else 6]:
        out.append("%#x" % v if v else "0")


def _lazy(name: str) -> Decoder:
    """A stand-in that imports the family module of ``name`` on its first call, puts the real
    decoder (and its return format) in the descriptor, and decodes with it."""

    def first_call(t: Tracee) -> bool | None:
        desc = t.desc
        load_family(MODULE_OF[name])
        real = DECODERS.get(name, printargs)
        if desc is not None:
            for d in _all_descs(name):
                d.decode = real
                d.rfmt = RETURNS.get(name, RVAL_DECIMAL)
            t.rfmt = desc.rfmt
        return real(t)

    return first_call


def _all_descs(name: str) -> list[SyscallDesc]:
    return [d for tab in _TABLES.values() for d in (tab.by_name.get(name),) if d is not None]


class SyscallDesc:
    """One syscall of one architecture: its name, number, argument count, decoder, return
    format and trace classes; ``traced`` is set from -e trace= (a plain slotted class: a
    dataclass costs ~3 ms of start-up to build)."""

    __slots__ = ("name", "nr", "nargs", "decode", "rfmt", "classes", "traced", "known")

    def __init__(self, name: str, nr: int, nargs: int, decode: Decoder, rfmt: int,
                 classes: frozenset[str], traced: bool = True, known: bool = True) -> None:
        self.name = name
        self.nr = nr
        self.nargs = nargs
        self.decode = decode
        self.rfmt = rfmt
        self.classes = classes
        self.traced = traced
        self.known = known  # False: a number no table names (printed as syscall_0x1d6)

    def __repr__(self) -> str:
        return f"SyscallDesc(name={self.name!r}, nr={self.nr}, nargs={self.nargs}, traced={self.traced})"


def unknown_desc(nr: int) -> SyscallDesc:
    return SyscallDesc("syscall_%#x" % nr, nr, 6, printargs, RVAL_DECIMAL, frozenset(), True, False)


class SyscallTable:
    """The descriptors of one architecture, indexed by number."""

    def __init__(self, arch: str) -> None:
        mod = syscall_tables.arch_table(arch)
        self.arch: str = arch
        self.audit_arch: int = mod.AUDIT_ARCH
        classes_of: dict[str, set[str]] = {}
        for cls, members in mod.CLASSES.items():
            for name in members:
                classes_of.setdefault(name, set()).add(cls)
        size = max(mod.NAMES) + 1
        self.by_nr: list[SyscallDesc | None] = [None] * size
        self.by_name: dict[str, SyscallDesc] = {}
        for nr, name in mod.NAMES.items():
            decode = DECODERS.get(name)
            if decode is None:
                decode = _lazy(name) if name in MODULE_OF else printargs
            desc = SyscallDesc(
                name,
                nr,
                mod.NARGS.get(name, 6),
                decode,
                RETURNS.get(name, RVAL_DECIMAL),
                frozenset(classes_of.get(name, ())),
            )
            self.by_nr[nr] = desc
            self.by_name[name] = desc
        self._unknown: dict[int, SyscallDesc] = {}

    def lookup(self, nr: int) -> SyscallDesc:
        if 0 <= nr < len(self.by_nr):
            desc = self.by_nr[nr]
            if desc is not None:
                return desc
        desc = self._unknown.get(nr)
        if desc is None:
            desc = self._unknown[nr] = unknown_desc(nr)
        return desc

    def names(self) -> list[str]:
        return list(self.by_name)

    def class_members(self, cls: str) -> set[str]:
        return {d.name for d in self.by_name.values() if cls in d.classes}


_TABLES: dict[str, SyscallTable] = {}


def table(arch: str) -> SyscallTable:
    t = _TABLES.get(arch)
    if t is None:
        t = _TABLES[arch] = SyscallTable(arch)
    return t
