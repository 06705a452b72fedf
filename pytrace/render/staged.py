"""strace 6.1's staged output under status filtering (-z, -Z, -e status= without all five).

strace then writes each traced call's text into a buffer of its own, opened at the call's
entry and, at its exit, appended to the trace or dropped by its status. What follows from
that, and what this writer reproduces:

- A call's entry never cuts another process's open line, and its exit has no
  ``<... NAME resumed>``: most calls come out as whole lines, in the order they returned.
- The line of the last process to enter a call (strace's ``printing_tcp``), if still open, is
  cut with `` <unfinished ...>`` when a line that is not staged is printed (a signal,
  ``+++ exited``, ``+++ superseded``) or another process's call is lost. The cut goes into the
  buffer: the published line reads ``HEAD <unfinished ...>\\n`` + exit arguments, without a pid,
  and the ``=`` column is padded as if the line began after the cut. The non-staged line itself
  is written at once, so it comes before the call it cut.
- Every finished line (published or dropped) and every non-staged line ends the "last process"
  (``line_ended``): a call entered before them is never cut afterwards.
- A lost call (``= ?``) is printed with ``unfinished``; ``-b execve`` and the end of the trace
  publish what is staged only with ``detached`` (`` <detached ...>`` after the last one).
- -ff: one file per process, nothing is ever cut.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..decoders.registry import EXIT_RVAL_ONLY, GLUED, SEP_AT_EXIT
from .base import status_wanted
from .text import TextWriter

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..config import TraceConfig
    from ..model import SyscallEvent
    from ..tracee import Tracee
    from .output import Output

_CUT = " <unfinished ...>\n"


class StagedTextWriter(TextWriter):
    """The text writer when some statuses are filtered out (chosen by ``TextWriter()``)."""

    def __init__(self, cfg: TraceConfig, out: Output, styler: object | None = None) -> None:
        super().__init__(cfg, out, styler)
        self._stage: dict[int, str] = {}  # pid -> the text of its call so far
        self._printing: int | None = None  # strace's printing_tcp: the last to enter a call
        self._reprint: set[int] = set()  # exec from a thread: "<... execve resumed>" at exit
        status = cfg.status
        self._ok = "successful" in status
        self._failed = "failed" in status
        self._unfinished = "unfinished" in status
        self._detached = "detached" in status

    # ----------------------------------------------------------- the buffers
    def _cut_printing(self) -> None:
        """`` <unfinished ...>`` into the buffer of the last process to enter a call, if its
        line is open (not under -ff)."""
        p = self._printing
        if p is not None and not self.separate:
            buf = self._stage.get(p)
            if buf and buf[-1] != "\n":
                self._stage[p] = buf + _CUT

    def _emit(self, pid: int, text: str) -> None:
        """A line that is not staged (strace's printleader ... line_ended): signals, exits
        and notices reach it through TextWriter's methods."""
        if pid not in self._stage:
            self._cut_printing()
            self.out.write(pid, text)
        else:  # strace writes it into the process's own buffer
            self._stage[pid] += text
        self._printing = None

    def _close(self, buf: str, ret_text: str) -> str:
        """``) ``, the padding to the ``=`` column counted from the last cut, ``= ret``."""
        buf += ") "
        col = len(buf) - buf.rfind("\n") - 1
        if col < self.align:
            buf += " " * (self.align - col)
        return buf + "= " + ret_text

    # ------------------------------------------------------------ syscalls
    def syscall_enter(self, t: Tracee) -> None:
        desc = t.desc
        assert desc is not None
        name = desc.name
        entry = t.out
        text = name + "(" + ", ".join(entry)
        if t.need_exit and entry and t.data is not EXIT_RVAL_ONLY and name not in GLUED and name not in SEP_AT_EXIT:
            text += ", "
        t.nentry = len(entry)
        pid = t.pid
        self._stage[pid] = self._prefix(pid, t.t_entry, t) + text
        self._printing = pid
        if self.cfg.syscall_times:
            self.started(t)

    def _exit_text(self, t: Tracee, name: str, args: Sequence[str], ts: float | None) -> str:
        pid = t.pid
        buf = self._stage.pop(pid, None)
        if buf is None:
            buf = ""
        if pid in self._reprint:
            self._reprint.discard(pid)
            buf = self._prefix(pid, ts or time.time(), t) + f"<... {name} resumed>" + buf
        nentry = t.nentry
        if t.need_exit and len(args) > nentry:
            rest = ", ".join(args[nentry:])
            if nentry and rest and name in SEP_AT_EXIT:
                buf += ", "
            buf += rest
        return buf

    def exit_line(self, t: Tracee, name: str, ret_text: str, failed: bool) -> bool:
        if self._fast_write is None:
            return False
        self._printing = None
        if self._failed if failed else self._ok:
            self._fast_write(self._close(self._exit_text(t, name, t.out, None), ret_text) + "\n")
        else:
            self._stage.pop(t.pid, None)
            self._reprint.discard(t.pid)
        return True

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        self._printing = None
        if not status_wanted(self.cfg.status, ev):
            self._stage.pop(t.pid, None)
            self._reprint.discard(t.pid)
            return
        line = self._close(self._exit_text(t, ev.name, ev.args, ev.time_exit), ev.ret_text)
        if self.cfg.syscall_times and ev.time_exit is not None:
            line += self.took(t, ev)
        pid = t.pid
        self.out.write(pid, line + "\n")
        if self._dumping:
            from .dump import dumps

            text = dumps(t, ev, self.cfg.read_fds, self.cfg.write_fds)
            if text:
                self.out.write(pid, text)
        if ev.stack is not None:
            from ..origin.resolve import format_stack

            self.out.write(pid, format_stack(ev.stack))

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        pid = t.pid
        buf = self._stage.pop(pid, None)
        self._reprint.discard(pid)
        if buf is None:
            return
        if self._printing != pid:
            self._cut_printing()
        self._printing = None
        if t.need_exit:
            buf += " <unfinished ...>"
        if self._unfinished:
            self.out.write(pid, self._close(buf, "?") + "\n")
            if ev.stack is not None:
                from ..origin.resolve import format_stack

                self._lost_stack[pid] = format_stack(ev.stack, lost=True)

    def detached(self, t: Tracee) -> None:
        """-b execve: what is staged is published only with ``detached`` (strace's droptcb)."""
        self._drop_tcb(t.pid)

    def _drop_tcb(self, pid: int) -> None:
        buf = self._stage.pop(pid, None)
        self._reprint.discard(pid)
        last = self._printing == pid
        if last:
            self._printing = None
        if buf is not None and self._detached:
            if last and buf and buf[-1] != "\n":
                buf += " <detached ...>\n"
            self.out.write(pid, buf)

    # ------------------------------------------------------ other lines
    def silent(self, t: Tracee) -> None:
        """A new child's first stops cut nothing here: its first line is a staged call
        (a parent's ``vfork()`` stays whole under strace -z)."""

    def superseded(self, t: Tracee, old: int) -> None:
        """Exec from a thread: the thread's staged execve entry is published only with
        ``detached`` (`` <pid changed to PID ...>`` ends it), the leader's is lost; the call
        then resumes (``<... execve resumed>``) in a new buffer."""
        pid = t.pid
        buf = self._stage.pop(old, None)
        self._stage.pop(pid, None)
        self._reprint.discard(old)
        if self._printing in (old, pid):
            self._printing = None
        if buf is not None and self._detached:
            if buf and buf[-1] != "\n":
                buf += f" <pid changed to {pid} ...>\n"
            self.out.write(pid, buf)
        if self.cfg.quiet < 2:
            self._emit(pid, self._prefix(pid, time.time(), None) + f"+++ superseded by execve in pid {old} +++\n")
        self._stage[pid] = ""
        self._reprint.add(pid)

    def message(self, text: str) -> None:
        self.out.message(text)

    def finish(self) -> None:
        """The trace is over: calls still staged go as strace's droptcb sends them."""
        for pid in list(self._stage):
            self._drop_tcb(pid)
