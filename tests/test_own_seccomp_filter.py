"""A tracee's own seccomp filter fails calls before pytrace's filter can ask for a stop
(SECCOMP_RET_ERRNO takes precedence over SECCOMP_RET_TRACE). strace 6.1, stopping at every
syscall, prints those calls; pytrace's default seccomp-bpf mode (-e trace= on a started
command) switches to stopping at every syscall once a tracee installs a filter, so it prints
them too."""

from __future__ import annotations

import re

import pytest

from tests.differential import by_process, compare, compile_probe, have_gcc, have_strace, run_both

_TRACER = re.compile(r"^(P1 getppid\(\)\s+= )\d+$")  # the first getppid: the tracer's own pid


def _masked(lines: list[str]) -> list[str]:
    return by_process([_TRACER.sub(r"\1TRACER", x) for x in lines])


live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")


@live
@pytest.mark.parametrize("trace", ["getppid,getuid", "getppid,getuid,seccomp,prctl", "getuid"])
def test_filtered_calls_are_shown(trace: str) -> None:
    probe = compile_probe("own_seccomp_filter", ["-pthread"])
    r = run_both([probe], ["-e", "trace=" + trace])
    failed = [x for x in r.strace if "= -1 E" in x]
    assert len(failed) >= (3 if trace == "getuid" else 7), r.strace  # the run shows what it must
    res = compare(_masked(r.strace), _masked(r.pytrace))
    assert res.rate == 1.0, res.report()


@live
def test_tracer_under_a_filter_stops_at_every_syscall() -> None:
    """pytrace started under a filter (which the command inherits) does not rely on its own."""
    wrap = compile_probe("seccomp_wrap")
    r = run_both(["/bin/sh", "-c", "echo $PPID; /bin/true"], ["-e", "trace=getppid"], wrapper=[wrap])
    assert any("getppid() = -1 EPERM" in " ".join(x.split()) for x in r.strace), r.strace
    res = compare(by_process(r.strace), by_process(r.pytrace))
    assert res.rate == 1.0, res.report()
