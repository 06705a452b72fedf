"""Two normalised sides -> per-process alignments (the result every report format reads)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .align import EQUAL, Op, align
from .normalize import Call, Process


@dataclass
class ProcDiff:
    label: str
    a: Process | None
    b: Process | None
    ops: list[Op] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(op.tag != EQUAL for op in self.ops)


@dataclass
class Comparison:
    procs: list[ProcDiff]

    @property
    def identical(self) -> bool:
        return not any(p.changed for p in self.procs)


def what_changed(x: Call, y: Call) -> list[str]:
    """Which parts of a changed call differ: ``arg 2``, ``args count``, ``result``."""
    out: list[str] = []
    if len(x.args) != len(y.args):
        out.append("args count")
    for k, (u, v) in enumerate(zip(x.args, y.args, strict=False), 1):
        if u != v:
            out.append(f"arg {k}")
    if x.errno != y.errno:
        out.append("errno")
    if x.ret != y.ret:
        out.append("result")
    return out


def compare(a: dict[str, Process], b: dict[str, Process]) -> Comparison:
    keys: dict[Call, int] = {}
    names: dict[tuple[str, str], int] = {}

    def intern(calls: list[Call]) -> tuple[list[int], list[int]]:
        k = [keys.setdefault(c, len(keys)) for c in calls]
        n = [names.setdefault((c.kind, c.name), len(names)) for c in calls]
        return k, n

    labels = list(a) + [lab for lab in b if lab not in a]
    out: list[ProcDiff] = []
    for lab in labels:
        pa, pb = a.get(lab), b.get(lab)
        ca = pa.calls if pa is not None else []
        cb = pb.calls if pb is not None else []
        ka, na = intern(ca)
        kb, nb = intern(cb)
        out.append(ProcDiff(lab, pa, pb, align(ka, kb, na, nb)))
    return Comparison(out)
