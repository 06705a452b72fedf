"""The strace text writer: line prefixes, alignment, and ``<unfinished ...>`` bookkeeping.

A syscall's line is finished when it returns. If another tracee prints in between, the
pending line is written first with `` <unfinished ...>`` and the call later resumes on a line
of its own (``<... read resumed>``), exactly where strace would break it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..decoders.registry import EXIT_RVAL_ONLY, GLUED, SEP_AT_EXIT
from ..model import ExitEvent, SignalEvent, SyscallEvent
from ..pids import StaleComm, pid_comm
from ..timestamps import SHORT_T, Stamper, duration, parse_absolute
from .base import Sink
from .output import Output

if TYPE_CHECKING:
    from ..config import TraceConfig
    from ..tracee import Tracee


class TextWriter(Sink):
    def __new__(cls, cfg: TraceConfig, out: Output, styler: object | None = None) -> TextWriter:
        # Status filtering (-z, -Z, -e status=) stages every call's text as strace 6.1 does:
        # a writer of its own (render/staged.py), so this one never checks the status.
        if cls is TextWriter and len(cfg.status) != 5:
            from .staged import StagedTextWriter

            cls = StagedTextWriter
        return super().__new__(cls)

    def __init__(self, cfg: TraceConfig, out: Output, styler: object | None = None) -> None:
        self.cfg = cfg
        self.out = out
        self.align = cfg.align_column
        self.follow = cfg.follow_forks
        self.separate = cfg.output_separately and cfg.output is not None
        self.to_file = cfg.output is not None
        self.pending: Tracee | None = None  # whose line is open
        self.pending_text = ""
        self.pending_written = False  # pending_text is already out (a notice cut the line)
        self.ntracees = 1
        self.session_tracees: dict[int, Tracee] | None = None
        self._entry_text: dict[int, str] = {}
        self.styler = styler
        self._stamp = make_stamper(cfg)
        self._t_start: dict[int, int] = {}  # -T: monotonic ns at which each pid's call was entered
        self._plain = not (
            self._stamp is not None or cfg.print_syscall_number or cfg.print_ip
            or cfg.origin or cfg.decode_pids_comm
        )
        self._pid_column = self.to_file and self.follow and not self.separate
        self._dumping = cfg.read_fds is not False or cfg.write_fds is not False
        # Lines that need nothing after "= ret" go straight to the one output stream.
        self._fast_write = None
        if not (self._dumping or cfg.syscall_times or getattr(cfg, "stack_trace", False)):
            self._fast_write = out.direct_writer()
        self.origin = None  # the session's origin resolver (--origin, -k)
        self._lost_stack: dict[int, str] = {}  # -k frames of a call the tracee never returned from

    def bind(self, session: object) -> None:
        self.session_tracees = session.tracees  # type: ignore[attr-defined]
        self.origin = getattr(session, "origin", None)

    # -------------------------------------------------------------- prefixes
    def _prefix(self, pid: int, ts: float, t: Tracee | None = None, gone: bool = False) -> str:
        """The line's leader: pid column, -Y comm, timestamps, -n, -i, --origin. ``gone``: the
        process has exited, so -i prints question marks, as strace cannot read its IP."""
        cfg = self.cfg
        if self._plain and self.session_tracees is not None and len(self.session_tracees) == 1:
            # One tracee, no timestamps or columns: the common case, decided without work.
            return "%-5d " % pid if self._pid_column else ""
        parts = ""
        if not self.separate:
            tracees = self.session_tracees
            n = len(tracees) if tracees is not None else 1
            if n > 1 and tracees is not None:
                n = sum(1 for x in tracees.values() if not x.hidden)
            comm = self._comm(pid, t) if self.cfg.decode_pids_comm else ""
            if self.to_file and (self.follow or n > 1):
                parts = ("%d%s" % (pid, comm)).ljust(5) + " " if comm else "%-5d " % pid
            elif not self.to_file and n > 1:
                parts = "[pid %5d%s] " % (pid, comm)
        if self._stamp is not None:
            parts += self._stamp()
        if cfg.print_syscall_number and t is not None:
            parts += "[%4d] " % max(t.nr, 0)
        if cfg.print_ip and t is not None:
            parts += "[????????????????] " if gone else "[%016x] " % t.ip
        if cfg.origin and t is not None:
            parts += self.origin_column(t)
        return parts

    def _comm(self, pid: int, t: Tracee | None) -> str:
        """-Y: ``<comm>`` after the pid, read once per exec and after a name change."""
        if t is not None and t.comm is not None:
            comm = t.comm
            if type(comm) is not StaleComm:
                return comm
            if comm.until == t.t_entry:  # the renaming call's own line: the old name, once
                t.comm = StaleComm(comm, -1.0)
                return comm
        comm = pid_comm(pid)
        if t is not None:
            t.comm = comm
        return comm

    def origin_column(self, t: Tracee) -> str:
        """--origin: ``[libc.so.6:write+0x10] `` (see pytrace.origin.resolve.format_origin)."""
        if self.origin is None:
            return ""
        return self.origin.column(t.pid)

    def started(self, t: Tracee) -> None:
        """-T: the call's clock starts when its entry has been written (strace's stime)."""
        self._t_start[t.pid] = time.monotonic_ns()

    def took(self, t: Tracee, ev: SyscallEvent) -> str:
        """-T: `` <S.FFFFFF>`` for a returning call, at the --syscall-times= precision."""
        start = self._t_start.pop(t.pid, None)
        if start is not None:
            ns = time.monotonic_ns() - start
        else:  # entered before a pid change (exec by a thread): the session's clock
            ns = int(((ev.time_exit or ev.time_entry) - ev.time_entry) * 1e9)
        return duration(ns, self.cfg.syscall_times_width)

    # -------------------------------------------------------- line handling
    def _interrupt_pending(self, by: int) -> None:
        p = self.pending
        if p is not None and p.pid != by:
            head = "" if self.pending_written else self.pending_text
            self.out.write(p.pid, head + " <unfinished ...>\n")
            self.pending_written = False
            p.interrupted = True
            self.pending = None

    def _emit(self, pid: int, line: str) -> None:
        if not self.separate:
            self._interrupt_pending(pid)
        self.out.write(pid, line)

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
        if self._plain and len(self.session_tracees) == 1:  # type: ignore[arg-type]
            line = ("%-5d " % pid + text) if self._pid_column else text
        else:
            line = self._prefix(pid, t.t_entry, t) + text
        p = self.pending
        if p is not None and p is not t and not self.separate:
            self._interrupt_pending(pid)
        self.pending = t
        self.pending_text = line
        self.pending_written = False
        if self.cfg.syscall_times:
            self.started(t)

    def exit_line(self, t: Tracee, name: str, ret_text: str, failed: bool) -> bool:
        """Finish the open line of a returning call without an event object (the common case);
        False when the line needs more than that (then syscall_exit follows)."""
        if self._fast_write is None or self.pending is not t or t.interrupted or self.pending_written:
            return False
        line = self.pending_text
        self.pending = None
        self._fast_write(self._closed(line, t.out if t.need_exit else (), t.nentry, name, ret_text))
        return True

    def _closed(self, line: str, args: Sequence[str], nentry: int, name: str, ret_text: str) -> str:
        """The open line with its exit arguments, ``) ``, the column padding and ``= ret``."""
        if len(args) > nentry:
            rest = ", ".join(args[nentry:])
            if nentry and rest and name in SEP_AT_EXIT:
                line += ", "
            line += rest
        line += ") "
        n = len(line)
        if n < self.align:
            line += " " * (self.align - n)
        return line + "= " + ret_text + "\n"

    def _finish(self, t: Tracee, ev: SyscallEvent, lost: bool) -> None:
        pid = t.pid
        nentry = t.nentry
        if self._fast_write is not None and self.pending is t and not (lost or t.interrupted or self.pending_written):
            # The common case: the line is still open, nothing to add after it.
            self.pending = None
            self._fast_write(self._closed(self.pending_text, ev.args if t.need_exit else (), nentry, ev.name, ev.ret_text))
            return
        if self.pending is t and not t.interrupted:
            line = self.pending_text
            if t.need_exit and not lost:
                rest = ", ".join(ev.args[nentry:])
                if rest and nentry and ev.name in SEP_AT_EXIT:
                    line += ", "
                line += rest
            self.pending = None
        else:
            if not self.separate:
                self._interrupt_pending(pid)
            line = self._prefix(pid, ev.time_exit or time.time(), t) + f"<... {ev.name} resumed>"
            if not lost:
                rest = ", ".join(ev.args[nentry:])
                if rest and nentry and ev.name in SEP_AT_EXIT:
                    line += ", "
                line += rest
        if lost and t.need_exit:
            line += " <unfinished ...>"
        line += ") "
        if len(line) < self.align:
            line += " " * (self.align - len(line))
        line += "= " + ev.ret_text
        if self.pending_written and line.startswith(self.pending_text):
            line = line[len(self.pending_text):]  # the start of the line is already out
            self.pending_written = False
        if self.cfg.syscall_times and ev.time_exit is not None:
            line += self.took(t, ev)
        self.out.write(pid, line + "\n")
        if self._dumping and not lost:
            from .dump import dumps

            text = dumps(t, ev, self.cfg.read_fds, self.cfg.write_fds)
            if text:
                self.out.write(pid, text)
        if ev.stack is not None:
            from ..origin.resolve import format_stack

            if lost:  # strace prints it after the tracee's "+++ exited" line
                self._lost_stack[pid] = format_stack(ev.stack, lost=True)
            else:
                self.out.write(pid, format_stack(ev.stack))

    def notice(self, t: Tracee, text: str) -> None:
        """A line of strace's own in the trace (personality changes): shown only when the
        trace goes to stderr, as strace shows it."""
        if self.out.shares_stderr:
            self._emit(t.pid, text + "\n")

    def detached(self, t: Tracee) -> None:
        """-b execve: the call's entry, then `` <detached ...>``; no exit will come."""
        if self.pending is t:
            head = "" if self.pending_written else self.pending_text
            self.out.write(t.pid, head + " <detached ...>\n")
            self.pending = None
            self.pending_written = False

    def silent(self, t: Tracee) -> None:
        """A stop strace prints nothing for but which still takes the line (new children)."""
        if not self.separate:
            self._interrupt_pending(t.pid)

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        self._finish(t, ev, False)

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        self._finish(t, ev, True)

    def signal(self, t: Tracee, ev: SignalEvent) -> None:
        if ev.stopped:
            body = f"--- stopped by {ev.name} ---\n"
        else:
            body = f"--- {ev.name} {ev.siginfo} ---\n"
        self._emit(t.pid, self._prefix(t.pid, ev.time, t) + body)

    def exited(self, t: Tracee, ev: ExitEvent) -> None:
        if self.cfg.quiet >= 2:
            return
        if ev.status is not None:
            body = f"+++ exited with {ev.status} +++\n"
        else:
            body = f"+++ killed by {ev.signame}{' (core dumped)' if ev.core else ''} +++\n"
        self._emit(t.pid, self._prefix(t.pid, ev.time, t, gone=True) + body)
        stack = self._lost_stack.pop(t.pid, None)
        if stack is not None:
            self.out.write(t.pid, stack)

    def superseded(self, t: Tracee, old: int) -> None:
        if self.cfg.quiet >= 2:
            return
        # The leader is replaced by the thread that called execve (its old tid is named).
        self._emit(t.pid, self._prefix(t.pid, time.time(), None) + f"+++ superseded by execve in pid {old} +++\n")

    def message(self, text: str) -> None:
        # On a shared stderr strace prints its notice in the middle of the open line, which
        # then goes on after it: write what the line has so far, then the notice.
        p = self.pending
        if p is not None and self.out.shares_stderr and not self.pending_written:
            self.out.write(p.pid, self.pending_text)
            self.pending_written = True
        self.out.message(text)

    def finish(self) -> None:
        """End the open line, if any (the trace is over)."""
        p = self.pending
        if p is not None:
            self.out.write(p.pid, self.pending_text + " <unfinished ...>\n")
            self.pending = None

    def close(self) -> None:
        self.finish()
        self.out.close()


def make_stamper(cfg: TraceConfig) -> Stamper | None:
    """The line leader's timestamp columns (-t / --timestamps=, -r), or None when there are none."""
    fmt, width = cfg.ts_format, cfg.ts_width
    if fmt is None and cfg.timestamps:
        fmt, width = parse_absolute(SHORT_T[min(cfg.timestamps, 3) - 1], None, 0) or (None, 0)
    if fmt is None and not cfg.relative:
        return None
    return Stamper(fmt, width, cfg.relative, cfg.relative_width)


def open_output(cfg: TraceConfig) -> Output:
    return Output(cfg)

