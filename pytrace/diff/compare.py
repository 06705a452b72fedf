"""Two normalised sides -> per-process alignments (the result every report format reads).

Streaming: :class:`Matcher` takes calls of both sides as they come and keeps, per process, only
what the report can still need: while the two streams agree it counts equal calls and keeps the
last ``context`` of them; from the first difference on it keeps the rest and aligns it at the end.
Aligning the rest gives what aligning everything gives, since the alignment (align.py) starts by
taking the common prefix.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .align import EQUAL, Op, align
from .facts import Facts
from .normalize import Call, Process


class Window:
    """The calls of one process that a report may show: indices ``base`` and up."""

    __slots__ = ("base", "items")

    def __init__(self, base: int, items: list[Call]) -> None:
        self.base = base
        self.items = items

    def __getitem__(self, i: int) -> Call:
        if i < self.base:
            raise IndexError(i)
        return self.items[i - self.base]

    def __len__(self) -> int:
        return self.base + len(self.items)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.items)


@dataclass
class ProcDiff:
    label: str
    a: Process | None
    b: Process | None
    ops: list[Op] = field(default_factory=list)
    skipped: int = 0  # equal calls before ``ops`` begin (not materialised)

    @property
    def changed(self) -> bool:
        return any(op.tag != EQUAL for op in self.ops)


@dataclass
class Comparison:
    procs: list[ProcDiff]
    facts: tuple[Facts, Facts] = field(default_factory=lambda: (Facts(), Facts()))

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


class _Stream:
    """One process's two streams while they are being matched."""

    __slots__ = ("qa", "qb", "equal", "ring", "ra", "rb")

    def __init__(self, context: int) -> None:
        self.qa: deque[Call] = deque()
        self.qb: deque[Call] = deque()
        self.equal = 0
        self.ring: deque[tuple[Call, Call]] = deque(maxlen=None if context < 0 else context)
        self.ra: list[Call] | None = None  # from the first difference on
        self.rb: list[Call] | None = None

    def settle(self) -> None:
        qa, qb = self.qa, self.qb
        while qa and qb:
            x = qa.popleft()
            y = qb.popleft()
            if x == y:
                self.equal += 1
                if self.ring.maxlen != 0:
                    self.ring.append((x, y))
                continue
            self.ra = [x, *qa]
            self.rb = [y, *qb]
            qa.clear()
            qb.clear()
            return


class Matcher:
    """Pairs the calls of two sides per process label as they arrive."""

    def __init__(self, context: int = 3) -> None:
        """``context``: equal calls kept before a first difference (< 0: all)."""
        self.context = context
        self.streams: dict[str, _Stream] = {}
        self.facts = (Facts(), Facts())

    def _stream(self, lab: str) -> _Stream:
        s = self.streams.get(lab)
        if s is None:
            s = self.streams[lab] = _Stream(self.context)
        return s

    def feed(self, side: int, lab: str, calls: list[Call]) -> None:
        s = self.streams.get(lab)
        if s is None:
            s = self._stream(lab)
        self.facts[side].add(calls)
        if s.ra is not None:
            (s.ra if side == 0 else s.rb).extend(calls)  # type: ignore[union-attr]
            return
        (s.qa if side == 0 else s.qb).extend(calls)
        if s.qa and s.qb:
            s.settle()

    def finish(self, a: dict[str, Process], b: dict[str, Process]) -> Comparison:
        """Align what differs; ``a``/``b``: each side's processes (metadata) in order."""
        keys: dict[Call, int] = {}
        names: dict[tuple[str, str], int] = {}

        def intern(calls: list[Call]) -> tuple[list[int], list[int]]:
            k = [keys.setdefault(c, len(keys)) for c in calls]
            n = [names.setdefault((c.kind, c.name), len(names)) for c in calls]
            return k, n

        for side, procs in ((0, a), (1, b)):
            self.facts[side].add_execs(procs.values())
        labels = list(a) + [lab for lab in b if lab not in a]
        out: list[ProcDiff] = []
        for lab in labels:
            s = self._stream(lab)
            ra = s.ra if s.ra is not None else list(s.qa)
            rb = s.rb if s.rb is not None else list(s.qb)
            ka, na = intern(ra)
            kb, nb = intern(rb)
            base = s.equal - len(s.ring)
            ops = [Op(EQUAL, base + k, base + k) for k in range(len(s.ring))]
            ops += [Op(op.tag, op.i + s.equal if op.i >= 0 else -1, op.j + s.equal if op.j >= 0 else -1)
                    for op in align(ka, kb, na, nb)]
            pa, pb = a.get(lab), b.get(lab)
            wa = Window(base, [x for x, _ in s.ring] + ra)
            wb = Window(base, [y for _, y in s.ring] + rb)
            out.append(ProcDiff(lab, replace(pa, calls=wa) if pa is not None else None,  # type: ignore[arg-type]
                                replace(pb, calls=wb) if pb is not None else None, ops, base))  # type: ignore[arg-type]
        return Comparison(out, self.facts)


def compare(a: dict[str, Process], b: dict[str, Process], context: int = -1) -> Comparison:
    """Compare two sides held in memory (normalise() results); ``context`` < 0 keeps every call."""
    m = Matcher(context)
    for side, procs in ((0, a), (1, b)):
        for lab, p in procs.items():
            m.feed(side, lab, p.calls)
    return m.finish(a, b)
