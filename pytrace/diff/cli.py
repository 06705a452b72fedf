"""``pytrace diff A B`` / ``pytrace diff --run CMD_A --run CMD_B``: exit status as diff(1)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys

from .inputs import InputError, Source, open_source, run_source
from .normalize import Rules
from .report import side_by_side_lines, summary_lines, unified_lines, write, write_json
from .stream import diff_sources

NOISE_HELP = """\
normalisation (what differs between two runs of the same behaviour):
  pids/tids     where calls print them (pid_t arguments, clone/wait/getpid results, si_pid=)
                become labels from the process tree: 1, 1.2 (second child of 1), 1:t1 (a thread);
                side B's processes are paired with side A's by the programs they and their
                children execute, then by fork order
  fds           become the name of the call that created them: <"/etc/passwd">, <pipe2#1:0>
  addresses     returned by mmap/mremap/brk become region names (map<"/usr/lib/libc.so.6">+0x1000,
                anon, <heap>); other pointers become <addr>
  masked        getrandom bytes, clock and load readings (clock_gettime, times, sysinfo ...),
                si_utime/si_stime, the child wait4(-1)/waitid(P_ALL) reaped, getppid's result
  dropped       timestamps and -T durations (compared only with --timing)
noise dropped unless --keep-noise (which follows malloc, thread scheduling and hash seeds,
not the program's logic):
  anonymous mmap; every munmap, mremap, madvise, brk; mprotect of heap/anonymous memory;
  futex, futex_waitv, sched_yield
async signals (SIGCHLD SIGALRM SIGWINCH SIGIO SIGURG SIGPROF SIGVTALRM) and their handler's calls
up to rt_sigreturn move to a stream of their own, LABEL!signals, compared as a set of distinct
events: where they land and how many coalesce is timing. Synchronous signals (SIGSEGV, SIGPIPE,
kill to self ...) stay in place. File-backed mmaps, every other call, errors and exit statuses
are compared. Exit status: 0 no differences, 1 differences, 2 trouble.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pytrace diff", description="Compare the syscall behaviour of two traces.",
                                epilog=NOISE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    p.add_argument("--timing", nargs="?", type=float, const=2.0, default=None, metavar="RATIO",
                   help="also report syscalls whose total -T time changed by RATIO or more (default 2) "
                        "and by 1 ms or more; informational: does not change the exit status")
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
    srcs: list[Source] = []
    try:
        rules = _rules(ns)
        for kind, spec in sides:
            srcs.append(run_source(spec, trace_opts) if kind == "run" else open_source(spec))
        cmp = diff_sources(srcs[0], srcs[1], rules, max(ns.unified, 0), ns.timing is not None)
    except InputError as e:
        sys.stderr.write(f"pytrace diff: {e}\n")
        return 2
    finally:
        for src in srcs:
            src.close()
    out = sys.stdout
    try:
        if ns.format == "json":
            write_json(cmp, out, ns.timing)
        else:
            color = ns.color == "always" or (ns.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
            names = (sides[0][1], sides[1][1])
            if ns.summary:
                lines = summary_lines(cmp, ns.timing)
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
