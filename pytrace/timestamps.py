"""strace 6.1's time options: their arguments and the text they print.

-t / --absolute-timestamps / --timestamps: ``[format:]none|time|unix`` and
``[precision:]s|ms|us|ns`` tokens, comma-separated (case-insensitive, empty tokens skipped,
the last of each kind wins); -r / --relative-timestamps and -T / --syscall-times take a
precision alone. A precision is the number of digits after the point: 0, 3, 6 or 9.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

PRECISIONS = {"s": 0, "ms": 3, "us": 6, "ns": 9}

FORMAT_TIME = "time"  # %T
FORMAT_UNIX = "unix"  # %s

# What -t, -tt and -ttt (or more) stand for, as --absolute-timestamps arguments.
SHORT_T = ("format:time", "precision:us,format:time", "format:unix,precision:us")


def precision(arg: str) -> int | None:
    """Digits after the point for a precision name, or None if it names none."""
    return PRECISIONS.get(arg.lower())


def typed_tokens(arg: str, first: str, second: str) -> Iterator[tuple[str, bool, bool]]:
    """The comma-separated tokens of an ``[first:]X,[second:]Y`` option argument (strace 6.1's
    grammar for --timestamps and --tips): each lower-cased, without its prefix, with whether it
    may be a ``first`` and whether it may be a ``second``; empty tokens are skipped."""
    for token in arg.split(","):
        if not token:
            continue
        low = token.lower()
        if low.startswith(first + ":"):
            yield low[len(first) + 1:], True, False
        elif low.startswith(second + ":"):
            yield low[len(second) + 1:], False, True
        else:
            yield low, True, True


def parse_absolute(arg: str, fmt: str | None, width: int) -> tuple[str | None, int] | None:
    """The (format, width) an --absolute-timestamps argument makes of the current ones, or None
    when the argument is invalid. No format token keeps the format, or sets ``time`` if none
    was set; ``none`` turns the timestamps off."""
    kind = ""
    new_width: int | None = None
    for low, as_format, as_precision in typed_tokens(arg, "format", "precision"):
        if as_format and low in ("none", FORMAT_TIME, FORMAT_UNIX):
            kind = low
            continue
        w = precision(low) if as_precision else None
        if w is None:
            return None
        new_width = w
    if kind == "none":
        fmt = None
    elif kind:
        fmt = kind
    elif fmt is None:
        fmt = FORMAT_TIME
    return fmt, width if new_width is None else new_width


def fraction(ns: int, width: int) -> str:
    """``.DDD`` of ``ns`` nanoseconds (below one second) to ``width`` digits, truncated."""
    return ".%0*d" % (width, ns // 10 ** (9 - width)) if width else ""


def duration(ns: int, width: int) -> str:
    """-T's `` <S.FFFFFF>`` for a call that took ``ns`` nanoseconds."""
    sec, rest = divmod(max(ns, 0), 1_000_000_000)
    return " <%d%s>" % (sec, fraction(rest, width))


class Stamper:
    """The timestamp columns of a line's leader, read from the clocks when the leader is
    written (as strace's printleader does): the wall clock for -t, the monotonic clock for
    -r, which counts from the previous leader of any process."""

    __slots__ = ("fmt", "width", "relative", "rel_width", "_sec", "_base", "_last")

    def __init__(self, fmt: str | None, width: int, relative: bool, rel_width: int) -> None:
        self.fmt = fmt
        self.width = width
        self.relative = relative
        self.rel_width = rel_width
        self._sec = -1
        self._base = ""
        self._last = 0

    def __call__(self) -> str:
        text = ""
        fmt = self.fmt
        if fmt is not None:
            sec, ns = divmod(time.time_ns(), 1_000_000_000)
            if sec != self._sec:
                self._sec = sec
                self._base = time.strftime("%H:%M:%S", time.localtime(sec)) if fmt == FORMAT_TIME else str(sec)
            text = self._base + fraction(ns, self.width) + " "
        if self.relative:
            now = time.monotonic_ns()
            sec, ns = divmod(now - (self._last or now), 1_000_000_000)
            self._last = now
            rel = "%6d%s" % (sec, fraction(ns, self.rel_width))
            text += "(+" + rel + ") " if fmt is not None else rel + " "
        return text
