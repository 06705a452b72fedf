"""Report formats: unified diff (-U N), side by side, summary, JSON.

Tracee text is never rich markup: coloured output is built from rich.text.Text objects.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

from .align import CHANGE, DELETE, EQUAL, INSERT, Op
from .compare import Comparison, ProcDiff, what_changed
from .normalize import Process

_STYLE = {DELETE: "red", INSERT: "green", "?": "yellow", "@": "cyan", "h": "bold"}


def _proc_name(p: Process | None) -> str:
    if p is None:
        return "(absent)"
    ex = f" {p.execs[-1]}" if p.execs else ""
    kind = "thread" if p.thread else "process"
    return f"{kind} {p.label} (pid {p.pid}){ex}"


def _hunks(ops: list[Op], context: int) -> Iterator[tuple[int, int]]:
    """Ranges [lo, hi) of ops to show: changes plus ``context`` equal events around them."""
    lo = hi = -1
    for k, op in enumerate(ops):
        if op.tag == EQUAL:
            continue
        s, e = max(0, k - context), min(len(ops), k + context + 1)
        if lo >= 0 and s <= hi:
            hi = max(hi, e)
        else:
            if lo >= 0:
                yield lo, hi
            lo, hi = s, e
    if lo >= 0:
        yield lo, hi


def unified_lines(cmp: Comparison, context: int = 3, names: tuple[str, str] = ("a", "b")) -> Iterator[tuple[str, str]]:
    """(style key, line) pairs of the unified diff."""
    for pd in cmp.procs:
        if not pd.changed:
            continue
        ca = pd.a.calls if pd.a is not None else []
        cb = pd.b.calls if pd.b is not None else []
        yield "h", f"--- {names[0]}: {_proc_name(pd.a)}"
        yield "h", f"+++ {names[1]}: {_proc_name(pd.b)}"
        for lo, hi in _hunks(pd.ops, context):
            part = pd.ops[lo:hi]
            ia = [op.i for op in part if op.i >= 0]
            jb = [op.j for op in part if op.j >= 0]
            a0 = ia[0] + 1 if ia else 0
            b0 = jb[0] + 1 if jb else 0
            yield "@", f"@@ -{a0},{len(ia)} +{b0},{len(jb)} @@"
            for op in part:
                if op.tag == EQUAL:
                    yield EQUAL, " " + ca[op.i].line
                elif op.tag == DELETE:
                    yield DELETE, "-" + ca[op.i].line
                elif op.tag == INSERT:
                    yield INSERT, "+" + cb[op.j].line
                else:
                    x, y = ca[op.i], cb[op.j]
                    yield DELETE, "-" + x.line
                    yield INSERT, "+" + y.line
                    yield "?", "? changed: " + ", ".join(what_changed(x, y))


def side_by_side_lines(cmp: Comparison, width: int = 160, context: int = 3) -> Iterator[tuple[str, str]]:
    col = max(20, (width - 3) // 2)

    def cut(s: str) -> str:
        return s if len(s) <= col else s[: col - 1] + "…"

    for pd in cmp.procs:
        if not pd.changed:
            continue
        ca = pd.a.calls if pd.a is not None else []
        cb = pd.b.calls if pd.b is not None else []
        yield "h", f"{cut(_proc_name(pd.a)):<{col}} | {cut(_proc_name(pd.b))}"
        for lo, hi in _hunks(pd.ops, context):
            yield "@", "@@"
            for op in pd.ops[lo:hi]:
                left = cut(ca[op.i].line) if op.i >= 0 else ""
                right = cut(cb[op.j].line) if op.j >= 0 else ""
                mark = {EQUAL: " ", DELETE: "<", INSERT: ">", CHANGE: "|"}[op.tag]
                style = {EQUAL: EQUAL, DELETE: DELETE, INSERT: INSERT, CHANGE: "?"}[op.tag]
                yield style, f"{left:<{col}} {mark} {right}"


def summary(cmp: Comparison, timing: float | None = None) -> dict[str, Any]:
    fa, fb = cmp.facts
    names = sorted(set(fa.counts) | set(fb.counts))
    deltas = {n: [fa.counts[n], fb.counts[n]] for n in names if fa.counts[n] != fb.counts[n]}
    ops = Counter(op.tag for pd in cmp.procs for op in pd.ops)
    out: dict[str, Any] = {
        "identical": cmp.identical,
        "events": {"equal": ops[EQUAL] + sum(pd.skipped for pd in cmp.procs), "changed": ops[CHANGE],
                   "deleted": ops[DELETE], "inserted": ops[INSERT]},
        "syscall_counts": deltas,
        "files_only_a": sorted(fa.files - fb.files),
        "files_only_b": sorted(fb.files - fa.files),
        "errors_only_a": sorted(set(fa.errors) - set(fb.errors)),
        "errors_only_b": sorted(set(fb.errors) - set(fa.errors)),
        "network_only_a": sorted(fa.net - fb.net),
        "network_only_b": sorted(fb.net - fa.net),
        "processes_a": fa.execs,
        "processes_b": fb.execs,
    }
    if timing is not None:
        out["timing"] = timing_changes(cmp, timing)
    return out


def timing_changes(cmp: Comparison, ratio: float) -> dict[str, Any]:
    """Syscalls whose total time (-T durations) changed by ``ratio`` or more, and by 1 ms or more."""
    fa, fb = cmp.facts
    changed: dict[str, list[float]] = {}
    for n in sorted(set(fa.time) | set(fb.time)):
        x, y = fa.time[n], fb.time[n]
        lo, hi = min(x, y), max(x, y)
        if hi - lo >= 0.001 and (lo == 0 or hi / lo >= ratio):
            changed[n] = [round(x, 6), round(y, 6)]
    return {"ratio": ratio, "total_a": round(sum(fa.time.values()), 6), "total_b": round(sum(fb.time.values()), 6),
            "timed_a": sum(fa.timed.values()), "timed_b": sum(fb.timed.values()), "syscalls": changed}


def summary_lines(cmp: Comparison, timing: float | None = None) -> Iterator[tuple[str, str]]:
    s = summary(cmp, timing)
    ev = s["events"]
    yield "h", ("no differences" if s["identical"] else
                f"{ev['changed']} changed, {ev['deleted']} only in a, {ev['inserted']} only in b, {ev['equal']} equal")
    if s["syscall_counts"]:
        yield "h", "syscall counts (a -> b):"
        for n, (x, y) in s["syscall_counts"].items():
            yield "?", f"  {n:<20} {x:>7} -> {y:<7} ({y - x:+d})"
    for key, title, style in (
        ("files_only_a", "files only in a:", DELETE), ("files_only_b", "files only in b:", INSERT),
        ("errors_only_a", "errors only in a:", DELETE), ("errors_only_b", "errors only in b:", INSERT),
        ("network_only_a", "network only in a:", DELETE), ("network_only_b", "network only in b:", INSERT),
    ):
        if s[key]:
            yield "h", title
            for x in s[key]:
                yield style, "  " + x
    t = s.get("timing")
    if t is not None:
        yield "h", f"time in syscalls (a -> b): {t['total_a']:.6f} s -> {t['total_b']:.6f} s" + (
            "" if t["timed_a"] or t["timed_b"] else " (no durations: trace with -T)")
        for n, (x, y) in t["syscalls"].items():
            yield "?", f"  {n:<20} {x:>10.6f} -> {y:<10.6f} s"
    if s["processes_a"] != s["processes_b"]:
        yield "h", "processes started (a | b):"
        for x in s["processes_a"]:
            yield DELETE, "  " + x
        for x in s["processes_b"]:
            yield INSERT, "  " + x


def to_json(cmp: Comparison, timing: float | None = None) -> dict[str, Any]:
    procs: list[dict[str, Any]] = []
    for pd in cmp.procs:
        procs.append({
            "label": pd.label,
            "a_pid": pd.a.pid if pd.a else None,
            "b_pid": pd.b.pid if pd.b else None,
            "identical": not pd.changed,
            "differences": list(_json_ops(pd)),
        })
    return {"identical": cmp.identical, "processes": procs, "summary": summary(cmp, timing)}


def _json_ops(pd: ProcDiff) -> Iterator[dict[str, Any]]:
    ca = pd.a.calls if pd.a is not None else []
    cb = pd.b.calls if pd.b is not None else []
    for op in pd.ops:
        if op.tag == EQUAL:
            continue
        d: dict[str, Any] = {"op": {CHANGE: "changed", DELETE: "deleted", INSERT: "inserted"}[op.tag],
                             "a_index": op.i if op.i >= 0 else None, "b_index": op.j if op.j >= 0 else None}
        if op.i >= 0:
            d["a"] = ca[op.i].line
        if op.j >= 0:
            d["b"] = cb[op.j].line
        if op.tag == CHANGE:
            d["changed"] = what_changed(ca[op.i], cb[op.j])
        yield d


def write(lines: Iterator[tuple[str, str]], file: Any, color: bool) -> None:
    if not color:
        for _, line in lines:
            file.write(line + "\n")
        return
    console = Console(file=file, force_terminal=True, highlight=False, soft_wrap=True)
    for style, line in lines:
        console.print(Text(line, style=_STYLE.get(style, "")))


def write_json(cmp: Comparison, file: Any, timing: float | None = None) -> None:
    json.dump(to_json(cmp, timing), file, indent=1)
    file.write("\n")
