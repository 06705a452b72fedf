"""--pidns-translation (--decode-pids=pidns): pids of a tracee in another pid namespace carry
`` /* N in strace's PID NS */``; live comparisons with strace 6.1 under ``unshare -pf``, and
the translation itself on this process (same namespace: nothing to add)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest

from pytrace import pids
from pytrace.cli import parse_args
from tests.differential import by_process, compare, first_exec_line, have_strace, run_both


def _can_unshare() -> bool:
    exe = shutil.which("unshare")
    if exe is None or not have_strace():
        return False
    p = subprocess.run([exe, "-pf", "--mount-proc", "true"], capture_output=True, timeout=30)
    return p.returncode == 0


live = pytest.mark.skipif(not _can_unshare(), reason="needs strace and unshare -p (root)")

# The shell is the namespace's init (pid 1): its own pid, its children's (fork/clone results),
# a kill of itself from a subshell, and getppid from a child shell. Each child lives 0.3 s:
# strace (and pytrace) print no translation for a child already gone (a zombie) when the
# parent's clone returns, which the scheduler could otherwise decide.
_SCRIPT = 'kill -0 $$; (kill -0 $$; sleep 0.3; exit 2); sh -c "kill -0 \\$PPID; sleep 0.3"; true'
_ARGV = ["unshare", "-pf", "--mount-proc", "sh", "-c", _SCRIPT]


def _rate(opts: list[str]) -> tuple[float, str, list[str]]:
    # Signals are left out (where SIGCHLD lands is scheduling); per-process order for the same
    # reason (where a child's lines cut its parent's clone).
    r = run_both(_ARGV, [*opts, "-e", "signal=none"])
    a = [x for x in r.strace if not first_exec_line(x)]
    b = [x for x in r.pytrace if not first_exec_line(x)]
    res = compare(by_process(a), by_process(b))
    return res.rate, res.report(), a


@live
def test_pidns_translation() -> None:
    rate, report, lines = _rate(["--pidns-translation", "-e", "trace=getpid,getppid,gettid,kill,clone,vfork,fork"])
    assert sum("in strace's PID NS */" in x for x in lines) >= 4, lines  # the probe works
    assert rate == 1.0, report


# Masked, by class: PREFIX_COMM, the line prefix's <comm> (when strace reloads it around an exec
# is the -Y writer's business, as in tests/test_decode_pids.py); the pids inside lines are not.
_PREFIX_COMM = re.compile(r"^(P\d+)<[^>]*> ")


@live
def test_decode_pids_all() -> None:
    # -Y's <comm> is read from the process the pid names in the tracer's namespace. A child's
    # comm at its clone's return is scheduling (before or after its exec): clone left out.
    r = run_both(_ARGV, ["--decode-pids=all", "-e", "signal=none", "-e", "trace=getpid,getppid,kill"])
    a = [_PREFIX_COMM.sub(r"\1 ", x) for x in r.strace if not first_exec_line(x)]
    b = [_PREFIX_COMM.sub(r"\1 ", x) for x in r.pytrace if not first_exec_line(x)]
    assert any("<sh> /* " in x for x in a), a
    res = compare(by_process(a), by_process(b))
    assert res.rate == 1.0, res.report()


@live
def test_signal_sender() -> None:
    # si_pid of a live sender is translated; the sender sleeps while its signal is printed.
    script = 'trap "" USR1; (kill -USR1 1; sleep 0.5); true'
    r = run_both(["unshare", "-pf", "--mount-proc", "sh", "-c", script],
                 ["--pidns-translation", "-e", "trace=kill", "-e", "signal=USR1"])
    assert any("si_pid=2 /* " in x for x in r.strace), r.strace
    res = compare(by_process(r.strace), by_process(r.pytrace))
    assert res.rate == 1.0, res.report()


def test_zombie_not_translated() -> None:
    # strace 6.1 prints a zombie's pid bare (a SIGCHLD's si_pid): its status is not used.
    child = os.fork()
    if child == 0:
        os._exit(0)
    try:
        for _ in range(500):
            with open(f"/proc/{child}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    break
            time.sleep(0.01)
        assert pids._ns_ids(f"/proc/{child}", "NSpid") is None
        ids = pids._ns_ids(f"/proc/{os.getpid()}", "NSpid")  # a live process: its own ns last
        assert ids is not None and ids[-1] == os.getpid()
    finally:
        os.waitpid(child, 0)


def test_option_sets() -> None:
    # -Y, --pidns-translation and --decode-pids= each replace the set, as in strace 6.1.
    cfg = parse_args(["-Y", "--pidns-translation", "true"])
    assert (cfg.decode_pids_comm, cfg.pidns_translation) == (False, True)
    cfg = parse_args(["--pidns-translation", "-Y", "true"])
    assert (cfg.decode_pids_comm, cfg.pidns_translation) == (True, False)
    cfg = parse_args(["--decode-pids=comm,pidns", "true"])
    assert (cfg.decode_pids_comm, cfg.pidns_translation) == (True, True)


def test_same_namespace_adds_nothing() -> None:
    me = os.getpid()
    assert pids.translate(me, me) == 0
    assert pids.after_pid(me, me, "tgid", False, True) == ""
    assert pids.after_pid(me, me, "tgid", True, True) == pids.pid_comm(me)
    assert pids.after_pid(me, 0, "tgid", True, True) == ""
