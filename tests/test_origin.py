"""Origins of syscalls (--origin), -k stack traces against strace -k, and pytrace libc."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import tempfile

import pytest

from pytrace.memory import Memory
from pytrace.model import Origin
from pytrace.origin import classify as kinds
from pytrace.origin.maps import MapsCache, parse_maps, read_maps
from pytrace.origin.resolve import Resolver, format_origin
from pytrace.origin.symbols import load_object
from pytrace.origin.unwind import unwind
from tests.differential import compile_probe, have_gcc, have_strace, run_both

needs_gcc = pytest.mark.skipif(not have_gcc(), reason="gcc is needed to build the probes")
needs_strace = pytest.mark.skipif(not have_strace(), reason="strace is needed for the comparison")


class _Self:
    """Enough of a Tracee to resolve addresses in this very process (real maps, real bytes)."""

    def __init__(self) -> None:
        self.pid = self.tgid = os.getpid()
        self.mem = Memory(self.pid)


def _libc_function(name: str) -> int:
    return ctypes.cast(getattr(ctypes.CDLL(None), name), ctypes.c_void_p).value or 0


# ------------------------------------------------------------------ units on live bytes
def test_maps_of_this_process() -> None:
    pm = read_maps(os.getpid())
    assert pm is not None and pm.exe == os.path.realpath(sys.executable)
    text = open("/proc/self/maps").read()
    assert len(parse_maps(text)) >= len(pm.rows) - 2  # parsing drops nothing
    m = pm.find(_libc_function("write"))
    assert m is not None and kinds.classify(m, pm.exe) == kinds.LIBC
    assert pm.find(0) is None
    assert parse_maps("garbage\n1-2 r-xp zz 00:00 0\n") == []


def test_symbols_name_libc_functions_by_address() -> None:
    t = _Self()
    r = Resolver()
    for name in ("write", "getpid", "fopen"):
        o = r.origin(t, _libc_function(name) + 1)  # as an ip after a 1-byte instruction
        assert o.kind == kinds.LIBC and o.function == name and o.offset == 1, o
    # the debug file (libc6-dbg) names static functions .dynsym lacks
    libc = r.origin(t, _libc_function("write") + 1).object
    assert libc is not None
    obj = load_object(libc)
    assert obj is not None and obj.debug_path is not None
    assert len(obj.symbols) > len(obj.dynsyms)


def test_unmapped_and_garbage_addresses_never_raise() -> None:
    t = _Self()
    r = Resolver()
    for ip in (0, 1, 0xDEADBEEF, (1 << 64) - 1, 1 << 47):
        o = r.origin_at(t, ip)  # type: ignore[arg-type]
        assert o.kind == kinds.UNKNOWN and o.function is None
    maps = MapsCache()
    good = _libc_function("write")
    for regs in ({7: 0, 6: 0, 16: good}, {7: good, 6: 8, 16: 0xFFFF}, {7: 1 << 63, 6: 0, 16: 1 << 63}):
        frames = unwind(t.pid, t.tgid, t.mem, maps, load_object, regs)
        assert len(frames) <= 256


def test_origin_column_format() -> None:
    assert format_origin(Origin("libc", "/usr/lib/x86_64-linux-gnu/libc.so.6", "write", 0x10)) == "[libc.so.6:write+0x10] "
    assert format_origin(Origin("program", "/usr/bin/ls", None, 0x61F1)) == "[ls+0x61f1] "
    assert format_origin(Origin("anonymous", None, None, 0x20)) == "[anon+0x20] "
    assert format_origin(Origin("unknown", None, None, 0x1234)) == "[?:0x1234] "
    assert format_origin(None) == "[?] "


# ------------------------------------------------------------------ live traces
def _trace_origins(argv: list[str]) -> list[dict]:
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "t.jsonl")
        subprocess.run([sys.executable, "-m", "pytrace", "-f", "--origin", "--json", "-o", out, *argv],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        recs = [json.loads(x) for x in open(out)]
    return [r for r in recs if r.get("type") == "syscall"]


@pytest.mark.parametrize("argv", [
    ["ls", "/"],
    [sys.executable, "-c", "import os; print(os.listdir('/'))"],
    ["sh", "-c", "echo hi | cat | wc -c > /dev/null"],
], ids=["ls", "python3", "sh-pipeline"])
def test_every_syscall_has_an_origin(argv: list[str]) -> None:
    rep = _libc_report(argv)
    assert rep["total"] > 40
    assert rep["without_origin"] == 0 and "unknown" not in rep["by_kind"]
    assert rep["named_libc_or_loader"] / rep["total"] >= 0.95, rep["by_kind"]


def _libc_report(argv: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.json")
        own = [a for a in argv[:1] if a == "--no-count-calls"]
        argv = argv[len(own):]
        subprocess.run([sys.executable, "-m", "pytrace", "libc", *own, "--format", "json", "--report", out, *argv],
                       stdout=subprocess.DEVNULL, timeout=60, check=True)
        with open(out) as f:
            return json.load(f)


@needs_gcc
def test_libc_report_of_known_calls() -> None:
    probe = compile_probe("origin_calls")
    rep = _libc_report(["-e", "trace=openat,write,getppid,close", probe])
    me = os.path.basename(probe) + ":main"
    entry = {e: v["syscalls"] for e, v in rep["libc_entry_points"].items()}
    assert entry == {
        "printf": {"write": 5},
        "fopen": {"openat": 1},
        "fclose": {"close": 1},
        "open": {"openat": 1},
        "close": {"close": 1},
    }
    assert all(v["callers"] == [me] for v in rep["libc_entry_points"].values())
    assert rep["direct"] == [{"kind": "program", "site": me, "syscalls": {"getppid": 1}}]
    assert rep["substitutions"] == [{"entry": "open", "syscalls": "openat"}]
    assert sum(sum(c.values()) for c in rep["loader"].values()) == 4  # ld.so.cache, libc.so.6
    assert rep["total"] == 14 and rep["named_libc_or_loader"] == 13


@needs_gcc
def test_static_binary_syscalls_are_all_direct() -> None:
    try:
        probe = compile_probe("origin_static", ["-static"])
    except subprocess.CalledProcessError:
        pytest.skip("static libc (libc6-dev's libc.a) is missing")
    recs = _trace_origins([probe])
    assert recs[0]["name"] == "execve"  # issued by the tracer's child before the exec
    rest = recs[1:]
    assert len(rest) > 10
    assert {r["origin"]["kind"] for r in rest} == {"program"}
    assert {os.path.basename(r["origin"]["object"]) for r in rest} == {os.path.basename(probe)}
    assert all(r["origin"]["function"] for r in rest)


@needs_gcc
@needs_strace
def test_stack_frames_match_strace_k() -> None:
    probe = compile_probe("origin_calls")
    res = run_both([probe], ["-k"])
    frames_a = [a for a, _ in res.diffs if a.startswith(" > ")]
    frames_b = [b for _, b in res.diffs if b.startswith(" > ")]
    assert not frames_a and not frames_b, res.report()
    assert res.rate >= 0.98, res.report()
    assert sum(1 for line in res.strace if line.startswith(" > ")) > 50


@needs_strace
def test_stack_frames_match_strace_k_on_ls() -> None:
    res = run_both(["ls", "/"], ["-k"])
    frames = [d for d in res.diffs if d[0].startswith(" > ") or d[1].startswith(" > ")]
    assert not frames, res.report()
    assert res.rate >= 0.98, res.report()


def test_demo_libc_against_raw_syscalls() -> None:
    out = subprocess.run([sys.executable, "-m", "pytrace", "libc", "--demo", "--format", "json"],
                         capture_output=True, timeout=60, check=True).stdout
    ops = {r["operation"].split(" x")[0]: r for r in json.loads(out)["operations"]}
    assert ops["getpid"]["libc"] == {"getpid": 3} and ops["getpid"]["raw"] == {"getpid": 3}
    assert ops["getpid"]["libc_from"] == ["libc getpid"]
    assert ops["getpid"]["raw_from"] == ["anonymous page (JIT stub)"]
    assert ops["open + close"]["libc"] == {"openat": 3, "close": 3}  # open() issues openat
    assert ops["open + close"]["raw"] == {"open": 3, "close": 3}
    assert ops["clock_gettime + time"]["libc"] == {}  # the vDSO answers: no syscall at all
    assert ops["clock_gettime + time"]["raw"] == {"clock_gettime": 3}
    assert ops["fork"]["libc"]["clone"] == 1 and "fork" not in ops["fork"]["libc"]
    assert ops["fork"]["raw"]["fork"] == 1
    static = json.loads(out)["static_binary"]
    assert static["by_kind"] == {"program": 2}


# ------------------------------------------------------------------ call counting (breakpoints)
def test_emulated_first_instructions() -> None:
    from pytrace.origin.breakpoints import MOV_IMM, PUSH, SUB_RSP, emulation, sub_flags

    assert emulation(bytes.fromhex("b86e0000000f05")) == (MOV_IMM, 10, 0x6E, 5)  # getppid: mov $110,%eax
    assert emulation(bytes.fromhex("55")) == (PUSH, 4, 0, 1)  # push %rbp
    assert emulation(bytes.fromhex("4157")) == (PUSH, 0, 0, 2)  # push %r15
    assert emulation(bytes.fromhex("4881ecd8000000")) == (SUB_RSP, 19, 0xD8, 7)
    assert emulation(bytes.fromhex("4883ec08")) == (SUB_RSP, 19, 8, 4)
    assert emulation(bytes.fromhex("54")) is None and emulation(bytes.fromhex("4881ec")) is None  # push %rsp; cut
    assert emulation(b"") is None and emulation(bytes.fromhex("0f05")) is None
    # flags as the CPU sets them: zero, borrow, sign and overflow
    assert sub_flags(8, 8) == (0, 0x44)
    assert sub_flags(0, 1) == ((1 << 64) - 1, 0x95)
    assert sub_flags(1 << 63, 1)[1] & 0x800 and not sub_flags(0x7FFF_FFFF_0000_0000, 0xD8)[1] & 0x801


@needs_gcc
def test_libc_report_counts_calls() -> None:
    probe = compile_probe("origin_count")
    rep = _libc_report([probe])
    e = rep["libc_entry_points"]
    assert (e["printf"]["calls"], e["printf"]["syscalls"]) == (1000, {"write": 3})  # 13000 bytes, 4 KiB buffer
    assert e["fopen"]["calls"] == 1 and e["fopen"]["syscalls"]["openat"] == 1
    assert rep["direct"] == [{"kind": "program", "site": os.path.basename(probe) + ":main", "syscalls": {"getppid": 1}}]
    assert rep["vdso"]["calls"] == {"clock_gettime": 1, "time": 1}  # answered with no syscall
    assert rep["calls_without_syscall"]["setvbuf"] == 1
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.txt")
        subprocess.run([sys.executable, "-m", "pytrace", "libc", "--report", out, probe],
                       stdout=subprocess.DEVNULL, timeout=60, check=True)
        text = open(out).read()
    assert "printf x1000 -> write x3" in text
    assert "vDSO calls answered without a syscall: clock_gettime x1, time x1" in text
    plain = _libc_report(["--no-count-calls", probe])
    assert plain["libc_entry_points"]["printf"]["calls"] is None and plain["breakpoints"] is None


@needs_gcc
def test_call_counts_in_threads_and_a_fork() -> None:
    probe = compile_probe("origin_count_mt", ["-pthread"])
    rep = _libc_report([probe])  # check=True: the probe exits 0 (no stray SIGTRAP, no crash)
    e = rep["libc_entry_points"]
    assert e["getppid"]["calls"] == 5 * 200 and e["getppid"]["syscalls"] == {"getppid": 1000}
    assert rep["calls_without_syscall"]["snprintf"] == 5 * 200
    assert e["pthread_create"]["calls"] == 4


@needs_gcc
def test_detach_leaves_no_breakpoint() -> None:
    probe = compile_probe("origin_detach")
    # -b execve detaches the child at its (failing) execve; it then calls counted functions.
    res = subprocess.run([sys.executable, "-m", "pytrace", "libc", "--format", "json", "-b", "execve", probe],
                         capture_output=True, timeout=60)
    assert res.returncode == 0, res.stderr
