"""Generated syscall, errno, signal and constant tables for pytrace.

Runtime API (nothing is imported until asked for):

- ``arch_table(name)``: the module ``syscall_tables.generated.<name>`` (``x86_64``, ``i386``,
  ``aarch64``, ``riscv64``) with ARCH, AUDIT_ARCH, NAMES, NARGS, SIGNATURES, CLASSES.
- ``xlat(name)``: the ``XLAT`` tuple of ``(value, "NAME")`` pairs of ``xlat/<name>.in``, in
  strace's order.
- ``errno_table()`` / ``signal_table()``: the generated errno and signal modules.

Regenerate with ``python -m syscall_tables.gen_syscalls`` and ``python -m syscall_tables.gen_consts``.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

ARCHES: tuple[str, ...] = ("x86_64", "i386", "aarch64", "riscv64")

__all__ = ["ARCHES", "arch_table", "errno_table", "signal_table", "xlat"]


@cache
def arch_table(name: str) -> ModuleType:
    """The generated table module for architecture ``name``."""
    if name not in ARCHES:
        raise KeyError(f"no syscall table for architecture {name!r}")
    return importlib.import_module(f"syscall_tables.generated.{name}")


@cache
def xlat(name: str) -> tuple[tuple[int, str], ...]:
    """The constants of xlat ``name`` as ``(value, NAME)`` pairs, in strace's order."""
    if not name.isidentifier():
        raise KeyError(name)
    try:
        module = importlib.import_module(f"syscall_tables.generated.xlat.{name}")
    except ModuleNotFoundError as exc:
        raise KeyError(f"no xlat named {name!r}") from exc
    xlat_table: tuple[tuple[int, str], ...] = module.XLAT
    return xlat_table


@cache
def errno_table() -> ModuleType:
    """``ERRNO_NAMES`` and ``ERRNO_MESSAGES``."""
    return importlib.import_module("syscall_tables.generated.errno")


@cache
def signal_table() -> ModuleType:
    """``SIGNAL_NAMES`` and ``SIGNAL_NUMBERS``."""
    return importlib.import_module("syscall_tables.generated.signals")
