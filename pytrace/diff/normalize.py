"""Normalisation: remove what differs between two runs of the same behaviour.

Pids become process labels from the fork/exec structure (``1``, ``1.2`` the second child of
process 1, ``1:t1`` its first thread); fds become names from the call that created them
(``<"/etc/passwd">``, ``<pipe#1:r>``); addresses become region names from mmap/brk
(``anon#3+0x10``, ``map<"/usr/lib/libc.so.6">+0x26000``, ``brk+0x21000``) or ``<addr>``;
getrandom bytes and siginfo times are masked; timings never enter a record.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .inputs import Record


class Call(NamedTuple):
    """One normalised event: what is compared (all fields) and what is shown (``line``)."""

    kind: str
    name: str
    args: tuple[str, ...]
    ret: str
    errno: str | None

    @property
    def line(self) -> str:
        if self.kind == "syscall":
            return f"{self.name}({', '.join(self.args)}) = {self.ret}"
        if self.kind == "signal":
            return f"--- {self.name} {self.args[0]} ---" if self.args else f"--- {self.name} ---"
        if self.kind == "exit":
            return f"+++ exited with {self.ret} +++"
        return f"+++ killed by {self.name}{' (core dumped)' if self.ret else ''} +++"


@dataclass
class Process:
    label: str
    pid: int
    parent: str | None
    thread: bool
    calls: list[Call] = field(default_factory=list)
    execs: list[str] = field(default_factory=list)


@dataclass
class Rules:
    ignore: frozenset[str] = frozenset()
    keep_noise: bool = False  # keep heap and futex calls (their timing follows hash seeds, threads)
    normalize: list[tuple[re.Pattern[str], str]] = field(default_factory=list)


_FORKS = frozenset({"clone", "clone3", "fork", "vfork"})
_OPENS = {"open": 0, "creat": 0, "openat": 1, "openat2": 1, "open_by_handle_at": -1}
_DUPS = frozenset({"dup", "dup2", "dup3"})
_NEWFD = frozenset({
    "socket", "accept", "accept4", "eventfd", "eventfd2", "epoll_create", "epoll_create1", "memfd_create",
    "timerfd_create", "signalfd", "signalfd4", "inotify_init", "inotify_init1", "pidfd_open", "pidfd_getfd",
    "fanotify_init", "userfaultfd", "perf_event_open", "io_uring_setup", "memfd_secret", "fsopen", "fsmount",
    "open_tree", "bpf", "landlock_create_ruleset",
})
# Heap management whose timing is not behaviour: dropped unless Rules.keep_alloc.
_ALLOC = frozenset({"mmap", "munmap", "brk", "mremap", "madvise"})
# Thread synchronisation: who waits and who wakes is scheduling, not behaviour.
_SYNC = frozenset({"futex", "futex_waitv", "sched_yield"})
# Calls whose output argument (index; -1: the result) is a clock or a load reading.
_VOLATILE = {
    "sysinfo": 0, "times": -1, "getrusage": 1, "clock_gettime": 1, "gettimeofday": 0, "time": -1,
    "wait4": 3, "statfs": 1, "fstatfs": 1, "clock_nanosleep": 3, "nanosleep": 1, "getcpu": 0,
    "sched_getaffinity": 2, "getitimer": 1, "timer_gettime": 1, "timerfd_gettime": 1,
}
_HEXADDR = re.compile(r"0x[0-9a-f]{9,}")
_BIGDEC = re.compile(r"\A\d{10,}\Z")
_FDNUM = re.compile(r"\A(\d+)(<.*>)?\Z", re.S)
_SIPID = re.compile(r"si_pid=[^,}]+")
_SITIME = re.compile(r"(si_[us]time)=\d+(?: /\* [0-9.]+ s \*/)?")  # strace adds "/* 0.01 s */"


def _fd_positions() -> dict[str, tuple[int, ...]]:
    import syscall_tables

    sig = syscall_tables.arch_table("x86_64").SIGNATURES
    for name, params in sig.items():  # pid_t arguments, filled on the same first use
        idx = tuple(i for i, (ctype, _) in enumerate(params) if "pid_t" in ctype)
        if idx:
            _PIDPOS[name] = idx
    out: dict[str, tuple[int, ...]] = {}
    for name, params in sig.items():
        idx = tuple(i for i, (ctype, pname) in enumerate(params)
                    if "*" not in ctype and pname not in ("nfds", "max_fd") and "fd" in pname)
        if idx:
            out[name] = idx
    return out


_FDPOS: dict[str, tuple[int, ...]] | None = None
_PIDPOS: dict[str, tuple[int, ...]] = {}
# Calls whose arguments print pids in structures (clone3's parent_tid, ptrace's) and whose
# results are pids: pid numbers are renamed there and only there.
_PID_WHOLE = frozenset({"clone", "clone3", "ptrace", "waitid", "rt_sigtimedwait", "set_tid_address"})
_PID_RESULT = frozenset({"clone", "clone3", "fork", "vfork", "getpid", "gettid", "getppid", "getpgid", "getpgrp",
                         "getsid", "setsid", "set_tid_address", "wait4", "waitid"})
_SIPID_NUM = re.compile(r"si_pid=(\d+)")


class _State:
    """Per-process naming state (copied at fork, shared by threads)."""

    __slots__ = ("fds", "starts", "regions", "brk", "counter")

    def __init__(self) -> None:
        self.fds: dict[str, str] = {}
        self.starts: list[int] = []
        self.regions: dict[int, tuple[int, str]] = {}
        self.brk: int | None = None
        self.counter: dict[str, int] = {}

    def copy(self) -> _State:
        s = _State()
        s.fds = dict(self.fds)
        s.starts = list(self.starts)
        s.regions = dict(self.regions)
        s.brk = self.brk
        s.counter = self.counter  # numbering stays global to the side: stable names
        return s

    def next(self, kind: str) -> int:
        n = self.counter.get(kind, 0) + 1
        self.counter[kind] = n
        return n

    def addr(self, v: int) -> str:
        i = bisect.bisect_right(self.starts, v) - 1
        stop = max(-1, i - 16)
        while i > stop:
            start = self.starts[i]
            end, name = self.regions[start]
            if v < end:
                if name == "anon":  # heap and thread stacks: offsets follow allocation history
                    return "<heap>"
                return name if v == start else f"{name}+{v - start:#x}"
            i -= 1
        if self.brk is not None and self.brk <= v < self.brk + (1 << 30):
            return "<heap>"
        return "<addr>"

    def inside(self, v: int) -> bool:
        i = bisect.bisect_right(self.starts, v) - 1
        stop = max(-1, i - 16)
        while i > stop:
            if v < self.regions[self.starts[i]][0]:
                return True
            i -= 1
        return False

    def unmap(self, start: int, length: int) -> None:
        """Forget [start, start+length): regions inside go, regions across an edge are trimmed
        (malloc trims its arena reservations this way; a stale end would swallow later maps)."""
        end = start + max(length, 1)
        tails: list[tuple[int, int, str]] = []
        i = bisect.bisect_left(self.starts, start) - 1
        stop = max(-1, i - 16)
        while i > stop:  # regions that begin before and reach into the hole
            s = self.starts[i]
            e, name = self.regions[s]
            if e > start:
                self.regions[s] = (start, name)
                if e > end:
                    tails.append((end, e, _tail_name(name, end - s)))
            i -= 1
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        for s in self.starts[lo:hi]:
            e, name = self.regions.pop(s)
            if e > end:
                tails.append((end, e, _tail_name(name, end - s)))
        del self.starts[lo:hi]
        for s, e, name in tails:
            self.add_region(s, e - s, name)

    def add_region(self, start: int, length: int, name: str) -> None:
        if start not in self.regions:
            bisect.insort(self.starts, start)
        self.regions[start] = (start + max(length, 1), name)


def _tail_name(name: str, offset: int) -> str:
    return name if name == "anon" else f"{name}+{offset:#x}"


def _int(text: str) -> int | None:
    try:
        return int(text, 0) if not (len(text) > 1 and text[0] == "0" and text[1].isdigit()) else int(text, 8)
    except ValueError:
        return None


@dataclass
class Tree:
    """The fork/exec structure of one side: pids in order of appearance, parents, programs."""

    order: list[int] = field(default_factory=list)
    parent: dict[int, tuple[int, bool]] = field(default_factory=dict)  # pid -> (parent, thread)
    execs: dict[int, list[str]] = field(default_factory=dict)  # pid -> paths it executed


def structure(records: Iterable[Record]) -> Tree:
    """The process tree of one side (one pass; only pids, forks and execs are read)."""
    t = Tree()
    seen: set[int] = set()
    for r in records:
        if r.pid not in seen:
            seen.add(r.pid)
            t.order.append(r.pid)
        if r.kind != "syscall":
            continue
        if r.name in _FORKS and r.retval is not None and r.retval > 0:
            thread = any("CLONE_THREAD" in a for a in r.args)
            t.parent.setdefault(r.retval, (r.pid, thread))
            if r.retval not in seen:
                seen.add(r.retval)
                t.order.append(r.retval)
        elif r.name in ("execve", "execveat") and r.retval == 0 and r.args:
            t.execs.setdefault(r.pid, []).append(r.args[0 if r.name == "execve" else 1])
    return t


Labels = tuple[dict[int, str], dict[int, tuple[str | None, bool]]]


def tree_labels(t: Tree) -> Labels:
    """pid -> label from the order of appearance and the fork/clone structure."""
    labels: dict[int, str] = {}
    info: dict[int, tuple[str | None, bool]] = {}
    nchild: dict[int, int] = {}
    nthread: dict[int, int] = {}
    roots = 0

    def label(pid: int, depth: int = 0) -> str:
        lab = labels.get(pid)
        if lab is not None:
            return lab
        p = t.parent.get(pid)
        if p is None or depth > 1000:
            nonlocal roots
            roots += 1
            lab = str(roots)
            info[pid] = (None, False)
        else:
            plab = label(p[0], depth + 1)
            if p[1]:
                nthread[p[0]] = nthread.get(p[0], 0) + 1
                lab = f"{plab}:t{nthread[p[0]]}"
            else:
                nchild[p[0]] = nchild.get(p[0], 0) + 1
                lab = f"{plab}.{nchild[p[0]]}"
            info[pid] = (plab, p[1])
        labels[pid] = lab
        return lab

    for pid in t.order:
        label(pid)
    return labels, info


def label_processes(records: list[Record]) -> Labels:
    """pid -> label, from the order of appearance and the fork/clone structure."""
    return tree_labels(structure(records))


def _kids(t: Tree, labels: dict[int, str]) -> dict[int | None, list[int]]:
    """Children of each pid (None: the roots), processes then threads, in label order."""
    kids: dict[int | None, list[int]] = {}
    for pid in labels:
        p = t.parent.get(pid)
        kids.setdefault(p[0] if p is not None and p[0] in labels else None, []).append(pid)
    return kids


def match_labels(ta: Tree, tb: Tree) -> tuple[Labels, Labels]:
    """Labels for both sides, side B's chosen to pair each process with the one on side A that
    has the same place in the tree and executes the same programs (fork order breaks ties)."""
    la, ia = tree_labels(ta)
    lb0, ib0 = tree_labels(tb)
    ka, kb = _kids(ta, la), _kids(tb, lb0)
    lb: dict[int, str] = {}
    ib: dict[int, tuple[str | None, bool]] = {}

    def sig(t: Tree, kids: dict[int | None, list[int]], pid: int, depth: int = 0) -> tuple[object, ...]:
        sub = tuple(sig(t, kids, c, depth + 1) for c in kids.get(pid, ())) if depth < 8 else ()
        return (tuple(t.execs.get(pid, ())), sub)

    def pair(pa: int | None, pb: int | None, plab: str | None, root: bool = False) -> None:
        for thread in (False,) if root else (False, True):
            xs = [] if pa is None and not root else [
                c for c in ka.get(pa, []) if root or ta.parent[c][1] == thread]
            ys = [c for c in kb.get(pb, []) if root or tb.parent[c][1] == thread]
            free = list(xs)
            got: dict[int, int | None] = {}
            for strict in (True, False):  # the same subtree of programs, then the same programs
                for y in ys:
                    if y in got:
                        continue
                    want = sig(tb, kb, y) if strict else tuple(tb.execs.get(y, ()))
                    for x in free:
                        if want == (sig(ta, ka, x) if strict else tuple(ta.execs.get(x, ()))):
                            got[y] = x
                            free.remove(x)
                            break
            extra = len(xs)
            for y in ys:
                x = got[y] if y in got else (free.pop(0) if free else None)  # the rest by fork order
                if x is not None:
                    lab = la[x]
                else:
                    extra += 1
                    lab = str(extra) if root else f"{plab}:t{extra}" if thread else f"{plab}.{extra}"
                lb[y] = lab
                ib[y] = (None, False) if root else (plab, thread)
                pair(x, y, lab)

    pair(None, None, None, root=True)
    for pid in tb.order:  # anything the walk did not reach keeps its own label
        if pid not in lb:
            lb[pid], ib[pid] = lb0[pid], ib0[pid]
    return (la, ia), (lb, ib)


class Normaliser:
    """Normalises the records of one side, one at a time (state: fd names, regions per process)."""

    def __init__(self, labels: Labels, rules: Rules | None = None) -> None:
        global _FDPOS
        if _FDPOS is None:
            _FDPOS = _fd_positions()
        self.fdpos = _FDPOS
        self.rules = rules or Rules()
        self.labels, self.info = labels
        pid_re = None
        if self.labels:
            alts = "|".join(str(p) for p in sorted(self.labels, key=lambda p: -len(str(p))) if p >= 10)
            if alts:
                pid_re = re.compile(r"(?<![\w.])(?:%s)(?![\w.])" % alts)
        self.pid_re = pid_re
        self.pid_names = {str(p): f"<pid {lab}>" for p, lab in self.labels.items()}
        self.procs: dict[str, Process] = {}
        self.states: dict[int, _State] = {}
        self.pid_of_label = {lab: p for p, lab in self.labels.items()}

    def _pids(self, s: str) -> str:
        names = self.pid_names
        return self.pid_re.sub(lambda m: names[m.group(0)], s) if self.pid_re is not None else s

    def feed(self, r: Record) -> tuple[Process, Call] | None:
        """The normalised call of one record and its process (None: dropped)."""
        labels, info, states, fdpos = self.labels, self.info, self.states, self.fdpos
        procs, pid_of_label, pids = self.procs, self.pid_of_label, self._pids
        ignore, user, rules = self.rules.ignore, self.rules.normalize, self.rules
        pid_re = self.pid_re
        lab = labels[r.pid]
        proc = procs.get(lab)
        if proc is None:
            plab, thread = info[r.pid]
            proc = procs[lab] = Process(lab, r.pid, plab, thread)
        st = states.get(r.pid)
        if st is None:
            plab = info[r.pid][0]
            ppid = pid_of_label.get(plab) if plab is not None else None
            pst = states.get(ppid) if ppid is not None else None
            if pst is None:
                st = _State()
            elif info[r.pid][1]:
                st = pst
            else:
                st = pst.copy()
            states[r.pid] = st
        if r.kind != "syscall":
            args = tuple(_addrs(pids(_SITIME.sub(r"\1=?", a)), st) for a in r.args)
            ret = r.ret
            call = Call(r.kind, r.name, args, ret, None)
            if user:
                call = _apply(call, user)
            return proc, call
        name = r.name
        if name in ignore:
            return None
        args = list(r.args)
        ret = r.ret
        rv = r.retval
        ok = r.errno is None and rv is not None and rv >= 0
        for i in fdpos.get(name, ()):
            if i < len(args):
                m = _FDNUM.match(args[i])
                if m is not None:
                    fdname = st.fds.get(m.group(1))
                    if fdname is not None:
                        args[i] = fdname
                    elif m.group(2):
                        args[i] = m.group(2)
        if name in _FORKS and ok and rv and rv not in states:  # the child starts with this fd table
            states[rv] = st if any("CLONE_THREAD" in a for a in args) else st.copy()
        fdnew: str | None = None
        if ok:
            if name in _OPENS:
                pi = _OPENS[name]
                fdnew = f"<{args[pi]}>" if 0 <= pi < len(args) else f"<{name}#{st.next(name)}>"
            elif name in _DUPS or (name == "fcntl" and len(args) > 1 and args[1].startswith("F_DUPFD")):
                fdnew = args[0] if args else None
            elif name in _NEWFD:
                fdnew = f"<{name}#{st.next(name)}>"
            elif name in ("pipe", "pipe2", "socketpair") and r.retval == 0:
                i = 3 if name == "socketpair" else 0
                if i < len(args) and args[i].startswith("[") and args[i].endswith("]"):
                    fds = [x.strip().split("<", 1)[0] for x in args[i][1:-1].split(",")]
                    n = st.next(name)
                    newnames = [f"<{name}#{n}:{k}>" for k in range(len(fds))]
                    for fdn, nm in zip(fds, newnames, strict=True):
                        st.fds[fdn] = nm
                    args[i] = "[" + ", ".join(newnames) + "]"
            elif name == "close" and args:
                st.fds.pop(r.args[0].split("<", 1)[0], None)
        if name == "getrandom" and args:
            args[0] = '"<random>"'
        elif name in _VOLATILE and ok:
            i = _VOLATILE[name]
            if i < 0:
                ret = "<time>"
            elif i < len(args) and args[i] not in ("NULL",):
                args[i] = "<volatile>"
        elif name in ("mmap", "mremap", "shmat") and ok:
            start = _int(ret)
            if start is not None and start > 0xFFFFFFFF:
                args = [_addrs(a, st) for a in args]
                if st.inside(start):  # MAP_FIXED inside a reservation: named by its offset
                    ret = st.addr(start)
                else:
                    length = _int(args[1 if name != "mremap" else 2]) if len(args) > 2 else None
                    if name == "mmap" and len(args) > 5 and args[4] not in ("-1",):
                        region = f"map{args[4]}+{args[5]}" if args[5] not in ("0",) else f"map{args[4]}"
                    else:
                        region = "anon"
                    st.add_region(start, length or 1, region)
                    ret = region
        elif name == "munmap" and ok and len(args) > 1:
            start, length = _int(args[0]), _int(args[1])
            if start is not None and length is not None:
                args = [_addrs(a, st) for a in args]
                st.unmap(start, length)
        elif name == "brk":
            v = _int(ret)
            if v is not None and st.brk is None and v > 0xFFFFFFFF:
                st.brk = v
        if fdnew is not None and rv is not None:
            st.fds[str(rv)] = fdnew
            ret = fdnew if r.ret.split("<", 1)[0] == str(rv) else ret
        joined = "\0".join(args)  # one look for the rare cases instead of one per argument
        if "0x" in joined:
            args = [_addrs(a, st) for a in args]
            joined = "\0".join(args)
        if _BIGDEC.match(ret):
            ret = st.addr(int(ret))
        else:
            ret = _addrs(ret, st)
        if pid_re is not None:  # only where a pid is printed: a file size may equal a pid
            if name in _PID_WHOLE:
                args = [pids(a) for a in args]
            else:
                for i in _PIDPOS.get(name, ()):
                    if i < len(args):
                        args[i] = pids(args[i])
                if "si_pid=" in joined:
                    args = [_SIPID_NUM.sub(lambda m: "si_pid=" + pids(m.group(1)), a) for a in args]
            if name in _PID_RESULT:
                ret = pids(ret)
        if name in ("wait4", "waitid") and ok and args and args[0] in ("-1", "P_ALL"):
            ret = "<any child>"  # which child is reaped first is scheduling
        if name == "getppid" and not ret.startswith("<pid"):
            ret = "<ppid>"
        if not rules.keep_noise and (name in _SYNC or (name == "mprotect" and args[0] in ("<heap>", "<addr>")) or (name in _ALLOC and (
                name != "mmap" or "anon" in ret or "MAP_ANONYMOUS" in "".join(args)))):
            return None
        call = Call("syscall", name, tuple(args), ret, r.errno)
        if user:
            call = _apply(call, user)
        if name in ("execve", "execveat") and ok and args:
            proc.execs.append(args[0 if name == "execve" else 1])
        return proc, call

def normalise(records: list[Record], rules: Rules | None = None) -> dict[str, Process]:
    """Records of one side -> processes by label, each with its normalised calls."""
    n = Normaliser(label_processes(records), rules)
    split = AsyncSplit()
    for r in records:
        got = n.feed(r)
        if got is not None:
            got[0].calls.extend(split.feed(got[0].label, got[1]))
    return split.finish(n.procs)


def _addrs(s: str, st: _State) -> str:
    if "0x" not in s:
        return s
    return _HEXADDR.sub(lambda m: st.addr(int(m.group(0), 16)), s)


_ASYNC = frozenset({"SIGCHLD", "SIGALRM", "SIGWINCH", "SIGIO", "SIGURG", "SIGPROF", "SIGVTALRM"})


class AsyncSplit:
    """Moves asynchronous signal deliveries (and the handler's calls up to rt_sigreturn, at most
    65 calls later) to a stream of their own, ``LABEL!signals``: where they land in the main
    stream is timing. Streaming: holds back at most one handler's calls per process."""

    def __init__(self) -> None:
        self.pending: dict[str, list[Call]] = {}
        self.side: dict[str, set[Call]] = {}

    def feed(self, lab: str, c: Call) -> list[Call]:
        """The calls of process ``lab`` that go to its main stream now, in order."""
        p = self.pending.get(lab)
        if not p:
            if c.kind == "signal" and c.name in _ASYNC:
                self.pending[lab] = [c]
                return []
            return [c]
        if c.name == "rt_sigreturn":
            side = self.side.setdefault(lab, set())
            side.add(_masked(p[0]))
            side.update(p[1:])
            side.add(c._replace(args=("<mask>",), ret="<interrupted call's>"))
            p.clear()
            return []
        if len(p) <= 64 and c.kind == "syscall":
            p.append(c)
            return []
        self.side.setdefault(lab, set()).add(_masked(p[0]))  # no handler seen: the signal alone
        rest = p[1:]
        p.clear()
        return rest + self.feed(lab, c)

    def flush(self, lab: str) -> list[Call]:
        """At the end of the trace: what process ``lab`` still holds back for its main stream."""
        p = self.pending.get(lab)
        if not p:
            return []
        self.side.setdefault(lab, set()).add(_masked(p[0]))
        rest = p[1:]
        p.clear()
        return rest

    def streams(self, procs: dict[str, Process]) -> dict[str, Process]:
        """Add the ``LABEL!signals`` streams to ``procs`` (after flush)."""
        for lab in list(procs):
            side = self.side.get(lab)
            if side:
                # How many deliveries coalesce is timing too: the stream keeps each distinct event once.
                pr = procs[lab]
                procs[lab + "!signals"] = Process(lab + "!signals", pr.pid, lab, pr.thread, sorted(side, key=_order))
        return procs

    def finish(self, procs: dict[str, Process]) -> dict[str, Process]:
        """Flush what is held back into ``procs`` and add the signal streams."""
        for lab in list(procs):
            procs[lab].calls.extend(self.flush(lab))
        return self.streams(procs)


def _order(c: Call) -> tuple[str, str, tuple[str, ...], str, str]:
    return c.kind, c.name, c.args, c.ret, c.errno or ""


def _masked(c: Call) -> Call:
    return c._replace(args=tuple(_SIPID.sub("si_pid=?", a) for a in c.args))


def _apply(call: Call, rules: Iterable[tuple[re.Pattern[str], str]]) -> Call:
    args = call.args
    ret = call.ret
    for rx, repl in rules:
        args = tuple(rx.sub(repl, a) for a in args)
        ret = rx.sub(repl, ret)
    return call._replace(args=args, ret=ret)
