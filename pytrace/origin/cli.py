"""``pytrace libc [--format text|json] [-o FILE] [trace options] COMMAND`` and
``pytrace libc --demo``: trace a program and report which libc entry points became which
syscalls, and which syscalls bypassed libc."""

from __future__ import annotations

import json
import sys

USAGE = """\
Usage: pytrace libc [--format text|json] [--report FILE] [--no-count-calls] [strace options] COMMAND [ARGS]
       pytrace libc --demo [--format text|json]
Follows forks (-f) by default; strace's trace options (-e trace=...) narrow what is counted.
--count-calls (the default) counts the calls of each libc function the program imports and of
the vDSO's time functions with breakpoints; --no-count-calls only attributes syscalls.
"""


def _split(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    """Our own options (before the trace options), and the rest."""
    own: dict[str, str] = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--demo", "--json", "--count-calls", "--no-count-calls"):
            own[a[2:]] = "1"
        elif a in ("-h", "--help"):
            own["help"] = "1"
        elif a.startswith("--format="):
            own["format"] = a.split("=", 1)[1]
        elif a.startswith("--report="):
            own["report"] = a.split("=", 1)[1]
        elif a in ("--format", "--report") and i + 1 < len(argv):
            own[a[2:]] = argv[i + 1]
            i += 1
        else:
            break
        i += 1
    if own.pop("json", None):
        own["format"] = "json"
    own.pop("count-calls", None)
    return own, argv[i:]


def trace_report(argv: list[str], count_calls: bool = True):  # type: ignore[no-untyped-def]
    """Run ``argv`` (strace options then the command) under the tracer; the LibcReport.
    ``count_calls``: count libc and vDSO calls with breakpoints (pytrace.origin.breakpoints)."""
    from ..cli import parse_args
    from ..session import Session
    from ..syscalls import table
    from .counting import CountingSession
    from .report import LibcReport

    cfg = parse_args(["-f", *argv])
    cfg.origin = True
    cfg.stack_trace = True
    tab = table("x86_64")
    sink = None
    cls = CountingSession if count_calls else Session
    session = cls.__new__(cls)  # build the sink with the session's resolver
    Session.__init__(session, cfg, _Null())
    assert session.origin is not None
    sink = LibcReport(session.origin, set(tab.names()))
    if isinstance(session, CountingSession):
        sink.counter = session.start_counting()
    session.sink = sink
    session.spawn(cfg.command)
    status = session.run()
    return sink, status


class _Null:
    def message(self, text: str) -> None:
        sys.stderr.write(f"pytrace: {text}\n")


def main(argv: list[str]) -> int:
    from ..cli import UsageError
    from ..session import TraceError

    own, rest = _split(argv)
    if "help" in own:
        sys.stdout.write(USAGE)
        return 0
    fmt = own.get("format", "text")
    if fmt not in ("text", "json"):
        sys.stderr.write(f"pytrace libc: unknown format '{fmt}'\n")
        return 1
    if "demo" in own:
        from .demo import main as demo_main

        return demo_main(fmt)
    if not rest:
        sys.stderr.write(USAGE)
        return 1
    try:
        rep, status = trace_report(rest, count_calls="no-count-calls" not in own)
    except (UsageError, TraceError) as e:
        sys.stderr.write(f"pytrace libc: {e}\n")
        return 1
    out = open(own["report"], "w") if "report" in own else sys.stdout  # noqa: SIM115
    try:
        if fmt == "json":
            out.write(json.dumps(rep.as_json(), indent=1) + "\n")
        else:
            from rich.console import Console

            from .report import render

            render(rep, Console(file=out, highlight=False, markup=False))
    finally:
        if out is not sys.stdout:
            out.close()
    return status
