"""ioctl: the request's name and its payload, dispatched by _IOC type to a family module.

Families follow strace's src/ioctl.c: each ``decode(t, code, arg) -> int`` returns LATER
(call again on exit), PRINTED (it printed the argument) or DEFAULT (print the argument in hex).
Beyond strace: a bounded hex dump of undecoded payloads with a known direction and size
(``--ioctl-dump``), and user decoders loaded with ``--ioctl-decoders FILE``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ... import printers
from ..registry import syscall
from . import user
from ._util import DEFAULT, LATER, PRINTED, hexarg
from .names import IOC_READ, IOC_WRITE, ioc_dir, ioc_size, ioc_type, request_text, resolve_shared

if TYPE_CHECKING:
    from ...tracee import Tracee

Family = Callable[["Tracee", int, int], int]

# _IOC type -> (family module, decoder) as strace's ioctl_decode switch. A module is imported on
# the first request of its type, so a run making only TCGETS calls loads term.py alone.
FAMILY_MODULES: dict[int, tuple[str, str]] = {
    0x12: ("block", "decode"),
    0x21: ("seccomp", "decode"),
    0x24: ("perf", "decode"),
    0x45: ("evdev", "decode"),
    0x49: ("misc", "inotify"),
    0x4C: ("block", "loop"),
    0x52: ("misc", "random"),
    0x54: ("term", "decode"),
    0x57: ("misc", "watchdog"),
    0x58: ("fs", "fs_x"),
    0x66: ("fs", "fs_f"),
    0x70: ("rtc", "decode"),
    0x89: ("sock", "decode"),
    0x94: ("fs", "fs_0x94"),
    0xAA: ("uffd", "decode"),
    0xB7: ("nsfs", "decode"),
}
_LOADED: dict[int, Family] = {}


def family(ioc_type_: int) -> Family | None:
    """The decoder of an _IOC type, its module imported on first use (None: no family)."""
    fn = _LOADED.get(ioc_type_)
    if fn is None:
        entry = FAMILY_MODULES.get(ioc_type_)
        if entry is None:
            return None
        fn = getattr(importlib.import_module(f"{__name__}.{entry[0]}"), entry[1])
        _LOADED[ioc_type_] = fn
    return fn


DUMP_LIMIT = 256  # bytes of an undecoded payload shown by --ioctl-dump


def _dump(t: Tracee, code: int, arg: int) -> str | None:
    """Past strace: ``0x7ffd... /* "\\x01\\x02..." */`` for an undecoded sized payload."""
    size = ioc_size(code)
    d = ioc_dir(code)
    if not arg or not size or not d:
        return None
    wanted = (not t.exiting and d & IOC_WRITE) or (t.exiting and d & IOC_READ and not t.is_error)
    if not wanted:
        return None
    data = t.mem.read(arg, min(size, DUMP_LIMIT))
    if not data:
        return None
    text = "".join("\\x%02x" % b for b in data)
    more = "..." if size > len(data) else ""
    return f'{hexarg(arg)} /* "{text}"{more} */'


def _family(t: Tracee, code: int, arg: int) -> int:
    fn = user.lookup(t, code)
    if fn is not None:
        return fn(t, code, arg)
    fam = family(ioc_type(code))
    if fam is None:
        return DEFAULT
    try:
        return fam(t, code, arg)
    except (ValueError, IndexError, KeyError, UnicodeError):
        # Tracee data the decoder did not expect: print what strace prints for unknowns.
        return DEFAULT


def _generic(t: Tracee, code: int, arg: int) -> None:
    if t.cfg.ioctl_dump:
        text = _dump(t, code, arg)
        if text is not None:
            t.out.append(text)
            return
    t.out.append(hexarg(arg))


def _request(t: Tracee, code: int) -> str:
    if t.cfg.ioctl_decoders:
        name = user.name_of(t, code)
        if name:
            return name
    if t.cfg.ioctl_dump:
        # Past strace: a number several headers name prints as what fits the descriptor.
        name = resolve_shared(t.pid, t.sarg(0), code)
        if name:
            return name
    return request_text(code)


@syscall("ioctl")
def ioctl(t: Tracee) -> bool | None:
    """ioctl(fd, request, arg)."""
    code = t.args[1] & 0xFFFFFFFF
    arg = t.args[2]
    if not t.exiting:
        t.out.append(printers.fd(t, t.args[0]))
        t.out.append(_request(t, code))
        n = len(t.out)
        ret = _family(t, code, arg)
        if ret == LATER:
            del t.out[n:]  # a family keeps what it read on entry in t.data, prints all on exit
            return True
        if ret == DEFAULT:
            del t.out[n:]
            _generic(t, code, arg)
        return None
    n = len(t.out)
    ret = _family(t, code, arg)
    if ret != PRINTED:
        del t.out[n:]
        _generic(t, code, arg)
    return None
