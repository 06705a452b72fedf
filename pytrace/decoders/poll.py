"""poll and ppoll (strace's src/poll.c); select and pselect6 (the multiplexing half of
strace's src/desc.c): fd sets ``[3 4]``, ready sets ``(in [3], left {...})``."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, fd, flags, xlat
from ._modes import verbose
from ._print_array import abbrev, print_array
from ._sigset import sigset, sigset_bytes
from ._timespec import timespec, timeval, timeval_any
from ._umove import fetch
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_POLLFD = struct.Struct("<ihH")  # fd, events, revents


def _pollfd(t: Tracee):  # type: ignore[no-untyped-def]
    tab = xlat("pollflags")

    def elem(b: bytes) -> str:
        v, events, _ = _POLLFD.unpack(b)
        if v < 0:
            return f"{{fd={v}}}"
        return f"{{fd={fd(t, v)}, events={flags(events & 0xFFFF, tab, 'POLL???')}}}"

    return elem


def _entering(t: Tracee) -> None:
    nfds = t.iarg(1)
    t.out.append(print_array(t, t.args[0], nfds, _POLLFD.size, _pollfd(t)))
    t.out.append(str(nfds))



_CHUNK = 512  # pollfd elements read at a time at exit
_OUTSTR = 1024  # strace builds the exit text in a static buffer of this size
_RESERVE = 2 + 2 * 8 + len(", ], ...") + 1


def _exiting(t: Tracee, pts: int) -> None:
    if t.is_error:
        return
    if t.rval == 0:
        t.raux = " (Timeout)"
        return
    if not verbose(t):
        return  # strace 6.1 prints neither the ready fds nor "left ..." then
    nfds = t.iarg(1)
    start = t.args[0]
    text = ""
    if verbose(t) and start and nfds and start + nfds * 8 < 1 << 64:
        tab = xlat("pollflags")
        limit = t.cfg.string_limit if abbrev(t) else None
        # Read in bounded chunks: nfds comes from the tracee and may be huge.
        data = b""
        base = 0
        printed = 0
        for i in range(nfds):
            if i >= base + len(data) // 8:
                base = i
                want = min(nfds - i, _CHUNK) * 8
                data = t.mem.read_upto(start + i * 8, want) or b""
            if (i - base + 1) * 8 > len(data):
                text += ("[" if not text else ", ") + "%#x" % (start + i * 8)
                break
            v, _, revents = _POLLFD.unpack_from(data, (i - base) * 8)
            if not revents:
                continue
            text += "[" if not text else ", "
            if limit is not None and printed + 1 > limit:
                text += "..."
                break
            item = f"{{fd={v}, revents={flags(revents, tab, '')}"
            if len(text) + len(item) + 1 >= _OUTSTR - _RESERVE:
                text += "..."
                break
            text += item + "}"
            printed += 1
        if text:
            text += "]"
    if pts:
        left = timespec(t, pts)
        if len(text) + len(", left ") + 1 + len(left) < _OUTSTR:
            text += ("left " if not text else ", left ") + left
        else:
            text += ", ..."
    if text:
        t.raux = f" ({text})"


@syscall("poll", glue=True)
def poll(t: Tracee) -> bool:
    if not t.exiting:
        _entering(t)
        t.out.append(str(t.sarg(2)))
        return True
    _exiting(t, 0)
    return True


@syscall("ppoll", glue=True)
def ppoll(t: Tracee) -> bool:
    if not t.exiting:
        _entering(t)
        t.out.append(timespec(t, t.args[2]))
        t.out.append(sigset(t, t.args[3], t.args[4]))
        t.out.append(str(t.args[4]))
        return True
    _exiting(t, t.args[2])
    return True


# ------------------------------------------------------------------ select, pselect6
_SET_NAMES = ("in", "out", "except")
# end_outstr - (sizeof(", except [") + sizeof(int) * 3 + 2) in strace's decode_select
_SELECT_ROOM = _OUTSTR - (len(", except [") + 1 + 4 * 3 + 2)
_SIGDATA = struct.Struct("<QQ")  # pselect6's sixth argument: {const sigset_t *ss; size_t ss_len}


def _bits(data: bytes, nfds: int) -> list[int]:
    mask = int.from_bytes(data, "little") & ((1 << nfds) - 1)
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out



def _select(t: Tracee, is_pselect: bool) -> None:
    nfds = t.sarg(0)
    nfds = 0 if nfds < 0 else min(nfds, 1024 * 1024)
    size = ((nfds + 7) // 8 + 7) & ~7
    if not t.exiting:
        out = t.out
        out.append(str(t.sarg(0)))
        full = verbose(t) and size > 0
        for i in range(3):
            a = t.args[i + 1]
            data = t.mem.read(a, size) if full and a else None
            if data is None:
                out.append(addr(a))
            else:
                out.append("[" + " ".join(fd(t, j) for j in _bits(data, nfds)) + "]")
        out.append(timespec(t, t.args[4]) if is_pselect else timeval(t, t.args[4]))
        return
    if t.is_error:
        return
    ready = t.rval
    if ready == 0:
        t.raux = " (Timeout)"
        return
    # strace 6.1 builds this text in a 1024-byte buffer: a set's numbers stop once the text
    # reaches _SELECT_ROOM, each visited set then closes with "]" (even one with no ready fd
    # once the text is not empty), and "left ..." is left out when it does not fit.
    text = ""
    sep = ""
    for i in range(3):
        if ready <= 0:
            break
        a = t.args[i + 1]
        data = t.mem.read(a, size) if a and size > 0 else None
        if data is None:
            continue
        first = True
        for j in _bits(data, nfds):
            if len(text) < _SELECT_ROOM:
                if first:
                    text += f"{sep}{_SET_NAMES[i]} [{j}"
                    first = False
                    sep = ", "
                else:
                    text += f" {j}"
            ready -= 1
            if ready == 0:
                break
        if text:
            text += "]"
    if t.args[4]:
        left = timespec(t, t.args[4]) if is_pselect else timeval_any(t, t.args[4])
        if len(text) + len("left ") + 1 + len(left) < _OUTSTR:
            text += f"{sep}left {left}"
    t.raux = f" ({text})"


@syscall("select", glue=True)
def select(t: Tracee) -> bool:
    if t.arch == "i386":
        from .compat32 import oldselect

        return oldselect(t)
    _select(t, False)
    return True


def kernel_sigset(t: Tracee, a: int) -> str:
    """pselect6's ``{sigmask=[...], sigsetsize=8}`` pair (print_kernel_sigset)."""
    if not a:
        return "NULL"
    layout = _SIGDATA
    if t.arch == "i386":
        from ..structs.compat32 import SIGDATA32_FAST

        layout = SIGDATA32_FAST.st
    data = fetch(t, a, layout.size)
    if data is None:
        return "%#x" % a
    ss, ss_len = layout.unpack(data)
    if not ss:
        mask = "NULL"
    elif ss_len != 8:
        mask = "%#x" % ss
    else:
        raw = t.mem.read(ss, ss_len)
        mask = "%#x" % ss if raw is None else sigset_bytes(raw)
    return f"{{sigmask={mask}, sigsetsize={ss_len}}}"


@syscall("pselect6", glue=True)
def pselect6(t: Tracee) -> bool:
    _select(t, True)
    if not t.exiting:
        t.out.append(kernel_sigset(t, t.args[5]))
    return True
