"""Signal names as strace prints them (from the generated table)."""

from __future__ import annotations

from functools import cache

from syscall_tables.generated.signals import SIGNAL_NAMES, SIGNAL_NUMBERS

__all__ = ["SIGNAL_NAMES", "SIGNAL_NUMBERS", "signame", "signum"]


@cache
def signame(sig: int) -> str:
    """``SIGCHLD``; a number nobody names prints as strace prints it (``33``)."""
    name = SIGNAL_NAMES.get(sig)
    return name if name is not None else str(sig)


def signum(name: str) -> int | None:
    """The number of ``SIGTERM``, ``TERM`` or ``15``; None when it names no signal."""
    if name.isdigit():
        return int(name)
    key = name.upper()
    if not key.startswith("SIG"):
        key = "SIG" + key
    return SIGNAL_NUMBERS.get(key)
