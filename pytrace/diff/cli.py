"""``pytrace diff A B`` / ``pytrace diff --run CMD_A --run CMD_B``: exit status as diff(1)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys

from .compare import compare
from .inputs import InputError, Record, load, run
from .normalize import Rules, normalise
from .report import side_by_side_lines, summary_lines, unified_lines, write, write_json


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pytrace diff", description="Compare the syscall behaviour of two traces.")
    p.add_argument("inputs", nargs="*", help="saved traces: pytrace JSON Lines, strace text, or an -ff prefix")
    p.add_argument("--run", action="append", default=[], metavar="CMD", help="trace CMD (shell-quoted) live")
    p.add_argument("-e", action="append", default=[], dest="expr", metavar="EXPR", help="trace option for --run")
    p.add_argument("-U", "--unified", type=int, default=3, metavar="N", help="context events (default 3)")
    p.add_argument("-y", "--side-by-side", action="store_true", help="two columns")
    p.add_argument("--summary", action="store_true", help="counts, files, errors, endpoints, processes")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--ignore", action="append", default=[], metavar="SYSCALL|%CLASS", help="drop these calls")
    p.add_argument("--normalize", action="append", default=[], metavar="REGEX=REPL", help="rewrite text")
    p.add_argument("--keep-noise", action="store_true",
                   help="compare anonymous mmap/munmap/brk/madvise and futex/sched_yield too")
    p.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto")
    p.add_argument("--width", type=int, default=0, help="side-by-side width (default: terminal)")
    return p


def _sides(argv: list[str], ns: argparse.Namespace) -> list[tuple[str, str]]:
    """(kind, spec) for each side, in the order given on the command line."""
    runs = list(ns.run)
    files = list(ns.inputs)
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(argv):
        a = argv[k]
        if a == "--run" and runs:
            out.append(("run", runs.pop(0)))
            k += 2
            continue
        if a.startswith("--run=") and runs:
            out.append(("run", runs.pop(0)))
        elif files and a == files[0]:
            out.append(("file", files.pop(0)))
        k += 1
    out.extend(("file", f) for f in files)
    out.extend(("run", r) for r in runs)
    return out


def _rules(ns: argparse.Namespace) -> Rules:
    ignore: set[str] = set()
    if ns.ignore:
        from ..filters import FilterError, parse_trace_set
        from ..syscalls import table

        spec = ",".join(ns.ignore)
        try:
            names = parse_trace_set(spec, table("x86_64"))
        except FilterError as e:
            raise InputError(f"--ignore: {e}") from None
        ignore = set(names) if names is not None else set(table("x86_64").names())
    norm: list[tuple[re.Pattern[str], str]] = []
    for rule in ns.normalize:
        rx, sep, repl = rule.partition("=")
        if not sep:
            raise InputError(f"--normalize {rule!r}: expected REGEX=REPL")
        try:
            norm.append((re.compile(rx), repl))
        except re.error as e:
            raise InputError(f"--normalize {rule!r}: {e}") from None
    return Rules(frozenset(ignore), ns.keep_noise, norm)


def main(argv: list[str]) -> int:
    p = _parser()
    try:
        ns = p.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    sides = _sides(argv, ns)
    if len(sides) != 2:
        sys.stderr.write("pytrace diff: need exactly two sides (files and/or --run commands)\n")
        return 2
    trace_opts = [x for e in ns.expr for x in ("-e", e)]
    try:
        rules = _rules(ns)
        recs: list[list[Record]] = []
        for kind, spec in sides:
            recs.append(run(spec, trace_opts) if kind == "run" else load(spec))
        a = normalise(recs[0], rules)
        b = normalise(recs[1], rules)
    except InputError as e:
        sys.stderr.write(f"pytrace diff: {e}\n")
        return 2
    cmp = compare(a, b)
    out = sys.stdout
    try:
        if ns.format == "json":
            write_json(cmp, out)
        else:
            color = ns.color == "always" or (ns.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
            names = (sides[0][1], sides[1][1])
            if ns.summary:
                lines = summary_lines(cmp)
            elif ns.side_by_side:
                width = ns.width or shutil.get_terminal_size((160, 24)).columns
                lines = side_by_side_lines(cmp, width, ns.unified)
            else:
                lines = unified_lines(cmp, ns.unified, names)
            write(lines, out, color)
        out.flush()
    except BrokenPipeError:
        return 1 if not cmp.identical else 0
    return 0 if cmp.identical else 1
