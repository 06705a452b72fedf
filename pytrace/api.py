"""The Python API: iterate over a traced command's events.

    import pytrace
    for ev in pytrace.trace(["ls", "/"], follow_forks=True):
        if isinstance(ev, pytrace.model.SyscallEvent) and ev.errno:
            print(ev.name, ev.args, ev.errno)

Each event is a typed, immutable tuple from :mod:`pytrace.model`. Tracing runs as the
iterator is consumed; leaving the loop early kills the command pytrace started.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterator
from typing import Any

from .config import TraceConfig
from .model import Event, ExitEvent, SignalEvent, SyscallEvent
from .render.base import Sink, whole_args
from .tracee import Tracee


class _Queue(Sink):
    """A sink that keeps events for the iterator."""

    def __init__(self) -> None:
        self.events: deque[Event] = deque()

    def bind(self, session: object) -> None:
        pass

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        self.events.append(whole_args(ev, t.nentry))

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        self.events.append(whole_args(ev, t.nentry))

    def signal(self, t: Tracee, ev: SignalEvent) -> None:
        self.events.append(ev)

    def exited(self, t: Tracee, ev: ExitEvent) -> None:
        self.events.append(ev)

    def silent(self, t: Tracee) -> None:
        pass

    def superseded(self, t: Tracee, old: int) -> None:
        pass

    def message(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def trace(
    command: list[str] | None = None,
    *,
    pid: int | None = None,
    follow_forks: bool = True,
    trace: str | None = None,
    **options: Any,
) -> Iterator[Event]:
    """Trace ``command`` (or attach to ``pid``) and yield its events as they happen.

    ``trace`` takes strace's -e trace= syntax (``"%file,close"``); other keyword arguments set
    :class:`pytrace.config.TraceConfig` fields (``string_limit=64``, ``decode_fds=1`` ...).
    """
    from .filters import parse_trace_set
    from .session import Session
    from .syscalls import table

    cfg = TraceConfig(command=list(command or []), follow_forks=follow_forks, quiet=2)
    for k, v in options.items():
        if not hasattr(cfg, k):
            raise TypeError(f"unknown option {k!r}")
        setattr(cfg, k, v)
    if trace is not None:
        names = parse_trace_set(trace, table("x86_64"))
        cfg.trace = None if names is None else frozenset(names)
    sink = _Queue()
    session = Session(cfg, sink)  # type: ignore[arg-type]
    if pid is not None:
        cfg.attach_pids.append(pid)
        session.attach(pid)
    if command:
        session.spawn(list(command))
    try:
        while session.tracees:
            session.step()
            while sink.events:
                yield sink.events.popleft()
        while sink.events:
            yield sink.events.popleft()
    finally:
        for t in list(session.tracees.values()):
            if t.attached:
                session._detach(t)
            else:
                try:
                    os.kill(t.pid, signal.SIGKILL)
                except OSError:
                    pass
        while session.tracees:
            session.step()
