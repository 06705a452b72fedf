"""-e inject= / -e fault= live against strace 6.1: the tampered lines, the tracee seeing the
injected results (the probe names them in a chdir), signals, pokes, delays, per-process
counting, seccomp-bpf mode, -c, and the usage errors of bad expressions."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from tests.differential import (
    STRACE,
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

pytestmark = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
PYTRACE = [sys.executable, "-m", "pytrace"]

# Every kind of tampering in one run of the probe (several -e inject= accumulate).
ALL_KINDS = [
    "-e", "trace=getuid,chdir,write,uname,getgid,geteuid,getegid,rt_sigreturn",
    "-e", "inject=getuid:retval=42:when=2..5+2",
    "-e", "inject=write:poke_enter=@arg2=414243:when=2",
    "-e", "inject=uname:poke_exit=@arg1=41424344",
    "-e", "inject=getegid:signal=SIGUSR1:when=2",
    "-e", "inject=getgid:syscall=getpid:error=EROFS:when=3+",
    "-e", "fault=geteuid:when=2+",
    "-e", "inject=chdir:error=EACCES:when=4",
]


def _probe() -> str:
    return compile_probe("inject")


def _same(res: object) -> None:
    """Every line identical but the first execve's (its envp address is the tracer's memory)."""
    diffs = [(a, b) for a, b in res.diffs if not (first_exec_line(a) and first_exec_line(b))]  # type: ignore[attr-defined]
    assert not diffs, res.report()  # type: ignore[attr-defined]


# pytrace's modes against strace's: --seccomp-bpf in both; -n, which makes every syscall
# stop in pytrace too (strace 6.1 has no --no-seccomp-bpf); None, pytrace's automatic
# seccomp-bpf mode for a partial -e trace= against strace's default of stopping at every call.
MODES = ["--seccomp-bpf", "-n", None]


@pytest.mark.parametrize("seccomp", MODES)
def test_every_kind_of_tampering(seccomp: str | None) -> None:
    res = run_both([_probe()], [seccomp, *ALL_KINDS] if seccomp else ALL_KINDS)
    _same(res)
    text = "\n".join(res.pytrace)
    for note in ("= 42 (INJECTED)", "(INJECTED: args)", "EROFS (Read-only file system) (INJECTED)",
                 "ENOSYS (Function not implemented) (INJECTED)", "EACCES"):
        assert note in text, res.report()
    # strace --seccomp-bpf resumes from a seccomp stop with the signal, which the kernel drops
    assert ("si_code=SI_KERNEL" in text) == (seccomp != "--seccomp-bpf"), res.report()
    assert '"ABClo, world"' in text and 'sysname="ABCDx"' in text  # the pokes were made


@pytest.mark.parametrize(
    "when",
    ["1", "3", "2..4", "2+", "1+2", "2..5+3", "6..6", "7"],
)
def test_when_counts_as_strace(when: str) -> None:
    """The probe names each getuid result in a chdir: the tracee saw exactly strace's injections."""
    res = run_both([_probe()], ["-e", "trace=getuid,chdir", "-e", f"inject=getuid:retval=7:when={when}"])
    _same(res)
    assert res.total == 13, res.report()


def test_injection_needs_the_call_traced() -> None:
    """strace 6.1 tampers only with traced calls: getuid outside -e trace= keeps its value
    (the chdir lines show what the probe saw), in seccomp-bpf mode and without."""
    for seccomp in MODES:
        res = run_both([_probe()], [*([seccomp] if seccomp else []), "-e", "trace=chdir", "-e", "inject=getuid:retval=42", "-e", "inject=chdir:error=EPERM:when=3"])
        _same(res)
        assert any("/inject-getuid-1-0" in ln for ln in res.pytrace), res.report()
        assert sum("(INJECTED)" in ln for ln in res.pytrace) == 1, res.report()


def test_paths_filter_before_injection() -> None:
    """-P selects first: only chdir calls naming the path count toward when=."""
    res = run_both([_probe()], ["-P", "/inject-getuid-3-0", "-e", "inject=chdir:error=EPERM:when=1"])
    _same(res)
    assert res.total == 2 and "(INJECTED)" in res.pytrace[0], res.report()


def test_processes_count_separately() -> None:
    """-f: a child starts its own counts (strace counts per thread and syscall)."""
    res = run_both([_probe(), "fork"], ["-e", "trace=getuid,chdir,geteuid", "-e", "inject=getuid:error=EPERM:when=2+2",
                                        "-e", "fault=geteuid:error=ENOENT:when=3"], per_process=True)
    _same(res)
    injected = sum("(INJECTED)" in ln for ln in res.pytrace)
    # getuid: the parent's 12 calls (two runs counting on) give 6, the child's 6 give 3;
    # geteuid (when=3, once): one in each process
    assert injected == 6 + 3 + 1 + 1, res.report()


def test_threads_count_separately() -> None:
    res = run_both([compile_probe("inject_threads", ["-pthread"])], ["-e", "trace=getuid", "-e", "inject=getuid:retval=9:when=2+2"],
                   per_process=True)
    _same(res)
    assert sum("= 9 (INJECTED)" in ln for ln in res.pytrace) == 3 + 2, res.report()  # main: 6 calls, thread: 4


def test_delay_only_delays() -> None:
    """delay_enter/delay_exit print (DELAYED); the lines match strace (times are not compared)."""
    opts = ["-e", "trace=getgid,geteuid", "-e", "inject=getgid:delay_enter=20ms:when=2", "-e", "inject=geteuid:delay_exit=20000:when=1"]
    res = run_both([_probe()], opts)
    _same(res)
    assert sum(ln.endswith(" (DELAYED)") for ln in res.pytrace) == 2, res.report()
    # Lower bounds only (a sleep never ends early): -T of the delay_exit call, and the run's
    # wall time with a long delay_enter (-T starts its clock after the entry's delay).
    start = time.monotonic()
    out = subprocess.run([*PYTRACE, "-T", "-o", "/dev/stdout", *opts[:2], "-e", "inject=getgid:delay_enter=300ms:when=2", *opts[4:], _probe()],
                         capture_output=True, text=True, check=True).stdout
    assert time.monotonic() - start >= 0.3
    delayed = [float(m.group(1)) for m in re.finditer(r"geteuid\(\) += 0 \(DELAYED\) <(\d+\.\d+)>", out)]
    assert len(delayed) == 1 and delayed[0] >= 0.019, out


def test_real_commands() -> None:
    # cat: the second openat (libc) fails, and the loader goes on searching
    res = run_both(["cat", "/etc/hostname"], ["-e", "inject=openat:error=ENOENT:when=2"])
    # getrandom's bytes are random by nature
    a = [re.sub(r'getrandom\("[^"]*"', "getrandom(R", ln) for ln in res.strace]
    b = [re.sub(r'getrandom\("[^"]*"', "getrandom(R", ln) for ln in res.pytrace]
    _same(compare(a, b))
    # sh prints the injected parent pid
    res = run_both(["sh", "-c", "echo $PPID"], ["-e", "trace=getppid,write", "-e", "inject=getppid:retval=42"])
    _same(res)
    assert any('write(1, "42\\n", 3)' in ln for ln in res.pytrace), res.report()
    # a signal injected into kill kills the shell
    res = run_both(["sh", "-c", "kill -0 $$"], ["-e", "trace=kill", "-e", "inject=kill:signal=SIGUSR1"])
    _same(res)
    assert res.pytrace[-1].endswith("+++ killed by SIGUSR1 +++"), res.report()


def _summary(cmd: list[str]) -> set[tuple[str, ...]]:
    """-c rows as (syscall, calls, errors): times differ between runs by nature."""
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stderr
    rows = set()
    for ln in out.splitlines():
        f = ln.split()
        if len(f) >= 5 and re.fullmatch(r"\d+\.\d+", f[0]) and f[-1] != "total":
            rows.add((f[-1], f[3], f[4] if len(f) == 6 else "0"))
    return rows


def test_summary_counts_injected_errors() -> None:
    opts = ["-c", "-e", "trace=getuid,chdir,getgid", "-e", "inject=getuid:retval=42:when=2..5+2",
            "-e", "inject=getgid:error=EROFS:when=3+", "-e", "fault=chdir:when=2"]
    want = _summary([STRACE, *opts, _probe()])
    got = _summary([*PYTRACE, *opts, _probe()])
    assert want == got and ("getgid", "4", "2") in got, (want, got)


BAD = [
    "inject=getpid", "inject=getpid:error=FOO", "inject=getpid:error=0", "inject=getpid:error=4096",
    "inject=getpid:retval=1:error=EPERM", "inject=foo:error=EPERM", "inject=:error=EPERM",
    "inject=getpid:when=0:error=EPERM", "inject=getpid:when=3..2:error=EPERM", "inject=getpid:when=2..65535:error=EPERM",
    "inject=getpid:when=1+0:error=EPERM", "inject=getpid:when=1.2:error=EPERM", "inject=getpid:when=65536:error=EPERM",
    "inject=getpid:signal=0", "inject=getpid:signal=65", "inject=getpid:signal=FOO",
    "inject=getpid:syscall=open:error=EPERM", "inject=getpid:syscall=getppid", "inject=getpid:delay_enter=x",
    "inject=getpid:delay_enter=-1", "inject=getpid:retval=abc", "fault=getpid:retval=1", "fault=getpid:signal=SIGUSR1",
    "inject=getpid:poke_enter=@arg8=00", "inject=getpid:poke_enter=@arg1=0", "inject=getpid:bogus=1",
    "fault=getpid:error=EPERM:error=EPERM", "inject=getpid:delay_enter=1:delay_enter=2", "fault=", "inject=%foo:error=EPERM",
    "inject=getpid:retval=18446744073709551616", "inject=getpid:poke_exit=@arg1=00,@arg1=11",
]
GOOD = ["inject=getpid:error=eperm", "inject=getpid:signal=usr1", "inject=getpid::error=EPERM:", "inject=getpid:retval=-1",
        "inject=getpid:error=4095", "fault=getpid:when=1..65534+65535", "inject=getpid:delay_exit=1.5ms"]


def _run_err(cmd: list[str]) -> tuple[int, str]:
    p = subprocess.run([*cmd, "true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
    first = (p.stderr.splitlines() or [""])[0]
    return p.returncode, first.split(": ", 1)[-1]  # without the program name (strace prints its argv[0])


@pytest.mark.parametrize("expr", BAD + GOOD)
def test_expression_errors_as_strace(expr: str) -> None:
    """The first stderr line (strace's message, under pytrace's name) and the exit code."""
    want = _run_err([STRACE, "-o", "/dev/null", "-e", expr])
    got = _run_err([*PYTRACE, "-o", "/dev/null", "-e", expr])
    assert got == want
    assert (got[0] == 0) == (expr in GOOD)


def test_pokes_that_cannot_be_made() -> None:
    """A poke through an argument that is no address (write's fd 3) or past a call's arguments:
    strace's messages, and lines without (INJECTED: args)."""
    opts = ["-e", "trace=write,uname", "-e", "inject=write:poke_enter=@arg1=00:when=1", "-e", "inject=uname:poke_exit=@arg2=00"]
    res = run_both([_probe()], opts)
    _same(res)
    assert not any("INJECTED" in ln for ln in res.pytrace), res.report()
    errs = []
    for cmd in ([STRACE, "-o", "/dev/null"], [*PYTRACE, "-o", "/dev/null"]):
        p = subprocess.run([*cmd, *opts, _probe()], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
        errs.append([re.sub(r"process \d+", "process P", ln.split(": ", 1)[-1]) for ln in p.stderr.splitlines()])
    assert errs[0] == errs[1] and len(errs[0]) == 2, errs
