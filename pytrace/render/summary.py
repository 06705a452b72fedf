"""-c / -C: the per-syscall summary table, in strace's columns (-U picks them, -S sorts).

Time per call is the tracee's system CPU time between entry and exit (from the rusage of
each wait, as strace measures it), or wall-clock time with -w.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import ExitEvent, SignalEvent, SyscallEvent
from .base import Sink

if TYPE_CHECKING:
    from ..config import TraceConfig
    from ..tracee import Tracee
    from .output import Output


@dataclass
class _Stat:
    nr: int
    calls: int = 0
    errors: int = 0
    total: float = 0.0
    shortest: float = field(default=float("inf"))
    longest: float = 0.0

    def add(self, seconds: float, failed: bool) -> None:
        self.calls += 1
        if failed:
            self.errors += 1
        self.total += seconds
        if seconds < self.shortest:
            self.shortest = seconds
        if seconds > self.longest:
            self.longest = seconds


# (name, header, width, value formatter given (stat, total time, is_total_row))
_Column = tuple[str, str, int, Callable[[_Stat, float, str], str]]


def _avg(s: _Stat) -> int:
    return int(s.total * 1e6 / s.calls) if s.calls else 0


COLUMNS: dict[str, _Column] = {
    "min-time": ("min-time", "shortest", 8, lambda s, t, n: "%8.6f" % (s.shortest if s.calls else 0.0)),
    "max-time": ("max-time", "longest", 8, lambda s, t, n: "%8.6f" % s.longest),
    "avg-time": ("avg-time", "usecs/call", 11, lambda s, t, n: "%11d" % _avg(s)),
    "total-time": ("total-time", "seconds", 11, lambda s, t, n: "%11.6f" % s.total),
    "time-percent": ("time-percent", "% time", 6, lambda s, t, n: "%6.2f" % (100.0 if n == "total" else (s.total * 100.0 / t if t else 0.0))),
    "calls": ("calls", "calls", 9, lambda s, t, n: "%9d" % s.calls),
    "errors": ("errors", "errors", 9, lambda s, t, n: "%9s" % (s.errors if s.errors else "")),
    "name": ("name", "syscall", 16, lambda s, t, n: n),
}
_ALIASES = {
    "time": "time-percent", "time_percent": "time-percent", "percent": "time-percent",
    "total_time": "total-time", "seconds": "total-time", "avg_time": "avg-time",
    "usecs": "avg-time", "min": "min-time", "shortest": "min-time", "max": "max-time",
    "longest": "max-time", "count": "calls", "error": "errors", "syscall": "name",
}
DEFAULT_COLUMNS = ["time-percent", "total-time", "avg-time", "calls", "errors", "name"]
_SORT_KEYS = {
    "time": "total-time", "time-percent": "total-time", "total-time": "total-time",
    "avg-time": "avg-time", "calls": "calls", "count": "calls", "errors": "errors",
    "error": "errors", "name": "name", "syscall": "name", "nothing": "nothing", "none": "nothing",
    "min-time": "min-time", "max-time": "max-time", "shortest": "min-time", "longest": "max-time",
}


def parse_columns(spec: str | None) -> list[str]:
    if not spec:
        return list(DEFAULT_COLUMNS)
    cols = []
    for item in spec.split(","):
        key = _ALIASES.get(item, item)
        if key not in COLUMNS:
            raise ValueError(f"invalid -U argument: '{item}'")
        cols.append(key)
    return cols


class SummaryWriter(Sink):
    """Counts calls as they finish; prints the table on close (after the trace with -C)."""

    def __init__(self, cfg: TraceConfig, out: Output, inner: object | None) -> None:
        self.cfg = cfg
        self.out = out
        self.inner = inner
        self.stats: dict[str, _Stat] = {}
        self.columns = parse_columns(getattr(cfg, "summary_columns", None))
        self.sort = _SORT_KEYS.get(cfg.sort_by, "total-time")

    def bind(self, session: object) -> None:
        if self.inner is not None:
            self.inner.bind(session)  # type: ignore[attr-defined]

    def _call(self, name: str, *args: object) -> None:
        if self.inner is not None:
            getattr(self.inner, name)(*args)

    def syscall_enter(self, t: Tracee) -> None:
        self._call("syscall_enter", t)

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        st = self.stats.get(ev.name)
        if st is None:
            st = self.stats[ev.name] = _Stat(ev.nr)
        if self.cfg.summary_wall:
            seconds = (ev.time_exit or ev.time_entry) - ev.time_entry
        else:
            seconds = t.cpu_time
        st.add(max(seconds, 0.0), ev.errno is not None)
        self._call("syscall_exit", t, ev)

    def count(self, name: str, nr: int, seconds: float, failed: bool) -> None:
        """-c alone: the session counts a finished call here, with no event built."""
        st = self.stats.get(name)
        if st is None:
            st = self.stats[name] = _Stat(nr)
        st.add(seconds if seconds > 0.0 else 0.0, failed)

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        self._call("syscall_lost", t, ev)

    def silent(self, t: Tracee) -> None:
        self._call("silent", t)

    def signal(self, t: Tracee, ev: SignalEvent) -> None:
        self._call("signal", t, ev)

    def exited(self, t: Tracee, ev: ExitEvent) -> None:
        self._call("exited", t, ev)

    def superseded(self, t: Tracee, old: int) -> None:
        self._call("superseded", t, old)

    def message(self, text: str) -> None:
        self.out.message(text)

    def table(self) -> str:
        rows = sorted(self.stats.items(), key=lambda kv: kv[1].nr)
        if self.sort == "total-time":
            rows.sort(key=lambda kv: kv[1].total, reverse=True)
        elif self.sort == "avg-time":
            rows.sort(key=lambda kv: _avg(kv[1]), reverse=True)
        elif self.sort == "calls":
            rows.sort(key=lambda kv: kv[1].calls, reverse=True)
        elif self.sort == "errors":
            rows.sort(key=lambda kv: kv[1].errors, reverse=True)
        elif self.sort == "name":
            rows.sort(key=lambda kv: kv[0])
        elif self.sort == "min-time":
            rows.sort(key=lambda kv: kv[1].shortest, reverse=True)
        elif self.sort == "max-time":
            rows.sort(key=lambda kv: kv[1].longest, reverse=True)
        total = _Stat(-1)
        for _, s in rows:
            total.calls += s.calls
            total.errors += s.errors
            total.total += s.total
            total.shortest = min(total.shortest, s.shortest)
            total.longest = max(total.longest, s.longest)
        cols = [COLUMNS[c] for c in self.columns]

        last = len(cols) - 1

        def line(values: list[str]) -> str:
            return " ".join(values) + "\n"

        def cell(i: int, key: str, text: str, width: int) -> str:
            if key == "name":
                return text if i == last else text.ljust(width)
            return text.rjust(width)

        head = [cell(i, key, h, w) for i, (key, h, w, _) in enumerate(cols)]
        dashes = ["-" * w for _, _, w, _ in cols]
        out = [line(head), line(dashes)]
        for name, s in rows:
            out.append(line([cell(i, k, f(s, total.total, name), w) for i, (k, _, w, f) in enumerate(cols)]))
        out.append(line(dashes))
        out.append(line([cell(i, k, f(total, total.total, "total"), w) for i, (k, _, w, f) in enumerate(cols)]))
        return "".join(out)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.finish()  # type: ignore[attr-defined]
        self.out.write(0, self.table())
        self.out.close()
