"""The typed event model between the tracer and every consumer.

Events are immutable named tuples: the text writer, the JSON Lines writer, the -c summary, the
differ and user code built on :func:`pytrace.trace` all read the same objects.

Arguments are kept twice: ``raw_args`` holds the six register values as the kernel saw them,
and ``args`` holds each printed argument as strace text. :func:`pytrace.values.parse_value`
turns an argument's text into a typed value (int, str, list, dict, flag set), which is what
the JSON writer emits.
"""

from __future__ import annotations

from typing import NamedTuple


class Origin(NamedTuple):
    """Where a syscall instruction lives: filled in by ``--origin`` (see pytrace.origin)."""

    kind: str  # "libc", "loader", "program", "library", "anonymous", "vdso", "unknown"
    object: str | None
    function: str | None
    offset: int | None


class Frame(NamedTuple):
    """One ``-k`` stack frame: its address, object, function (as strace -k names it)."""

    ip: int
    object: str | None
    function: str | None
    offset: int | None  # from the function's start
    file_offset: int  # ip as an offset in the object's file (strace's [0x...])


class SyscallEvent(NamedTuple):
    """One system call, complete: emitted when it returns (or when it never will)."""

    pid: int
    name: str
    nr: int
    arch: str
    args: tuple[str, ...]
    raw_args: tuple[int, ...]
    retval: int | None  # None: the call did not return (exit, lost tracee)
    ret_text: str  # what strace prints after "= ": "3", "-1 ENOENT (No such file or directory)", "?"
    errno: str | None  # "ENOENT" when the call failed
    time_entry: float  # seconds since the epoch (time.time())
    time_exit: float | None
    ip: int  # instruction pointer after the syscall instruction
    origin: Origin | None = None
    stack: tuple[Frame, ...] | None = None  # -k, innermost first
    extra: dict[str, object] | None = None  # typed payloads beyond the text (netlink messages)


class SignalEvent(NamedTuple):
    """A signal delivered to a tracee (``--- SIGCHLD {...} ---``) or a group-stop."""

    pid: int
    signo: int
    name: str
    siginfo: str  # strace's rendering of siginfo_t, "" for a group-stop
    stopped: bool  # True for "--- stopped by SIGSTOP ---"
    time: float


class ExitEvent(NamedTuple):
    """A tracee ended: ``+++ exited with N +++`` or ``+++ killed by SIG +++``."""

    pid: int
    status: int | None  # exit status, or None when killed
    signame: str | None
    core: bool
    time: float


class ProcessEvent(NamedTuple):
    """A new tracee (fork/vfork/clone child, attached process) or one detached."""

    pid: int
    parent: int | None
    kind: str  # "attached", "detached", "spawned", "forked", "exec"
    time: float


Event = SyscallEvent | SignalEvent | ExitEvent | ProcessEvent
