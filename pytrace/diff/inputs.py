"""Reading a trace into records: pytrace JSON Lines, strace text (plain, -f, -tt/-T, -ff sets),
or a live run of a command under pytrace."""

from __future__ import annotations

import glob
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ..values import parse_line


class Record(NamedTuple):
    """One complete event, in the text form both input kinds share."""

    kind: str  # "syscall", "signal", "exit", "killed"
    pid: int
    name: str  # syscall or signal name; "" for exit
    args: tuple[str, ...]  # printed arguments (signal: (siginfo,))
    ret: str  # ret_text; exit status; "" for signals
    errno: str | None
    retval: int | None
    duration: float | None = None  # seconds (strace -T, pytrace JSON "duration")


class InputError(Exception):
    pass


def _from_parsed(e: dict, pid: int) -> Record | None:  # type: ignore[type-arg]
    kind = e.get("type")
    if kind == "syscall":
        return Record("syscall", pid, e["name"], tuple(e.get("args_text", ())), e.get("ret_text", "?"),
                      e.get("errno"), e.get("retval"), e.get("duration"))
    if kind == "signal":
        if e.get("stopped"):
            return Record("signal", pid, "stopped by " + e["signal"], (), "", None, None)
        return Record("signal", pid, e["signal"], (e.get("siginfo_text") or e.get("siginfo") or "",), "", None, None)
    if kind == "exit":
        return Record("exit", pid, "", (), str(e["status"]), None, e["status"])
    if kind == "killed":
        return Record("killed", pid, e["signal"], (), "core" if e.get("core") else "", None, None)
    return None


def merge_halves(events: Iterable[dict]) -> Iterator[dict]:  # type: ignore[type-arg]
    """Join ``<unfinished ...>`` and ``<... resumed>`` halves per pid into complete calls."""
    pending: dict[int, dict] = {}  # type: ignore[type-arg]
    for e in events:
        if e.get("type") == "syscall":
            pid = e.get("pid", 0)
            if e.get("unfinished"):
                pending[pid] = e
                continue
            if e.get("resumed"):
                first = pending.pop(pid, None)
                if first is not None and first["name"] == e["name"]:
                    merged = dict(e)
                    head, tail = list(first["args_text"]), list(e.get("args_text", []))
                    if head and tail and tail[0].startswith("=>"):  # "{in} <unfinished>" + "=> {out}"
                        head[-1] += " " + tail.pop(0)
                    merged["args_text"] = head + tail
                    merged.pop("resumed", None)
                    e = merged
        yield e
    for e in pending.values():  # never resumed: the trace ended inside the call
        yield {**e, "ret_text": "?", "retval": None, "errno": None}


def read_text(lines: Iterable[str], pid: int = 0) -> Iterator[Record]:
    """strace text output; ``pid`` for lines without a pid prefix (plain and -ff files)."""
    parsed = (p for p in (parse_line(line) for line in lines) if p is not None)
    for e in merge_halves(parsed):
        r = _from_parsed(e, e.get("pid", pid))
        if r is not None:
            yield r


def read_json(lines: Iterable[str]) -> Iterator[Record]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
        except ValueError:
            raise InputError(f"line {n}: not JSON") from None
        r = _from_parsed(e, e.get("pid", 0))
        if r is not None:
            yield r


_FF = re.compile(r"\.(\d+)\Z")
_PID = re.compile(r"\[pid +(\d+)\] |(\d+) ")


class Source:
    """One side, read as a stream as often as needed: a saved trace (a file or an -ff set), or
    the trace a live run wrote into a temporary directory (removed by close())."""

    def __init__(self, name: str, files: list[tuple[str, int]], tmp: tempfile.TemporaryDirectory[str] | None = None) -> None:
        self.name = name
        self.files = files  # (path, pid for lines without a pid prefix)
        self.tmp = tmp

    def records(self) -> Iterator[Record]:
        for path, pid in self.files:
            yield from _load_file(path, pid)

    def skeleton(self) -> Iterator[Record]:
        """Records enough for normalize.structure(): every pid, and the fork and exec calls
        (strace text is parsed only on lines that name clone, fork or exec)."""
        for path, pid in self.files:
            with _open(path) as f:
                first = f.readline()
                if first.startswith("{"):
                    yield from read_json(itertools.chain((first,), f))
                    continue
                yield from _skeleton_text(itertools.chain((first,), f), pid)

    def close(self) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()
            self.tmp = None


def _skeleton_text(lines: Iterable[str], pid: int) -> Iterator[Record]:
    def parsed() -> Iterator[dict]:  # type: ignore[type-arg]
        match = _PID.match
        heads: set[str] = set()  # "PID" prefixes already reported
        pids: set[int] = set()
        for line in lines:
            if "clone" in line or "fork" in line or "exec" in line:
                e = parse_line(line)
                if e is not None:
                    yield e
                continue
            head = line[: line.find(" ")]
            if head in heads or not line.strip():
                continue
            if head.isdigit():
                heads.add(head)
            m = match(line)
            p = int(m.group(1) or m.group(2)) if m else pid
            if p not in pids:  # only a pid's first line matters to the tree
                pids.add(p)
                yield {"type": "seen", "pid": p}

    for e in merge_halves(parsed()):
        p = e.get("pid", pid)
        if e.get("type") == "seen":
            yield Record("seen", p, "", (), "", None, None)
        else:
            r = _from_parsed(e, p)
            if r is not None:
                yield r


def open_source(path: str) -> Source:
    """A saved trace: a file (JSON Lines or strace text), or the prefix of an -ff set."""
    if not os.path.exists(path):
        files = sorted((f for f in glob.glob(glob.escape(path) + ".*") if _FF.search(f)),
                       key=lambda f: int(_FF.search(f).group(1)))  # type: ignore[union-attr]
        if not files:
            raise InputError(f"{path}: no such file (nor an -ff set {path}.PID)")
        return Source(path, [(f, int(_FF.search(f).group(1))) for f in files])  # type: ignore[union-attr]
    try:
        open(path, "rb").close()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    return Source(path, [(path, 0)])


def load(path: str) -> list[Record]:
    """A saved trace, all in memory."""
    return list(open_source(path).records())


def _open(path: str) -> Any:
    try:
        return open(path, encoding="utf-8", errors="surrogateescape")
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None


def _load_file(path: str, pid: int) -> Iterator[Record]:
    with _open(path) as f:
        first = f.readline()
        lines = itertools.chain((first,), f)
        if first.startswith("{"):
            yield from read_json(lines)
        else:
            yield from read_text(lines, pid)


def run_source(command: str, trace_opts: list[str]) -> Source:
    """Trace ``command`` (a shell-quoted string) with pytrace -f into JSON Lines; the trace is
    kept in a temporary directory until the source is closed."""
    argv = shlex.split(command)
    if not argv:
        raise InputError("--run: empty command")
    d = tempfile.TemporaryDirectory(prefix="pytrace-diff-")
    out = os.path.join(d.name, "trace.jsonl")
    proc = subprocess.run(
        [sys.executable, "-m", "pytrace", "--json", "-f", "-o", out, *trace_opts, "--", *argv],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    if not os.path.exists(out):
        d.cleanup()
        raise InputError(f"--run {command!r}: {proc.stderr.decode(errors='replace').strip()}")
    return Source(command, [(out, 0)], d)


def run(command: str, trace_opts: list[str]) -> list[Record]:
    """Trace ``command`` live and read its records into memory."""
    src = run_source(command, trace_opts)
    try:
        return list(src.records())
    finally:
        src.close()
