"""System V IPC and POSIX mq decoders against the installed strace (tests/probes/ipc.c)."""

from __future__ import annotations

import re

import pytest

from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both

pytestmark = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

IPC_CALLS = (
    "%ipc,mq_open,mq_unlink,mq_timedsend,mq_timedreceive,mq_notify,mq_getsetattr"
)
# Wall-clock fields (shm_ctime=...) differ between the two runs by nature.
_TIMES = re.compile(r"(_[acdmorst]time)=\d+")


def _untime(lines: list[str]) -> list[str]:
    return [_TIMES.sub(r"\1=T", line) for line in lines]


def test_ipc_probe_matches_strace() -> None:
    res = run_both([compile_probe("ipc")], ["-e", f"trace={IPC_CALLS}"])
    assert res.total > 60, res.report()
    res = compare(_untime(res.strace), _untime(res.pytrace))
    print("ipc:", res.report())
    assert res.rate == 1.0, res.report()
