"""kexec_load, kexec_file_load as strace 6.1 prints them (src/kexec.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, buf, const, fd, flags, xlat, xval
from ._print_array import print_array
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_SEGMENT = struct.Struct("<QQQQ")  # buf, bufsz, mem, memsz
KEXEC_SEGMENT_MAX = const("KEXEC_SEGMENT_MAX")
_ARCH_MASK = const("KEXEC_ARCH_MASK")


def _segment(b: bytes) -> str:
    p, n, m, msz = _SEGMENT.unpack(b)
    return f"{{buf={addr(p)}, bufsz={n}, mem={addr(m)}, memsz={msz}}}"


@syscall("kexec_load")
def kexec_load(t: Tracee) -> None:
    nr = t.args[1]
    segs = addr(t.args[2]) if nr > KEXEC_SEGMENT_MAX else print_array(t, t.args[2], nr, 32, _segment)
    v = t.args[3] & 0xFFFFFFFFFFFFFFFF
    text = xval(v & _ARCH_MASK, xlat("kexec_arch_values"), "KEXEC_ARCH_???")
    if v & ~_ARCH_MASK:
        text += "|" + flags(v & ~_ARCH_MASK, xlat("kexec_load_flags"), "KEXEC_???")
    t.out += [addr(t.args[0]), str(nr), segs, text]


@syscall("kexec_file_load")
def kexec_file_load(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), fd(t, t.args[1]), str(t.args[2]), buf(t, t.args[3], t.args[2]),
              flags(t.args[4], xlat("kexec_file_load_flags"), "KEXEC_FILE_???")]
