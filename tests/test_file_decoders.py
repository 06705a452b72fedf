"""File, I/O and stat decoders against the installed strace (a probe making each call,
failing ones included, with NULL, unmapped and truncated buffers; real commands), and on real
bytes placed in this process's memory next to an unmapped page."""

from __future__ import annotations

import ctypes
import os
import re
import struct
import tempfile

import pytest

from pytrace.config import TraceConfig
from pytrace.decoders import load_decoders
from pytrace.decoders.registry import DECODERS
from pytrace.structs.stat import STAT, STAT_FAST, STATX
from pytrace.syscalls import table
from pytrace.tracee import Tracee
from tests.differential import (
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

FILE_CALLS = (
    "execve,execveat,open,openat,openat2,creat,close,close_range,access,faccessat,faccessat2,"
    "read,write,pread64,pwrite64,readv,writev,preadv,pwritev,preadv2,pwritev2,lseek,"
    "stat,fstat,lstat,newfstatat,statx,getdents64,fcntl,dup,dup2,dup3,pipe,pipe2,"
    "chdir,fchdir,getcwd,mkdir,mkdirat,unlink,unlinkat,rmdir,rename,renameat,renameat2,"
    "symlink,symlinkat,link,linkat,readlink,readlinkat,umask,chmod,fchmod,fchmodat,"
    "chown,fchown,lchown,fchownat,utimensat,truncate,ftruncate,uname,sysinfo,getrandom"
)
# Differences by nature: random bytes, pipe inode numbers, /proc link counts.
_RANDOM = re.compile(r'getrandom\("[^"]*"(\.\.\.)?')
_INODES = re.compile(r"(pipe|socket|anon_inode):\[\d+\]")

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")


def _clean(lines: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        if i == 0 and first_exec_line(line):
            continue  # the spawning execve: its envp address is the tracer's memory
        if "(deleted)" in line:
            continue  # -y of O_TMPFILE files: fds.py's class, not these decoders'
        out.append(_INODES.sub(r"\1:[N]", _RANDOM.sub('getrandom("R"', line)))
    return out


def _run(argv: list[str], opts: list[str], cwd: str | None = None):  # type: ignore[no-untyped-def]
    res = run_both(argv, ["-e", f"trace={FILE_CALLS}", *opts], cwd=cwd)
    return res, compare(_clean(res.strace), _clean(res.pytrace))


@live
@pytest.mark.parametrize(
    "opts",
    [[], ["-v"], ["-s", "10"], ["-x"], ["-xx"], ["-y"], ["-v", "-s", "3"]],
    ids=["default", "v", "s10", "x", "xx", "y", "v-s3"],
)
def test_probe_matches_strace(opts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as d:
        raw, res = _run([compile_probe("file_probe"), "io", "stat", "ops", "exec"], opts, cwd=d)
    assert raw.total > 180, raw.report()
    print("file probe", opts, res.report())
    assert res.rate == 1.0, res.report()


@live
@pytest.mark.parametrize(
    "argv,opts",
    [
        (["ls", "-la", "/"], []),
        (["ls", "-la", "/usr/bin/"], ["-y"]),
        (["cat", "/etc/passwd", "/etc/hostname"], ["-s", "64"]),
        (["cat", "/etc/passwd"], ["-xx"]),
        (["find", "/usr/share", "-maxdepth", "2"], []),
        (["find", "/usr/share/doc", "-maxdepth", "1"], ["-v"]),
    ],
    ids=["ls", "ls-y", "cat-s64", "cat-xx", "find", "find-v"],
)
def test_real_commands_match_strace(argv: list[str], opts: list[str]) -> None:
    raw, res = _run(argv, opts)
    print(" ".join(argv), opts, res.report())
    assert res.rate >= 0.98, res.report()


# ----------------------------------------------------------------- decoders on real bytes
_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]


@pytest.fixture(scope="module")
def page_end() -> int:
    """The first address of an unmapped page that follows a mapped, writable one."""
    base = _libc.mmap(None, 8192, 3, 0x22, -1, 0)
    assert base and base != ctypes.c_void_p(-1).value
    _libc.munmap(base + 4096, 4096)
    return base + 4096


def _place(end: int, data: bytes) -> int:
    """Copy ``data`` to end just before ``end``; return its address."""
    a = end - len(data)
    ctypes.memmove(a, data, len(data))
    return a


def _decode(name: str, args: tuple[int, ...], rval: int | None = None, **cfg: object) -> Tracee:
    load_decoders()
    t = Tracee(os.getpid(), TraceConfig(**cfg))  # type: ignore[arg-type]
    t.desc = table("x86_64").by_name[name]
    t.args = (*args, *(0,) * (6 - len(args)))
    t.out = []
    if DECODERS[name](t) and rval is not None:
        t.exiting, t.rval, t.is_error = True, rval, rval < 0
        DECODERS[name](t)
    t.mem.close()
    return t


def _stat_bytes(**over: int) -> bytes:
    fields = {s.name: 0 for s in STAT.subcons if s.name}
    fields.update(st_dev=0xFE00, st_ino=673, st_nlink=1, st_mode=0o100644, st_size=34547,
                  st_blksize=4096, st_blocks=72, st_atime=1795557708, st_atime_nsec=212834026,
                  st_mtime=1792191844, st_ctime=1792191844)
    fields.update(over)
    return STAT.build(fields)


def test_stat_struct_lowering_round_trip() -> None:
    data = _stat_bytes(st_rdev=0x103)
    assert len(data) == STAT.sizeof() == STAT_FAST.size == 144
    parsed = STAT.parse(data)
    fast = STAT_FAST.unpack(data)._asdict()
    assert all(parsed[k] == v for k, v in fast.items() if not k.startswith("_"))
    assert fast["st_rdev"] == 0x103 and fast["st_atime_nsec"] == 212834026
    assert STATX.sizeof() == 256


def test_stat_on_real_bytes(page_end: int) -> None:
    a = _place(page_end, _stat_bytes())
    t = _decode("fstat", (3, a), rval=0)
    assert t.out == ["3", "{st_mode=S_IFREG|0644, st_size=34547, ...}"]
    t = _decode("fstat", (3, a), rval=0, verbose=True)
    assert t.out[1].startswith("{st_dev=makedev(0xfe, 0), st_ino=673, st_mode=S_IFREG|0644, ")
    assert "st_atime=1795557708 /* 2026-11-24T22:01:48.212834026+0000 */, st_atime_nsec=212834026" in t.out[1]
    assert "st_mtime=1792191844 /* 2026-10-16T23:04:04+0000 */, st_mtime_nsec=0" in t.out[1]
    dev = _place(page_end, _stat_bytes(st_mode=0o20666, st_rdev=0x103))
    assert _decode("fstat", (0, dev), rval=0).out[1] == "{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}"
    # Truncated: the structure runs into the unmapped page; NULL; a failed call.
    assert _decode("fstat", (3, page_end - 16), rval=0).out[1] == "%#x" % (page_end - 16)
    assert _decode("fstat", (3, 0), rval=-14).out[1] == "NULL"
    assert _decode("fstat", (3, a), rval=-9).out[1] == "%#x" % a


def _dirent64(ino: int, off: int, name: bytes, dtype: int) -> bytes:
    reclen = (19 + len(name) + 1 + 7) & ~7
    return struct.pack("<QQHB", ino, off, reclen, dtype) + name.ljust(reclen - 19, b"\0")


def test_getdents64_on_real_bytes(page_end: int) -> None:
    ents = _dirent64(2, 1, b".", 4) + _dirent64(3, 2, b"..", 4) + _dirent64(9, 3, b"f\nx", 8)
    a = _place(page_end, ents)
    t = _decode("getdents64", (3, a, 4096), rval=len(ents))
    assert t.out == ["3", "%#x /* 3 entries */" % a, "4096"]
    t = _decode("getdents64", (3, a, 4096), rval=len(ents), verbose=True)
    assert t.out[1] == (
        '[{d_ino=2, d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, '
        '{d_ino=3, d_off=2, d_reclen=24, d_type=DT_DIR, d_name=".."}, '
        '{d_ino=9, d_off=3, d_reclen=24, d_type=DT_REG, d_name="f\\nx"}]'
    )
    # A length that claims more than is mapped: the count stops at the fault ("3+").
    t = _decode("getdents64", (3, a, 4096), rval=len(ents) + 40)
    assert t.out[1] == "%#x /* 3+ entries */" % a
    assert _decode("getdents64", (3, a, 4096), rval=0, verbose=True).out[1] == "[]"


def test_iovec_and_buffers_on_real_bytes(page_end: int) -> None:
    data = _place(page_end - 64, b"hello world")
    iov = struct.pack("<QQQQ", data, 5, data + 6, 5)
    a = _place(page_end, iov)
    t = _decode("readv", (3, a, 2), rval=7)
    assert t.out == ["3", '[{iov_base="hello", iov_len=5}, {iov_base="wo", iov_len=5}]', "2"]
    # The second element lies past the mapping.
    t = _decode("writev", (3, a + 16, 2))
    assert t.out[1] == '[{iov_base="world", iov_len=5}, ... /* %#x */]' % page_end
    assert _decode("writev", (3, page_end, 1)).out[1] == "%#x" % page_end
    # A buffer that runs into the unmapped page prints as its address.
    tail = _place(page_end, b"abc")
    assert _decode("write", (1, tail, 3)).out[1] == '"abc"'
    assert _decode("write", (1, tail, 4)).out[1] == "%#x" % tail
    assert _decode("write", (1, tail, 3), string_limit=2).out[1] == '"ab"...'


def test_execve_argv_against_unmapped_page(page_end: int) -> None:
    s = _place(page_end - 256, b"prog\0")
    argv = _place(page_end, struct.pack("<QQ", s, s))  # no NULL terminator before the fault
    t = _decode("execve", (s, argv, argv))
    assert t.out == ['"prog"', '["prog", "prog", ... /* %#x */]' % page_end,
                     "%#x /* 2 vars, unterminated */" % argv]


def test_xattr_calls_match_strace() -> None:
    from tests.differential import compile_probe, run_both

    res = run_both([compile_probe("xattr")], ["-e", "trace=/xattr"])
    assert res.rate == 1.0, res.report()
