"""The decoder registry: one entry point per syscall name, as strace's SYS_FUNC.

A decoder is ``def decode(t: Tracee) -> bool | None``. It is called on syscall entry with
``t.exiting`` False and appends each argument it prints to ``t.out`` as strace text. It returns
True when it has more to print on exit; it is then called again with ``t.exiting`` True and
appends the rest. It may set ``t.rfmt`` (how the return value prints) and ``t.raux`` (text
strace prints after the return value, such as ``(flags O_RDWR)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..tracee import Tracee

Decoder = Callable[["Tracee"], "bool | None"]

# How the return value prints (strace's RVAL_*).
RVAL_DECIMAL = 0
RVAL_HEX = 1
RVAL_OCTAL = 2
RVAL_UDECIMAL = 3
RVAL_FD = 4
RVAL_NONE = 5  # "= ?": the call does not return (exit, exit_group)
RVAL_TGID = 6

DECODERS: dict[str, Decoder] = {}
RETURNS: dict[str, int] = {}
# A decoder that needs the exit call only to set t.rfmt / t.raux (fcntl F_GETFL) sets
# t.data to this on entry: no ", " is printed after its entry arguments.
EXIT_RVAL_ONLY = object()
# Calls whose exit text continues the last entry argument (``[2] => [7]``) or that print only
# ``t.raux`` at exit (poll): no ", " after the entry arguments.
GLUED: set[str] = set()
# Calls whose separator after the entry arguments is printed at exit (strace's clone:
# ``flags=... <unfinished ...>`` then ``<... clone resumed>, child_tidptr=...``).
SEP_AT_EXIT: set[str] = set()


def syscall(
    *names: str, ret: int = RVAL_DECIMAL, glue: bool = False, sep_at_exit: bool = False
) -> Callable[[Decoder], Decoder]:
    """Register ``fn`` as the decoder of ``names``; ``ret`` is how their result prints;
    ``glue``: the exit text follows the entry text with no separator (see GLUED)."""

    def register(fn: Decoder) -> Decoder:
        for name in names:
            if name in DECODERS:
                raise ValueError(f"two decoders for {name}")
            DECODERS[name] = fn
            RETURNS[name] = ret
            if glue:
                GLUED.add(name)
            if sep_at_exit:
                SEP_AT_EXIT.add(name)
        return fn

    return register
