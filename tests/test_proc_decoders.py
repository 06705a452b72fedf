"""Process-control and credential decoders against the installed strace (tests/probes/proc.c)."""

from __future__ import annotations

import pytest

from tests.differential import compile_probe, have_gcc, have_strace, run_both

pytestmark = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# The calls this family decodes so far (prctl, mount, statfs, bpf ... are still printargs).
CALLS = (
    "setuid,setgid,setreuid,setregid,setresuid,setresgid,getresuid,getresgid,setfsuid,setfsgid,"
    "getgroups,setgroups,getpriority,setpriority,personality,sched_getscheduler,"
    "sched_setscheduler,sched_getparam,sched_setparam,sched_get_priority_max,"
    "sched_get_priority_min,sched_rr_get_interval,sched_getaffinity,sched_setaffinity,"
    "sched_getattr,sched_setattr,capget,capset,unshare,setns,pidfd_open,pidfd_send_signal,"
    "pidfd_getfd,membarrier,kcmp"
)


def test_proc_probe_matches_strace() -> None:
    res = run_both([compile_probe("proc", ["-w"])], ["-e", f"trace={CALLS}"])
    print("proc:", res.report())
    assert res.total > 60, res.report()
    assert res.rate >= 0.98, res.report()
