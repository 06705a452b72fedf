"""Reading a trace into records: pytrace JSON Lines, strace text (plain, -f, -tt/-T, -ff sets),
or a live run of a command under pytrace."""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import NamedTuple

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


class InputError(Exception):
    pass


def _from_parsed(e: dict, pid: int) -> Record | None:  # type: ignore[type-arg]
    kind = e.get("type")
    if kind == "syscall":
        return Record("syscall", pid, e["name"], tuple(e.get("args_text", ())), e.get("ret_text", "?"),
                      e.get("errno"), e.get("retval"))
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


def load(path: str) -> list[Record]:
    """A saved trace: a file (JSON Lines or strace text), or the prefix of an -ff set."""
    if not os.path.exists(path):
        files = sorted((f for f in glob.glob(glob.escape(path) + ".*") if _FF.search(f)),
                       key=lambda f: int(_FF.search(f).group(1)))  # type: ignore[union-attr]
        if not files:
            raise InputError(f"{path}: no such file (nor an -ff set {path}.PID)")
        out: list[Record] = []
        for f in files:
            out.extend(_load_file(f, int(_FF.search(f).group(1))))  # type: ignore[union-attr]
        return out
    return list(_load_file(path, 0))


def _load_file(path: str, pid: int) -> Iterator[Record]:
    try:
        f = open(path, encoding="utf-8", errors="surrogateescape")
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    with f:
        first = f.readline()
        rest = f.readlines()
    if first.startswith("{"):
        return read_json([first, *rest])
    return read_text([first, *rest], pid)


def run(command: str, trace_opts: list[str]) -> list[Record]:
    """Trace ``command`` (a shell-quoted string) with pytrace -f into JSON Lines and read it."""
    argv = shlex.split(command)
    if not argv:
        raise InputError("--run: empty command")
    with tempfile.TemporaryDirectory(prefix="pytrace-diff-") as d:
        out = os.path.join(d, "trace.jsonl")
        proc = subprocess.run(
            [sys.executable, "-m", "pytrace", "--json", "-f", "-o", out, *trace_opts, "--", *argv],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        if not os.path.exists(out):
            raise InputError(f"--run {command!r}: {proc.stderr.decode(errors='replace').strip()}")
        return load(out)
