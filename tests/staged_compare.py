"""Comparing runs under status filtering (-z, -Z, -e status=), where strace 6.1 stages lines.

A staged line cut by another process's line is written as ``PID HEAD <unfinished ...>`` and,
on the next line, the rest of the call with no pid and no ``<... resumed>``. ``join_staged``
puts such halves back together; ``per_process`` groups lines by process and pairs the
processes of two runs by content (the scheduler decides which process prints first, so pid
numbering by first appearance is not stable), with every pid of a run masked as ``PID``.
``check_staged`` lists the lines that strace's staging rules cannot produce.

By hand: ``python -m tests.staged_compare -z -- CMD`` prints the per-process comparison.
"""

from __future__ import annotations

import difflib
import re
import sys

_PID = re.compile(r"^(\d+)(?:<[^>]*>)? +")
_CUT = " <unfinished ...>"
_ALIGN = re.compile(r"\) +(= )")
_RESUMED = re.compile(r"^<\.\.\. [a-z0-9_]+ resumed>")
_EQ = re.compile(r"\) += ")


def join_staged(lines: list[str]) -> list[str]:
    """Join each ``HEAD <unfinished ...>`` line to the pid-less continuation after it."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith(_CUT) and not _PID.match(line):
            out[-1] = out[-1][: -len(_CUT)] + line
        else:
            out.append(line)
    return out


def _groups(lines: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    groups: dict[str, list[str]] = {}
    for line in join_staged(lines):
        m = _PID.match(line)
        key, body = (m.group(1), line[m.end():]) if m else ("", line)
        groups.setdefault(key, []).append(_ALIGN.sub(r") \1", body))
    pids = sorted((k for k in groups if k), key=len, reverse=True)
    if pids:
        rx = re.compile(r"\b(" + "|".join(pids) + r")\b")
        for k, seq in groups.items():
            groups[k] = [rx.sub("PID", s) for s in seq]
    return groups, pids


def per_process(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """Both runs as per-process line lists, processes paired by similarity (greedy)."""
    ga, _ = _groups(a)
    gb, _ = _groups(b)
    left = list(gb)
    out_a: list[str] = []
    out_b: list[str] = []
    for ka in sorted(ga, key=lambda k: -len(ga[k])):
        best, score = None, -1.0
        for kb in left:
            r = difflib.SequenceMatcher(None, ga[ka], gb[kb], autojunk=False).ratio()
            if r > score:
                best, score = kb, r
        seq_b: list[str] = []
        if best is not None:
            left.remove(best)
            seq_b = gb[best]
        width = max(len(ga[ka]), len(seq_b))
        out_a += ga[ka] + [""] * (width - len(ga[ka]))
        out_b += seq_b + [""] * (width - len(seq_b))
    for kb in left:
        out_a += [""] * len(gb[kb])
        out_b += gb[kb]
    return out_a, out_b


def _ret(body: str) -> tuple[int, int, str] | None:
    """(column after ``) ``, column of ``=``, return text) of a syscall line, or None."""
    found = list(_EQ.finditer(body))
    if not found:
        return None
    m = found[-1]
    return m.start() + 2, m.end() - 2, body[m.end():]


def _kind(ret: str) -> str:
    if ret == "?":
        return "unfinished"
    if ret.startswith(("-1 ", "? E")):
        return "failed"
    return "successful"


def check_staged(lines: list[str], status: frozenset[str], separate: bool = False, align: int = 40) -> list[str]:
    """The lines strace 6.1's staging cannot produce: a ``<... resumed>`` line (but for the
    execve after ``+++ superseded``), a continuation
    not after a cut head or a head without its continuation (but for an exec'ing thread's
    entry published before ``+++ superseded``), an ``=`` column not counted
    from the line's start or from the cut, a call of a status not in ``status``."""
    bad: list[str] = []
    prev = ""
    for i, line in enumerate(lines, 1):
        m = None if separate else _PID.match(line)
        cont = not separate and m is None
        if cont and not prev.endswith(_CUT):
            bad.append(f"{i}: continuation without a cut head: {line}")
        if not cont and not separate and prev.endswith(_CUT) and "+++ superseded by execve" not in line:
            bad.append(f"{i - 1}: cut head without its continuation: {prev}")
        body = line[m.end():] if m else line
        if _RESUMED.match(body) and "+++ superseded by execve" not in prev:
            bad.append(f"{i}: <... resumed> under staging: {line}")
        r = None if body.endswith(_CUT) or body.startswith(("---", "+++")) else _ret(body)
        if r is not None:
            col, eq, ret = r
            col += len(line) - len(body)  # the column counts the pid prefix too
            eq += len(line) - len(body)
            if eq != max(col, align):
                bad.append(f"{i}: '=' at column {eq}, not {max(col, align)}: {line}")
            if _kind(ret) not in status:
                bad.append(f"{i}: a {_kind(ret)} call printed: {line}")
        prev = line
    if prev.endswith(_CUT):
        bad.append(f"{len(lines)}: cut head without its continuation: {prev}")
    return bad


def run_both_raw(argv: list[str], options: list[str], timeout: float = 60) -> tuple[list[str], list[str]]:
    """The raw -f -o output lines of strace and of pytrace for the same command."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    from tests.differential import STRACE, _env, _norepeat

    out = []
    with tempfile.TemporaryDirectory() as d:
        for i, tracer in enumerate(([STRACE], [sys.executable, "-m", "pytrace"])):
            path = os.path.join(d, f"{i}.out")
            subprocess.run(
                _norepeat([*tracer, "-f", "-o", path, *options, *argv]), stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, env=_env(), timeout=timeout,
            )
            out.append(Path(path).read_text(errors="surrogateescape").splitlines())
    return out[0], out[1]


if __name__ == "__main__":
    from tests.differential import compare

    args = sys.argv[1:]
    i = args.index("--")
    sa, sb = run_both_raw(args[i + 1:], args[:i])
    res = compare(*per_process(sa, sb))
    print(res.report(200))
