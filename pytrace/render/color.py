"""--color: styles for strace lines, rendered once to ANSI through rich and then only wrapped
around parts of lines pytrace built itself. Removing the escape sequences gives the exact
strace text. Tracee bytes were quoted before they got here, so they hold no escape sequence,
and nothing here is parsed as rich markup.
"""

from __future__ import annotations

import os
import re

from rich.color import ColorSystem
from rich.style import Style

# Semantic names, as rich's themes have them; the values are rich style definitions.
THEME: dict[str, str] = {
    "syscall.name": "bold cyan",
    "syscall.error": "red",
    "syscall.restart": "yellow",
    "signal": "yellow",
    "exit": "magenta",
    "pid": "dim",
}

_LINE = re.compile(r"^((?:\[pid +\d+\] |\d+ +)?)(?:(<\.\.\. )?([a-z_][a-z0-9_]*)(?=\(| resumed>))?")
_ERR = re.compile(r"(= (?:-1|\?) E[A-Z0-9_]+ \([^()]*\))((?: <[0-9.]+>)?)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _codes(style: str) -> tuple[str, str]:
    rendered = Style.parse(style).render("\x00", color_system=ColorSystem.STANDARD)
    start, _, end = rendered.partition("\x00")
    return start, end


class Colorizer:
    def __init__(self, theme: dict[str, str] | None = None) -> None:
        t = {**THEME, **(theme or {})}
        self.c = {k: _codes(v) for k, v in t.items()}

    def _wrap(self, key: str, text: str) -> str:
        start, end = self.c[key]
        return start + text + end if text else text

    def line(self, line: str) -> str:
        m = _LINE.match(line)
        if m is None:
            return line
        prefix, resumed, name = m.group(1), m.group(2), m.group(3)
        rest = line[m.end():]
        head = self._wrap("pid", prefix)
        body_start = rest.lstrip()
        if body_start.startswith("---"):
            return head + self._wrap("signal", rest.rstrip("\n")) + ("\n" if rest.endswith("\n") else "")
        if body_start.startswith("+++"):
            return head + self._wrap("exit", rest.rstrip("\n")) + ("\n" if rest.endswith("\n") else "")
        if name:
            head += (resumed or "") + self._wrap("syscall.name", name)
        nl = rest.endswith("\n")
        body = rest[:-1] if nl else rest
        e = _ERR.search(body)
        if e is not None:
            key = "syscall.restart" if e.group(1).startswith("= ?") else "syscall.error"
            body = body[: e.start()] + self._wrap(key, e.group(1)) + e.group(2)
        return head + body + ("\n" if nl else "")


def wanted(mode: str, fd: int) -> bool:
    """--color=auto|always|never; auto colours a terminal, unless NO_COLOR is set."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return os.isatty(fd) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def strip(text: str) -> str:
    return ANSI.sub("", text)
