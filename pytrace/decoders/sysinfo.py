"""sysinfo (strace's sysinfo.c): every field, always."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

SYSINFO = struct.Struct("<q3Q6QH6xQQI4x")  # struct sysinfo (x86_64), 112 bytes


@syscall("sysinfo")
def sysinfo(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    layout = SYSINFO
    if t.arch == "i386":
        from ..structs.compat32 import SYSINFO32_FAST

        layout = SYSINFO32_FAST.st
    data = umove(t, t.args[0], layout.size)
    if isinstance(data, str):
        t.out.append(data)
        return None
    (up, l1, l2, l3, tram, fram, sram, bram, tswap, fswap, procs, thigh, fhigh, unit) = layout.unpack(data)
    t.out.append(
        f"{{uptime={up}, loads=[{l1}, {l2}, {l3}], totalram={tram}, freeram={fram}, "
        f"sharedram={sram}, bufferram={bram}, totalswap={tswap}, freeswap={fswap}, "
        f"procs={procs}, totalhigh={thigh}, freehigh={fhigh}, mem_unit={unit}}}"
    )
    return None
