"""Sequence alignment of two event streams, reporting changed calls as changes.

Level 1 aligns whole events (common prefix/suffix, then unique-event anchors as in patience
diff, then difflib's longest-matching-block algorithm on small gaps). Level 2 re-aligns each
unequal region by syscall name only: events paired there are *changed* (same call, different
arguments, result or errno), the rest are deletions and insertions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

EQUAL, CHANGE, DELETE, INSERT = "=", "~", "-", "+"

_SMALL = 4_000_000  # gap size (n*m) up to which difflib runs without autojunk


class Op(NamedTuple):
    tag: str
    i: int  # index into a (-1 for INSERT)
    j: int  # index into b (-1 for DELETE)


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain increasing in both coordinates (pairs sorted by the first)."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        p = bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tails_idx.append(k)
        else:
            tails[p] = j
            tails_idx[p] = k
        prev[k] = tails_idx[p - 1] if p > 0 else -1
    out: list[tuple[int, int]] = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    out.reverse()
    return out


def _blocks(a: Sequence[int], b: Sequence[int], alo: int, ahi: int, blo: int, bhi: int,
            out: list[tuple[int, int, int]], depth: int = 0) -> None:
    """Append matching blocks (i, j, n) of a[alo:ahi] / b[blo:bhi], in order."""
    while alo < ahi and blo < bhi and a[alo] == b[blo]:  # common prefix
        out.append((alo, blo, 1))
        alo += 1
        blo += 1
    tail: list[tuple[int, int, int]] = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi -= 1
        bhi -= 1
        tail.append((ahi, bhi, 1))
    if alo < ahi and blo < bhi:
        if (ahi - alo) * (bhi - blo) <= _SMALL or depth > 50:
            sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=(ahi - alo) * (bhi - blo) > _SMALL)
            for i, j, n in sm.get_matching_blocks():
                if n:
                    out.append((alo + i, blo + j, n))
        else:
            count: dict[int, list[int]] = {}
            for i in range(alo, ahi):
                c = count.get(a[i])
                if c is None:
                    count[a[i]] = [1, 0, i, -1]
                else:
                    c[0] += 1
            for j in range(blo, bhi):
                c = count.get(b[j])
                if c is not None:
                    c[1] += 1
                    c[3] = j
            pairs = sorted((c[2], c[3]) for c in count.values() if c[0] == 1 and c[1] == 1)
            anchors = _lis(pairs)
            if not anchors:
                sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=True)
                for i, j, n in sm.get_matching_blocks():
                    if n:
                        out.append((alo + i, blo + j, n))
            else:
                pi, pj = alo, blo
                for i, j in anchors:
                    _blocks(a, b, pi, i, pj, j, out, depth + 1)
                    out.append((i, j, 1))
                    pi, pj = i + 1, j + 1
                _blocks(a, b, pi, ahi, pj, bhi, out, depth + 1)
    out.extend(reversed(tail))


def align(a: Sequence[int], b: Sequence[int], a_names: Sequence[int], b_names: Sequence[int]) -> list[Op]:
    """Align event keys ``a`` and ``b``; ``*_names`` are the keys used to pair changed events."""
    blocks: list[tuple[int, int, int]] = []
    _blocks(a, b, 0, len(a), 0, len(b), blocks)
    ops: list[Op] = []
    i = j = 0
    for bi, bj, n in [*blocks, (len(a), len(b), 0)]:
        if bi > i or bj > j:
            _gap(a_names, b_names, i, bi, j, bj, ops)
        for k in range(n):
            ops.append(Op(EQUAL, bi + k, bj + k))
        i, j = bi + n, bj + n
    return ops


def _gap(an: Sequence[int], bn: Sequence[int], alo: int, ahi: int, blo: int, bhi: int, ops: list[Op]) -> None:
    if alo == ahi:
        ops.extend(Op(INSERT, -1, j) for j in range(blo, bhi))
        return
    if blo == bhi:
        ops.extend(Op(DELETE, i, -1) for i in range(alo, ahi))
        return
    big = (ahi - alo) * (bhi - blo) > _SMALL
    sm = SequenceMatcher(None, an[alo:ahi], bn[blo:bhi], autojunk=big)
    i, j = alo, blo
    for bi, bj, n in sm.get_matching_blocks():
        bi += alo
        bj += blo
        ops.extend(Op(DELETE, k, -1) for k in range(i, bi))
        ops.extend(Op(INSERT, -1, k) for k in range(j, bj))
        ops.extend(Op(CHANGE, bi + k, bj + k) for k in range(n))
        i, j = bi + n, bj + n
