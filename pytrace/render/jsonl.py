"""The JSON Lines writer: one JSON object per event, schema in docs/jsonl-schema.md.

Arguments are written twice: ``args`` typed (pytrace.values.parse_value of each printed
argument) and ``args_text`` exactly as the strace text writer prints them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..model import ExitEvent, SignalEvent, SyscallEvent
from ..values import parse_value
from .base import Sink, status_wanted, whole_args
from .output import Output

if TYPE_CHECKING:
    from ..config import TraceConfig
    from ..tracee import Tracee

SCHEMA_VERSION = 1

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(", ", ": ")).encode


def syscall_record(ev: SyscallEvent, lost: bool = False) -> dict[str, Any]:
    """The JSON object of one syscall event."""
    d: dict[str, Any] = {
        "type": "syscall",
        "pid": ev.pid,
        "name": ev.name,
        "nr": ev.nr,
        "arch": ev.arch,
        "args": [parse_value(a) for a in ev.args],
        "args_text": list(ev.args),
        "raw_args": list(ev.raw_args),
        "retval": ev.retval,
        "ret_text": ev.ret_text,
        "errno": ev.errno,
        "time": ev.time_entry,
        "duration": None if ev.time_exit is None else round(ev.time_exit - ev.time_entry, 9),
        "ip": ev.ip,
        "origin": None if ev.origin is None else ev.origin._asdict(),
    }
    if ev.extra:
        d.update(ev.extra)
    if lost:
        d["lost"] = True
    return d


class JsonWriter(Sink):
    """A session sink writing JSON Lines to the -o file (or stderr), -ff files per pid."""

    def __init__(self, cfg: TraceConfig, out: Output) -> None:
        self.cfg = cfg
        self.out = out

    def bind(self, session: object) -> None:
        pass

    def _write(self, pid: int, obj: dict[str, Any]) -> None:
        self.out.write(pid, _dumps(obj) + "\n")

    def _wanted(self, ev: SyscallEvent) -> bool:
        return status_wanted(self.cfg.status, ev)

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        if self._wanted(ev):
            self._write(ev.pid, syscall_record(whole_args(ev, t.nentry)))

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        if "unfinished" in self.cfg.status:
            self._write(ev.pid, syscall_record(whole_args(ev, t.nentry), lost=True))

    def signal(self, t: Tracee, ev: SignalEvent) -> None:
        self._write(
            ev.pid,
            {
                "type": "signal",
                "pid": ev.pid,
                "signo": ev.signo,
                "signal": ev.name,
                "stopped": ev.stopped,
                "siginfo": parse_value(ev.siginfo) if ev.siginfo else None,
                "siginfo_text": ev.siginfo,
                "time": ev.time,
            },
        )

    def exited(self, t: Tracee, ev: ExitEvent) -> None:
        if self.cfg.quiet >= 2:
            return
        if ev.status is not None:
            obj: dict[str, Any] = {"type": "exit", "pid": ev.pid, "status": ev.status, "time": ev.time}
        else:
            obj = {"type": "killed", "pid": ev.pid, "signal": ev.signame, "core": ev.core, "time": ev.time}
        self._write(ev.pid, obj)

    def superseded(self, t: Tracee, old: int) -> None:
        if self.cfg.quiet >= 2:
            return
        self._write(old, {"type": "superseded", "pid": old, "by": t.pid})

    def message(self, text: str) -> None:
        self.out.message(text)

    def close(self) -> None:
        self.out.close()
