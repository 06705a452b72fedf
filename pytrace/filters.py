"""The -e expression grammar: trace=, signal=, status= sets, as strace qualifies them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .config import STATUS_ALL
from .signals import signum

if TYPE_CHECKING:
    from .syscalls import SyscallTable

# Class names strace accepts without the leading %.
_LEGACY_CLASSES = {
    "file": "%file",
    "ipc": "%ipc",
    "network": "%net",
    "process": "%process",
    "signal": "%signal",
    "desc": "%desc",
    "memory": "%memory",
}
_CLASS_ALIASES = {"%network": "%net"}


class FilterError(Exception):
    pass


def _split(spec: str) -> tuple[bool, list[str]]:
    negate = False
    while spec.startswith("!"):
        negate = not negate
        spec = spec[1:]
    return negate, [s for s in spec.split(",")]


def parse_trace_set(spec: str, table: SyscallTable, *more: SyscallTable) -> set[str] | None:
    """Syscall names selected by ``spec``; None means all of them. Names and classes resolve
    against every table given (as strace's do against every personality: ``stat64`` is a
    valid name on x86_64, for the i386 calls a 64-bit process makes); numbers against the
    first."""
    negate, items = _split(spec)
    tables = (table, *more)
    all_names = {n for tab in tables for n in tab.names()}
    chosen: set[str] = set()
    everything = False
    for item in items:
        optional = False
        while item.startswith("?"):
            optional = True
            item = item[1:]
        if item == "all":
            everything = True
            continue
        if item == "none":
            continue
        if item == "":
            raise FilterError("invalid system call ''")
        cls = _CLASS_ALIASES.get(item, item)
        cls = _LEGACY_CLASSES.get(cls, cls)
        if cls.startswith("%"):
            members = {n for tab in tables for n in tab.class_members(cls)}
            if not members and cls not in _known_classes(table):
                if optional:
                    continue
                raise FilterError(f"invalid system call '{item}'")
            chosen |= members
            continue
        if item.startswith("/"):
            try:
                rx = re.compile(item[1:])
            except re.error:
                raise FilterError(f"invalid system call '{item}'") from None
            found = {n for n in all_names if rx.search(n)}
            if not found and not optional:
                raise FilterError(f"invalid system call '{item}'")
            chosen |= found
            continue
        if item in all_names:
            chosen.add(item)
        elif item.isdigit():
            desc = table.lookup(int(item))
            chosen.add(desc.name)
        elif not optional:
            raise FilterError(f"invalid system call '{item}'")
    if everything:
        chosen = set(all_names)
    if negate:
        chosen = all_names - chosen
    if chosen == all_names:
        return None
    return chosen


def _known_classes(table: SyscallTable) -> set[str]:
    known: set[str] = set()
    for d in table.by_name.values():
        known |= d.classes
    return known


def parse_signal_set(spec: str) -> frozenset[int] | None:
    negate, items = _split(spec)
    chosen: set[int] = set()
    every = set(range(1, 65))
    for item in items:
        if item == "all":
            chosen |= every
            continue
        if item == "none":
            continue
        n = signum(item)
        if n is None or not 0 < n <= 64:
            raise FilterError(f"invalid signal '{item}'")
        chosen.add(n)
    if negate:
        chosen = every - chosen
    return None if chosen == every else frozenset(chosen)


def parse_status_set(spec: str) -> frozenset[str]:
    negate, items = _split(spec)
    chosen: set[str] = set()
    for item in items:
        if item == "all":
            chosen |= STATUS_ALL
        elif item == "none":
            continue
        elif item in STATUS_ALL:
            chosen.add(item)
        else:
            raise FilterError(f"invalid status '{item}'")
    if negate:
        chosen = set(STATUS_ALL) - chosen
    return frozenset(chosen)
