"""i386 personality (``int $0x80`` from a 64-bit process): the int80_structs probe against the
installed strace 6.1, and the i386 layouts on bytes built with construct, decoded beside the x86_64
decoders on the same values built with the x86_64 layouts."""

from __future__ import annotations

import re
import struct

import construct as cs
import pytest

from pytrace.config import TraceConfig
from pytrace.decoders import compat32 as C
from pytrace.decoders import load_decoders
from pytrace.structs import compat32 as L
from pytrace.tracee import Tracee
from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# --------------------------------------------------------------------------- live, vs strace
# Difference classes that are not decoding (each masked only where it occurs):
# - the first line: the spawning execve's envp address is tracer memory;
# - IPC ids: semget/msgget return ids from a kernel-global counter, new in each run;
# - stat64/stat -v of the probe's fresh file: inode and times differ between the two runs;
# - -y socket and pipe inodes: new ones in each run;
# - the random bytes /bin/true's loader reads with getrandom (after the probe's execve).
_IPC_GET = re.compile(r"^P\d+ (?:semget|msgget|shmget)\(.*\)\s+= (\d+)$")
_STAT_LINE = re.compile(r"^P\d+ (?:f?stat(?:at)?64|lstat64|stat|lstat|fstat)\(")
_STAT_RUN = re.compile(r"st_ino=\d+|st_[amc]time=\d+ /\* [^*]+ \*/|st_[amc]time_nsec=\d+")
_INODE = re.compile(r"(socket|pipe):\[\d+\]")
_RANDOM = re.compile(r'^(P\d+ getrandom\()"[^"]*"')


def _mask(lines: list[str]) -> list[str]:
    out: list[str] = []
    ids: dict[str, str] = {}
    for line in lines[1:]:
        m = _IPC_GET.match(line)
        if m:
            ids[m.group(1)] = f"ID{len(ids)}"
            line = line[: m.start(1)] + ids[m.group(1)]
        for n, name in ids.items():
            line = re.sub(rf"^(P\d+ (?:sem|msg|shm)ctl\(){n},", rf"\g<1>{name},", line)
        if _STAT_LINE.match(line):
            line = _STAT_RUN.sub("#", line)
        out.append(_RANDOM.sub(r"\1#", _INODE.sub(r"\1:[#]", line)))
    return out


@live
@pytest.mark.parametrize(
    "opts", [[], ["-v"], ["-X", "raw"], ["-X", "verbose"], ["-y"], ["-s", "2", "-x"]],
    ids=["default", "v", "Xraw", "Xverbose", "y", "s2x"],
)
def test_int80_probe_matches_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("int80_structs")], opts)
    assert res.total > 200, res.report()
    masked = compare(_mask(res.strace), _mask(res.pytrace))
    print("int80", opts, "raw:", res.report(0), "masked:", masked.report())
    assert masked.rate == 1.0, masked.report()


@live
@pytest.mark.parametrize("expr", ["trace=stat64,_llseek", "trace=%file", "trace=/64$"])
def test_int80_trace_sets_name_i386_calls(expr: str) -> None:
    """-e trace= resolves names, classes and regexes against the i386 table too, as strace
    does: the i386 calls of a 64-bit process are selected by their i386 names."""
    res = run_both([compile_probe("int80_structs")], ["-e", expr])
    assert res.total > 3, res.report()
    masked = compare(_mask(res.strace), _mask(res.pytrace))
    assert masked.rate == 1.0, masked.report()


# --------------------------------------------------------------------------- real bytes
BASE = 0x40000000
SIZE = 256
END = BASE + SIZE  # the first unmapped address


class ImageMemory:
    """A tracee address space made of one mapped region holding ``data`` (no ptrace)."""

    def __init__(self, base: int, data: bytes) -> None:
        self.base, self.data = base, data

    def read_upto(self, addr: int, size: int) -> bytes | None:
        off = addr - self.base
        if off < 0 or off >= len(self.data):
            return None if size > 0 else b""
        return self.data[off : off + size]

    def read(self, addr: int, size: int) -> bytes | None:
        got = self.read_upto(addr, size)
        return got if got is not None and len(got) == size else None

    def read_cstring(self, addr: int, limit: int) -> tuple[bytes, bool] | None:
        got = self.read_upto(addr, limit)
        if got is None:
            return None
        nul = got.find(b"\0")
        return (got[:nul], True) if nul >= 0 else (got, False)


def tracee(data: bytes, arch: str = "i386", at: int = 0, **cfg: object) -> Tracee:
    """A tracee whose memory holds ``data`` at BASE + ``at`` (the rest of the region zero)."""
    load_decoders()
    image = (b"\0" * at + data).ljust(SIZE, b"\0")[:SIZE]
    t = Tracee(1, TraceConfig(**cfg), ImageMemory(BASE, image))  # type: ignore[arg-type]
    t.arch = arch
    t.out = []
    return t


def run(t: Tracee, name: str, args: tuple[int, ...], rval: int | None = None) -> list[str]:
    """Decode ``name`` with ``args`` (entry, then exit with ``rval``) as the session does."""
    from pytrace.syscalls import table

    t.desc = table(t.arch).by_name[name]
    t.args = (*args, *(0,) * (6 - len(args)))
    t.exiting = False
    t.out = []
    more = t.desc.decode(t)
    if more and rval is not None:
        t.exiting, t.rval, t.is_error = True, rval, rval < 0
        t.desc.decode(t)
    return t.out


STAT_VALUES = dict(
    st_dev=0xFE00, st_ino=1 << 40, st_mode=0o100644, st_nlink=2, st_uid=1000, st_gid=100,
    st_rdev=0, st_size=(1 << 33) + 5, st_blksize=4096, st_blocks=9, st_atime=1700000000,
    st_atime_nsec=5, st_mtime=1700000001, st_mtime_nsec=6, st_ctime=-1, st_ctime_nsec=7,
)


@pytest.mark.parametrize("verbose", [False, True])
def test_stat64_layout_prints_as_x86_64_stat(verbose: bool) -> None:
    from pytrace.structs.stat import STAT

    i386 = L.STAT64.build(dict(STAT_VALUES, st_ino32=STAT_VALUES["st_ino"] & 0xFFFFFFFF))
    x86 = STAT.build(STAT_VALUES)
    assert len(i386) == 96 == L.STAT64_FAST.size
    got = run(tracee(i386, verbose=verbose), "fstat64", (3, BASE), rval=0)
    want = run(tracee(x86, "x86_64", verbose=verbose), "fstat", (3, BASE), rval=0)
    assert got == want
    assert f"st_size={(1 << 33) + 5}" in got[1]


def test_lowered_layouts_match_construct() -> None:
    """Every lowered i386 layout parses what its construct declaration builds."""
    for name in dir(L):
        fast = getattr(L, name)
        if not name.endswith("_FAST"):
            continue
        decl = getattr(L, name[: -len("_FAST")])
        assert isinstance(decl, cs.Struct)
        fields = [s.name for s in decl.subcons if s.name]
        values = {
            f: (b"\x01" * s.sizeof() if isinstance(s.subcon, cs.Bytes) else i + 1)
            for i, (f, s) in enumerate((s.name, s) for s in decl.subcons if s.name)
        }
        data = decl.build(values)
        assert fast.size == len(data) == decl.sizeof()
        parsed = fast.unpack(data)
        assert [getattr(parsed, f) for f in fields] == [values[f] for f in fields], name


def test_statfs64_matches_x86_64_statfs() -> None:
    from pytrace.decoders.statfs import statfs_decl

    v = dict(f_type=0x9FA0, f_bsize=4096, f_blocks=1 << 35, f_bfree=3, f_bavail=2, f_files=9,
             f_ffree=8, f_fsid0=0x15, f_fsid1=0, f_namelen=255, f_frsize=4096, f_flags=0x1020)
    got = run(tracee(L.STATFS64_32.build(v)), "statfs64", (BASE + 200, 84, BASE), rval=0)
    want = run(tracee(statfs_decl.build(v), "x86_64"), "statfs", (BASE + 200, BASE), rval=0)
    assert got[2] == want[1]
    # a size other than the i386 struct's: the address, as strace
    assert run(tracee(L.STATFS64_32.build(v)), "fstatfs64", (3, 88, BASE), rval=0)[2] == hex(BASE)


@pytest.mark.parametrize(
    ("name", "i386", "x86", "args"),
    [
        ("rt_sigaction", L.SIGACTION32.build(dict(sa_handler=0x1234, sa_flags=0x14000004,
                                                  sa_restorer=0x5678, sa_mask=b"\x02\0\0\0\0\0\0\x80")),
         struct.pack("<QQQ8s", 0x1234, 0x14000004, 0x5678, b"\x02\0\0\0\0\0\0\x80"), (10, BASE, 0, 8)),
        ("rt_sigaction", L.SIGACTION32.build(dict(sa_handler=1, sa_flags=0, sa_restorer=0, sa_mask=bytes(8))),
         struct.pack("<QQQ8s", 1, 0, 0, bytes(8)), (2, BASE, 0, 8)),
        ("sigaltstack", L.STACK32.build(dict(ss_sp=0x40001000, ss_flags=2, ss_size=8192)),
         struct.pack("<Qi4xQ", 0x40001000, 2, 8192), (BASE, 0)),
        ("nanosleep", L.TIMESPEC32.build(dict(tv_sec=-1, tv_nsec=999999999)), struct.pack("<qQ", -1, 999999999),
         (BASE, 0)),
        ("clock_gettime", L.TIMESPEC32.build(dict(tv_sec=7, tv_nsec=8)), struct.pack("<qQ", 7, 8), (1, BASE)),
        ("gettimeofday", L.TIMEVAL32.build(dict(tv_sec=7, tv_usec=8)), struct.pack("<qQ", 7, 8), (BASE, 0)),
        ("fcntl", L.FLOCK32.build(dict(l_type=1, l_whence=1, l_start=-5, l_len=9, l_pid=3)),
         struct.pack("<hh4xqqi4x", 1, 1, -5, 9, 3), (3, 5, BASE)),
        ("prlimit64", struct.pack("<QQ", 8 << 20, (1 << 64) - 1), struct.pack("<QQ", 8 << 20, (1 << 64) - 1),
         (0, 3, 0, BASE)),
    ],
)
def test_i386_struct_prints_as_x86_64_struct(name: str, i386: bytes, x86: bytes, args: tuple[int, ...]) -> None:
    got = run(tracee(i386), name, args, rval=0)
    want = run(tracee(x86, "x86_64"), name, args, rval=0)
    assert got == want


def test_flock64_and_f_lk64_commands() -> None:
    fl = L.FLOCK64_32.build(dict(l_type=1, l_whence=0, l_start=1 << 32, l_len=20, l_pid=0))
    assert run(tracee(fl), "fcntl64", (3, 13, BASE)) == [
        "3", "F_SETLK64", f"{{l_type=F_WRLCK, l_whence=SEEK_SET, l_start={1 << 32}, l_len=20}}"
    ]
    assert run(tracee(fl), "fcntl64", (3, 12, BASE), rval=0)[-1].endswith("l_len=20, l_pid=0}")
    # the x86_64 decoder of the same numbers: F_GETLK64 is not an x86_64 command
    assert run(tracee(fl, "x86_64"), "fcntl", (3, 13, BASE))[1] == "0xd /* F_??? */"


def test_rlimit32_and_rusage32() -> None:
    rl = L.RLIMIT32.build(dict(rlim_cur=8 << 20, rlim_max=0xFFFFFFFF))
    assert run(tracee(rl), "ugetrlimit", (3, BASE), rval=0) == [
        "RLIMIT_STACK", "{rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}"
    ]
    assert run(tracee(rl), "getrlimit", (3, BASE), rval=0) == run(tracee(rl), "ugetrlimit", (3, BASE), rval=0)
    values = {f: i for i, f in enumerate(s.name for s in L.RUSAGE32.subcons)}
    x86 = struct.pack("<qQqQ14q", *(values[f] for f in list(values)[:4]), *range(4, 18))
    for verbose in (False, True):
        got = run(tracee(L.RUSAGE32.build(values), verbose=verbose), "getrusage", (0, BASE), rval=0)
        want = run(tracee(x86, "x86_64", verbose=verbose), "getrusage", (0, BASE), rval=0)
        assert got == want


def test_iovec32_as_x86_64_iovec() -> None:
    data = b"hello world!"
    i386 = L.IOVEC32.build(dict(iov_base=BASE + 64, iov_len=5)) + L.IOVEC32.build(dict(iov_base=BASE + 69, iov_len=7))
    x86 = struct.pack("<QQQQ", BASE + 64, 5, BASE + 69, 7)
    got = run(tracee(i386.ljust(64, b"\0") + data), "writev", (1, BASE, 2), rval=12)
    want = run(tracee(x86.ljust(64, b"\0") + data, "x86_64"), "writev", (1, BASE, 2), rval=12)
    assert got == want == ["1", '[{iov_base="hello", iov_len=5}, {iov_base=" world!", iov_len=7}]', "2"]
    # the second element past the end of the mapping
    out = run(tracee(i386[:8], at=SIZE - 8), "readv", (3, END - 8, 2), rval=5)
    assert out[1].endswith(", ... /* %#x */]" % END)


def test_split_64bit_arguments() -> None:
    assert C.pair64(5, 1) == (1 << 32) + 5
    assert C.pair64(0xFFFFFFFF, 0xFFFFFFFF) == -1
    t = tracee(b"hello")
    assert run(t, "pwrite64", (3, BASE, 5, 0x10, 1)) == ["3", '"hello"', "5", str((1 << 32) + 16)]
    assert run(t, "fallocate", (3, 1, 0x100, 1, 0x10, 0)) == ["3", "FALLOC_FL_KEEP_SIZE", str((1 << 32) + 256), "16"]
    assert run(t, "ftruncate64", (3, 0, 1)) == ["3", str(1 << 32)]
    res = struct.pack("<q", (1 << 32) + 7)
    assert run(tracee(res), "_llseek", (3, 1, 2, BASE, 1), rval=0) == ["3", str((1 << 32) + 2), f"[{(1 << 32) + 7}]", "SEEK_CUR"]


def test_old_mmap_and_mmap2() -> None:
    args = L.MMAP_ARGS32.build(dict(addr=0, len=0x3000, prot=1, flags=0x22, fd=0xFFFFFFFF, offset=0))
    want = run(tracee(b"", "x86_64"), "mmap", (0, 0x3000, 1, 0x22, (1 << 64) - 1, 0))
    assert run(tracee(args), "mmap", (BASE,)) == want
    assert run(tracee(b""), "mmap2", (0, 0x3000, 1, 0x22, 0xFFFFFFFF, 0)) == want
    assert run(tracee(b""), "mmap2", (0, 0x1000, 1, 2, 3, 2))[-1] == "0x2000"


def test_getdents_compat_dirent() -> None:
    def rec(ino: int, off: int, name: bytes, dtype: int) -> bytes:
        reclen = (10 + len(name) + 2 + 3) & ~3
        body = L.DIRENT32_HEAD.build(dict(d_ino=ino, d_off=off, d_reclen=reclen)) + name + b"\0"
        return body.ljust(reclen - 1, b"\0") + bytes([dtype])

    data = rec(2, 1, b".", 4) + rec(77, 2, b"file", 8)
    t = tracee(data)
    assert run(t, "getdents", (3, BASE, 200), rval=len(data)) == ["3", "%#x /* 2 entries */" % BASE, "200"]
    t = tracee(data, verbose=True)
    assert run(t, "getdents", (3, BASE, 200), rval=len(data))[1] == (
        '[{d_ino=2, d_off=1, d_reclen=16, d_name=".", d_type=DT_DIR}, '
        '{d_ino=77, d_off=2, d_reclen=16, d_name="file", d_type=DT_REG}]'
    )
    # a hostile d_reclen smaller than the header does not loop, and nothing raises
    bad = L.DIRENT32_HEAD.build(dict(d_ino=1, d_off=1, d_reclen=3)) + b"x" * 30
    out = run(tracee(bad, verbose=True), "getdents", (3, BASE, 40), rval=40)[1]
    assert out.startswith("[ /* 7 bytes underflow */{d_ino=1, d_off=1, d_reclen=10, ") and out.count("{") == 1
    # a count the buffer ends before: the entries read, then the address of the rest
    assert run(tracee(data, at=SIZE - len(data), verbose=True), "getdents", (3, END - len(data), 64), rval=48)[1].endswith(
        "... /* %#x */]" % END
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("stat64", (BASE, "P")), ("fstat64", (3, "P")), ("fstatat64", (3, BASE, "P", 0)),
        ("statfs64", (BASE, 84, "P")), ("_llseek", (3, 0, 0, "P", 0)), ("ugetrlimit", (3, "P")),
        ("rt_sigaction", (10, "P", 0, 8)), ("sigaltstack", ("P", 0)), ("nanosleep", ("P", 0)),
        ("clock_gettime", (1, "P")), ("gettimeofday", ("P", 0)), ("times", ("P",)),
        ("getrusage", (0, "P")), ("writev", (1, "P", 1)), ("fcntl64", (3, 13, "P")),
        ("fcntl64", (3, 6, "P")), ("mmap", ("P",)), ("setrlimit", (3, "P")),
    ],
)
@pytest.mark.parametrize("where", [0, END, END - 4, 0xFFFFFFFF], ids=["null", "unmapped", "truncated", "top"])
def test_null_unmapped_truncated_print_the_address(name: str, args: tuple[object, ...], where: int) -> None:
    t = tracee(b"\x01" * SIZE)
    out = run(t, name, tuple(where if a == "P" else a for a in args), rval=0)  # type: ignore[misc]
    want = "NULL" if where == 0 else "%#x" % where
    assert want in out, out


def test_socketcall_and_ipc_print_their_subcall() -> None:
    args = struct.pack("<3I", 1, 1, 0)
    t = tracee(args)
    assert run(t, "socketcall", (1, BASE)) == ["AF_UNIX", "SOCK_STREAM", "0"]
    assert t.desc is not None and t.desc.name == "socket"
    t = tracee(args)
    assert run(t, "socketcall", (1, END - 4)) == ["SYS_SOCKET", "%#x" % (END - 4)]
    assert t.desc is not None and t.desc.name == "socketcall"
    assert run(tracee(b""), "socketcall", (99, BASE)) == ["99", "%#x" % BASE]
    t = tracee(b"")
    assert run(t, "ipc", (13, 0, 0o1600)) == ["IPC_PRIVATE", "IPC_CREAT|0600"]
    assert t.desc is not None and t.desc.name == "msgget"
    assert run(tracee(b""), "ipc", (3, 5, 0, 0, BASE), rval=0) == ["5", "0", "IPC_RMID", "[NULL]"]
    assert run(tracee(b""), "ipc", (99,)) == ["99", "0", "0", "0", "0", "0"]


def test_time64_calls_use_64bit_layouts() -> None:
    ts = struct.pack("<qQ", 1 << 33, 5)
    t = tracee(ts)
    assert run(t, "clock_gettime64", (1, BASE), rval=0) == ["CLOCK_MONOTONIC", f"{{tv_sec={1 << 33}, tv_nsec=5}}"]
    assert t.arch == "i386"


def test_stat32_sysinfo32_statfs32_as_x86_64() -> None:
    from pytrace.decoders.statfs import statfs_decl
    from pytrace.decoders.sysinfo import SYSINFO
    from pytrace.structs.stat import STAT

    v = {k: (w & 0xFFFF if k in ("st_mode", "st_nlink", "st_uid", "st_gid") else w & 0x7FFFFFFF)
         for k, w in STAT_VALUES.items()}
    for verbose in (False, True):
        got = run(tracee(L.STAT32.build(v), verbose=verbose), "stat", (BASE + 128, BASE), rval=0)
        want = run(tracee(STAT.build(v), "x86_64", verbose=verbose), "stat", (BASE + 128, BASE), rval=0)
        assert got == want
    si = dict(uptime=5, loads=1, loads1=2, loads2=3, totalram=4, freeram=5, sharedram=6, bufferram=7,
              totalswap=8, freeswap=9, procs=10, totalhigh=11, freehigh=12, mem_unit=1)
    x86 = SYSINFO.pack(*si.values())
    assert run(tracee(L.SYSINFO32.build(si)), "sysinfo", (BASE,), rval=0) == run(
        tracee(x86, "x86_64"), "sysinfo", (BASE,), rval=0)
    fs = dict(f_type=0x9FA0, f_bsize=4096, f_blocks=7, f_bfree=3, f_bavail=2, f_files=9,
              f_ffree=8, f_fsid0=0x15, f_fsid1=0, f_namelen=255, f_frsize=4096, f_flags=0x1020)
    assert run(tracee(L.STATFS32.build(fs)), "fstatfs", (3, BASE), rval=0) == run(
        tracee(statfs_decl.build(fs), "x86_64"), "fstatfs", (3, BASE), rval=0)


def test_time_utimes_itimers_32bit() -> None:
    t = tracee(struct.pack("<i", 1000000000))
    out = run(t, "time", (BASE,), rval=1000000000)
    want = run(tracee(struct.pack("<q", 1000000000), "x86_64"), "time", (BASE,), rval=1000000000)
    assert out == want
    pair = L.TIMEVAL32_PAIR.build(dict(atime_sec=1, atime_usec=2, mtime_sec=3, mtime_usec=4))
    assert run(tracee(pair), "utimes", (BASE + 64, BASE)) == run(
        tracee(struct.pack("<qqqq", 1, 2, 3, 4), "x86_64"), "utimes", (BASE + 64, BASE))
    ub = L.UTIMBUF32.build(dict(actime=7, modtime=8))
    assert run(tracee(ub), "utime", (BASE + 64, BASE)) == run(
        tracee(struct.pack("<qq", 7, 8), "x86_64"), "utime", (BASE + 64, BASE))
    ts = L.TIMESPEC32_PAIR.build(dict(atime_sec=1, atime_nsec=(1 << 30) - 2, mtime_sec=3, mtime_nsec=4))
    assert run(tracee(ts), "utimensat", (3, BASE + 64, BASE, 0)) == run(
        tracee(struct.pack("<qQqQ", 1, (1 << 30) - 2, 3, 4), "x86_64"), "utimensat", (3, BASE + 64, BASE, 0))
    itv = struct.pack("<iIiI", 0, 5, 100, 0)
    assert run(tracee(itv), "setitimer", (0, BASE, 0)) == run(
        tracee(struct.pack("<qQqQ", 0, 5, 100, 0), "x86_64"), "setitimer", (0, BASE, 0))
    assert run(tracee(itv), "timerfd_settime", (3, 0, BASE, 0), rval=0) == run(
        tracee(struct.pack("<qQqQ", 0, 5, 100, 0), "x86_64"), "timerfd_settime", (3, 0, BASE, 0), rval=0)


def test_calls_with_kernel_timespec_keep_64bit_layout() -> None:
    """futex_waitv and epoll_pwait2 take a 64-bit __kernel_timespec on i386 as well."""
    ts = struct.pack("<qQ", 1 << 33, 5)
    out = run(tracee(ts.rjust(64, b"\0"), at=0), "epoll_pwait2", (3, BASE, 1, BASE + 48, 0, 8), rval=0)
    assert f"{{tv_sec={1 << 33}, tv_nsec=5}}" in out


def test_execve_32bit_pointer_arrays() -> None:
    data = struct.pack("<3I", BASE + 32, BASE + 40, 0).ljust(32, b"\0") + b"/bin/ls\0-l\0"
    assert run(tracee(data), "execve", (BASE + 32, BASE, BASE + 8)) == [
        '"/bin/ls"', '["/bin/ls", "-l"]', "%#x /* 0 vars */" % (BASE + 8)]
    # an array running into the unmapped end
    out = run(tracee(struct.pack("<I", BASE + 32), at=SIZE - 4), "execve", (BASE, END - 4, 0))
    assert out[1] == '["", ... /* %#x */]' % END


def test_old_select_and_pselect6_sigdata() -> None:
    args = L.SEL_ARGS32.build(dict(n=0, inp=0, outp=0, exp=0, tvp=BASE + 32))
    t = tracee(args.ljust(32, b"\0") + struct.pack("<iI", 0, 0))
    assert run(t, "select", (BASE,), rval=0) == ["0", "NULL", "NULL", "NULL", "{tv_sec=0, tv_usec=0}"]
    assert t.raux == " (Timeout)"
    assert run(tracee(b""), "select", (END,), rval=-14) == ["%#x" % END]
    sig = L.SIGDATA32.build(dict(ss=BASE + 16, ss_len=8)).ljust(16, b"\0") + struct.pack("<Q", 1 << 9)
    out = run(tracee(sig), "pselect6", (0, 0, 0, 0, 0, BASE))
    assert out[-1] == "{sigmask=[USR1], sigsetsize=8}"


def test_old_signal_calls_and_old_stat() -> None:
    osa = struct.pack("<IIII", 1, 1 << 1, 0x14000000, 0x1234)
    assert run(tracee(osa), "sigaction", (10, BASE, 0), rval=0) == [
        "SIGUSR1", "{sa_handler=SIG_IGN, sa_mask=[INT], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x1234}", "NULL"]
    assert run(tracee(struct.pack("<I", 1 << 9)), "sigprocmask", (0, BASE, BASE), rval=0) == ["SIG_BLOCK", "[USR1]", "[USR1]"]
    t = tracee(b"")
    assert run(t, "sgetmask", (), rval=0x200) == [] and t.raux == " (mask [USR1])"
    t = tracee(b"")
    assert run(t, "signal", (10, 0xFFFFFFFF), rval=1) == ["SIGUSR1", "SIG_ERR"] and t.raux == " (SIG_IGN)"
    old = L.OLD_STAT32.build(dict(st_dev=0x801, st_ino=5, st_mode=0o100600, st_nlink=1, st_uid=0, st_gid=0,
                                  st_rdev=0, st_size=77, st_atime=1, st_mtime=2, st_ctime=3))
    assert run(tracee(old), "oldfstat", (3, BASE), rval=0)[1] == "{st_mode=S_IFREG|0600, st_size=77, ...}"
    assert "st_ctime=3" in run(tracee(old, verbose=True), "oldfstat", (3, BASE), rval=0)[1]
    ent = L.OLD_DIRENT32_HEAD.build(dict(d_ino=9, d_offset=2, d_namlen=3)) + b"abcdef\0"
    assert run(tracee(ent), "readdir", (3, BASE, 1), rval=1) == ["3", '{d_ino=9, d_off=2, d_reclen=3, d_name="abc"}']
    assert run(tracee(ent), "readdir", (3, END, 2), rval=-14) == ["3", "%#x" % END, "2"]


def test_i386_only_aliases_and_split_advice() -> None:
    ids = struct.pack("<3I", 0, 1, 2)
    assert run(tracee(ids), "getresuid32", (BASE, BASE + 4, BASE + 8), rval=0) == run(
        tracee(ids, "x86_64"), "getresuid", (BASE, BASE + 4, BASE + 8), rval=0)
    assert run(tracee(b""), "fchown32", (3, 0, 0xFFFFFFFF)) == ["3", "0", "-1"]
    assert run(tracee(b""), "fadvise64_64", (3, 0x10, 1, 0x100, 0, 4)) == [
        "3", str((1 << 32) + 16), "256", "POSIX_FADV_DONTNEED"]
    assert run(tracee(struct.pack("<I", 3 << 8)), "waitpid", (0xFFFFFFFF, BASE, 1), rval=5) == [
        "-1", "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]", "WNOHANG"]


def test_clone_i386_argument_order() -> None:
    """i386 clone is CLONE_BACKWARDS: (flags, stack, parent_tid, tls, child_tid)."""
    fl = 0x00100000 | 0x01000000 | 0x00080000 | 17  # PARENT_SETTID|CHILD_SETTID|SETTLS|SIGCHLD
    out = run(tracee(struct.pack("<i", 42)), "clone", (fl, 0, BASE, 0x1111, 0x2222), rval=42)
    assert out[-2:] == ["tls=0x1111", "child_tidptr=0x2222"]
    out = run(tracee(struct.pack("<i", 42), "x86_64"), "clone", (fl, 0, BASE, 0x2222, 0x1111), rval=42)
    assert out[-2:] == ["tls=0x1111", "child_tidptr=0x2222"]
