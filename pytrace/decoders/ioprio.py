"""ioprio_get, ioprio_set as strace 6.1 prints them (src/ioprio.c):
``IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)``; ioprio_get's result decoded after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import printers as P
from ..printers import const, xlat, xval
from .registry import EXIT_RVAL_ONLY, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

IOPRIO_CLASS_SHIFT = const("IOPRIO_CLASS_SHIFT")
IOPRIO_PRIO_MASK = (1 << IOPRIO_CLASS_SHIFT) - 1
IOPRIO_WHO_PROCESS = xlat("ioprio_who").value_of("IOPRIO_WHO_PROCESS")
IOPRIO_WHO_PGRP = xlat("ioprio_who").value_of("IOPRIO_WHO_PGRP")


def ioprio(v: int) -> str:
    """``IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)``; ``16388`` under -X raw, both under -X verbose."""
    if P.xlat_style == P.STYLE_RAW:
        return str(v)
    text = _value(v)
    return f"{v} /* {text} */" if P.xlat_style == P.STYLE_VERBOSE else text


def _value(v: int) -> str:
    cls = xval(v >> IOPRIO_CLASS_SHIFT, xlat("ioprio_class"), "IOPRIO_CLASS_???")
    return f"IOPRIO_PRIO_VALUE({cls}, {v & IOPRIO_PRIO_MASK})"


def _who(t: Tracee) -> list[str]:
    which, who = t.iarg(0), t.sarg(1)
    if which == IOPRIO_WHO_PROCESS:
        text = P.pid(t, who, "tid")
    elif which == IOPRIO_WHO_PGRP:
        text = P.pid(t, who, "pgid")
    else:
        text = str(who)
    return [xval(which, xlat("ioprio_who"), "IOPRIO_WHO_???"), text]


@syscall("ioprio_get")
def ioprio_get(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += _who(t)
        t.data = EXIT_RVAL_ONLY
        return True
    if not t.is_error and P.xlat_style != P.STYLE_RAW:
        t.raux = f" ({_value(t.rval & 0xFFFFFFFF)})"
    return None


@syscall("ioprio_set")
def ioprio_set(t: Tracee) -> None:
    t.out += _who(t)
    t.out.append(ioprio(t.iarg(2)))
