"""futex (strace's src/futex.c), with FUTEX_WAKE_OP's encoded operation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, const, xlat, xval
from ._timespec import timespec
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

FUTEX_CLOCK_REALTIME = const("FUTEX_CLOCK_REALTIME")
FUTEX_OP_OPARG_SHIFT = 8
(FUTEX_WAIT, FUTEX_WAKE, FUTEX_FD, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP, FUTEX_LOCK_PI,
 FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, FUTEX_WAIT_REQUEUE_PI,
 FUTEX_CMP_REQUEUE_PI, FUTEX_LOCK_PI2) = range(14)
# strace's futexops table names these commands combined with FUTEX_CLOCK_REALTIME.
_REALTIME_OK = frozenset({0, 128, 9, 137, 11, 139})


def futex_op(op: int) -> str:
    ops = xlat("futexops")
    if op & FUTEX_CLOCK_REALTIME and (op & ~FUTEX_CLOCK_REALTIME) in _REALTIME_OK:
        return xval(op & ~FUTEX_CLOCK_REALTIME, ops) + "|FUTEX_CLOCK_REALTIME"
    return xval(op, ops, "FUTEX_???")


def wake_op(val3: int) -> str:
    """``FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1``."""
    parts = []
    if (val3 >> 28) & FUTEX_OP_OPARG_SHIFT:
        parts.append("FUTEX_OP_OPARG_SHIFT<<28")
    name = xlat("futexwakeops").get((val3 >> 28) & 7)
    parts.append(f"{name}<<28" if name else "%#x<<28 /* FUTEX_OP_??? */" % ((val3 >> 28) & 7))
    arg = (val3 >> 12) & 0xFFF
    parts.append(("%#x" % arg if arg else "0") + "<<12")
    name = xlat("futexwakecmps").get((val3 >> 24) & 0xF)
    cmp = (val3 >> 24) & 0xF
    parts.append(f"{name}<<24" if name else ("%#x" % cmp if cmp else "0") + "<<24 /* FUTEX_OP_CMP_??? */")
    parts.append("%#x" % (val3 & 0xFFF) if val3 & 0xFFF else "0")
    return "|".join(parts)


@syscall("futex")
def futex(t: Tracee) -> None:
    a = t.args
    op = t.sarg(1)
    cmd = op & 127
    val, val2, val3 = t.iarg(2), t.iarg(3), t.iarg(5)
    out = t.out
    out += [addr(a[0]), futex_op(op & 0xFFFFFFFF)]
    if cmd in (FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI):
        out += [str(val), timespec(t, a[3])]
        if cmd == FUTEX_WAIT_BITSET:
            out.append(xval(val3, xlat("futexbitset")))
        elif cmd == FUTEX_WAIT_REQUEUE_PI:
            out.append(addr(a[4]))
    elif cmd in (FUTEX_LOCK_PI, FUTEX_LOCK_PI2):
        out.append(timespec(t, a[3]))
    elif cmd == FUTEX_WAKE_BITSET:
        out += [str(val), xval(val3, xlat("futexbitset"))]
    elif cmd == FUTEX_REQUEUE:
        out += [str(val), str(val2), addr(a[4])]
    elif cmd in (FUTEX_CMP_REQUEUE, FUTEX_CMP_REQUEUE_PI):
        out += [str(val), str(val2), addr(a[4]), str(val3)]
    elif cmd == FUTEX_WAKE_OP:
        out += [str(val), str(val2), addr(a[4]), wake_op(val3)]
    elif cmd in (FUTEX_FD, FUTEX_WAKE):
        out.append(str(val))
    elif cmd in (FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI):
        pass
    else:
        out += [str(val), addr(a[3]), addr(a[4]), "%#x" % val3 if val3 else "0"]
