"""Counting libc calls with software breakpoints (``pytrace libc --count-calls``).

At each exec an ``int3`` goes on the program's entry point; when the loader is done and the
entry is reached, one goes on every libc function the program imports (the targets of its
GOT slots, read from the tracee after relocation; by name in libc's .dynsym for lazy slots)
and on the vDSO's time functions. A hit counts the call when its return address lies outside
libc (a call the program or another library made, as the report's entry points), restores
the original byte, single-steps the one instruction and re-arms the byte at the step's trap.

The session owns the wait loop; it calls the hooks of :class:`CallCounter`:

- ``on_exec(t)`` at PTRACE_EVENT_EXEC, before resuming (the new image gets its entry trap);
- ``on_signal(t, sig) -> bool`` first thing at every signal-delivery-stop: True means the
  stop was a breakpoint or a step and the tracee has been resumed (deliver nothing);
- ``on_exit(t)`` at PTRACE_EVENT_EXIT and when a tracee is gone;
- ``release(t)`` before detaching a tracee: the original bytes go back.

Fork children inherit the armed bytes with their copy of the memory; their first hit finds
the parent's breakpoint table (by parent pid, else any table with a trap at that address) and
they count from then on. Writes go through ``/proc/PID/mem`` (FOLL_FORCE: text pages are
copied on write) with PTRACE_POKETEXT as the fallback.
"""

from __future__ import annotations

import ctypes
import io
import os
import signal
import struct
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile

from . import classify as kinds
from .maps import ProcessMaps, read_maps

if TYPE_CHECKING:
    from ..tracee import Tracee
    from .resolve import Resolver

INT3 = 0xCC
PTRACE_PEEKTEXT = 1
PTRACE_PEEKUSER = 3
PTRACE_POKETEXT = 4
PTRACE_POKEUSER = 6
PTRACE_SINGLESTEP = 9
RSP_OFFSET = 19 * 8  # user_regs_struct.rsp
RIP_OFFSET = 16 * 8  # user_regs_struct.rip
AT_ENTRY = 9
R_X86_64_GLOB_DAT = 6
R_X86_64_JUMP_SLOT = 7
STT_FUNC, STT_GNU_IFUNC = 2, 10
_RELA = struct.Struct("<QQq")
_SYM = struct.Struct("<IBBHQQ")
_U64 = struct.Struct("<Q")
_SIGTRAP = signal.SIGTRAP
_MASK = (1 << 64) - 1

_ptrace = ctypes.CDLL(None, use_errno=True).ptrace
_ptrace.argtypes = (ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p)
_ptrace.restype = ctypes.c_long


def _call(req: int, pid: int, addr: int, data: int) -> bool:
    """One ptrace request with a data word (POKETEXT, POKEUSER, SINGLESTEP); False on failure."""
    return _ptrace(req, pid, addr & _MASK, data & _MASK) != -1


def _peek(req: int, pid: int, addr: int) -> int | None:
    """PEEKTEXT / PEEKUSER: the word, unsigned, or None on failure."""
    ctypes.set_errno(0)
    v = _ptrace(req, pid, addr, None)
    if v == -1 and ctypes.get_errno():
        return None
    return v & _MASK
# The vDSO's exported functions, by the name the report shows.
VDSO_ENTRIES = {
    "__vdso_clock_gettime": "clock_gettime",
    "__vdso_gettimeofday": "gettimeofday",
    "__vdso_time": "time",
    "__vdso_getcpu": "getcpu",
    "__vdso_clock_getres": "clock_getres",
}


# user_regs_struct word index of the x86 register numbers 0-15 (rax, rcx, rdx, rbx, rsp, rbp,
# rsi, rdi, r8 ... r15).
_REG = (10, 11, 12, 5, 19, 4, 13, 14, 9, 8, 7, 6, 3, 2, 1, 0)
MOV_IMM, PUSH, SUB_RSP = 1, 2, 3
EFLAGS_OFFSET = 18 * 8
_ARITH_FLAGS = 0x8D5  # CF PF AF ZF SF OF


def emulation(code: bytes) -> tuple[int, int, int, int] | None:
    """(kind, register word index, immediate, length) when the first instruction of ``code``
    can be done by the tracer instead of a single-step: ``mov $imm32, %r32``, ``push %reg`` or
    ``sub $imm, %rsp``."""
    if len(code) >= 5 and 0xB8 <= code[0] <= 0xBF and code[0] != 0xBC:
        return MOV_IMM, _REG[code[0] - 0xB8], int.from_bytes(code[1:5], "little"), 5
    if code and 0x50 <= code[0] <= 0x57 and code[0] != 0x54:
        return PUSH, _REG[code[0] - 0x50], 0, 1
    if len(code) >= 2 and code[0] == 0x41 and 0x50 <= code[1] <= 0x57:
        return PUSH, _REG[code[1] - 0x50 + 8], 0, 2
    if len(code) >= 4 and code[:3] == b"\x48\x83\xec":
        return SUB_RSP, 19, int.from_bytes(code[3:4], "little", signed=True) & _MASK, 4
    if len(code) >= 7 and code[:3] == b"\x48\x81\xec":
        return SUB_RSP, 19, int.from_bytes(code[3:7], "little", signed=True) & _MASK, 7
    return None


def sub_flags(a: int, b: int) -> tuple[int, int]:
    """``a - b`` on 64 bits and the CF/PF/AF/ZF/SF/OF bits it sets."""
    r = (a - b) & _MASK
    f = 1 if a < b else 0
    f |= 0x4 if bin(r & 0xFF).count("1") % 2 == 0 else 0
    f |= 0x10 if (a ^ b ^ r) & 0x10 else 0
    f |= 0x40 if r == 0 else 0
    f |= 0x80 if r >> 63 else 0
    f |= 0x800 if ((a ^ b) & (a ^ r)) >> 63 else 0
    return r, f


@dataclass(slots=True)
class Breakpoint:
    orig: int  # the byte the int3 replaced
    name: str
    vdso: bool = False
    emu: tuple[int, int, int, int] | None = None  # see emulation()


@dataclass(slots=True)
class Space:
    """The breakpoints of one executed image (shared by its threads and inherited by forks)."""

    entry: int | None = None  # the program entry trap, until it is hit
    entry_orig: int = 0
    bps: dict[int, Breakpoint] = field(default_factory=dict)
    libc: list[tuple[int, int]] = field(default_factory=list)  # libc's mapped ranges

    def in_libc(self, addr: int) -> bool:
        return any(lo <= addr < hi for lo, hi in self.libc)


def program_imports(path: str) -> list[tuple[int, str]]:
    """(GOT slot vaddr, symbol) of each imported function of the ELF file ``path``."""
    out: list[tuple[int, str]] = []
    try:
        with open(path, "rb") as f:
            elf = ELFFile(f)
            dynsym = elf.get_section_by_name(".dynsym")
            if dynsym is None:
                return out
            syms = dynsym.data()
            strs = elf.get_section(dynsym["sh_link"]).data()
            for sec in elf.iter_sections():
                if sec["sh_type"] != "SHT_RELA" or sec["sh_link"] != elf.get_section_index(".dynsym"):
                    continue
                data = sec.data()
                for off, info, _add in _RELA.iter_unpack(data[: len(data) // 24 * 24]):
                    if info & 0xFFFFFFFF not in (R_X86_64_JUMP_SLOT, R_X86_64_GLOB_DAT):
                        continue
                    i = info >> 32
                    if not i or (i + 1) * 24 > len(syms):
                        continue
                    name_off, st_info, _o, shndx, _v, _s = _SYM.unpack_from(syms, i * 24)
                    if shndx != 0 or st_info & 0xF not in (STT_FUNC, STT_GNU_IFUNC):
                        continue
                    name = strs[name_off: strs.find(b"\0", name_off)].decode("utf-8", "replace")
                    out.append((off, name))
    except (OSError, ELFError, ValueError, struct.error, AttributeError):
        pass
    return out


def exported_functions(path: str) -> dict[str, int]:
    """Defined, non-IFUNC function symbols of ``path``'s .dynsym by name (first one wins)."""
    out: dict[str, int] = {}
    try:
        with open(path, "rb") as f:
            elf = ELFFile(f)
            dynsym = elf.get_section_by_name(".dynsym")
            if dynsym is None:
                return out
            syms = dynsym.data()
            strs = elf.get_section(dynsym["sh_link"]).data()
            for name_off, st_info, _o, shndx, value, _s in _SYM.iter_unpack(syms[: len(syms) // 24 * 24]):
                if shndx == 0 or st_info & 0xF != STT_FUNC or not value:
                    continue
                name = strs[name_off: strs.find(b"\0", name_off)].decode("utf-8", "replace")
                out.setdefault(name, value)
    except (OSError, ELFError, ValueError, struct.error, AttributeError):
        pass
    return out


def vdso_functions(image: bytes) -> dict[int, str]:
    """Offsets in the vDSO image of the functions in VDSO_ENTRIES."""
    out: dict[int, str] = {}
    try:
        elf = ELFFile(io.BytesIO(image))
        dynsym = elf.get_section_by_name(".dynsym")
        if dynsym is None:
            return out
        base = min((s["p_vaddr"] for s in elf.iter_segments() if s["p_type"] == "PT_LOAD"), default=0)
        for sym in dynsym.iter_symbols():
            short = VDSO_ENTRIES.get(sym.name)
            if short and sym["st_value"]:
                out[sym["st_value"] - base] = short
    except (ELFError, ValueError, struct.error, AttributeError):
        pass
    return out


def _load_bias(pm: ProcessMaps, path: str) -> int | None:
    """Where ``path``'s file offset 0 is mapped, minus its link-time address."""
    for m in pm.rows:
        if m.path == path and m.offset == 0:
            try:
                with open(path, "rb") as f:
                    for seg in ELFFile(f).iter_segments():
                        if seg["p_type"] == "PT_LOAD" and seg["p_offset"] == 0:
                            return m.start - seg["p_vaddr"]
            except (OSError, ELFError, ValueError, struct.error):
                return None
            return m.start
    return None


def auxv_entry(pid: int) -> int | None:
    """AT_ENTRY of ``pid``'s current image."""
    try:
        with open(f"/proc/{pid}/auxv", "rb") as f:
            data = f.read()
    except OSError:
        return None
    for key, val in struct.iter_unpack("<QQ", data[: len(data) // 16 * 16]):
        if key == AT_ENTRY:
            return val
    return None


class CallCounter:
    """Breakpoints on imported libc functions and the vDSO; the call counts they give."""

    def __init__(self, resolver: Resolver, resume: Callable[[Tracee], None], vdso: bool = True,
                 emulate: bool = True) -> None:
        self.resolver = resolver
        self.emulate = emulate  # do simple first instructions here: no step, no unarmed window
        self.resume = resume  # the session's own resume (PTRACE_SYSCALL, or CONT with seccomp)
        self.vdso = vdso
        self.counts: Counter[str] = Counter()  # libc function -> calls from outside libc
        self.vdso_counts: Counter[str] = Counter()
        self.hits = 0  # every breakpoint stop, counted or not
        self.armed = 0  # breakpoints written
        self.names: set[str] = set()  # the functions that have a breakpoint somewhere
        self.spaces: dict[int, Space] = {}  # tgid -> its image's breakpoints
        self._retired: list[Space] = []  # every table made, for fork children of old images
        self._stepping: dict[int, tuple[Space, int, bool]] = {}  # tid -> (space, addr, counted)
        # (tgid, addr) -> threads stepping over it: the int3 goes back when the last one is done.
        self._unarmed: Counter[tuple[int, int]] = Counter()
        self._tgids: dict[int, int] = {}  # tid -> thread group, read from /proc when unsure
        self._fds: dict[int, int] = {}
        self._imports: dict[str, list[tuple[int, str]]] = {}
        self._exports: dict[str, dict[str, int]] = {}

    # ------------------------------------------------------------ memory
    def _tg(self, t: Tracee) -> int:
        """The thread group of ``t`` (a thread that reported before its clone event carries
        its own tid as tgid)."""
        tg = self._tgids.get(t.pid)
        if tg is None and t.tgid != t.pid:
            tg = self._tgids[t.pid] = t.tgid
        if tg is None:
            tg = self._tgids[t.pid] = _status_tgid(t.pid) or t.pid
        return tg

    def _fd(self, tgid: int) -> int:
        fd = self._fds.get(tgid)
        if fd is None:
            try:
                fd = os.open(f"/proc/{tgid}/mem", os.O_RDWR | os.O_CLOEXEC)
            except OSError:
                fd = -1
            self._fds[tgid] = fd
        return fd

    def _drop_fd(self, tgid: int) -> None:
        fd = self._fds.pop(tgid, -1)
        if fd >= 0:
            os.close(fd)

    def _read(self, t: Tracee, addr: int, n: int) -> bytes | None:
        fd = self._fd(self._tg(t))
        if fd >= 0:
            try:
                b = os.pread(fd, n, addr)
                if len(b) == n:
                    return b
            except OSError:
                pass
        return t.mem.read(addr, n)

    def _poke(self, t: Tracee, addr: int, byte: int) -> bool:
        """Write one byte of code; /proc/PID/mem first, PTRACE_POKETEXT (t stopped) second."""
        fd = self._fd(self._tg(t))
        if fd >= 0:
            try:
                if os.pwrite(fd, bytes((byte,)), addr) == 1:
                    return True
            except OSError:
                pass
        old = _peek(PTRACE_PEEKTEXT, t.pid, addr)
        return old is not None and _call(PTRACE_POKETEXT, t.pid, addr, (old & ~0xFF) | byte)

    # ------------------------------------------------------------ arming
    def on_exec(self, t: Tracee) -> None:
        """A new image: forget the old table, put a trap on the program's entry point."""
        pid = t.pid  # the leader's pid after exec, whichever thread exec'd
        # Its other threads are gone; fork children sharing the old table step on.
        for tid in [k for k in self._stepping if self._tgids.get(k) == pid or k == pid]:
            del self._stepping[tid]
        for key in [k for k in self._unarmed if k[0] == pid]:
            del self._unarmed[key]
        self._tgids[pid] = pid
        self.spaces.pop(pid, None)
        self._drop_fd(pid)
        entry = auxv_entry(pid)
        if entry is None:
            return
        t_fd = _Pid(pid, t)
        orig = self._read(t_fd, entry, 1)  # type: ignore[arg-type]
        if not orig or orig[0] == INT3 or not self._poke(t_fd, entry, INT3):  # type: ignore[arg-type]
            return
        sp = Space(entry=entry, entry_orig=orig[0])
        self.spaces[pid] = sp
        self._retired.append(sp)

    def _arm(self, t: Tracee, sp: Space) -> None:
        """At the program's entry: every libc function it imports, and the vDSO's."""
        pm = read_maps(self._tg(t))
        if pm is None:
            return
        libc_paths = []
        for m in pm.rows:
            if kinds.classify(m, pm.exe) == kinds.LIBC:
                sp.libc.append((m.start, m.end))
                if m.path not in libc_paths:
                    libc_paths.append(m.path)
        targets: dict[int, str] = {}
        if sp.libc and pm.exe:
            bias = _load_bias(pm, pm.exe)
            imports = self._imports.get(pm.exe)
            if imports is None:
                imports = self._imports[pm.exe] = program_imports(pm.exe)
            for got, name in imports if bias is not None else ():
                raw = self._read(t, bias + got, 8)  # type: ignore[operator]
                ptr = _U64.unpack(raw)[0] if raw else 0
                if not sp.in_libc(ptr):
                    ptr = self._by_name(pm, libc_paths, name)  # lazy binding: still the PLT
                if ptr:
                    targets.setdefault(ptr, name)
        for addr, name in targets.items():
            o = self.resolver.origin(t, addr + 1)
            if o.kind == kinds.LIBC and o.offset == 1 and o.function:
                name = o.function
            self._set(t, sp, addr, name, False)
        if self.vdso:
            for m in pm.rows:
                if m.path == "[vdso]":
                    image = self._read(t, m.start, m.end - m.start)
                    for off, name in vdso_functions(image or b"").items():
                        self._set(t, sp, m.start + off, name, True)

    def _by_name(self, pm: ProcessMaps, libc_paths: list[str], name: str) -> int:
        for path in libc_paths:
            ex = self._exports.get(path)
            if ex is None:
                ex = self._exports[path] = exported_functions(path)
            v = ex.get(name)
            bias = _load_bias(pm, path) if v is not None else None
            if v is not None and bias is not None:
                return bias + v
        return 0

    def _set(self, t: Tracee, sp: Space, addr: int, name: str, vdso: bool) -> None:
        head = self._read(t, addr, 8) or self._read(t, addr, 2)
        if head is None or head[0] == INT3 or head[:2] == b"\x0f\x05":
            return  # unreadable, already trapped, or a bare syscall (a step would skip its stop)
        if self._poke(t, addr, INT3):
            sp.bps[addr] = Breakpoint(head[0], name, vdso, emulation(head) if self.emulate else None)
            self.armed += 1
            self.names.add(name)

    # ------------------------------------------------------------ hits
    def _space(self, t: Tracee, addr: int) -> Space | None:
        tg = self._tg(t)
        sp = self.spaces.get(tg)
        if sp is not None:
            return sp if addr in sp.bps or addr == sp.entry else None
        # A fork child of a traced image: its memory holds its parent's traps.
        cands = [self.spaces.get(_ppid(tg))]
        cands += reversed(self._retired)
        for c in cands:
            if c is not None and addr in c.bps:
                b = self._read(t, addr, 1)
                if b == b"\xcc":
                    self.spaces[tg] = c
                    return c
        return None

    def on_signal(self, t: Tracee, sig: int) -> bool:
        """A signal-delivery-stop: True when it was ours and the tracee has been resumed."""
        step = self._stepping.pop(t.pid, None)
        if step is not None:
            sp, addr, counted = step
            rearmed = self._rearm(t, addr)
            if sig == _SIGTRAP:
                self.resume(t)
                return True
            # Another signal came before the stepped instruction ran: the call will trap
            # again after the handler, so this hit does not count.
            if rearmed and counted and _peek(PTRACE_PEEKUSER, t.pid, RIP_OFFSET) == addr:
                self._uncount(sp.bps[addr])
            return False
        if sig != _SIGTRAP:
            return False
        rip = _peek(PTRACE_PEEKUSER, t.pid, RIP_OFFSET)
        if rip is None:
            return False
        addr = rip - 1
        sp = self._space(t, addr)
        if sp is None:
            return False
        if addr == sp.entry:
            sp.entry = None
            self._poke(t, addr, sp.entry_orig)
            if _call(PTRACE_POKEUSER, t.pid, RIP_OFFSET, addr):
                self._arm(t, sp)
                self.resume(t)
            return True  # (a failed request: the tracee is gone, the wait loop reports it)
        bp = sp.bps[addr]
        self.hits += 1
        counted = True
        if bp.vdso:
            self.vdso_counts[bp.name] += 1
        else:
            rsp = _peek(PTRACE_PEEKUSER, t.pid, RSP_OFFSET)
            raw = self._read(t, rsp, 8) if rsp is not None else None
            if raw is not None and sp.in_libc(_U64.unpack(raw)[0]):
                counted = False  # libc calling itself
            else:
                self.counts[bp.name] += 1
        if bp.emu is not None and self._emulate(t, addr, bp.emu):
            self.resume(t)
            return True
        key = (self._tg(t), addr)
        if not self._unarmed[key]:
            self._poke(t, addr, bp.orig)
        self._unarmed[key] += 1
        self._stepping[t.pid] = (sp, addr, counted)
        if _call(PTRACE_POKEUSER, t.pid, RIP_OFFSET, addr):
            _call(PTRACE_SINGLESTEP, t.pid, 0, 0)
        return True

    def _rearm(self, t: Tracee, addr: int) -> bool:
        """One stepping thread less at ``addr``; the int3 goes back after the last one."""
        key = (self._tg(t), addr)
        n = self._unarmed[key] - 1
        if n > 0:
            self._unarmed[key] = n
            return False
        self._unarmed.pop(key, None)
        self._poke(t, addr, INT3)
        return True

    def _emulate(self, t: Tracee, addr: int, emu: tuple[int, int, int, int]) -> bool:
        """Do the trapped instruction in the tracer and move rip past it."""
        kind, reg, imm, length = emu
        pid = t.pid
        if kind == MOV_IMM:
            ok = _call(PTRACE_POKEUSER, pid, reg * 8, imm)
        elif kind == SUB_RSP:
            rsp = _peek(PTRACE_PEEKUSER, pid, RSP_OFFSET)
            fl = _peek(PTRACE_PEEKUSER, pid, EFLAGS_OFFSET)
            if rsp is None or fl is None:
                return False
            r, f = sub_flags(rsp, imm)
            ok = _call(PTRACE_POKEUSER, pid, EFLAGS_OFFSET, (fl & ~_ARITH_FLAGS) | f)
            ok = ok and _call(PTRACE_POKEUSER, pid, RSP_OFFSET, r)
        else:
            val = _peek(PTRACE_PEEKUSER, pid, reg * 8)
            rsp = _peek(PTRACE_PEEKUSER, pid, RSP_OFFSET)
            if val is None or rsp is None:
                return False
            fd = self._fd(self._tg(t))
            try:
                ok = fd >= 0 and os.pwrite(fd, _U64.pack(val), rsp - 8) == 8
            except OSError:
                ok = False
            ok = ok and _call(PTRACE_POKEUSER, pid, RSP_OFFSET, rsp - 8)
        return ok and _call(PTRACE_POKEUSER, pid, RIP_OFFSET, addr + length)

    def _uncount(self, bp: Breakpoint) -> None:
        c = self.vdso_counts if bp.vdso else self.counts
        c[bp.name] -= 1

    # ------------------------------------------------------------ endings
    def on_exit(self, t: Tracee) -> None:
        """The thread is exiting: re-arm a breakpoint it was stepping over (threads live on)."""
        step = self._stepping.pop(t.pid, None)
        if step is not None:
            self._rearm(t, step[1])
        tg = self._tg(t)
        if t.gone:
            self._tgids.pop(t.pid, None)
            if t.pid == tg:  # the process is gone: its pid may come back as another process
                self._drop_fd(tg)
                self.spaces.pop(tg, None)

    def release(self, t: Tracee) -> None:
        """Before a detach: put back every original byte the process's memory holds a trap for."""
        self._stepping.pop(t.pid, None)
        tg = self._tg(t)
        sp = self.spaces.pop(tg, None)
        if sp is None:
            sp = next((c for c in [self.spaces.get(_ppid(tg)), *reversed(self._retired)] if c is not None and c.bps), None)
        if sp is None:
            return
        if sp.entry is not None and self._read(t, sp.entry, 1) == b"\xcc":
            self._poke(t, sp.entry, sp.entry_orig)
        for addr, bp in sp.bps.items():
            if self._read(t, addr, 1) == b"\xcc":
                self._poke(t, addr, bp.orig)
        self._drop_fd(tg)

    def close(self) -> None:
        for tgid in list(self._fds):
            self._drop_fd(tgid)


class _Pid:
    """A tracee seen under its post-exec pid (its thread-group leader)."""

    def __init__(self, pid: int, t: Tracee) -> None:
        self.pid = self.tgid = pid
        self.mem = t.mem


def _status_tgid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"Tgid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _ppid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0
