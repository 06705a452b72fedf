"""clock_t values as strace's print_clock_t: ticks, then the seconds in a comment."""

from __future__ import annotations

import os

from ..config import XLAT_RAW

_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_WIDTH = min(len(str(_HZ)) - 1, 9) if _HZ > 0 else 0  # ilog10(HZ)


def clock_t(v: int, xlat_style: str = "") -> str:
    """``3 /* 0.03 s */``; a zero value, or -X raw, prints the number alone."""
    v &= 0xFFFFFFFFFFFFFFFF  # printed unsigned, as a uint64_t
    if not v or _HZ <= 0 or xlat_style == XLAT_RAW:
        return str(v)
    return "%d /* %d.%0*d s */" % (v, v // _HZ, _WIDTH, v % _HZ)
