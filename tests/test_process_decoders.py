"""Memory, signal and process decoders: live comparison with strace, and sigset/siginfo bytes."""

from __future__ import annotations

import re
import struct

import pytest

from pytrace.decoders._sigset import sigset_bits, sigset_bytes
from pytrace.decoders.siginfo import format_siginfo
from tests.differential import (
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# Values that differ between two runs by nature: CPU times, clocks, remaining sleep, the tracer's pid.
_VOLATILE = re.compile(r"(tv_u?sec=|tv_nsec=|getppid\(\)\s+= )\d+")


_RESUMED = re.compile(r"<\.\.\. \w+ resumed>")


def _by_pid(lines: list[str]) -> list[str]:
    """Join ``<unfinished ...>`` / ``<... resumed>`` halves and group lines by pid: which
    process the tracer reports first is scheduling, not decoding."""
    pending: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for line in lines:
        if first_exec_line(line):
            continue
        pid, _, text = line.partition(" ")
        text = _VOLATILE.sub(r"\1N", text.strip())
        if text.endswith(" <unfinished ...>"):
            pending[pid] = text[: -len(" <unfinished ...>")]
            continue
        m = _RESUMED.match(text)
        if m:
            text = pending.pop(pid, "") + text[m.end():]
        groups.setdefault(pid, []).append(re.sub(r"\)\s+= ", ") = ", text))
    return [f"{pid} {x}" for pid, xs in groups.items() for x in xs]


def _rate(argv: list[str], opts: list[str]) -> tuple[float, str]:
    r = run_both(argv, opts)
    res = compare(_by_pid(r.strace), _by_pid(r.pytrace))
    return res.rate, res.report()


@live
def test_mem_family() -> None:
    rate, report = _rate([compile_probe("mem_calls")], ["-e", "trace=%memory,arch_prctl"])
    assert rate >= 0.98, report


@live
def test_signal_family() -> None:
    opts = ["-e", "trace=%signal,rt_sigreturn,sigaltstack"]
    rate, report = _rate([compile_probe("sig_calls")], opts)
    assert rate >= 0.98, report


@live
def test_process_family() -> None:
    # Single-threaded calls only: clone/fork interleavings are scheduling-dependent.
    opts = ["-e", "trace=getrlimit,setrlimit,prlimit64,getrusage,futex,nanosleep,clock_nanosleep,"
            "getpid,getppid,gettid,getuid,geteuid,getgid,getegid,getpgrp,getpgid,getsid,setpgid,"
            "setsid,sched_yield,set_tid_address,set_robust_list,get_robust_list,exit_group"]
    rate, report = _rate([compile_probe("proc_calls", ["-lpthread"])], opts)
    assert rate >= 0.98, report


@live
def test_shell_background_wait() -> None:
    opts = ["-e", "trace=%process,rt_sigaction,rt_sigprocmask,wait4,kill"]
    rate, report = _rate(["/bin/sh", "-c", "sleep 0.01 & wait"], opts)
    # One line is the session's: a child's execve exit printed as "<... execve resumed>".
    assert rate >= 0.9, report


@live
def test_inherited_ignored_signals_stay_ignored() -> None:
    """A signal the tracer inherited as ignored stays ignored in the command (``nohup``, a
    shell's background job), as under strace; Python's own SIGINT handler and its ignored
    SIGPIPE are not passed on."""
    probe = ["/bin/sh", "-c", "kill -PIPE $$ 2>/dev/null; exit 3"]
    opts = ["-e", "trace=rt_sigaction,kill"]
    for ignored in ("INT", "HUP", "TERM"):
        r = run_both(["/bin/sh", "-c", "sleep 0 & wait"], ["-e", "trace=rt_sigaction"],
                     wrapper=["env", f"--ignore-signal={ignored}"])
        assert r.total >= 3 and r.rate == 1.0, (ignored, r.report())
        assert any(f"SIG{ignored}, NULL, {{sa_handler=SIG_IGN" in ln for ln in r.pytrace) or ignored != "INT", r.report()
    # SIGPIPE: Python ignores it at start; the command must get the default back.
    r = run_both(probe, opts)
    assert r.rate == 1.0 and any("killed by SIGPIPE" in ln for ln in r.pytrace), r.report()


def _sigset(*sigs: int) -> bytes:
    mask = 0
    for s in sigs:
        mask |= 1 << (s - 1)
    return mask.to_bytes(8, "little")


def test_sigset_rules() -> None:
    assert sigset_bytes(_sigset()) == "[]"
    assert sigset_bytes(_sigset(2, 15)) == "[INT TERM]"
    # Two thirds or more set: the complement, named as strace names real-time signals.
    assert sigset_bytes(b"\xff" * 8) == "~[]"
    full_but_rt = bytes(_sigset(32, 33)[i] ^ 0xFF for i in range(8))
    assert sigset_bytes(full_but_rt) == "~[RTMIN RT_1]"
    assert sigset_bytes(_sigset(12, 40, 64)) == "[USR2 RT_8 RT_32]"
    # A 4-byte set counts its 32 bits only.
    assert sigset_bits(0xFFFFFFFE, 4) == "~[HUP]"
    assert sigset_bits(0x1, 4) == "[HUP]"


_SI = struct.Struct("<iii4x")


def _siginfo(signo: int, code: int, tail: bytes) -> bytes:
    return (_SI.pack(signo, 0, code) + tail).ljust(128, b"\0")


def test_siginfo_kinds() -> None:
    chld = _siginfo(17, 1, struct.pack("<iIi4xqq", 1234, 0, 7, 0, 0))
    assert format_siginfo(chld) == (
        "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1234, si_uid=0, si_status=7, si_utime=0, si_stime=0}")
    killed = _siginfo(17, 2, struct.pack("<iIi4xqq", 5, 0, 15, 1, 2))
    assert "si_code=CLD_KILLED" in format_siginfo(killed) and "si_status=SIGTERM" in format_siginfo(killed)
    segv = _siginfo(11, 1, struct.pack("<Q", 8))
    assert format_siginfo(segv) == "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8}"
    user = _siginfo(10, 0, struct.pack("<iI", 42, 0))
    assert format_siginfo(user) == "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=42, si_uid=0}"
    queued = _siginfo(12, -1, struct.pack("<iIiI", 42, 0, 42, 0))
    assert format_siginfo(queued) == (
        "{si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=42, si_uid=0, si_int=42, si_ptr=0x2a}")
    tkill = _siginfo(12, -6, struct.pack("<iI", 42, 0))
    assert format_siginfo(tkill) == "{si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=42, si_uid=0}"
    timer = _siginfo(10, -2, struct.pack("<iiiI", 0, 0, 7, 0))
    assert format_siginfo(timer) == (
        "{si_signo=SIGUSR1, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=7, si_ptr=0x7}")
    assert format_siginfo(bytes(128)) == "{}"
    assert format_siginfo(b"\x01\x02") == "{...}"  # truncated: never raises
