"""``pytrace libc [--format text|json] [-o FILE] [trace options] COMMAND`` and
``pytrace libc --demo``: trace a program and report which libc entry points became which
syscalls, and which syscalls bypassed libc."""

from __future__ import annotations

import json
import sys

USAGE = """\
Usage: pytrace libc [--format text|json] [--report FILE] [strace options] COMMAND [ARGS]
       pytrace libc --demo [--format text|json]
Follows forks (-f) by default; strace's trace options (-e trace=...) narrow what is counted.
"""


def _split(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    """Our own options (before the trace options), and the rest."""
    own: dict[str, str] = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--demo", "--json"):
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
    return own, argv[i:]


def trace_report(argv: list[str]):  # type: ignore[no-untyped-def]
    """Run ``argv`` (strace options then the command) under the tracer; the LibcReport."""
    from ..cli import parse_args
    from ..session import Session
    from ..syscalls import table
    from .report import LibcReport

    cfg = parse_args(["-f", *argv])
    cfg.origin = True
    cfg.stack_trace = True
    tab = table("x86_64")
    sink = None
    session = Session.__new__(Session)  # build the sink with the session's resolver
    Session.__init__(session, cfg, _Null())
    assert session.origin is not None
    sink = LibcReport(session.origin, set(tab.names()))
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
        rep, status = trace_report(rest)
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
