"""-Y / --decode-pids=comm: pids inside the line (strace's printpid) and pid return values
carry the live process's ``<comm>``; live comparisons with strace 6.1, with and without -f, and
the comm reader on real /proc files of this process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pytrace.config import TraceConfig
from pytrace.pids import comm_text, pid_comm
from pytrace.printers import pid
from pytrace.tracee import Tracee
from tests.differential import (
    SETARCH,
    STRACE,
    Lines,
    by_process,
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# Masked, by class:
# - TRACER: the tracer's own pid and name (getppid of the first process): strace vs python.
_TRACER = re.compile(r"(getppid\(\)\s+= )\d+(<[^>]*>)?")
# - IPC_RUN: SysV ids and times differ from run to run (the kernel's id sequence, the clock).
_IPC_RUN = re.compile(r"((?:shm|msg)ctl\(|msgsnd\(|(?:shm|msg)get\(.*= |_[a-z]time=)\d+")


def _masked(lines: list[str]) -> Lines:
    out = Lines(_IPC_RUN.sub(r"\1N", _TRACER.sub(r"\1TRACER", x))
                for x in lines if not first_exec_line(x))
    out.pids = getattr(lines, "pids", {})
    return out


def _rate(argv: list[str], opts: list[str]) -> tuple[float, str]:
    r = run_both(argv, opts)
    a = _masked(r.strace)
    assert any(re.search(r"[(=] P\d+<", x) for x in a), "strace printed no <comm> in a line"
    res = compare(by_process(a), by_process(_masked(r.pytrace)))
    return res.rate, res.report()


@live
def test_probe_follow_forks() -> None:
    rate, report = _rate([compile_probe("decode_pids")], ["-Y"])
    assert rate == 1.0, report


@live
def test_probe_long_option() -> None:
    rate, report = _rate([compile_probe("decode_pids")], ["--decode-pids=comm"])
    assert rate == 1.0, report


@live
def test_shell_subshell() -> None:
    # A subshell: fork, the child exits, the shell reaps it (wait4's result names no process).
    # Signals are left out: where SIGCHLD lands around wait4 is scheduling.
    rate, report = _rate(["/bin/sh", "-c", "kill -0 $$; kill -0 -$$ 2>/dev/null; (exit 3)"],
                         ["-Y", "-e", "signal=none", "-e", "trace=getpid,kill,wait4,clone,getppid"])
    assert rate == 1.0, report


_OWN_PIDS = re.compile(r"^(?:getpid\(\)|clone\(.*\))\s+= (\d+)")


def _no_follow(tracer: list[str], argv: list[str], out: str) -> list[str]:
    """One tracee, no -f: lines have no pid prefix, so the pids getpid and clone return (and
    every other occurrence of those numbers) become P1, P2 ... in order of appearance."""
    cmd = [*tracer, "-Y", "-o", out, *argv]
    env = {**os.environ, "LC_ALL": "C"}
    subprocess.run([SETARCH, "-R", *cmd] if SETARCH else cmd, env=env, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = Path(out).read_text(errors="surrogateescape").splitlines()
    order: dict[str, str] = {}
    for line in lines:
        m = _OWN_PIDS.match(line)
        if m:
            order.setdefault(m.group(1), f"P{len(order) + 1}")
    if not order:
        return lines
    rx = re.compile(r"\b(" + "|".join(sorted(order, key=len, reverse=True)) + r")\b")
    return [rx.sub(lambda m: order[m.group(1)], x) for x in lines]


@live
def test_probe_without_follow_forks() -> None:
    probe = compile_probe("decode_pids")
    with tempfile.TemporaryDirectory() as d:
        a = _no_follow([STRACE], [probe], os.path.join(d, "a"))
        b = _no_follow([sys.executable, "-m", "pytrace"], [probe], os.path.join(d, "b"))
    res = compare(_masked(a[1:]), _masked(b[1:]))
    assert res.total > 50 and any("P2<" in x for x in a)
    assert res.rate == 1.0, res.report()


# --- the reader and the printer on this process's own /proc entries


def _tracee(comm: bool) -> Tracee:
    cfg = TraceConfig()
    cfg.decode_pids_comm = comm
    return Tracee(os.getpid(), cfg)


def test_pid_printer_live_process() -> None:
    me = os.getpid()
    name = Path(f"/proc/{me}/comm").read_bytes().split(b"\n")[0].decode()
    t = _tracee(True)
    assert pid(t, me) == f"{me}<{name}>" == pid(t, me, "tid")
    assert pid(t, me, "pgid") == str(me) == pid(t, me, "sid")  # -Y names tids and tgids only
    assert pid(t, -me) == str(-me) and pid(t, 0) == "0"
    assert pid(_tracee(False), me) == str(me)  # no -Y: the number alone


def test_pid_printer_gone_process() -> None:
    child = subprocess.Popen(["true"])
    child.wait()  # reaped: /proc/PID is gone, nothing is printed after the number
    assert pid(_tracee(True), child.pid) == str(child.pid)
    assert pid_comm(2**22 + 12345) == ""


def test_comm_text_hostile_bytes() -> None:
    # The bytes /proc/PID/comm holds after prctl(PR_SET_NAME) of a hostile name (a newline
    # ends what strace's fgets reads); the live test covers the same name against strace.
    assert comm_text(b"") == "" and comm_text(b"\n") == ""
    assert comm_text(b"x\ny\n") == "<x>"
    text = comm_text(b'a<b> "\\\t\x01\xc3\xa9\x1b[2J\n')
    assert text.startswith("<") and text.endswith(">")
    inner = text[1:-1]
    assert "<" not in inner and ">" not in inner and "\x1b" not in inner and "\t" not in inner
    assert '\\"' in inner and "\\\\" in inner


def test_decode_pids_option() -> None:
    from pytrace.cli import UsageError, parse_args

    assert parse_args(["-Y", "true"]).decode_pids_comm
    assert parse_args(["--decode-pids=comm", "true"]).decode_pids_comm
    assert not parse_args(["--decode-pids=none", "true"]).decode_pids_comm
    # pidns: strace's PID namespace comments (tests/test_pidns_translation.py)
    assert parse_args(["--decode-pids=all", "true"]).pidns_translation
    with pytest.raises(UsageError):
        parse_args(["--decode-pids=bogus", "true"])


@live
@pytest.mark.parametrize("trace", ["write", "execve,write", "none"])
def test_prefix_comm_after_exec(trace: str) -> None:
    """A child that execs and exits: its ``+++ exited`` line carries the new name, read at the
    exec (it is gone by then), whether or not execve is traced; a traced execve's own line
    keeps the old name."""
    r = run_both(["sh", "-c", "/bin/true; exec /bin/echo hi"], ["-Y", "-e", "trace=" + trace])
    assert any("<true> +++ exited" in x for x in r.strace), r.strace
    res = compare(by_process(_masked(r.strace)), by_process(_masked(r.pytrace)))
    assert res.rate == 1.0, res.report()
