"""Named constants (pytrace/decoders/_consts.py) and the shared input-timeout printers
(_timespec.timespec_any / timeval_any) against the installed strace."""

from __future__ import annotations

import pytest

from pytrace.decoders._consts import consts, named
from tests.differential import compile_probe, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")


def test_named_reads_the_generated_table() -> None:
    from syscall_tables import xlat

    pairs = dict((n, v) for v, n in reversed(xlat("fcntlcmds")))
    assert named("fcntlcmds", "F_GETFL F_SETFL") == (pairs["F_GETFL"], pairs["F_SETFL"])
    assert consts("IOV_MAX") == (dict((n, v) for v, n in xlat("constants"))["IOV_MAX"],)


def test_unknown_name_fails_at_import_time() -> None:
    with pytest.raises(KeyError):
        named("fcntlcmds", "F_GETFL F_NO_SUCH_COMMAND")


@live
@pytest.mark.parametrize("opts", [[], ["-v"]], ids=["default", "v"])
def test_timeout_inputs_match_strace(opts: list[str]) -> None:
    calls = "semtimedop,recvmmsg,mq_timedsend,mq_timedreceive,io_getevents,select"
    res = run_both([compile_probe("timeout_inputs")], ["-e", f"trace={calls}", *opts])
    assert res.total >= 30, res.report()
    assert res.rate == 1.0, res.report()
