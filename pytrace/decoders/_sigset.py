"""Signal sets as strace prints them (sprintsigmask_n, print_sigset_addr_len).

``[INT TERM]``, ``[]``, and ``~[...]`` (the signals *not* in the set) when two thirds or more of
the bits in the printed words are set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import printers
from ..signals import SIGNAL_NAMES
from ._umove import umove

if TYPE_CHECKING:
    from ..tracee import Tracee

NSIG_BYTES = 8  # the kernel's sigset_t on x86_64 (and i386's rt_* calls)
_WORDSIZE = 8


def _short(sig: int) -> str:
    name = SIGNAL_NAMES.get(sig)
    if name is None:
        return str(sig)
    return name[3:] if name.startswith("SIG") else name


_SHORT: tuple[str, ...] = tuple(_short(i) for i in range(NSIG_BYTES * 8 + 1))


def sigset_bits(mask: int, nbytes: int = NSIG_BYTES) -> str:
    """The set whose bit ``n - 1`` is signal ``n``, over ``nbytes`` bytes of mask."""
    words = NSIG_BYTES // 4 if nbytes >= NSIG_BYTES else (nbytes + 3) // 4
    nbits = words * 32
    mask &= (1 << nbits) - 1
    prefix = ""
    if mask.bit_count() >= nbits * 2 // 3:
        mask = ~mask & ((1 << nbits) - 1)
        prefix = "~"
    names = []
    sig = 1
    style = printers.xlat_style
    while mask:
        if mask & 1:
            short = _SHORT[sig] if sig < len(_SHORT) else str(sig)
            if style == printers.STYLE_ABBREV:
                names.append(short)
            elif style == printers.STYLE_RAW:
                names.append(str(sig))
            else:  # -X verbose: the number with its name in a comment
                names.append(f"{sig} /* {short} */" if short != str(sig) else short)
        mask >>= 1
        sig += 1
    return prefix + "[" + " ".join(names) + "]"


def sigset_bytes(data: bytes) -> str:
    """A mask read from the tracee (little-endian; shorter than 8 bytes allowed)."""
    return sigset_bits(int.from_bytes(data[:NSIG_BYTES], "little"), len(data))


def sigset(t: Tracee, addr: int, size: int, min_size: int = _WORDSIZE) -> str:
    """A ``sigset_t *`` argument of ``size`` bytes: the set, NULL, or the address when the
    size is out of range or the memory unreadable (print_sigset_addr_len)."""
    if size < min_size or size > NSIG_BYTES:
        return "%#x" % addr if addr else "NULL"
    data = umove(t, addr, size)
    if isinstance(data, str):
        return data
    return sigset_bytes(data)
