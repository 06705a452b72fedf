"""Who issued a syscall: the instruction pointer -> mapping -> ELF symbol -> Origin.

The session calls :meth:`Resolver.enter` at each traced syscall entry and
:meth:`Resolver.annotate` when the event is complete; the resolver keeps per-process maps
(re-read after calls that change them) and a per-process cache from ip to Origin.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from typing import TYPE_CHECKING

from ..model import Frame, Origin, SyscallEvent
from . import classify as kinds
from .maps import Mapping, MapsCache
from .symbols import ElfObject, load_object
from .unwind import unwind

if TYPE_CHECKING:
    from ..tracee import Tracee

# Calls after which /proc/PID/maps may differ (strace rebuilds its mmap cache after these).
MAP_CHANGING = frozenset({
    "mmap", "munmap", "mremap", "mprotect", "pkey_mprotect", "execve", "execveat", "shmat",
    "shmdt", "remap_file_pages",
})
_MASK = (1 << 64) - 1


_make = SyscallEvent._make
_STACK_AT_EXIT = frozenset({"execve", "execveat"})


class Resolver:
    """Origins (and, when ``stacks``, call stacks) of the syscalls of every tracee."""

    def __init__(self, stacks: bool = False) -> None:
        self.maps = MapsCache()
        self.stacks = stacks
        self._ips: dict[int, dict[int, Origin]] = {}  # tgid -> ip -> Origin
        self._pending: dict[int, tuple[Origin, tuple[int, ...] | None]] = {}
        self._last: dict[int, Origin] = {}  # pid -> origin of its latest syscall (text column)
        self._columns: dict[Origin | None, str] = {}
        self._objects: dict[str, ElfObject | None] = {}
        self._vdso: dict[bytes, ElfObject] = {}
        self._vdso_by_pid: dict[int, ElfObject | None] = {}

    # ------------------------------------------------------------ objects
    def load(self, path: str) -> ElfObject | None:
        try:
            return self._objects[path]
        except KeyError:
            obj = load_object(path)
            self._objects[path] = obj
            return obj

    def _vdso_object(self, t: Tracee, m: Mapping) -> ElfObject | None:
        """The vDSO image, read from the tracee (it has no file), parsed once per content."""
        if t.tgid in self._vdso_by_pid:
            return self._vdso_by_pid[t.tgid]
        data = t.mem.read(m.start, m.end - m.start)
        obj = None
        if data:
            key = hashlib.sha1(data).digest()
            obj = self._vdso.get(key)
            if obj is None:
                fd, path = tempfile.mkstemp(prefix="pytrace-vdso-")
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
                obj = ElfObject(path)
                obj.symbols  # noqa: B018 - load before the file goes
                obj.dynsyms  # noqa: B018
                os.unlink(path)
                self._vdso[key] = obj
        self._vdso_by_pid[t.tgid] = obj
        return obj

    # ------------------------------------------------------------ origins
    def invalidate(self, pid: int) -> None:
        """The address space of ``pid`` changed (mmap, exec ...): forget what we knew."""
        self.maps.invalidate(pid)
        self._ips.pop(pid, None)
        self._vdso_by_pid.pop(pid, None)

    def _mapping_changed(self, tgid: int, ev: SyscallEvent) -> None:
        """Re-read the maps when next needed; forget cached origins in the ranges touched."""
        self.maps.invalidate(tgid)
        a = ev.raw_args
        name = ev.name
        ok = ev.errno is None and ev.retval is not None
        if name == "munmap":
            self._forget(tgid, a[0], a[0] + a[1])
        elif name == "mmap" and ok:
            self._forget(tgid, ev.retval & _MASK, (ev.retval & _MASK) + a[1])  # type: ignore[operator]
        elif name == "mremap":
            self._forget(tgid, a[0], a[0] + a[1])
            if ok:
                self._forget(tgid, ev.retval & _MASK, (ev.retval & _MASK) + a[2])  # type: ignore[operator]
        elif name in ("mprotect", "pkey_mprotect"):
            pass  # the code stays where it was
        else:
            self.invalidate(tgid)

    def _forget(self, tgid: int, lo: int, hi: int) -> None:
        cache = self._ips.get(tgid)
        if cache:
            for ip in [ip for ip in cache if lo < ip <= hi]:
                del cache[ip]

    def origin_at(self, t: Tracee, ip: int) -> Origin:
        m, pm = self.maps.find(t.tgid, ip - 1)
        kind = kinds.classify(m, pm.exe if pm is not None else None)
        if m is None:
            return Origin(kind, None, None, ip)
        if kind == kinds.ANONYMOUS:
            return Origin(kind, m.path or None, None, ip - m.start)
        if kind == kinds.VDSO:
            obj = self._vdso_object(t, m)
            path = "[vdso]"
        else:
            obj = self.load(m.path)
            path = m.path
        if obj is None or not obj.is_elf:
            return Origin(kind, path, None, ip - m.start + m.offset)
        vaddr = obj.file_to_vaddr(ip - m.start + m.offset)
        sym = obj.symbols.lookup(vaddr - 1)
        if sym is None:
            return Origin(kind, path, None, vaddr)
        return Origin(kind, path, sym[0], sym[1] + 1)

    def origin(self, t: Tracee, ip: int) -> Origin:
        cache = self._ips.get(t.tgid)
        if cache is None:
            cache = self._ips[t.tgid] = {}
        o = cache.get(ip)
        if o is None:
            o = cache[ip] = self.origin_at(t, ip)
        return o

    # ------------------------------------------------------------ session hooks
    def enter(self, t: Tracee) -> None:
        """At a traced syscall's entry: where its instruction is (and its stack)."""
        o = self.origin(t, t.ip)
        stack: tuple[int, ...] | None = None
        if self.stacks:
            # strace shows execve's stack in the new image: unwind those at exit.
            stack = () if t.desc is not None and t.desc.name in _STACK_AT_EXIT else \
                tuple(unwind(t.pid, t.tgid, t.mem, self.maps, self.load))
        self._pending[t.pid] = (o, stack)
        self._last[t.pid] = o

    def column(self, pid: int) -> str:
        """The --origin column text of ``pid``'s current (or latest) syscall."""
        o = self._last.get(pid)
        text = self._columns.get(o)
        if text is None:
            text = self._columns[o] = format_origin(o)
        return text

    def pending_origin(self, pid: int) -> Origin | None:
        """The origin of ``pid``'s current (or latest) syscall."""
        return self._last.get(pid)

    def annotate(self, t: Tracee, ev: SyscallEvent) -> SyscallEvent:
        """The event with its origin (and stack frames) filled in."""
        got = self._pending.pop(t.pid, None)
        if ev.name in MAP_CHANGING:
            self._mapping_changed(t.tgid, ev)
        if got is None:
            return ev
        o, stack = got
        if stack is None:
            return _make((*ev[:12], o, None, *ev[14:]))
        if not stack and ev.name in _STACK_AT_EXIT and ev.retval is not None:
            stack = tuple(unwind(t.pid, t.tgid, t.mem, self.maps, self.load))
        return ev._replace(origin=o, stack=tuple(self.frame(t, ip) for ip in stack))

    def frame(self, t: Tracee, ip: int) -> Frame:
        """One stack frame named as strace -k names it (the object's own symbols)."""
        m, _pm = self.maps.find(t.tgid, ip)
        if m is None or not m.path.startswith("/"):
            return Frame(ip, None, None, None, ip)
        true_off = ip - m.start + m.offset
        obj = self.load(m.path)
        if obj is None or not obj.is_elf:
            return Frame(ip, m.path, None, None, true_off)
        sym = obj.dynsyms.lookup(obj.file_to_vaddr(true_off))
        if sym is None:
            return Frame(ip, m.path, None, None, true_off)
        return Frame(ip, m.path, sym[0], sym[1], true_off)


def format_origin(o: Origin | None) -> str:
    """The --origin column: ``[libc.so.6:write+0x10] ``, ``[ls+0x4a2c] ``, ``[anon+0x10] ``."""
    if o is None:
        return "[?] "
    if o.kind == kinds.ANONYMOUS:
        obj = "anon"
    elif o.object is None:
        return "[?:%#x] " % (o.offset or 0)
    else:
        obj = kinds.basename(o.object)
    if o.function is not None:
        return "[%s:%s+%#x] " % (obj, o.function, o.offset or 0)
    return "[%s+%#x] " % (obj, o.offset or 0)


def format_stack(frames: tuple[Frame, ...], lost: bool = False) -> str:
    """strace -k's lines for a stack (``" > PATH(FUNC+0xOFF) [0xTRUEOFF]"``).

    ``lost``: the call never returned (exit_group); strace prints those frames after the
    process is gone, when its unwinder names a symbol-less frame "" (``PATH(+0x0)``).
    """
    out = []
    nosym = " > %s(+0x0) [%#x]\n" if lost else " > %s() [%#x]\n"
    for f in frames:
        if f.object is None:
            out.append(" > backtracing_error [%#x]\n" % f.file_offset)
        elif f.function is None:
            out.append(nosym % (f.object, f.file_offset))
        else:
            out.append(" > %s(%s+%#x) [%#x]\n" % (f.object, f.function, f.offset or 0, f.file_offset))
    return "".join(out)
