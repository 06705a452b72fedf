"""The session of ``pytrace libc --count-calls``: the core session with the CallCounter hooks
called at the stops they need (see pytrace.origin.breakpoints for the contract).

Until the core session calls the hooks itself, this subclass wraps the four methods where
they belong; plain tracing never builds it.
"""

from __future__ import annotations

from .. import ptrace
from ..session import Session
from ..tracee import Tracee
from .breakpoints import CallCounter


class CountingSession(Session):
    """A Session whose signal, exec, exit and detach handling go through a CallCounter."""

    counter: CallCounter

    def start_counting(self) -> CallCounter:
        assert self.origin is not None, "call counting names functions through the resolver"
        self.counter = CallCounter(self.origin, self._resume)
        return self.counter

    def _signal_stop(self, t: Tracee, sig: int) -> None:
        if self.counter.on_signal(t, sig):
            return
        super()._signal_stop(t, sig)

    def _event_stop(self, t: Tracee, event: int, sig: int) -> None:
        if event == ptrace.PTRACE_EVENT_EXEC:
            self.counter.on_exec(t)
        elif event == ptrace.PTRACE_EVENT_EXIT:
            self.counter.on_exit(t)
        super()._event_stop(t, event, sig)

    def _gone(self, t: Tracee, status: int) -> None:
        super()._gone(t, status)
        self.counter.on_exit(t)

    def _detach(self, t: Tracee) -> None:
        self.counter.release(t)
        super()._detach(t)

    def _detach_at_exec(self, t: Tracee) -> None:
        self.counter.release(t)
        super()._detach_at_exec(t)
