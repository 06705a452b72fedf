"""Error returns strace 6.1 cannot name print as ``-1 (errno N)``: live comparison."""

from __future__ import annotations

import pytest

from tests.differential import compile_probe, first_exec_line, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")


@live
def test_unknown_errno_matches_strace() -> None:
    # No -e trace=: a filter of pytrace's own (seccomp-bpf) would never see calls the probe's
    # filter fails first.
    r = run_both([compile_probe("errno_unknown")])
    assert sum("(errno " in x for x in r.strace) == 3, r.report()
    diffs = [(a, b) for a, b in r.diffs if not first_exec_line(a or b)]
    assert not diffs, r.report()
