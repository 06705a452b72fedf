"""The i386 personality of a 64-bit process (``int $0x80`` calls), as strace 6.1 decodes it.

Syscalls only i386 has (stat64, _llseek, mmap2, socketcall, ipc, ugetrlimit, statfs64 ...) are
registered here. Decoders shared with x86_64 whose structures, longs or split 64-bit arguments
differ call the ``*_i386`` functions below when ``t.arch == "i386"``, so the x86_64 path pays one
comparison.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING

from .. import printers as P
from ..printers import addr, buf, dirfd, fd, flags, hexval, path, xlat, xval
from ..quote import quote
from ..structs import compat32 as L
from ..structs.lower import Lowered
from ._modes import abbrev
from ._umove import umove, umove_any
from .registry import EXIT_RVAL_ONLY, RVAL_HEX, RVAL_TGID, Decoder, syscall

if TYPE_CHECKING:
    from ..syscalls import SyscallDesc
    from ..tracee import Tracee

_U32 = 0xFFFFFFFF
_INT64 = struct.Struct("<q")
_U32S = struct.Struct("<I")


def _s32(v: int) -> int:
    v &= _U32
    return v - 0x100000000 if v & 0x80000000 else v


def pair64(lo: int, hi: int) -> int:
    """A 64-bit value passed in two 32-bit registers (low word first), as a signed long long."""
    v = ((hi & _U32) << 32) | (lo & _U32)
    return v - (1 << 64) if v >> 63 else v


# --- stat64, statfs64 ---------------------------------------------------------------------


def _stat_at(t: Tracee, a: int, layout: Lowered, no_nsec: bool = False) -> str:
    """A stat structure of one of the i386 layouts, printed as x86_64's (format_stat);
    ``no_nsec``: __old_kernel_stat, without blksize, blocks and nanoseconds (printed as 0)."""
    from .stat import format_stat

    data = umove(t, a, layout.size)
    if isinstance(data, str):
        return data
    s = layout.unpack(data)
    if no_nsec:
        s = SimpleNamespace(**s._asdict(), st_blksize=0, st_blocks=0, st_atime_nsec=0, st_mtime_nsec=0,
                            st_ctime_nsec=0)
    return format_stat(s, not abbrev(t))


def stat64_at(t: Tracee, a: int) -> str:
    """A ``struct stat64 *`` (i386 layout) as strace prints it."""
    return _stat_at(t, a, L.STAT64_FAST)


def stat32_at(t: Tracee, a: int) -> str:
    """The ``struct stat *`` of the i386 stat/lstat/fstat."""
    return _stat_at(t, a, L.STAT32_FAST)


def _old_stat_at(t: Tracee, a: int) -> str:
    return _stat_at(t, a, L.OLD_STAT32_FAST, no_nsec=True)


def _stat_call(t: Tracee, first: Callable[[Tracee, int], str], at: Callable[[Tracee, int], str]) -> bool | None:
    """A ``(path or fd, struct stat *)`` call: ``first`` prints the first argument at entry,
    ``at`` the structure at exit."""
    if not t.exiting:
        t.out.append(first(t, t.args[0]))
        return True
    t.out.append(at(t, t.args[1]))
    return None


@syscall("stat64", "lstat64")
def stat64(t: Tracee) -> bool | None:
    return _stat_call(t, path, stat64_at)


@syscall("fstat64")
def fstat64(t: Tracee) -> bool | None:
    return _stat_call(t, fd, stat64_at)


@syscall("oldstat", "oldlstat")
def oldstat(t: Tracee) -> bool | None:
    return _stat_call(t, path, _old_stat_at)


@syscall("oldfstat")
def oldfstat(t: Tracee) -> bool | None:
    return _stat_call(t, fd, _old_stat_at)


@syscall("fstatat64")
def fstatat64(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [dirfd(t, t.args[0]), path(t, t.args[1])]
        return True
    t.out += [stat64_at(t, t.args[2]), flags(t.iarg(3), xlat("at_flags"), "AT_???")]
    return None


def statfs32_exit(t: Tracee) -> None:
    """The ``struct statfs *`` of the i386 statfs/fstatfs (32-bit counts)."""
    from .statfs import format_statfs

    got = umove(t, t.args[1], L.STATFS32_FAST.size)
    t.out.append(got if isinstance(got, str) else format_statfs(got, L.STATFS32_FAST))


def _statfs64_exit(t: Tracee) -> None:
    a = t.args[2]
    if t.iarg(1) != L.STATFS64_32_FAST.size:  # strace checks the size the caller passed
        t.out.append(addr(a))
        return
    from .statfs import format_statfs

    got = umove(t, a, L.STATFS64_32_FAST.size)
    t.out.append(got if isinstance(got, str) else format_statfs(got, L.STATFS64_32_FAST))


@syscall("statfs64")
def statfs64(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [path(t, t.args[0]), str(t.iarg(1))]
        return True
    _statfs64_exit(t)
    return None


@syscall("fstatfs64")
def fstatfs64(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [fd(t, t.args[0]), str(t.iarg(1))]
        return True
    _statfs64_exit(t)
    return None


# --- split 64-bit offsets -------------------------------------------------------------------


@syscall("_llseek")
def llseek(t: Tracee) -> bool | None:
    a = t.args
    if not t.exiting:
        t.out += [fd(t, a[0]), str(pair64(a[2], a[1]))]
        return True
    got = umove(t, a[3], 8)
    t.out.append(got if isinstance(got, str) else f"[{_INT64.unpack(got)[0]}]")
    t.out.append(xval(t.iarg(4), xlat("whence_codes"), "SEEK_???"))
    return None


@syscall("truncate64")
def truncate64(t: Tracee) -> None:
    t.out += [path(t, t.args[0]), str(pair64(t.args[1], t.args[2]))]


@syscall("ftruncate64")
def ftruncate64(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), str(pair64(t.args[1], t.args[2]))]


def pread64_i386(t: Tracee) -> bool | None:
    """pread64(fd, buf, count, offset_lo, offset_hi)."""
    from .io import _data_out

    a = t.args
    if not t.exiting:
        t.out.append(fd(t, a[0]))
        return True
    t.out += [_data_out(t, a[1]), str(a[2] & _U32), str(pair64(a[3], a[4]))]
    return None


def pwrite64_i386(t: Tracee) -> None:
    a = t.args
    t.out += [fd(t, a[0]), buf(t, a[1], a[2] & _U32), str(a[2] & _U32), str(pair64(a[3], a[4]))]


def fallocate_i386(t: Tracee) -> None:
    """fallocate(fd, mode, offset_lo, offset_hi, len_lo, len_hi)."""
    a = t.args
    t.out += [
        fd(t, a[0]), flags(t.iarg(1), xlat("falloc_flags"), "FALLOC_FL_???"),
        str(pair64(a[2], a[3])), str(pair64(a[4], a[5])),
    ]


# --- time -----------------------------------------------------------------------------------


# i386 calls newer than the *_time64 split take the 64-bit __kernel_timespec
_KERNEL_TIMESPEC = frozenset({"futex_waitv", "epoll_pwait2"})
_PAIR32 = struct.Struct("<iI")  # tv_sec signed; tv_nsec / tv_usec printed zero-extended


def _pair(data: bytes, offset: int, sub: str) -> str:
    sec, frac = _PAIR32.unpack_from(data, offset)
    return f"{{tv_sec={sec}, {sub}={frac}}}"


def time32(t: Tracee, a: int, kind: str) -> str | None:
    """A timespec / timeval / itimerspec / itimerval with a 32-bit time_t (``kind`` names the
    _timespec helper; ``*_any``: read even when the call failed); None when this call takes
    the 64-bit layout."""
    d = t.desc
    if d is not None and d.name in _KERNEL_TIMESPEC:
        return None
    sub = "tv_usec" if "val" in kind else "tv_nsec"
    if kind.startswith("itimer"):
        data = umove(t, a, 16)
        if isinstance(data, str):
            return data
        return f"{{it_interval={_pair(data, 0, sub)}, it_value={_pair(data, 8, sub)}}}"
    data = umove_any(t, a, 8) if kind.endswith("_any") else umove(t, a, 8)
    return data if isinstance(data, str) else _pair(data, 0, sub)


# --- signals --------------------------------------------------------------------------------


def sigaction32(t: Tracee, a: int) -> str:
    """An i386 ``struct sigaction`` (rt_sigaction's layout)."""
    from ._sigset import sigset_bytes
    from .signal import format_sigaction

    data = umove(t, a, L.SIGACTION32_FAST.size)
    if isinstance(data, str):
        return data
    handler, sa_flags, restorer, mask = L.SIGACTION32_FAST.st.unpack(data)
    return format_sigaction(_handler(handler), sigset_bytes(mask), sa_flags, restorer)


def rt_sigaction_i386(t: Tracee) -> bool | None:
    from .signal import sig

    if t.exiting:
        t.out += [sigaction32(t, t.args[2]), str(t.args[3] & _U32)]
        return None
    t.out += [sig(t.args[0]), sigaction32(t, t.args[1])]
    return True


def stack32(t: Tracee, a: int) -> str:
    data = umove(t, a, L.STACK32_FAST.size)
    if isinstance(data, str):
        return data
    sp, ss_flags, size = L.STACK32_FAST.st.unpack(data)
    ss = flags(ss_flags & _U32, xlat("sigaltstack_flags"), "SS_???")
    return f"{{ss_sp={addr(sp)}, ss_flags={ss}, ss_size={size}}}"


def sigaltstack_i386(t: Tracee) -> bool | None:
    if t.exiting:
        t.out.append(stack32(t, t.args[1]))
        return None
    t.out.append(stack32(t, t.args[0]))
    return True


# --- resources ------------------------------------------------------------------------------


def rlim32(v: int) -> str:
    """sprint_rlim32: ``RLIM_INFINITY``, ``8192*1024`` or the number (-X raw: the number)."""
    from .resource import sprint_rlim

    return sprint_rlim(v, _U32, "RLIM_INFINITY")


def rlimit32(t: Tracee, a: int) -> str:
    data = umove(t, a, L.RLIMIT32_FAST.size)
    if isinstance(data, str):
        return data
    cur, mx = L.RLIMIT32_FAST.st.unpack(data)
    return f"{{rlim_cur={rlim32(cur)}, rlim_max={rlim32(mx)}}}"


def _resource(t: Tracee) -> str:
    return xval(t.iarg(0), xlat("rlimit_resources"), "RLIMIT_???")


@syscall("ugetrlimit")
def getrlimit_i386(t: Tracee) -> bool | None:
    """getrlimit and ugetrlimit with a 32-bit struct rlimit."""
    if t.exiting:
        t.out.append(rlimit32(t, t.args[1]))
        return None
    t.out.append(_resource(t))
    return True


def setrlimit_i386(t: Tracee) -> None:
    t.out += [_resource(t), rlimit32(t, t.args[1])]


def rusage32(t: Tracee, a: int) -> str:
    """An i386 ``struct rusage``."""
    data = umove(t, a, L.RUSAGE32_FAST.size)
    if isinstance(data, str):
        return data
    s = L.RUSAGE32_FAST.unpack(data)
    fields = [
        f"ru_utime={{tv_sec={s.ru_utime_sec}, tv_usec={s.ru_utime_usec}}}",
        f"ru_stime={{tv_sec={s.ru_stime_sec}, tv_usec={s.ru_stime_usec}}}",
    ]
    if abbrev(t):
        return "{" + ", ".join(fields) + ", ...}"
    fields += [f"{n}={getattr(s, n)}" for n in s._fields[4:]]
    return "{" + ", ".join(fields) + "}"


# --- fcntl64 locks --------------------------------------------------------------------------


def _flock32(t: Tracee, a: int, wide: bool, getlk: bool) -> str:
    from .fcntl import _flock

    return _flock(t, a, getlk, (L.FLOCK64_32_FAST if wide else L.FLOCK32_FAST).st)


def _lock_cmds() -> dict[int, tuple[str, bool, bool]]:
    """i386 lock command -> (name, flock64 layout, prints l_pid at exit)."""
    from ._consts import named

    cmds: dict[int, tuple[str, bool, bool]] = {}
    for v, name in xlat("fcntl64cmds").pairs:
        cmds[v] = (name, True, name == "F_GETLK64")
    getlk, setlk, setlkw, ogetlk, osetlk, osetlkw = named(
        "fcntlcmds", "F_GETLK F_SETLK F_SETLKW F_OFD_GETLK F_OFD_SETLK F_OFD_SETLKW"
    )
    cmds[getlk] = ("", False, True)
    cmds[setlk] = ("", False, False)
    cmds[setlkw] = ("", False, False)
    cmds[ogetlk] = ("", True, True)
    cmds[osetlk] = ("", True, False)
    cmds[osetlkw] = ("", True, False)
    return cmds


_LOCKS: dict[int, tuple[str, bool, bool]] | None = None


def fcntl_i386(t: Tracee, cmd: int) -> tuple[bool | None] | None:
    """fcntl/fcntl64 lock commands with i386 struct flock / flock64; None for other commands
    (fcntl.py decodes those)."""
    global _LOCKS
    if _LOCKS is None:
        _LOCKS = _lock_cmds()
    spec = _LOCKS.get(cmd)
    if spec is None:
        return None
    name, wide, getlk = spec
    if not t.exiting:
        cmd_text = xval(cmd, xlat("fcntl64cmds" if name else "fcntlcmds"), "F_???")
        t.out += [fd(t, t.args[0]), cmd_text]
        if getlk:
            return (True,)
        t.out.append(_flock32(t, t.args[2] & _U32, wide, False))
        return (None,)
    if getlk:
        t.out.append(_flock32(t, t.args[2] & _U32, wide, True))
    return (None,)


# --- getdents -------------------------------------------------------------------------------


def getdents_i386(t: Tracee) -> bool | None:
    """getdents with ``struct compat_linux_dirent`` (32-bit d_ino and d_off)."""
    from ._modes import verbose

    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    count = t.iarg(2)
    a = t.args[1]
    if t.is_error or not verbose(t) or t.rval > count:
        t.out.append(addr(a))
    else:
        t.out.append(dents32(t, a, t.rval))
    t.out.append(str(count))
    return None


def dents32(t: Tracee, a: int, length: int) -> str:
    """The entries a getdents filled: ``0x... /* N entries */`` or, with -v, each entry."""
    from .dirent import D_NAME_LEN_MAX

    head = L.DIRENT32_HEAD_FAST
    hsize = head.size
    full = not abbrev(t)
    data = t.mem.read_upto(a, length) if length > 0 else b""
    if data is None:
        data = b""
    entries: list[str] = []
    count = 0
    pos = 0
    tail = ""
    left = length
    while left >= hsize:
        if pos + hsize > len(data):
            tail = ("... /* %#x */" % (a + pos)) if count else "%#x" % a
            break
        ino, off, reclen = head.st.unpack_from(data, pos)
        count += 1
        comment = ""
        if reclen > left:
            comment = " /* %s%u bytes overflow */" % ("" if full else "d_reclen ", reclen - left)
            reclen = left
            nxt = left
        elif reclen < hsize:
            comment = " /* %s%u bytes underflow */" % ("" if full else "d_reclen ", hsize - reclen)
            reclen = hsize
            nxt = hsize
        else:
            nxt = reclen
        if full:
            nlen = min(reclen - hsize, D_NAME_LEN_MAX)
            raw = data[pos + hsize : pos + hsize + nlen]
            name = raw.split(b"\0", 1)[0]
            name_text = quote(name, t.cfg.xflag) + ("" if b"\0" in raw else "...")
            dtype = data[pos + reclen - 1] if pos + reclen - 1 < len(data) else None
            dt = xval(dtype, xlat("dirent_types"), "DT_???") if dtype is not None else "?"
            entries.append(
                comment + f"{{d_ino={ino}, d_off={off}, d_reclen={reclen}, d_name={name_text}, d_type={dt}}}"
            )
        left -= nxt
        pos += nxt
        if comment:  # a d_reclen that over- or underflows ends the walk, as in dirent.py
            break
    if not full:
        return f"{addr(a)} /* {count}{'+' if left else ''} entries */"
    body = ", ".join(entries)
    if tail:
        body = body + (", " if entries and tail.startswith("...") else "") + tail
    return "[" + body + "]"


# --- select ---------------------------------------------------------------------------------


@syscall("_newselect", glue=True)
def newselect(t: Tracee) -> bool:
    """i386 _newselect: select(2) with a 32-bit timeval."""
    from .poll import _select

    _select(t, False)
    return True


def oldselect(t: Tracee) -> bool:
    """The old i386 select: one pointer to ``struct sel_arg_struct`` (strace's oldselect)."""
    from .poll import _select

    if not t.exiting:
        data = umove(t, t.args[0] & _U32, L.SEL_ARGS32_FAST.size)
        if isinstance(data, str):
            t.out.append(data)
            t.data = None
            return False
        t.data = True
        t.args = (*L.SEL_ARGS32_FAST.st.unpack(data), 0)
    elif t.data is None:
        return False
    _select(t, False)
    return True


# --- mmap -----------------------------------------------------------------------------------


def _mmap_text(t: Tracee, a0: int, length: int, prot: int, fl: int, fdv: int, off: int) -> list[str]:
    from .mem import mmap_flags, mmap_prot

    return [addr(a0), str(length), mmap_prot(prot), mmap_flags(fl), fd(t, fdv), hexval(off)]


def old_mmap_i386(t: Tracee) -> None:
    """The old i386 mmap: one pointer to ``struct mmap_arg_struct``."""
    data = umove(t, t.args[0] & _U32, L.MMAP_ARGS32_FAST.size)
    if isinstance(data, str):
        t.out.append(data)
        return
    a0, length, prot, fl, fdv, off = L.MMAP_ARGS32_FAST.st.unpack(data)
    t.out += _mmap_text(t, a0, length, prot, fl, fdv, off)


_PAGE = 4096


@syscall("mmap2", ret=RVAL_HEX)
def mmap2(t: Tracee) -> None:
    a = t.args
    t.out += _mmap_text(t, a[0] & _U32, a[1] & _U32, a[2], a[3], a[4], (a[5] & _U32) * _PAGE)


# --- socketcall, ipc: printed as the call they multiplex ------------------------------------

# socketcall call -> (name of the direct syscall, number of unsigned long arguments)
_SOCKETCALL = {
    "SYS_SOCKET": ("socket", 3), "SYS_BIND": ("bind", 3), "SYS_CONNECT": ("connect", 3),
    "SYS_LISTEN": ("listen", 2), "SYS_ACCEPT": ("accept", 3),
    "SYS_GETSOCKNAME": ("getsockname", 3), "SYS_GETPEERNAME": ("getpeername", 3),
    "SYS_SOCKETPAIR": ("socketpair", 4), "SYS_SENDTO": ("sendto", 6),
    "SYS_RECVFROM": ("recvfrom", 6), "SYS_SHUTDOWN": ("shutdown", 2),
    "SYS_SETSOCKOPT": ("setsockopt", 5), "SYS_GETSOCKOPT": ("getsockopt", 5),
    "SYS_SENDMSG": ("sendmsg", 3), "SYS_RECVMSG": ("recvmsg", 3), "SYS_ACCEPT4": ("accept4", 4),
    "SYS_RECVMMSG": ("recvmmsg", 5), "SYS_SENDMMSG": ("sendmmsg", 4),
}
_SOCKETCALL_BY_NR: dict[int, tuple[str, int]] | None = None


def _subcall(t: Tracee, name: str, args: tuple[int, ...]) -> bool | None:
    """Decode this stop as the i386 syscall ``name`` with ``args``: the line is then printed
    under that name (strace's decode_socket_subcall / decode_ipc_subcall)."""
    desc = _desc(name)
    t.desc = desc
    t.args = args + (0,) * (6 - len(args))
    t.rfmt = desc.rfmt
    return desc.decode(t)


def _socket_subcall(call: int, argp: int, mem: object) -> tuple[str, tuple[int, ...]] | None:
    """socketcall(call, argp) -> (the multiplexed call, its arguments), or None when strace 6.1
    keeps it a socketcall line (an unknown call, arguments it cannot read)."""
    global _SOCKETCALL_BY_NR
    if _SOCKETCALL_BY_NR is None:
        _SOCKETCALL_BY_NR = {v: _SOCKETCALL[n] for v, n in xlat("socketcalls").pairs if n in _SOCKETCALL}
    sub = _SOCKETCALL_BY_NR.get(call)
    if sub is None:
        return None
    name, n = sub
    data = mem.read(argp & _U32, 4 * n) if argp else None  # type: ignore[attr-defined]
    if data is None or len(data) != 4 * n:
        return None
    return name, struct.unpack(f"<{n}I", data)


@syscall("socketcall")
def socketcall(t: Tracee) -> bool | None:
    call = t.iarg(0)
    sub = _socket_subcall(call, t.args[1], t.mem)
    if sub is not None:
        return _subcall(t, *sub)
    t.out += [P.xval_dec(call, xlat("socketcalls")), addr(t.args[1])]
    return None


_IPC_NAMES = ("SEMOP", "SEMGET", "SEMCTL", "SEMTIMEDOP", "MSGSND", "MSGRCV", "MSGGET", "MSGCTL",
              "SHMDT", "SHMGET", "SHMCTL")
_IPC: dict[int, str] | None = None
# the calls ipc() prints as themselves (the others stay ipc lines)
_IPC_DECODED = frozenset(("SEMOP", "SEMGET", "SEMCTL", "SEMTIMEDOP", "MSGSND", "MSGGET", "MSGCTL", "SHMDT",
                          "SHMGET", "SHMCTL"))


def _ipc_name(call: int) -> str | None:
    """The IPC call an ipc(call, ...) multiplexes (SEMGET ...), or None (strace 6.1 keeps it)."""
    global _IPC
    if _IPC is None:
        _IPC = {v: n for v, n in xlat("ipccalls").pairs if n in _IPC_NAMES}
    return _IPC.get(call & 0xFFFF)


def _desc(name: str) -> SyscallDesc:
    from ..syscalls import table

    # i386 has no direct semop: its descriptor comes from the x86_64 table
    return table("i386").by_name.get(name) or table("x86_64").by_name[name]


def subcall_desc(table: object, name_or_nr: str | int, args: tuple[int, ...], mem: object) -> SyscallDesc | None:
    """For an i386 socketcall or ipc stop, the descriptor -e trace= must test, as strace 6.1
    filters: the multiplexed call's (socket, semget ...) when the stop decodes as one, else
    None (test the multiplexer's own: socketcall/ipc lines that stay undecoded). ``table`` is
    the i386 SyscallTable, ``mem`` the tracee memory (socketcall's arguments are read)."""
    if isinstance(name_or_nr, int):
        d = table.lookup(name_or_nr)  # type: ignore[attr-defined]
        name_or_nr = d.name if d is not None else ""
    if name_or_nr == "socketcall":
        sub = _socket_subcall(_s32(args[0]), args[1], mem)
        return _desc(sub[0]) if sub is not None else None
    if name_or_nr == "ipc":
        name = _ipc_name(_s32(args[0]))
        return _desc(name.lower()) if name in _IPC_DECODED else None
    return None


@syscall("ipc")
def ipc(t: Tracee) -> bool | None:
    a = t.args
    call = t.iarg(0)
    first, second, third, ptr, fifth = (a[1] & _U32, a[2] & _U32, a[3] & _U32, a[4] & _U32, a[5] & _U32)
    name = _ipc_name(call)
    if name == "SEMGET" or name == "SHMGET":
        return _subcall(t, name.lower(), (first, second, third))
    if name == "MSGGET":
        return _subcall(t, "msgget", (first, second))
    if name == "SEMOP":
        return _subcall(t, "semop", (first, ptr, second))
    if name == "SEMTIMEDOP":
        return _subcall(t, "semtimedop", (first, ptr, second, fifth))
    if name == "MSGSND":
        return _subcall(t, "msgsnd", (first, ptr, second, third))
    if name == "MSGCTL" or name == "SHMCTL":
        return _subcall(t, name.lower(), (first, second, ptr))
    if name == "SHMDT":
        return _subcall(t, "shmdt", (ptr,))
    if name == "SEMCTL":
        # the fourth argument points to the union semun: its value is what semctl decodes
        # (a struct for IPC_STAT ...), printed as ``[value]`` when it is not dereferenced
        data = t.mem.read(ptr, 4) if ptr else None
        if data is None or len(data) < 4:
            res = _subcall(t, "semctl", (first, second, third, 0))
            if t.out and t.out[-1] in ("NULL", "0"):
                t.out[-1] = addr(ptr)
            return res
        value = _U32S.unpack(data)[0]
        res = _subcall(t, "semctl", (first, second, third, value))
        if res is None and t.out and t.out[-1] == addr(value):
            t.out[-1] = "[" + addr(value) + "]"
        return res
    t.out += [str(v) for v in (call, first, second, third, ptr, fifth)]
    return None


# --- *_time64: the x86_64 layouts -----------------------------------------------------------

_TIME64 = {
    "clock_gettime64": "clock_gettime", "clock_settime64": "clock_settime",
    "clock_getres_time64": "clock_getres", "clock_adjtime64": "clock_adjtime",
    "clock_nanosleep_time64": "clock_nanosleep", "timer_gettime64": "timer_gettime",
    "timer_settime64": "timer_settime", "timerfd_gettime64": "timerfd_gettime",
    "timerfd_settime64": "timerfd_settime", "utimensat_time64": "utimensat",
    "futex_time64": "futex", "sched_rr_get_interval_time64": "sched_rr_get_interval",
    "mq_timedsend_time64": "mq_timedsend", "mq_timedreceive_time64": "mq_timedreceive",
    "semtimedop_time64": "semtimedop", "ppoll_time64": "ppoll",
}


@syscall(
    "clock_gettime64", "clock_settime64", "clock_getres_time64", "clock_adjtime64",
    "clock_nanosleep_time64", "timer_gettime64", "timer_settime64", "timerfd_gettime64",
    "timerfd_settime64", "utimensat_time64", "futex_time64", "sched_rr_get_interval_time64",
    "mq_timedsend_time64", "mq_timedreceive_time64", "semtimedop_time64",
)
def time64(t: Tracee) -> bool | None:
    """A *_time64 call: its base call's decoder (64-bit time_t, the x86_64 layouts)."""
    return _as_time64(t)


@syscall("ppoll_time64", glue=True)
def ppoll_time64(t: Tracee) -> bool | None:
    return _as_time64(t)


def _as_time64(t: Tracee) -> bool | None:
    from . import load_family
    from ._index import MODULE_OF
    from .registry import DECODERS

    base = _TIME64[t.desc.name] if t.desc is not None else ""
    real = DECODERS.get(base)
    if real is None:
        if base not in MODULE_OF or not load_family(MODULE_OF[base]):
            return None
        real = DECODERS[base]
    t.arch = "x86_64"  # the base decoder reads its structures with the 64-bit layouts
    try:
        return real(t)
    finally:
        t.arch = "i386"


# --- i386-only names of calls x86_64 has under another name ---------------------------------

_ALIASES = {
    "setuid32": "setuid", "setgid32": "setgid", "setfsuid32": "setfsuid", "setfsgid32": "setfsgid",
    "setreuid32": "setreuid", "setregid32": "setregid", "setresuid32": "setresuid",
    "setresgid32": "setresgid", "getresuid32": "getresuid", "getresgid32": "getresgid",
    "getgroups32": "getgroups", "setgroups32": "setgroups", "chown32": "chown",
    "lchown32": "lchown", "fchown32": "fchown", "sendfile64": "sendfile",
}


def _base_decoder(base: str) -> Decoder | None:
    from . import load_family
    from ._index import MODULE_OF
    from .registry import DECODERS

    real = DECODERS.get(base)
    if real is None and base in MODULE_OF and load_family(MODULE_OF[base]):
        real = DECODERS.get(base)
    return real


@syscall(
    "setuid32", "setgid32", "setfsuid32", "setfsgid32", "setreuid32", "setregid32", "setresuid32",
    "setresgid32", "getresuid32", "getresgid32", "getgroups32", "setgroups32", "chown32",
    "lchown32", "fchown32",
)
def alias(t: Tracee) -> bool | None:
    """An i386 name of a call x86_64 has with the same arguments (32-bit ids)."""
    real = _base_decoder(_ALIASES[t.desc.name]) if t.desc is not None else None
    return real(t) if real is not None else None


@syscall("sendfile64", glue=True)
def sendfile64(t: Tracee) -> bool | None:
    """sendfile64: sendfile with a loff_t offset (x86_64's sendfile)."""
    return alias(t)


@syscall("fadvise64_64")
def fadvise64_64(t: Tracee) -> None:
    """fadvise64_64(fd, offset_lo, offset_hi, len_lo, len_hi, advice)."""
    a = t.args
    t.out += [
        fd(t, a[0]), str(pair64(a[1], a[2])), str(pair64(a[3], a[4])),
        xval(t.iarg(5), xlat("advise"), "POSIX_FADV_???"),
    ]


@syscall("waitpid", ret=RVAL_TGID)
def waitpid(t: Tracee) -> bool | None:
    """waitpid(pid, status, options): wait4 without the rusage."""
    from .wait import wait_head

    if not t.exiting:
        t.out.append(P.pid(t, t.sarg(0)))
        return True
    wait_head(t)
    return None


@syscall("umount")
def umount(t: Tracee) -> None:
    t.out.append(path(t, t.args[0]))


# --- old signal calls: a 32-bit sigset word -------------------------------------------------


def _old_sigset(t: Tracee, a: int) -> str:
    from ._sigset import sigset_bytes

    data = umove(t, a, 4)
    return data if isinstance(data, str) else sigset_bytes(data)


@syscall("sigprocmask")
def sigprocmask(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [xval(t.iarg(0), xlat("sigprocmaskcmds"), "SIG_???"), _old_sigset(t, t.args[1])]
        return True
    t.out.append(_old_sigset(t, t.args[2]))
    return None


@syscall("sigpending")
def sigpending(t: Tracee) -> bool | None:
    if not t.exiting:
        return True
    t.out.append(_old_sigset(t, t.args[0]))
    return None


def _mask_raux(t: Tracee) -> None:
    from ._sigset import sigset_bits

    if not t.is_error:
        t.rfmt = RVAL_HEX
        t.raux = f" (mask {sigset_bits(t.rval & _U32, 4)})"


@syscall("sgetmask")
def sgetmask(t: Tracee) -> bool | None:
    if t.exiting:
        _mask_raux(t)
        return None
    return True


@syscall("ssetmask")
def ssetmask(t: Tracee) -> bool | None:
    from ._sigset import sigset_bits

    if t.exiting:
        _mask_raux(t)
        return None
    t.out.append(sigset_bits(t.iarg(0), 4))
    t.data = EXIT_RVAL_ONLY
    return True


def _handler(v: int) -> str:
    """A 32-bit handler: SIG_ERR is -1 in 32 bits."""
    from .signal import _SA_HANDLER_VALUES, sa_handler

    wide = v | ~_U32 & ((1 << 64) - 1) if v == _U32 else v
    return sa_handler(wide) if wide in _SA_HANDLER_VALUES else addr(v)


@syscall("signal")
def signal(t: Tracee) -> bool | None:
    """signal(sig, handler) = the previous handler, named when it is SIG_DFL/SIG_IGN/SIG_ERR."""
    from .signal import _SA_HANDLER_VALUES, sig

    if t.exiting:
        if not t.is_error:
            t.rfmt = RVAL_HEX
            wide = t.rval & _U32
            wide = wide | ~_U32 & ((1 << 64) - 1) if wide == _U32 else wide
            if wide in _SA_HANDLER_VALUES:
                t.raux = f" ({xlat('sa_handler_values').get(wide)})"
        return None
    t.out += [sig(t.args[0]), _handler(t.iarg(1))]
    t.data = EXIT_RVAL_ONLY
    return True


_OLD_SIGACTION = struct.Struct("<IIII")  # struct old_sigaction: handler, mask word, flags, restorer


def _old_sigaction(t: Tracee, a: int) -> str:
    from ._sigset import sigset_bits
    from .signal import format_sigaction

    data = umove(t, a, _OLD_SIGACTION.size)
    if isinstance(data, str):
        return data
    handler, mask, sa_flags, restorer = _OLD_SIGACTION.unpack(data)
    return format_sigaction(_handler(handler), sigset_bits(mask, 4), sa_flags, restorer)


@syscall("sigaction")
def sigaction(t: Tracee) -> bool | None:
    """The old i386 sigaction with struct old_sigaction."""
    from .signal import sig

    if t.exiting:
        t.out.append(_old_sigaction(t, t.args[2]))
        return None
    t.out += [sig(t.args[0]), _old_sigaction(t, t.args[1])]
    return True


# --- old stat, readdir ----------------------------------------------------------------------


@syscall("readdir")
def readdir(t: Tracee) -> bool | None:
    """readdir(fd, struct old_linux_dirent *, count): the entry when one was read."""
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    a = t.args[1] & _U32
    head = L.OLD_DIRENT32_HEAD_FAST
    data = addr(a) if t.rval == 0 else umove(t, a, head.size)
    if isinstance(data, str):
        t.out.append(data)
    else:
        ino, off, namlen = head.st.unpack(data)
        got = t.mem.read_cstring(a + head.size, min(namlen, 255) + 1)
        name = addr(a + head.size) if got is None else quote(got[0][:namlen], t.cfg.xflag)
        t.out.append(f"{{d_ino={ino}, d_off={off}, d_reclen={namlen}, d_name={name}}}")
    if t.iarg(2) != 1:  # strace prints the count only when it is not the usual 1
        t.out.append(str(t.iarg(2)))
    return None
