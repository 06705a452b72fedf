"""Diff two sources in bounded memory: one pass for the process trees (labels matched by fork
and exec structure), one pass reading both sides in step through normalisation into the Matcher."""

from __future__ import annotations

from itertools import zip_longest

from .compare import Comparison, Matcher
from .inputs import Record, Source
from .normalize import AsyncSplit, Normaliser, Rules, match_labels, structure


def diff_sources(a: Source, b: Source, rules: Rules | None = None, context: int = 3,
                 timing: bool = False) -> Comparison:
    """Compare two sources; ``context``: equal calls kept before each process's first difference."""
    la, lb = match_labels(structure(a.skeleton()), structure(b.skeleton()))
    norms = (Normaliser(la, rules), Normaliser(lb, rules))
    splits = (AsyncSplit(), AsyncSplit())
    m = Matcher(context)

    def step(side: int, r: Record | None) -> None:
        if r is None:
            return
        got = norms[side].feed(r)
        if got is None:
            return
        proc, call = got
        if timing and r.duration is not None:
            m.facts[side].add_time(r.name, r.duration)
        calls = splits[side].feed(proc.label, call)
        if calls:
            m.feed(side, proc.label, calls)

    for ra, rb in zip_longest(a.records(), b.records()):
        step(0, ra)
        step(1, rb)
    for side in (0, 1):
        procs = norms[side].procs
        split = splits[side]
        for lab in list(procs):
            m.feed(side, lab, split.flush(lab))
        before = set(procs)
        split.streams(procs)
        for lab, p in procs.items():
            if lab not in before:
                m.feed(side, lab, p.calls)
                p.calls = []
    return m.finish(norms[0].procs, norms[1].procs)
