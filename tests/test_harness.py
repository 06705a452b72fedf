"""The differential harness itself: pid normalisation must not turn data into mismatches."""

from __future__ import annotations

from tests.differential import by_process, compare, netlink_run_values, normalise


def _select_line(pid: int) -> str:
    fds = " ".join(str(n) for n in range(960, 980))
    return f"{pid}  pselect6(1024, NULL, [{fds}], NULL, NULL, NULL) = 20 (out [{fds}])"


def test_pid_equal_to_data_number() -> None:
    """CI on a fresh machine: strace's tracee was pid 968 and pytrace's 970, and both numbers
    were also fds in the select set, so each run's pid replaced a different fd."""
    a = normalise([_select_line(968), "968  getpid() = 968", "968  +++ exited with 0 +++"])
    b = normalise([_select_line(970), "970  getpid() = 970", "970  +++ exited with 0 +++"])
    assert a[0] != b[0]  # the textual replacement alone disagrees
    res = compare(a, b)
    assert res.rate == 1.0, res.report()


def test_real_difference_still_counts() -> None:
    a = normalise(["968  kill(968, SIGTERM) = 0", "968  write(1, \"970\", 3) = 3"])
    b = normalise(["970  kill(970, SIGKILL) = 0", "970  write(1, \"968\", 3) = 3"])
    res = compare(a, b)
    # the signal differs, and so does the text written: neither number is a pid of the run
    # that printed it, so neither is reconciled
    assert res.matched == 0 and len(res.diffs) == 2, res.report()
    c = normalise(["968  getpid() = 969"])
    d = normalise(["970  getpid() = 971"])
    assert compare(c, d).rate == 0.0


def test_pid_width_moves_the_column() -> None:
    """A pid of 5 digits in one run and 6 in the other moves the `=` column of every line that
    prints it: both are strace's alignment, and compare equal; a wrong padding still differs."""
    a = normalise(["99998 kcmp(99998, 99998, KCMP_VM)       = 0", "99998 getpid()                          = 99998"])
    b = normalise(["100001 kcmp(100001, 100001, KCMP_VM)    = 0", "100001 getpid()                         = 100001"])
    assert a == b
    assert compare(a, b).rate == 1.0, compare(a, b).report()
    bad = normalise(["100001 kcmp(100001, 100001, KCMP_VM) = 0", "100001 getpid()                         = 100001"])
    assert compare(a, bad).rate == 0.5, compare(a, bad).report()


def test_per_process_joining_ignores_the_canonical_column() -> None:
    """A line whole in one run and cut by another process in the other joins to the same text,
    whatever pid widths did to its `=` column (seen on CI: kill(P1, SIGCONT))."""
    whole = by_process(normalise(["99998 kcmp(99998, 99998, KCMP_VM)       = 0"]))
    cut = by_process(normalise(["100001 kcmp(100001, 100001, KCMP_VM <unfinished ...>",
                                "100001 <... kcmp resumed>) = 0"]))
    assert whole == cut


def test_netlink_run_values_masks_what_moves_between_runs() -> None:
    """The kernel draws an inet6 device's reachable_time at random again every 300 s: two runs
    that straddle the draw differ there and nowhere else (a CI flake on ``ip addr -v``)."""
    a = ("[{nlmsg_len=1468, nlmsg_type=RTM_NEWLINK, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1732522, "
         "nlmsg_pid=4021}, [{nla_len=20, nla_type=IFLA_INET6_CACHEINFO}, {max_reasm_len=65535, "
         "tstamp=1365118, reachable_time=21972, retrans_time=1000}]]")
    b = a.replace("21972", "42548").replace("1732522", "1732523").replace("4021", "-4022")
    assert a != b and netlink_run_values(a) == netlink_run_values(b)
    assert netlink_run_values(a.replace("tstamp=1365118", "tstamp=1365119")) != netlink_run_values(a)


def test_pid_as_data_with_column_marker_is_reconciled() -> None:
    """CI-like failure: strace's run had pid 20000, which was also a resource limit in a line
    past the ``=`` column; normalise marked that line's padding with a tab, pytrace's run (pid
    20006) did not, and the pair must still count as the same line."""
    a = normalise(["20000 prlimit64(0, RLIMIT_NOFILE, {rlim_cur=20000, rlim_max=20000}, NULL) = 0"])
    b = normalise(["20006 prlimit64(0, RLIMIT_NOFILE, {rlim_cur=20000, rlim_max=20000}, NULL) = 0"])
    assert a != b
    assert compare(a, b).rate == 1.0
    c = normalise(["20006 prlimit64(0, RLIMIT_NOFILE, {rlim_cur=20001, rlim_max=20000}, NULL) = 0"])
    assert compare(a, c).rate == 0.0
