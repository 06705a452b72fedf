"""``pytrace libc --demo``: the same operations through libc and through a raw ``syscall``
instruction, traced side by side. Needs no C compiler: libc is called through ctypes, the raw
calls go through a machine-code stub in an executable anonymous mapping, and the static
binary is a minimal ELF written here byte by byte.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import struct
import sys
import tempfile
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from ..model import SyscallEvent
from . import classify as kinds
from .report import LibcReport

if TYPE_CHECKING:
    from ..tracee import Tracee

# long stub(nr, a1, a2, a3, a4, a5): the x86_64 syscall convention from the C one.
STUB = bytes.fromhex(
    "4889f8"  # mov rax, rdi
    "4889f7"  # mov rdi, rsi
    "4889d6"  # mov rsi, rdx
    "4889ca"  # mov rdx, rcx
    "4d89c2"  # mov r10, r8
    "4d89c8"  # mov r8, r9
    "0f05"  # syscall
    "c3"  # ret
)
NR_WRITE, NR_OPEN, NR_CLOSE, NR_GETPID, NR_FORK, NR_CLOCK_GETTIME = 1, 2, 3, 39, 57, 228
OPS = ("getpid", "open + close", "write", "clock_gettime + time", "fork")
REPEAT = 3
MARK = 1000  # close(-(MARK + 2*op + mode)) marks where an operation starts (mode 0: libc, 1: raw)


def raw_syscall_stub() -> tuple[Any, mmap.mmap]:
    """A ctypes function issuing ``syscall`` from an anonymous executable page."""
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(STUB)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(page))
    fn = ctypes.CFUNCTYPE(ctypes.c_long, *([ctypes.c_long] * 6))(addr)
    return fn, page


def static_elf() -> bytes:
    """A static x86_64 executable: write(2, msg) and exit_group(0), by raw syscalls."""
    base, hdr = 0x400000, 64 + 56
    msg = b"pytrace demo: hello from a static binary\n"
    code = (b"\xb8\x01\x00\x00\x00" b"\xbf\x02\x00\x00\x00"  # mov eax, 1; mov edi, 2
            + b"\x48\x8d\x35" + struct.pack("<i", 5 + 2 + 5 + 2 + 2)  # lea rsi, [rip+msg]
            + b"\xba" + struct.pack("<I", len(msg))  # mov edx, len
            + b"\x0f\x05"  # syscall
            + b"\xb8\xe7\x00\x00\x00" b"\x31\xff" b"\x0f\x05")  # exit_group(0)
    body = code + msg
    ehdr = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, 2, 62, 1,
                       base + hdr, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    phdr = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, hdr + len(body), hdr + len(body), 0x1000)
    return ehdr + phdr + body


def child() -> int:
    """The traced side: each operation through libc, then through the raw stub."""
    libc = ctypes.CDLL(None, use_errno=True)
    raw, _page = raw_syscall_stub()
    for f in ("getpid", "open", "close", "write", "clock_gettime", "time", "fork", "_exit"):
        getattr(libc, f)  # resolve now: no lookups between the markers
    ts = (ctypes.c_long * 2)()
    null = os.open(os.devnull, os.O_WRONLY)
    path = b"/etc/hostname"

    def mark(op: int, mode: int) -> None:
        raw(NR_CLOSE, -(MARK + 2 * op + mode), 0, 0, 0, 0)

    for op in range(len(OPS)):
        for mode in (0, 1):
            mark(op, mode)
            for _ in range(REPEAT if op != 4 else 1):
                if op == 0:
                    libc.getpid() if mode == 0 else raw(NR_GETPID, 0, 0, 0, 0, 0)
                elif op == 1:
                    fd = libc.open(path, os.O_RDONLY) if mode == 0 else raw(NR_OPEN, ctypes.cast(path, ctypes.c_void_p).value, os.O_RDONLY, 0, 0, 0)
                    libc.close(fd) if mode == 0 else raw(NR_CLOSE, fd, 0, 0, 0, 0)
                elif op == 2:
                    libc.write(null, b"x", 1) if mode == 0 else raw(NR_WRITE, null, ctypes.cast(b"x", ctypes.c_void_p).value, 1, 0, 0)
                elif op == 3:
                    if mode == 0:
                        libc.clock_gettime(1, ts)
                        libc.time(None)
                    else:
                        raw(NR_CLOCK_GETTIME, 1, ctypes.addressof(ts), 0, 0, 0)
                else:
                    pid = libc.fork() if mode == 0 else raw(NR_FORK, 0, 0, 0, 0, 0)
                    if pid == 0:
                        libc._exit(0)
                    os.waitpid(pid, 0)
    mark(len(OPS), 0)
    return 0


class DemoReport(LibcReport):
    """Buckets each syscall by the operation and the road (libc or raw) being shown."""

    def __init__(self, resolver: Any, names: set[str]) -> None:
        super().__init__(resolver, names)
        self.phase: tuple[int, int] | None = None
        self.seen: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
        self.where: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.main_pid = 0

    def add(self, t: Tracee, ev: SyscallEvent) -> None:
        if ev.name == "close" and ev.origin is not None and ev.origin.kind == kinds.ANONYMOUS:
            v = ev.raw_args[0] & 0xFFFFFFFF
            code = (1 << 32) - v - MARK
            if 0 <= code <= 2 * len(OPS) + 1:
                self.phase = (code // 2, code % 2) if code < 2 * len(OPS) else None
                self.main_pid = ev.pid
                return
        if self.phase is None or ev.origin is None:
            return
        who = "" if ev.pid == self.main_pid else " (child)"
        self.seen[self.phase][ev.name + who] += 1
        o = ev.origin
        if o.kind == kinds.LIBC:
            entry, _ = self._entry_point(t, ev)
            self.where[self.phase].add(f"libc {entry}")
        else:
            self.where[self.phase].add("anonymous page (JIT stub)" if o.kind == kinds.ANONYMOUS else o.kind)


def _cell(c: Counter[str]) -> str:
    return ", ".join(f"{n} x{k}" for n, k in c.items()) or "(none: answered in the vDSO)"


def main(fmt: str = "text") -> int:
    import json

    from ..cli import parse_args
    from ..session import Session
    from ..syscalls import table
    from .cli import _Null
    from .report import render

    cfg = parse_args(["-f", sys.executable, "-m", "pytrace.origin.demo", "--child"])
    cfg.origin = cfg.stack_trace = True
    session = Session(cfg, _Null())  # type: ignore[arg-type]
    assert session.origin is not None
    rep = DemoReport(session.origin, set(table("x86_64").names()))
    session.sink = rep
    session.spawn(cfg.command)
    session.run()

    from .cli import trace_report

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "static-demo")
        with open(path, "wb") as f:
            f.write(static_elf())
        os.chmod(path, 0o755)
        static, _ = trace_report([path])

    rows = []
    for op, name in enumerate(OPS):
        n = 1 if op == 4 else REPEAT
        rows.append({
            "operation": f"{name} x{n}",
            "libc": dict(rep.seen.get((op, 0), {})), "libc_from": sorted(rep.where.get((op, 0), ())),
            "raw": dict(rep.seen.get((op, 1), {})), "raw_from": sorted(rep.where.get((op, 1), ())),
        })
    static_kinds = dict(static.by_kind)
    if fmt == "json":
        sys.stdout.write(json.dumps({"operations": rows, "static_binary": static.as_json()}, indent=1) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, markup=False)
    tab = Table(title="The same operations through libc and through a raw syscall instruction",
                title_justify="left")
    for col in ("operation", "through libc: the kernel saw", "from", "raw syscall: the kernel saw", "from"):
        tab.add_column(col)
    for r in rows:
        tab.add_row(Text(r["operation"]), Text(_cell(Counter(r["libc"]))), Text(", ".join(r["libc_from"])),
                    Text(_cell(Counter(r["raw"]))), Text(", ".join(r["raw_from"])))
    console.print(tab)
    console.print(Text(
        "Static binary (a minimal ELF, no libc): " + ", ".join(f"{k} {v}" for k, v in static_kinds.items())
        + " syscalls; all issued from the program itself."))
    render(static, console)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        raise SystemExit(child())
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "text"))
