"""Memory-management syscalls (strace's src/mem.c): brk, mmap, munmap, mprotect, mremap, madvise,
msync, mlock family; and arch_prctl."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import printers as P
from ..printers import addr, const, flags, xlat, xval
from .registry import RVAL_HEX, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

MAP_TYPE = const("MAP_TYPE")
MAP_HUGE_SHIFT = const("MAP_HUGE_SHIFT")
MAP_HUGE_MASK = const("MAP_HUGE_MASK")
MREMAP_MAYMOVE = const("MREMAP_MAYMOVE")
MREMAP_FIXED = const("MREMAP_FIXED")
ARCH_GET_FS = const("ARCH_GET_FS")
ARCH_GET_GS = const("ARCH_GET_GS")
ARCH_GET_CPUID = const("ARCH_GET_CPUID")

_prot = xlat("mmap_prot")
_mmap_flags = xlat("mmap_flags")


def mmap_prot(v: int) -> str:
    return flags(v, _prot, "PROT_???")


def mmap_flags(v: int) -> str:
    """``MAP_PRIVATE|MAP_ANONYMOUS|21<<MAP_HUGE_SHIFT`` (print_mmap_flags)."""
    if P.xlat_style == P.STYLE_RAW:
        return P.hexval(v)
    huge = v & (MAP_HUGE_MASK << MAP_HUGE_SHIFT)
    rest = v & ~huge & ~MAP_TYPE
    saved, P.xlat_style = P.xlat_style, P.STYLE_ABBREV
    try:
        text = xval(v & MAP_TYPE, _mmap_flags, "MAP_???")
        if rest:
            text += "|" + flags(rest, _mmap_flags)
    finally:
        P.xlat_style = saved
    if huge:
        text += f"|{huge >> MAP_HUGE_SHIFT}<<MAP_HUGE_SHIFT"
    if P.xlat_style == P.STYLE_VERBOSE:
        return f"{P.hexval(v)} /* {text} */"
    return text


@syscall("brk", ret=RVAL_HEX)
def brk(t: Tracee) -> None:
    t.out.append(addr(t.args[0]))


@syscall("mmap", ret=RVAL_HEX)
def mmap(t: Tracee) -> None:
    if t.arch == "i386":
        from .compat32 import old_mmap_i386

        return old_mmap_i386(t)
    a = t.args
    t.out += [addr(a[0]), str(a[1]), mmap_prot(a[2]), mmap_flags(a[3]), P.fd(t, a[4]), P.hexval(a[5])]


@syscall("munmap", "mlock", "munlock")
def addr_len(t: Tracee) -> None:
    t.out += [addr(t.args[0]), str(t.args[1])]


@syscall("mprotect")
def mprotect(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), mmap_prot(a[2])]


@syscall("pkey_mprotect")
def pkey_mprotect(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), mmap_prot(a[2]), str(t.sarg(3))]


@syscall("mremap", ret=RVAL_HEX)
def mremap(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), str(a[2]), flags(a[3], xlat("mremap_flags"), "MREMAP_???")]
    if a[3] & (MREMAP_MAYMOVE | MREMAP_FIXED) == MREMAP_MAYMOVE | MREMAP_FIXED:
        t.out.append(addr(a[4]))


@syscall("madvise")
def madvise(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), xval(t.iarg(2), xlat("madvise_cmds"), "MADV_???")]


@syscall("msync")
def msync(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), flags(t.iarg(2), xlat("msync_flags"), "MS_???")]


@syscall("mlock2")
def mlock2(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), flags(t.iarg(2), xlat("mlock_flags"), "MLOCK_???")]


@syscall("mlockall")
def mlockall(t: Tracee) -> None:
    t.out.append(flags(t.iarg(0), xlat("mlockall_flags"), "MCL_???"))


@syscall("arch_prctl")
def arch_prctl(t: Tracee) -> bool | None:
    """``arch_prctl(ARCH_GET_FS, [0x7f...])``: GET_FS/GS print the value stored at exit."""
    op = t.iarg(0)
    if t.exiting:
        got = P.read_struct(t, t.args[1], 8) if not t.is_error else None
        if got is None:
            t.out.append(addr(t.args[1]))
        else:
            t.out.append("[" + addr(int.from_bytes(got, "little")) + "]")
        return None
    t.out.append(xval(op, xlat("archvals"), "ARCH_???"))
    if op in (ARCH_GET_FS, ARCH_GET_GS):
        return True
    if op != ARCH_GET_CPUID:
        t.out.append(P.hexval(t.args[1]))
    return None


@syscall("remap_file_pages")
def remap_file_pages(t: Tracee) -> None:
    a = t.args
    t.out += [addr(a[0]), str(a[1]), mmap_prot(a[2]), str(a[3]), mmap_flags(a[4])]
