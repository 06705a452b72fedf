"""Where trace text goes: stderr, an -o file (-A appends), per-process -ff files, or a pipe.

Writes are buffered in large chunks for files and flushed line by line for a terminal or
stderr (so the trace interleaves with the program's own output as strace's does). close()
flushes everything; the session calls it on every way out.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config import TraceConfig

_CHUNK = 1 << 16


class OutputError(Exception):
    pass


class _Stream:
    __slots__ = ("fd", "buf", "size", "line_buffered", "proc")

    def __init__(self, fd: int, line_buffered: bool, proc: Any = None) -> None:
        self.fd = fd
        self.buf: list[str] = []
        self.size = 0
        self.line_buffered = line_buffered
        self.proc = proc

    def write(self, text: str) -> None:
        self.buf.append(text)
        self.size += len(text)
        if self.line_buffered or self.size >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.buf:
            return
        data = "".join(self.buf).encode("utf-8", "surrogateescape")
        self.buf.clear()
        self.size = 0
        view = memoryview(data)
        while view:
            try:
                n = os.write(self.fd, view)
            except InterruptedError:
                continue
            except OSError:
                return
            view = view[n:]


class Output:
    def __init__(self, cfg: TraceConfig) -> None:
        self.cfg = cfg
        self.base = cfg.output
        self.separate = cfg.output_separately and cfg.output is not None
        self._streams: dict[int, _Stream] = {}
        self._main: _Stream | None = None
        self.is_tty = False
        self.shares_stderr = self.base is None
        if self.base is None:
            self._main = _Stream(2, True)
            self.is_tty = os.isatty(2)
        elif self.base.startswith("|") or self.base.startswith("!"):
            import subprocess  # only for -o '|command'

            proc = subprocess.Popen(self.base[1:], shell=True, stdin=subprocess.PIPE)
            assert proc.stdin is not None
            self._main = _Stream(proc.stdin.fileno(), False, proc)
        elif not self.separate:
            self._main = _Stream(self._open(self.base), False)
        fd = self._main.fd if self._main is not None else -1
        self._color = None
        if cfg.color == "always" or (cfg.color == "auto" and fd >= 0 and os.isatty(fd)):
            from .color import Colorizer, wanted  # rich is imported only when colouring

            if wanted(cfg.color, fd):
                self._color = Colorizer()

    def _open(self, path: str) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_APPEND if self.cfg.append else os.O_TRUNC)
        try:
            return os.open(path, flags, 0o666)
        except OSError as e:
            raise OutputError(f"Can't fopen '{path}': {e.strerror}") from None

    def check(self) -> None:
        """Fail early (before starting the command) when -ff files cannot be created."""
        if self.separate and self.base is not None:
            d = os.path.dirname(self.base) or "."
            if not os.access(d, os.W_OK):
                raise OutputError(f"Can't fopen '{self.base}.NNN': {os.strerror(13)}")

    def write(self, pid: int, text: str) -> None:
        s = self._main
        if s is None:
            s = self._streams.get(pid)
            if s is None:
                assert self.base is not None
                s = self._streams[pid] = _Stream(self._open(f"{self.base}.{pid}"), False)
        if self._color is not None:
            text = self._color.line(text)
        s.write(text)

    def direct_writer(self):  # type: ignore[no-untyped-def]
        """``write(text)`` of the single output stream when nothing transforms the text
        (no colour, no per-process files); None otherwise."""
        if self._main is None or self._color is not None:
            return None
        return self._main.write

    def message(self, text: str) -> None:
        """A diagnostic (attach/detach notices): always to stderr, after what is pending."""
        if self._main is not None and self._main.fd == 2:
            self._main.flush()
        sys.stderr.write(f"pytrace: {text}\n")
        sys.stderr.flush()

    def flush(self) -> None:
        if self._main is not None:
            self._main.flush()
        for s in self._streams.values():
            s.flush()

    def close(self) -> None:
        self.flush()
        streams = list(self._streams.values())
        if self._main is not None and self._main.fd != 2:
            streams.append(self._main)
        for s in streams:
            try:
                os.close(s.fd)
            except OSError:
                pass
            if s.proc is not None:
                s.proc.wait()
        self._streams.clear()
        if self._main is not None and self._main.fd != 2:
            self._main = None
