"""The state pytrace keeps per traced thread (strace's ``struct tcb``).

Decoders receive the Tracee of the call they decode: its raw arguments, its memory, the
configuration, and the list they append printed arguments to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .memory import Memory

if TYPE_CHECKING:
    from .config import TraceConfig
    from .syscalls import SyscallDesc


class Tracee:
    __slots__ = (
        "pid",
        "tgid",
        "mem",
        "cfg",
        "in_syscall",
        "desc",
        "nr",
        "arch",
        "args",
        "ip",
        "out",
        "exiting",
        "need_exit",
        "rval",
        "is_error",
        "rfmt",
        "raux",
        "data",
        "t_entry",
        "t_exit",
        "startup",
        "attached",
        "skip_sigcont",
        "interrupted",
        "entry_printed",
        "detaching",
        "comm",
        "gone",
        "stime",
        "cpu_time",
        "hidden",
        "nentry",
        "extra",
    )

    def __init__(self, pid: int, cfg: TraceConfig, mem: Memory | None = None) -> None:
        self.pid = pid
        self.tgid = pid
        self.mem = mem if mem is not None else Memory(pid)
        self.cfg = cfg
        self.in_syscall = False
        self.desc: SyscallDesc | None = None
        self.nr = -1
        self.arch = "x86_64"
        self.args: tuple[int, ...] = (0, 0, 0, 0, 0, 0)
        self.ip = 0
        self.out: list[str] = []
        self.exiting = False
        self.need_exit = False
        self.rval = 0
        self.is_error = False
        self.rfmt = 0
        self.raux = ""
        self.data: Any = None  # a decoder's state between entry and exit
        self.t_entry = 0.0
        self.t_exit = 0.0
        self.startup = False  # spawned: ignore syscalls until its first execve
        self.attached = False  # attached with -p (detach, never kill)
        self.skip_sigcont = False  # the SIGCONT pytrace sent to start a spawned child
        self.interrupted = False  # its pending line was cut by another tracee's output
        self.entry_printed = False
        self.detaching = False
        self.comm: str | None = None
        self.gone = False
        self.stime = 0.0  # the tracee's system CPU time at syscall entry (-c)
        self.cpu_time = 0.0  # system CPU time the last syscall took (-c)
        self.extra: dict[str, object] | None = None  # typed payloads for JSON (set by decoders)
        self.nentry = 0  # how many arguments were printed on entry (the writer's split point)
        self.hidden = False  # followed only to serve its seccomp stops (no -f): never printed

    # Small helpers decoders use on every call.
    def sarg(self, i: int) -> int:
        """Argument ``i`` as a signed C int (the kernel hands arguments zero-extended)."""
        v = self.args[i] & 0xFFFFFFFF
        return v - 0x100000000 if v & 0x80000000 else v

    def larg(self, i: int) -> int:
        """Argument ``i`` as a signed C long (32 bits wide in an i386 call)."""
        v = self.args[i]
        if self.arch == "i386":
            v &= 0xFFFFFFFF
            return v - (1 << 32) if v & 0x80000000 else v
        return v - (1 << 64) if v & (1 << 63) else v

    def iarg(self, i: int) -> int:
        """Argument ``i`` as an unsigned C int."""
        return self.args[i] & 0xFFFFFFFF
