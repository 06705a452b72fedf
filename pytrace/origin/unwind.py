"""Stack traces (``-k``): unwinding a stopped tracee with the objects' .eh_frame CFI, in Python.

Frame 0 is the syscall instruction's address (the ip after it); each caller frame comes from
the CFI row of the return address (looked up at ip - 1), with a frame-pointer step where an
object has no CFI for the address. Registers come from PTRACE_GETREGS.
"""

from __future__ import annotations

import ctypes
import struct
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from elftools.common.exceptions import DWARFError, ELFError
from elftools.dwarf.callframe import FDE, RegisterRule
from elftools.elf.elffile import ELFFile

from .. import ptrace

if TYPE_CHECKING:
    from ..memory import Memory
    from .maps import MapsCache
    from .symbols import ElfObject

PTRACE_GETREGS = 12
MAX_FRAMES = 256
_U64 = struct.Struct("<Q")
# DWARF register numbers on x86_64 -> user_regs_struct fields.
_DWARF_REGS = {0: "rax", 1: "rdx", 2: "rcx", 3: "rbx", 4: "rsi", 5: "rdi", 6: "rbp", 7: "rsp",
               8: "r8", 9: "r9", 10: "r10", 11: "r11", 12: "r12", 13: "r13", 14: "r14", 15: "r15",
               16: "rip"}
RSP, RBP, RIP = 7, 6, 16


def get_regs(pid: int) -> dict[int, int] | None:
    """The stopped tracee's general registers by DWARF number, or None."""
    regs = ptrace._REGS()
    try:
        ptrace.request(PTRACE_GETREGS, pid, 0, ctypes.addressof(regs))
    except ptrace.PtraceError:
        return None
    return {n: getattr(regs, name) & 0xFFFFFFFFFFFFFFFF for n, name in _DWARF_REGS.items()}


class CFI:
    """The FDEs of one object's .eh_frame, sorted by start address; rows decoded on demand."""

    def __init__(self, path: str) -> None:
        self.starts: list[int] = []
        self.fdes: list[tuple[int, int, Any]] = []
        self._rows: dict[int, tuple[list[int], list[dict[Any, Any]], int]] = {}
        try:
            # pyelftools decodes instructions lazily from the stream: keep the file open.
            self._file = open(path, "rb")  # noqa: SIM115
            elf = ELFFile(self._file)
            if elf.get_section_by_name(".eh_frame") is None:
                return
            self.fdes = sorted(
                ((e.header["initial_location"], e.header["initial_location"] + e.header["address_range"], e)
                 for e in elf.get_dwarf_info().EH_CFI_entries() if isinstance(e, FDE)),
                key=lambda x: x[0],
            )
            self.starts = [x[0] for x in self.fdes]
        except (OSError, ELFError, DWARFError, ValueError, struct.error, KeyError, AttributeError):
            self.starts, self.fdes = [], []

    def row(self, vaddr: int) -> tuple[dict[Any, Any], int] | None:
        """The CFI row in force at ``vaddr`` and the return-address column, or None."""
        i = bisect_right(self.starts, vaddr) - 1
        if i < 0:
            return None
        lo, hi, fde = self.fdes[i]
        if vaddr >= hi:
            return None
        dec = self._rows.get(i)
        if dec is None:
            try:
                table = fde.get_decoded().table
                ra = fde.cie.header.get("return_address_register", RIP)
            except (DWARFError, ValueError, struct.error, KeyError, AttributeError):
                return None
            dec = ([r["pc"] for r in table], table, ra)
            self._rows[i] = dec
        pcs, rows, ra = dec
        j = bisect_right(pcs, vaddr) - 1
        if j < 0:
            return None
        return rows[j], ra


def cfi_of(obj: ElfObject) -> CFI:
    if obj.cfi is None:
        obj.cfi = CFI(obj.path)
    return obj.cfi  # type: ignore[return-value]


def _read64(mem: Memory, addr: int) -> int | None:
    if addr <= 0 or addr >= 1 << 64:
        return None
    b = mem.read(addr, 8)
    if b is None or len(b) < 8:
        return None
    return _U64.unpack(b)[0]


def unwind(pid: int, tgid: int, mem: Memory, maps: MapsCache,
           load: Any, regs: dict[int, int] | None = None) -> list[int]:
    """The instruction addresses of the call stack, innermost first (frame 0: the syscall)."""
    if regs is None:
        regs = get_regs(pid)
        if regs is None:
            return []
    frames: list[int] = []
    ip = regs[RIP]
    for depth in range(MAX_FRAMES):
        if ip == 0:
            break
        frames.append(ip)
        look = ip if depth == 0 else ip - 1
        m, _pm = maps.find(tgid, look)
        if m is None:
            break
        row = None
        if m.path.startswith("/"):
            obj = load(m.path)
            if obj is not None and obj.is_elf:
                bias = m.start - m.offset  # address = file offset + bias for this mapping
                vaddr = obj.file_to_vaddr(look - bias)
                r = cfi_of(obj).row(vaddr)
                if r is not None:
                    row = r
        if row is not None:
            rules, ra_col = row
            cfa_rule = rules["cfa"]
            if cfa_rule.expr is not None or cfa_rule.reg not in regs:
                break
            cfa = (regs[cfa_rule.reg] + cfa_rule.offset) & 0xFFFFFFFFFFFFFFFF
            new = dict(regs)
            ok = True
            for reg, rule in rules.items():
                if reg == "pc" or reg == "cfa":
                    continue
                typ = rule.type
                if typ == RegisterRule.OFFSET:
                    v = _read64(mem, cfa + rule.arg)
                    if v is None:
                        ok = False
                        break
                    new[reg] = v
                elif typ == RegisterRule.VAL_OFFSET:
                    new[reg] = cfa + rule.arg
                elif typ == RegisterRule.REGISTER:
                    if rule.arg in regs:
                        new[reg] = regs[rule.arg]
                elif typ == RegisterRule.UNDEFINED:
                    new.pop(reg, None)
            if not ok or ra_col not in rules or rules[ra_col].type == RegisterRule.UNDEFINED:
                break  # the outermost frame (_start marks its return address undefined)
            new[RSP] = cfa
            nip = new.get(ra_col)
            if nip is None or cfa <= regs[RSP] and depth > 0:
                break
            new[RIP] = nip
            regs = new
        else:
            # No CFI: follow the frame-pointer chain.
            rbp = regs.get(RBP, 0)
            if rbp <= regs[RSP] or rbp - regs[RSP] > 1 << 24:
                break
            nip = _read64(mem, rbp + 8)
            nbp = _read64(mem, rbp)
            if nip is None or nbp is None:
                break
            regs = dict(regs)
            regs[RSP], regs[RBP], regs[RIP] = rbp + 16, nbp, nip
        ip = regs[RIP]
    return frames
