"""Spawning and attaching, the wait loop, and what each kind of ptrace stop means.

The loop waits for any tracee (__WALL), classifies the stop (syscall entry or exit, ptrace
event, group-stop, signal delivery, exit) and hands what it learnt to the sink: the text
writer, the JSON writer, the summary, or the event queue behind :func:`pytrace.trace`.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Protocol

from . import ptrace
from .config import TraceConfig
from .decoders._consts import named
from .decoders.registry import RVAL_HEX
from .decoders.siginfo import format_siginfo
from .model import ExitEvent, SignalEvent, SyscallEvent
from .pids import pid_comm
from .retval import format_retval
from .signals import signame
from .syscalls import AUDIT_ARCH_I386, AUDIT_ARCH_X86_64, SyscallDesc, printargs, table
from .tracee import Tracee

SIGTRAP_SYSGOOD = signal.SIGTRAP | 0x80
_info_op = ptrace.info_op
_resume_syscall = ptrace.resume_syscall
_resume_cont = ptrace.resume_cont
_waitpid = os.waitpid
_fast_ptrace = ptrace._fast
_info = ptrace._info
_info_ptr = ptrace._info_ptr
_GET_SYSCALL_INFO = ptrace.PTRACE_GET_SYSCALL_INFO
_PTRACE_SYSCALL = ptrace.PTRACE_SYSCALL
_PTRACE_CONT = ptrace.PTRACE_CONT
_unpack_entry = ptrace.ENTRY.unpack_from
_unpack_exit = ptrace.EXIT.unpack_from
_unpack_exit_tail = ptrace.EXIT_TAIL.unpack_from  # (rval, is_error) at offset 24
_time = time.time
_new_event = tuple.__new__
_SYSCALL_STOP = (SIGTRAP_SYSGOOD << 8) | 0x7F  # WIFSTOPPED with SIGTRAP|0x80: a syscall stop
_STOP_SIGNALS = frozenset({signal.SIGSTOP, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU})
WALL = ptrace.WALL


class Sink(Protocol):
    def syscall_enter(self, t: Tracee) -> None: ...
    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None: ...
    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None: ...
    def silent(self, t: Tracee) -> None: ...
    def superseded(self, t: Tracee, old: int) -> None: ...
    def signal(self, t: Tracee, ev: SignalEvent) -> None: ...
    def exited(self, t: Tracee, ev: ExitEvent) -> None: ...
    def message(self, text: str) -> None: ...
    def close(self) -> None: ...


class TraceError(Exception):
    """A problem pytrace reports with one line and a non-zero exit, as strace does."""


class _Stop(BaseException):
    """Raised by the SIGINT/SIGTERM handler to leave a blocking wait. A BaseException, as
    KeyboardInterrupt is: the handler can fire anywhere (inside a decoder, a lazy import), and
    code that survives tracee data with ``except Exception`` must not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# What Ctrl-C, kill, a closed terminal and Ctrl-\ send: pytrace catches them to detach cleanly.
_GUARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def _restore_dispositions(inherited: dict[int, object]) -> None:
    """In the command's process before exec: undo what the interpreter and pytrace changed.
    Python ignores SIGPIPE and SIGXFSZ at start and catches SIGINT, and pytrace catches the
    _GUARDED signals; a signal pytrace itself inherited as ignored stays ignored (``nohup
    pytrace CMD``, a background job's SIGINT), as with strace. ``inherited``: the handlers
    pytrace replaced (Session.guard_signals)."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    for sig in (*_GUARDED, signal.SIGCHLD):
        was = inherited.get(sig, signal.getsignal(sig))
        signal.signal(sig, signal.SIG_IGN if was is signal.SIG_IGN else signal.SIG_DFL)


def resolve_program(name: str) -> str:
    """The path execve will get, resolved here so the trace shows one execve."""
    if "/" in name:
        if not os.path.exists(name):
            raise TraceError(f"Can't stat '{name}': No such file or directory")
        return name
    for d in os.environ.get("PATH", "/usr/local/bin:/bin:/usr/bin").split(":"):
        path = os.path.join(d or ".", name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise TraceError(f"Can't stat '{name}': No such file or directory")


def _under_seccomp_filter() -> bool:
    """Whether pytrace itself runs under a seccomp filter (/proc/self/status ``Seccomp: 2``)."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"Seccomp:"):
                    return line.split()[1] == b"2"
    except (OSError, IndexError):
        pass
    return False


(_SET_MODE_FILTER,) = named("seccomp_ops", "SECCOMP_SET_MODE_FILTER")
(_PR_SET_SECCOMP,) = named("prctl_options", "PR_SET_SECCOMP")
(_MODE_FILTER,) = named("seccomp_mode", "SECCOMP_MODE_FILTER")


def _filter_calls() -> dict[int, tuple[int, int]]:
    """seccomp's and prctl's numbers per personality (AUDIT_ARCH): the calls that can install
    a filter of the tracee's own."""
    return {arch: (table(name).by_name["seccomp"].nr, table(name).by_name["prctl"].nr)
            for arch, name in ((AUDIT_ARCH_X86_64, "x86_64"), (AUDIT_ARCH_I386, "i386"))}


class Session:
    """One tracing run: the tracees, the wait loop, and the sink their events go to."""

    def __init__(self, cfg: TraceConfig, sink: Sink) -> None:
        self.cfg = cfg
        self.sink = sink
        self.tracees: dict[int, Tracee] = {}
        self.table = table("x86_64")
        self._i386 = None
        self._filter_nrs = _filter_calls()
        self._filter_nr_set = frozenset(n for pair in self._filter_nrs.values() for n in pair)
        self.child: int | None = None  # the command pytrace started
        self.exit_status = 0
        self.exit_signal: int | None = None
        self.options = ptrace.PTRACE_O_TRACESYSGOOD | ptrace.PTRACE_O_TRACEEXEC
        self.options |= ptrace.PTRACE_O_TRACEEXIT
        if cfg.follow_forks:
            self.options |= (
                ptrace.PTRACE_O_TRACEFORK | ptrace.PTRACE_O_TRACEVFORK | ptrace.PTRACE_O_TRACECLONE
            )
        self._decode = not cfg.summary or cfg.summary_and_trace
        self._paths: list[str] = []
        if cfg.paths:
            from .pathtrace import canonical

            self._paths = canonical(cfg.paths)
        self._rusage = cfg.summary and not cfg.summary_wall
        self._stopping: int | None = None
        self._inherited: dict[int, object] = {}  # handlers guard_signals replaced
        self._early_signal: int | None = None  # one of them, caught before run()
        self._by_nr = self.table.by_nr
        self._nr_limit = len(self._by_nr)
        self._raw_names = cfg.raw
        self._rare_entry = bool(cfg.paths)
        self._inject = None  # -e inject=/fault=: pytrace.inject.Injector (the rare paths only)
        if cfg.inject:
            from .inject import Injector

            self._inject = Injector(cfg.inject, self)
            self._rare_entry = True
        self.use_seccomp = False
        self._seccomp_pipe: int | None = None
        self._hide_children = False
        self.origin = None  # --origin / -k: pytrace.origin.resolve.Resolver
        if cfg.origin or cfg.stack_trace:
            from .origin.resolve import Resolver

            self.origin = Resolver(stacks=cfg.stack_trace)
        # The text writer's shortcut for a plain successful call (see TextWriter.exit_line).
        self._exit_line = getattr(sink, "exit_line", None) if self.origin is None else None
        # -c alone: calls are counted (SummaryWriter.count) with no decoding, text or event.
        self._count = None
        if cfg.summary and not cfg.summary_and_trace and self.origin is None and not cfg.detach_on:
            self._count = getattr(sink, "count", None)
        self._count_wall = cfg.summary_wall
        self._apply_filter()

    # ----------------------------------------------------------------- set-up
    def _apply_filter(self) -> None:
        trace = self.cfg.trace
        for desc in self.table.by_name.values():
            desc.traced = trace is None or desc.name in trace

    def spawn(self, argv: list[str]) -> int:
        path = resolve_program(argv[0])
        env = dict(os.environ)
        for item in self.cfg.env:
            if "=" in item:
                k, v = item.split("=", 1)
                env[k] = v
            else:
                env.pop(item, None)
        uid_gid: tuple[int, int, list[int]] | None = None
        if self.cfg.user:
            import grp
            import pwd

            try:
                pw = pwd.getpwnam(self.cfg.user)
            except KeyError:
                raise TraceError(f"Cannot find user '{self.cfg.user}'") from None
            groups = [g.gr_gid for g in grp.getgrall() if pw.pw_name in g.gr_mem]
            uid_gid = (pw.pw_uid, pw.pw_gid, [pw.pw_gid, *groups])
        envb = {k.encode("utf-8", "surrogateescape"): v.encode("utf-8", "surrogateescape") for k, v in env.items()}
        installer = None
        if self._want_seccomp():
            from .seccomp import Installer

            installer = Installer(self._traced_numbers())
            rfd, wfd = os.pipe()
        if self.cfg.daemonize:
            return self._spawn_as_grandchild(path, argv, envb, uid_gid, installer, rfd if installer else -1, wfd if installer else -1)
        pid = os.fork()
        if pid == 0:  # the child: restore what Python changed, stop, exec once
            try:
                _restore_dispositions(self._inherited)
                signal.pthread_sigmask(signal.SIG_SETMASK, [])
                if uid_gid is not None:
                    os.setgroups(uid_gid[2])
                    os.setgid(uid_gid[1])
                    os.setuid(uid_gid[0])
                os.kill(os.getpid(), signal.SIGSTOP)
                if installer is not None:
                    # Now traced: a filtered syscall stops instead of failing with ENOSYS.
                    os.write(wfd, b"1" if installer.install() else b"0")
                os.execve(path, argv, envb)
            except OSError as e:
                os.write(2, f"pytrace: exec: {e.strerror}\n".encode())
            os._exit(1)
        _, status = os.waitpid(pid, os.WUNTRACED)
        if not os.WIFSTOPPED(status):
            raise TraceError(f"child {pid} did not stop")
        if installer is not None:
            os.close(wfd)
            self._seccomp_pipe = rfd
            if not self.cfg.follow_forks:
                # Children inherit the filter, and a filtered syscall with no tracer fails
                # with ENOSYS: follow them silently, printing nothing of theirs.
                self.options |= ptrace.PTRACE_O_TRACEFORK | ptrace.PTRACE_O_TRACEVFORK | ptrace.PTRACE_O_TRACECLONE
                self._hide_children = True
        ptrace.seize(pid, self.options | ptrace.PTRACE_O_EXITKILL | (ptrace.PTRACE_O_TRACESECCOMP if installer else 0))
        t = self._add(pid)
        t.hidden = False
        t.startup = True
        t.skip_sigcont = True
        self.child = pid
        os.kill(pid, signal.SIGCONT)
        return pid

    def _spawn_as_grandchild(self, path: str, argv: list[str], envb: dict[bytes, bytes],
                             uid_gid: tuple[int, int, list[int]] | None, installer: object,
                             rfd: int, wfd: int) -> int:
        """-D: this process becomes the command (so it stays its caller's direct child) and a
        grandchild does the tracing. Returns the command's pid in the tracer; never returns in
        the process that becomes the command."""
        target = os.getpid()
        go_r, go_w = os.pipe()
        pid = os.fork()
        if pid != 0:  # the original process: wait until traced, then become the command
            os.close(go_w)
            os.waitpid(pid, 0)  # the intermediate child exits at once
            try:
                if os.read(go_r, 1) != b"1":
                    os._exit(1)
                _restore_dispositions(self._inherited)
                signal.pthread_sigmask(signal.SIG_SETMASK, [])
                if uid_gid is not None:
                    os.setgroups(uid_gid[2])
                    os.setgid(uid_gid[1])
                    os.setuid(uid_gid[0])
                if installer is not None:
                    os.write(wfd, b"1" if installer.install() else b"0")  # type: ignore[attr-defined]
                os.execve(path, argv, envb)
            except OSError as e:
                os.write(2, f"pytrace: exec: {e.strerror}\n".encode())
            os._exit(1)
        if os.fork() != 0:
            os._exit(0)  # the intermediate child: leaves the tracer orphaned, as strace -D does
        os.close(go_r)
        os.setsid() if self.cfg.daemonize >= 2 else None
        if installer is not None:
            os.close(wfd)
            self._seccomp_pipe = rfd
            if not self.cfg.follow_forks:
                self.options |= ptrace.PTRACE_O_TRACEFORK | ptrace.PTRACE_O_TRACEVFORK | ptrace.PTRACE_O_TRACECLONE
                self._hide_children = True
        ptrace.seize(target, self.options | (ptrace.PTRACE_O_TRACESECCOMP if installer else 0))
        ptrace.interrupt(target)
        t = self._add(target)
        t.hidden = False
        t.startup = True
        self.child = target
        os.write(go_w, b"1")
        os.close(go_w)
        return target

    def _want_seccomp(self) -> bool:
        """seccomp-bpf by default when only some syscalls are traced and we start the command."""
        cfg = self.cfg
        if cfg.seccomp is False or cfg.attach_pids:
            if cfg.seccomp and cfg.attach_pids:
                self.sink.message("--seccomp-bpf is not used with -p: a filtered process left without a tracer would get ENOSYS")
            return False
        if cfg.seccomp:
            return True
        # -n prints the last syscall on every line, which needs every syscall to stop; and a
        # filter pytrace runs under (a container's profile), which the command inherits, can
        # fail calls before ours asks for a stop (see _own_filter).
        return cfg.trace is not None and not cfg.print_syscall_number and not _under_seccomp_filter()

    def _traced_numbers(self) -> set[int]:
        # seccomp and prctl (x86_64) always stop: a tracee installing its own filter switches the
        # session to a stop at every syscall (see _own_filter).
        return {d.nr for d in self.table.by_name.values() if d.traced} | set(self._filter_nrs[AUDIT_ARCH_X86_64])

    def _seccomp_result(self) -> None:
        """Learn from the started child whether the kernel took the filter."""
        if self._seccomp_pipe is None:
            return
        try:
            ok = os.read(self._seccomp_pipe, 1) == b"1"
        except OSError:
            ok = False
        os.close(self._seccomp_pipe)
        self._seccomp_pipe = None
        self.use_seccomp = ok
        if not ok:
            self.sink.message("seccomp filter refused by the kernel: every syscall stops (as --no-seccomp-bpf)")

    def attach(self, pid: int) -> None:
        if pid <= 0 or not os.path.exists(f"/proc/{pid}"):
            raise TraceError(f"attach: ptrace(PTRACE_SEIZE, {pid}): No such process")
        tids = [pid]
        if self.cfg.follow_forks:
            try:
                tids = sorted(int(x) for x in os.listdir(f"/proc/{pid}/task"))
            except OSError:
                pass
        attached = 0
        for tid in tids:
            if tid in self.tracees:
                continue
            try:
                ptrace.seize(tid, self.options)
                ptrace.interrupt(tid)
            except ptrace.PtraceError as e:
                if tid == pid:
                    raise TraceError(f"attach: ptrace(PTRACE_SEIZE, {pid}): {os.strerror(e.errno or 1)}") from None
                continue
            t = self._add(tid)
            t.tgid = pid
            t.attached = True
            attached += 1
        if self.cfg.quiet == 0:
            if attached > 1:
                self.sink.message(f"Process {pid} attached with {attached} threads")
            else:
                self.sink.message(f"Process {pid} attached")

    def _add(self, pid: int) -> Tracee:
        t = Tracee(pid, self.cfg)
        t.hidden = self._hide_children
        if self.cfg.decode_pids_comm:  # -Y: the name it starts with (printed even if it exits at once)
            t.comm = pid_comm(pid)
        self.tracees[pid] = t
        return t

    # ------------------------------------------------------------------ loop
    def guard_signals(self) -> None:
        """Catch the _GUARDED signals from now on (the command line calls this before attaching
        or starting anything): one that arrives before run() is acted on when it starts, so a
        Ctrl-C during start-up still detaches what was attached and kills what was started."""
        if not self._inherited:
            self._inherited = {s: signal.signal(s, self._on_early_signal) for s in _GUARDED}

    def _on_early_signal(self, signum: int, frame: object) -> None:
        if self._early_signal is None:
            self._early_signal = signum

    def run(self) -> int:
        """Trace until no tracee is left; returns the exit status pytrace should have."""
        old = self._inherited or {s: signal.getsignal(s) for s in _GUARDED}
        for s in _GUARDED:
            signal.signal(s, self._on_signal)
        try:
            if self._early_signal is not None:
                self._stopping = self._early_signal
                raise _Stop(self._early_signal)
            self._loop()
        except _Stop as stop:
            self._cleanup(stop.signum)
        finally:
            for s, h in old.items():
                signal.signal(s, h)
            self.sink.close()
        return self.exit_status

    def _on_signal(self, signum: int, frame: object) -> None:
        if self._stopping is None:
            self._stopping = signum
            raise _Stop(signum)

    def step(self) -> None:
        """Wait for one stop and handle it."""
        try:
            if self._rusage:
                pid, status, ru = os.wait4(-1, WALL)
            else:
                pid, status = _waitpid(-1, WALL)
        except ChildProcessError:
            self.tracees.clear()
            return
        t = self.tracees.get(pid)
        if t is None:  # a new child can report before its parent's fork event
            t = self._add(pid)
        if self._rusage:
            # -c: the system time a syscall took is the tracee's stime between its stops.
            if t.in_syscall:
                t.cpu_time = ru.ru_stime - t.stime
            t.stime = ru.ru_stime
        if status == _SYSCALL_STOP:  # the common case, checked first
            self._syscall_stop(t)
            return
        self._other_stop(t, status)

    def _loop(self) -> None:
        """step() until no tracee is left, with the common syscall stops handled inline: the
        tracer's hot path (one GET_SYSCALL_INFO per stop, none at the exit of a call that is
        not printed, no call per stop beyond the entry or exit handler)."""
        tracees = self.tracees
        get = tracees.get
        waitpid = _waitpid
        fast = _fast_ptrace
        info = _info
        info_ptr = _info_ptr
        op_of = _info_op
        entry = self._entry
        exit_ = self._exit
        rusage = self._rusage
        wait4 = os.wait4
        while tracees:
            try:
                if rusage:
                    pid, status, ru = wait4(-1, WALL)
                else:
                    pid, status = waitpid(-1, WALL)
            except ChildProcessError:
                tracees.clear()
                return
            t = get(pid)
            if t is None:  # a new child can report before its parent's fork event
                t = self._add(pid)
            if rusage:
                # -c: the system time a syscall took is the tracee's stime between its stops.
                if t.in_syscall:
                    t.cpu_time = ru.ru_stime - t.stime
                t.stime = ru.ru_stime
            if status == _SYSCALL_STOP:
                if t.in_syscall and t.desc is None:
                    # The exit of a call nothing prints: no need to ask the kernel about it.
                    t.in_syscall = False
                    if self.use_seccomp and not t.startup:
                        fast(_PTRACE_CONT, pid, 0, 0)
                    else:
                        fast(_PTRACE_SYSCALL, pid, 0, 0)
                    continue
                if fast(_GET_SYSCALL_INFO, pid, 88, info_ptr) <= 0:
                    self._resume(t)
                    continue
                op = op_of.value
                if op == 1:
                    entry(t, info)
                    if t.gone:  # detached at execve (-b)
                        continue
                elif op == 2:
                    exit_(t, info)
                    if self.use_seccomp and not t.startup:
                        fast(_PTRACE_CONT, pid, 0, 0)
                        continue
                fast(_PTRACE_SYSCALL, pid, 0, 0)
                continue
            self._other_stop(t, status)

    def _other_stop(self, t: Tracee, status: int) -> None:
        """Any stop but the plain syscall stop: events, signals, group-stops, exits."""
        if status & 0xFF == 0x7F:  # WIFSTOPPED
            sig = (status >> 8) & 0xFF
            if sig == SIGTRAP_SYSGOOD:
                self._syscall_stop(t)
            elif status >> 16:
                self._event_stop(t, status >> 16, sig)
            else:
                self._signal_stop(t, sig)
        else:
            self._gone(t, status)

    def _resume(self, t: Tracee, sig: int = 0) -> None:
        """PTRACE_SYSCALL, or with seccomp PTRACE_CONT unless an exit stop is wanted next."""
        if self.use_seccomp and not t.in_syscall and not t.startup:
            ptrace.resume_cont(t.pid, sig)
        else:
            ptrace.resume_syscall(t.pid, sig)

    def _syscall_stop(self, t: Tracee) -> None:
        pid = t.pid
        if _fast_ptrace(_GET_SYSCALL_INFO, pid, 88, _info_ptr) <= 0:
            self._resume(t)
            return
        op = _info_op.value
        if op == 1:  # entry
            self._entry(t, _info)
            if t.gone:  # detached at execve (-b)
                return
        elif op == 2:
            self._exit(t, _info)
            if self.use_seccomp and not t.startup:
                _fast_ptrace(_PTRACE_CONT, pid, 0, 0)
                return
        _fast_ptrace(_PTRACE_SYSCALL, pid, 0, 0)

    def _entry(self, t: Tracee, buf: object) -> None:
        _, arch, ip, _sp, nr, a0, a1, a2, a3, a4, a5 = _unpack_entry(buf)
        if arch == AUDIT_ARCH_X86_64:
            desc = self._by_nr[nr] if nr < self._nr_limit else None
            if desc is None:
                desc = self.table.lookup(nr)
            if t.arch != "x86_64":
                self._personality(t, "x86_64")
            traced = desc.traced
        else:
            desc = self._i386_table().lookup(nr) if arch == AUDIT_ARCH_I386 else self.table.lookup(nr)
            new = "i386" if arch == AUDIT_ARCH_I386 else "x86_64"
            if t.arch != new:
                self._personality(t, new)
            traced = desc.traced
            if arch == AUDIT_ARCH_I386 and desc.name in ("socketcall", "ipc"):
                # strace filters the call socketcall/ipc multiplexes (-e trace=socket, %ipc).
                from .decoders.compat32 import subcall_desc

                sub = subcall_desc(self._i386, desc.name, (a0, a1, a2, a3, a4, a5), t.mem)
                traced = (sub or desc).traced
        t.in_syscall = True
        t.nr = nr  # the last syscall, filtered or not (-n prints it on every line)
        first_exec = False
        if t.hidden or t.startup:
            if t.hidden or desc.name != "execve":
                t.desc = None
                return
            t.startup = False
            first_exec = True
        if not traced:
            t.desc = None
            return
        t.desc = desc
        t.ip = ip
        t.args = (a0, a1, a2, a3, a4, a5)
        if self._rare_entry and not self._entry_options(t, desc):
            return
        t.t_entry = _time()
        if self._count is not None:
            t.need_exit = False
            return
        t.rfmt = desc.rfmt
        t.raux = ""
        t.data = None
        t.interrupted = False
        t.exiting = False
        t.out = []
        t.extra = None
        if not self._decode:
            t.need_exit = False
        elif self._raw_names and desc.name in self._raw_names:
            printargs(t)  # -e raw=: arguments and result in hex, undecoded
            t.rfmt = RVAL_HEX
            t.need_exit = False
        else:
            t.need_exit = bool(desc.decode(t))
        if self.origin is not None:
            self.origin.enter(t)
        self.sink.syscall_enter(t)
        if first_exec is False and self.cfg.detach_on and desc.name in ("execve", "execveat"):
            self._detach_at_exec(t)

    def _own_filter(self, t: Tracee, buf: object) -> bool:
        """A tracee installing a seccomp filter of its own (seccomp(SECCOMP_SET_MODE_FILTER) or
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)): its filter can fail or kill a call before
        ours asks for a stop (SECCOMP_RET_ERRNO and the like take precedence over
        SECCOMP_RET_TRACE), which strace, stopping at every syscall, still shows. From here
        on every tracee stops at every syscall, as without --seccomp-bpf."""
        _, arch, _ip, _sp, nr, a0, a1, _a2, _a3, _a4, _a5 = _unpack_entry(buf)
        if arch not in self._filter_nrs:
            return False
        seccomp_nr, prctl_nr = self._filter_nrs[arch]
        a0 &= 0xFFFFFFFF
        if not ((nr == seccomp_nr and a0 == _SET_MODE_FILTER)
                or (nr == prctl_nr and a0 == _PR_SET_SECCOMP and a1 & 0xFFFFFFFF == _MODE_FILTER)):
            return False
        self.use_seccomp = False
        t.in_syscall = True
        return True

    def _personality(self, t: Tracee, arch: str) -> None:
        """A process switched between 64-bit calls and i386 ``int 0x80`` calls: strace says so."""
        t.arch = arch
        if self.cfg.quiet == 0 and not t.hidden:
            notice = getattr(self.sink, "notice", None)
            if notice is not None:
                notice(t, f"[ Process PID={t.pid} runs in {'32' if arch == 'i386' else '64'} bit mode. ]")

    def _entry_options(self, t: Tracee, desc: SyscallDesc) -> bool:
        """-P: False when the call touches none of the paths (it is then not printed);
        -e inject=: tamper with the call (after -P, as strace)."""
        if self._paths and not self._touches_path(t, desc):
            t.desc = None
            return False
        if self._inject is not None:
            self._inject.enter(t, desc)
        return True

    def _detach_at_exec(self, t: Tracee) -> None:
        """-b execve: leave the process as it execs (strace's ``<detached ...>``)."""
        detached = getattr(self.sink, "detached", None)
        if detached is not None:
            detached(t)
        t.desc = None
        t.in_syscall = False
        ptrace.detach(t.pid)
        t.gone = True
        self.tracees.pop(t.pid, None)

    def _touches_path(self, t: Tracee, desc: SyscallDesc) -> bool:
        """-P: does this call name one of the paths, or use a descriptor open on one?"""
        from .pathtrace import touches

        return touches(t, desc, self._paths)

    def _exit(self, t: Tracee, buf: object) -> None:
        desc = t.desc
        if desc is None:
            if not t.in_syscall and not t.hidden:
                # A new child's first stop is the exit of the fork/clone it was born in:
                # strace prints nothing, but it does cut another tracee's open line.
                self.sink.silent(t)
            t.in_syscall = False
            return
        t.in_syscall = False
        rval, is_error = _unpack_exit_tail(buf, 24)
        if self._inject is not None:  # -e inject=: the value the tracee gets, set before decoding
            rval, is_error = self._inject.exit(t, rval, is_error)
        if self._count is not None:
            t.desc = None
            if self._count_wall:
                self._count(desc.name, t.nr, _time() - t.t_entry, is_error != 0)
            else:
                self._count(desc.name, t.nr, t.cpu_time, is_error != 0)
            return
        t.t_exit = t_exit = _time()
        t.rval = rval
        t.is_error = is_error = is_error != 0
        t.exiting = True
        if t.need_exit and self._decode:
            desc.decode(t)
        t.desc = None
        if not is_error and t.rfmt == 0 and not t.raux:
            ret_text, err = str(rval), None  # the common case of format_retval
        else:
            ret_text, err = format_retval(t)
        if self._inject is not None and self._inject.note:
            ret_text += self._inject.note  # " (INJECTED)", " (DELAYED)"
        if self._exit_line is not None and self._exit_line(t, desc.name, ret_text, err is not None):
            return  # the writer finished the line itself: no event needed
        ev = _new_event(
            SyscallEvent,
            (t.pid, desc.name, t.nr, t.arch, tuple(t.out), t.args, rval, ret_text, err,
             t.t_entry, t_exit, t.ip, None, None, t.extra),
        )
        if self.origin is not None:
            ev = self.origin.annotate(t, ev)
        self.sink.syscall_exit(t, ev)

    def _i386_table(self):  # type: ignore[no-untyped-def]
        if self._i386 is None:
            self._i386 = table("i386")
            trace = self.cfg.trace
            for desc in self._i386.by_name.values():
                desc.traced = trace is None or desc.name in trace
        return self._i386

    def _lost_syscall(self, t: Tracee) -> None:
        """The tracee is exiting inside a syscall: strace prints ``= ?`` for it."""
        desc = t.desc
        t.in_syscall = False
        if desc is None:
            return
        t.desc = None
        ev = SyscallEvent(
            t.pid, desc.name, t.nr, t.arch, tuple(t.out), t.args, None, "?", None,
            t.t_entry, None, t.ip,
        )
        if self.origin is not None:
            ev = self.origin.annotate(t, ev)
        self.sink.syscall_lost(t, ev)

    def _event_stop(self, t: Tracee, event: int, sig: int) -> None:
        pid = t.pid
        if event == ptrace.PTRACE_EVENT_STOP:
            if sig in _STOP_SIGNALS and not t.startup:
                # A group-stop: report it, and keep the tracee stopped until SIGCONT.
                if (self.cfg.signals is None or sig in self.cfg.signals) and not t.hidden:
                    self.sink.signal(t, SignalEvent(pid, sig, signame(sig), "", True, time.time()))
                try:
                    ptrace.listen(pid)
                except ptrace.PtraceError:
                    pass
                return
            if not t.startup and not t.hidden:
                self.sink.silent(t)
            self._resume(t)
            return
        if event == ptrace.PTRACE_EVENT_SECCOMP:
            # A filtered syscall's entry. While still starting up (resumed with
            # PTRACE_SYSCALL) its entry stop came first and was handled there.
            if t.in_syscall or t.startup:
                ptrace.resume_syscall(pid)
                return
            buf = ptrace.syscall_info(pid)
            if buf is not None:
                self._entry(t, buf)
                if t.nr in self._filter_nr_set and self._own_filter(t, buf):
                    ptrace.resume_syscall(pid)  # its exit, and from now on every syscall, stops
                    return
                if t.desc is not None:
                    ptrace.resume_syscall(pid)
                    return
            t.in_syscall = False
            ptrace.resume_cont(pid)
            return
        if event in (ptrace.PTRACE_EVENT_FORK, ptrace.PTRACE_EVENT_VFORK, ptrace.PTRACE_EVENT_CLONE):
            try:
                child = ptrace.event_msg(pid)
            except ptrace.PtraceError:
                child = 0
            if child and child not in self.tracees:
                c = self._add(child)
                c.attached = t.attached
                if event == ptrace.PTRACE_EVENT_CLONE:
                    c.tgid = t.tgid  # a thread, unless CLONE_THREAD was not set (fixed on exec)
                c.mem = t.mem if event == ptrace.PTRACE_EVENT_CLONE else c.mem
            if child and self.cfg.quiet == 0 and not t.hidden and not self._hide_children:
                self.sink.message(f"Process {child} attached")
        elif event == ptrace.PTRACE_EVENT_EXEC:
            try:
                old = ptrace.event_msg(pid)
            except ptrace.PtraceError:
                old = pid
            if old != pid:
                # A non-leader thread exec'd: it now has the leader's pid, and the old tid is gone.
                other = self.tracees.pop(old, None)
                if other is not None:
                    t.desc, t.out, t.args, t.nr = other.desc, other.out, other.args, other.nr
                    t.in_syscall, t.need_exit, t.t_entry = other.in_syscall, other.need_exit, other.t_entry
                    t.rfmt, t.raux, t.data = other.rfmt, other.raux, other.data
                    self.sink.superseded(t, old)
            t.mem = t.mem.__class__(pid)
            t.tgid = pid
            if self.origin is not None:
                self.origin.invalidate(pid)
            # -Y: the new name, read now (the process may exit before its next line); a traced
            # execve's own line took its prefix, under the old name, at entry, as in strace.
            t.comm = pid_comm(pid) if self.cfg.decode_pids_comm else None
            if t.startup or self._seccomp_pipe is not None:
                self._seccomp_result()
            t.startup = False
        elif event == ptrace.PTRACE_EVENT_EXIT:
            if t.in_syscall:
                self._lost_syscall(t)
        self._resume(t)

    def _signal_stop(self, t: Tracee, sig: int) -> None:
        pid = t.pid
        if t.skip_sigcont and sig == signal.SIGCONT:
            t.skip_sigcont = False
            self._resume(t)
            return
        info = ptrace.siginfo(pid)
        if info is None:
            self._resume(t)
            return
        if self._inject is not None:  # a signal= injection is delivered as the kernel's own
            info = self._inject.siginfo(t, sig, info)
        if (self.cfg.signals is None or sig in self.cfg.signals) and not t.startup and not t.hidden:
            text = format_siginfo(info, t)
            self.sink.signal(t, SignalEvent(pid, sig, signame(sig), text, False, time.time()))
        self._resume(t, sig)

    def _gone(self, t: Tracee, status: int) -> None:
        pid = t.pid
        if t.in_syscall:
            self._lost_syscall(t)
        t.gone = True
        if t.mem.pid == pid:  # threads share their process's memory reader
            t.mem.close()
        if os.WIFEXITED(status):
            code = os.WEXITSTATUS(status)
            ev = ExitEvent(pid, code, None, False, time.time())
            if pid == self.child:
                self.exit_status = code
        else:
            sig = os.WTERMSIG(status)
            ev = ExitEvent(pid, None, signame(sig), os.WCOREDUMP(status), time.time())
            if pid == self.child:
                self.exit_signal = sig
                self.exit_status = 128 + sig
        shown = not t.hidden
        if ev.signame is not None and self.cfg.signals is not None and os.WTERMSIG(status) not in self.cfg.signals:
            shown = False  # -e signal= filters "killed by" lines too
        if shown:
            self.sink.exited(t, ev)  # still counted among the tracees, as strace counts it
        del self.tracees[pid]

    # --------------------------------------------------------------- cleanup
    def _cleanup(self, signum: int) -> None:
        """Ctrl-C / SIGTERM: detach from attached tracees, kill only what pytrace started."""
        for t in list(self.tracees.values()):
            if not t.attached:
                try:
                    os.kill(t.pid, signal.SIGKILL)
                except OSError:
                    pass
        for t in list(self.tracees.values()):
            if t.attached:
                self._detach(t)
        self.exit_status = 0 if self.child is None else self.exit_status

    def _detach(self, t: Tracee) -> None:
        pid = t.pid
        # A tracee in a stop pytrace has not resumed (the signal that brought us here came
        # between a wait and the resume) detaches at once, as strace tries first; a running
        # one is brought to a stop first.
        if not ptrace.detach(pid, 0) and not self._stop_and_detach(pid):
            self.tracees.pop(pid, None)
            return  # gone already
        self.tracees.pop(pid, None)
        if self.cfg.quiet == 0:
            self.sink.message(f"Process {t.tgid if t.tgid == pid else pid} detached")

    @staticmethod
    def _stop_and_detach(pid: int) -> bool:
        """PTRACE_INTERRUPT, wait for the stop and detach, passing on a signal caught on the
        way; False when the tracee is gone."""
        try:
            ptrace.interrupt(pid)
        except ptrace.PtraceError:
            return False
        try:
            _, status = os.waitpid(pid, WALL)
        except ChildProcessError:
            return True
        if status & 0xFF == 0x7F:
            sig = (status >> 8) & 0xFF
            # A signal-delivery-stop (no event, not a syscall stop): keep its signal.
            pending = 0 if (status >> 16 or sig == SIGTRAP_SYSGOOD) else sig
            ptrace.detach(pid, pending)
        return True


def fatal(msg: str) -> None:
    sys.stderr.write(f"pytrace: {msg}\n")
