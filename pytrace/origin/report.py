"""``pytrace libc``'s findings: which libc entry points became which syscalls, and what
bypassed libc. A session sink collects them; :func:`render` draws them with rich and
:func:`as_json` gives the same data as a dict.
"""

from __future__ import annotations

import struct
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from ..model import Origin, SyscallEvent
from . import classify as kinds

if TYPE_CHECKING:
    from ..tracee import Tracee
    from .breakpoints import CallCounter
    from .resolve import Resolver

# Functions the vDSO exports on x86_64: libc answers these in user space, no syscall stop.
VDSO_FUNCTIONS = ("clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres")


def _plain(name: str) -> str:
    """``__open64`` -> ``open``, ``__libc_fork`` -> ``fork``: the call a wrapper stands for."""
    n = name.lstrip("_")
    for prefix in ("libc_", "GI_", "GI___", "new_"):
        if n.startswith(prefix):
            n = n[len(prefix):].lstrip("_")
    if n.endswith("64") and not n.endswith("_64"):
        n = n[:-2]
    return n.removesuffix("_nocancel")


def _rel32(b: bytes, at: int) -> int:
    return struct.unpack_from("<i", b, at)[0]


def call_target(t: Tracee, ret: int) -> int | None:
    """The function a call returning to ``ret`` called: ``call rel32`` (through a PLT stub
    ``[endbr64] [bnd] jmp *GOT(%rip)``) or ``call *GOT(%rip)``; None when it is neither."""
    b = t.mem.read(ret - 6, 6)
    if b is None or len(b) < 6:
        return None
    if b[0] == 0xFF and b[1] == 0x15:  # call *disp32(%rip)  (-fno-plt)
        return _read_ptr(t, ret + _rel32(b, 2))
    if b[1] != 0xE8:
        return None
    target = (ret + _rel32(b, 2)) & 0xFFFFFFFFFFFFFFFF
    stub = t.mem.read(target, 16)
    if stub is None or len(stub) < 16:
        return target
    i = 4 if stub.startswith(b"\xf3\x0f\x1e\xfa") else 0  # endbr64
    if stub[i] == 0xF2:  # bnd prefix
        i += 1
    if stub[i] == 0xFF and stub[i + 1] == 0x25:  # jmp *disp32(%rip)
        return _read_ptr(t, target + i + 6 + _rel32(stub, i + 2))
    return target


def _read_ptr(t: Tracee, addr: int) -> int | None:
    b = t.mem.read(addr & 0xFFFFFFFFFFFFFFFF, 8)
    if b is None or len(b) < 8:
        return None
    return int.from_bytes(b, "little")


def _site(o: Origin) -> str:
    obj = kinds.basename(o.object) if o.object else "?"
    if o.kind == kinds.ANONYMOUS:
        obj = "anon"
    return f"{obj}:{o.function}" if o.function else f"{obj}+{o.offset or 0:#x}"


class LibcReport:
    """A session sink: classifies each syscall by the code path that issued it."""

    def __init__(self, resolver: Resolver, syscall_names: set[str]) -> None:
        self.resolver = resolver
        self.syscall_names = syscall_names
        self.total = 0
        self.first = True
        self.missing = 0  # syscalls without an origin (none expected)
        self.named = 0  # attributed to a named libc or loader function
        self.entry: dict[str, Counter[str]] = defaultdict(Counter)  # libc entry -> syscalls
        self.entry_callers: dict[str, set[str]] = defaultdict(set)
        self.loader: dict[str, Counter[str]] = defaultdict(Counter)
        self.direct: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (kind, site)
        self.by_kind: Counter[str] = Counter()
        self.vdso_objects: set[str] = set()
        self.counter: CallCounter | None = None  # set when calls are counted (--count-calls)

    # ----------------------------------------------------------- sink protocol
    def bind(self, session: object) -> None:
        pass

    def syscall_enter(self, t: Tracee) -> None:
        pass

    def syscall_exit(self, t: Tracee, ev: SyscallEvent) -> None:
        self.add(t, ev)

    def syscall_lost(self, t: Tracee, ev: SyscallEvent) -> None:
        self.add(t, ev)

    def silent(self, t: Tracee) -> None:
        pass

    def superseded(self, t: Tracee, old: int) -> None:
        pass

    def signal(self, t: Tracee, ev: object) -> None:
        pass

    def exited(self, t: Tracee, ev: object) -> None:
        pass

    def message(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass

    # ----------------------------------------------------------- classification
    def add(self, t: Tracee, ev: SyscallEvent) -> None:
        o = ev.origin
        if o is None or (self.first and ev.name == "execve"):
            self.first = False  # the spawning execve is issued by the tracer's child
            self.missing += o is None
            return
        self.first = False
        self.total += 1
        self.by_kind[o.kind] += 1
        if o.kind in (kinds.LIBC, kinds.LOADER) and o.function:
            self.named += 1
        if o.kind == kinds.LIBC:
            entry, caller = self._entry_point(t, ev)
            self.entry[entry][ev.name] += 1
            if caller:
                self.entry_callers[entry].add(caller)
        elif o.kind == kinds.LOADER:
            self.loader[o.function or f"+{o.offset or 0:#x}"][ev.name] += 1
        else:
            self.direct[(o.kind, _site(o))][ev.name] += 1

    def _entry_point(self, t: Tracee, ev: SyscallEvent) -> tuple[str, str | None]:
        """The outermost libc function of the innermost run of libc frames, and its caller."""
        o = ev.origin
        assert o is not None
        entry = o.function or _site(o)
        for f in (ev.stack or ())[1:]:
            fo = self.resolver.origin(t, f.ip)
            if fo.kind != kinds.LIBC:
                # The call the caller made names the entry better than the outermost frame
                # (fopen tail-calls __fopen_internal): follow its call through the PLT.
                called = call_target(t, f.ip)
                if called is not None:
                    co = self.resolver.origin(t, called + 1)
                    if co.kind == kinds.LIBC and co.function and co.offset == 1:
                        entry = co.function
                return entry, _site(fo)
            entry = fo.function or entry
        return entry, None

    def substitutions(self) -> list[tuple[str, str]]:
        """(entry point, syscalls it issued) where the entry names another syscall."""
        out = []
        for entry, calls in sorted(self.entry.items()):
            plain = _plain(entry)
            if plain in self.syscall_names and plain not in calls:
                out.append((entry, ", ".join(sorted(calls))))
        return out

    def calls(self, entry: str) -> int | None:
        """How often the program called ``entry`` (None when calls were not counted)."""
        if self.counter is None or entry not in self.counter.names:
            return None  # not counted, or not a function the program imports
        return self.counter.counts.get(entry, 0)

    def silent_calls(self) -> Counter[str]:
        """Counted libc calls that issued no traced syscall."""
        if self.counter is None:
            return Counter()
        return Counter({n: k for n, k in self.counter.counts.items() if k > 0 and n not in self.entry})

    def entry_line(self, entry: str) -> str:
        """``printf x1000 -> write x3`` (``printf -> write x3`` when calls were not counted)."""
        n = self.calls(entry)
        head = entry if n is None else f"{entry} x{n}"
        return f"{head} -> {_calls(self.entry[entry])}"

    def as_json(self) -> dict[str, Any]:
        c = self.counter
        return {
            "total": self.total,
            "named_libc_or_loader": self.named,
            "without_origin": self.missing,
            "by_kind": dict(self.by_kind),
            "libc_entry_points": {
                e: {"calls": self.calls(e), "syscalls": dict(n),
                    "callers": sorted(self.entry_callers.get(e, ()))}
                for e, n in sorted(self.entry.items())
            },
            "loader": {f: dict(c) for f, c in sorted(self.loader.items())},
            "direct": [
                {"kind": k, "site": s, "syscalls": dict(c)} for (k, s), c in sorted(self.direct.items())
            ],
            "substitutions": [{"entry": e, "syscalls": s} for e, s in self.substitutions()],
            "calls_without_syscall": dict(self.silent_calls().most_common()),
            "breakpoints": None if c is None else {"armed": c.armed, "hits": c.hits},
            "vdso": {"functions": list(VDSO_FUNCTIONS),
                     "calls": None if c is None else {k: v for k, v in c.vdso_counts.items() if v > 0},
                     "fallback_syscalls": sum(sum(n.values()) for (k, _), n in self.direct.items() if k == kinds.VDSO)},
        }


def _calls(c: Counter[str]) -> str:
    return ", ".join(f"{n} x{k}" if k > 1 else n for n, k in c.most_common())


def _counts(c: Counter[str]) -> str:
    return ", ".join(f"{n} x{k}" for n, k in c.most_common())


def render(rep: LibcReport, console: Any) -> None:
    """Draw the report with rich; every tracee-derived string goes in as rich.text.Text."""
    from rich.table import Table
    from rich.text import Text

    pct = 100.0 * rep.named / rep.total if rep.total else 0.0
    console.print(Text(f"{rep.total} syscalls; {rep.named} ({pct:.1f}%) from a named libc or loader "
                       f"function; by origin: " + ", ".join(f"{k} {n}" for k, n in rep.by_kind.most_common())))
    counted = rep.counter is not None
    tab = Table(title="libc " + ("calls" if counted else "entry points") + " -> syscalls", title_justify="left")
    tab.add_column("libc call -> syscalls", no_wrap=True)
    tab.add_column("called from")
    for e, _c in sorted(rep.entry.items(), key=lambda x: -sum(x[1].values())):
        callers = sorted(rep.entry_callers.get(e, ()))
        tab.add_row(Text(rep.entry_line(e)), Text(", ".join(callers[:3]) + (" ..." if len(callers) > 3 else "")))
    if rep.entry:
        console.print(tab)
    if rep.direct:
        tab = Table(title="direct syscalls (bypassing libc)", title_justify="left")
        tab.add_column("origin")
        tab.add_column("where")
        tab.add_column("syscalls")
        for (k, s), c in sorted(rep.direct.items()):
            tab.add_row(Text(k), Text(s), Text(_calls(c)))
        console.print(tab)
    if rep.loader:
        tab = Table(title="dynamic loader", title_justify="left")
        tab.add_column("function")
        tab.add_column("syscalls")
        for f, c in sorted(rep.loader.items(), key=lambda x: -sum(x[1].values())):
            tab.add_row(Text(f), Text(_calls(c)))
        console.print(tab)
    subs = rep.substitutions()
    if subs:
        tab = Table(title="wrapper substitutions (the libc call names another syscall)", title_justify="left")
        tab.add_column("libc call")
        tab.add_column("issues")
        for e, s in subs:
            tab.add_row(Text(e), Text(s))
        console.print(tab)
    silent = rep.silent_calls()
    if silent:
        console.print(Text("libc calls without a syscall: " + _counts(silent)))
    vdso_fallback = {s: c for (k, s), c in rep.direct.items() if k == kinds.VDSO}
    if rep.counter is not None:
        vc = +rep.counter.vdso_counts
        console.print(Text("vDSO calls answered without a syscall: " + (_counts(vc) if vc else "none")))
    else:
        console.print(Text(
            "vDSO: " + ", ".join(VDSO_FUNCTIONS) + " are answered in user space and never stop"
            " (count them with --count-calls; see pytrace libc --demo)."
        ))
    if vdso_fallback:
        console.print(Text("fallback syscalls from the vDSO: "
                           + _calls(sum(vdso_fallback.values(), Counter()))))
