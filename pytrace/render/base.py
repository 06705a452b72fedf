"""What every sink does when it has nothing to say about an event.

The session calls these on every sink; a writer overrides the ones it prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import ExitEvent, SignalEvent, SyscallEvent
    from ..tracee import Tracee


def status_wanted(status: frozenset[str], ev: SyscallEvent) -> bool:
    """-e status= / -z / -Z: is a finished call of this kind printed?"""
    if len(status) == 5:
        return True
    if ev.errno is not None:
        return "failed" in status
    return "successful" in status


def whole_args(ev: SyscallEvent, nentry: int) -> SyscallEvent:
    """The event with one argument per printed argument: a GLUED call's exit text continues
    its last entry argument (strace prints no separator there), so the two pieces are one."""
    from ..decoders.registry import GLUED

    args = ev.args
    if ev.name not in GLUED or not 0 < nentry < len(args):
        return ev
    joined = (*args[: nentry - 1], args[nentry - 1] + args[nentry], *args[nentry + 1 :])
    return ev._replace(args=joined)


class Sink:
    def bind(self, session: object) -> None:
        pass

    def syscall_enter(self, t: Tracee) -> None:
        """Where a sink learns a call has begun (``t.out`` holds the entry arguments)."""
        t.nentry = len(t.out)

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        pass

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        pass

    def silent(self, t: Tracee) -> None:
        """A stop with nothing to print (a new child's first stop)."""

    def detached(self, t: Tracee) -> None:
        """-b execve: the tracee was left at its execve entry."""

    def signal(self, t: Tracee, ev: SignalEvent) -> None:
        pass

    def exited(self, t: Tracee, ev: ExitEvent) -> None:
        pass

    def superseded(self, t: Tracee, old: int) -> None:
        pass

    def message(self, text: str) -> None:
        pass

    def finish(self) -> None:
        """The trace is over: end anything left open (the output stays open)."""

    def close(self) -> None:
        pass
