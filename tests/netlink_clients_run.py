"""Run inside a network namespace (``ip netns exec NS python -m tests.netlink_clients_run``):
compare one netlink client under strace and pytrace, print ``total rate`` and the report.
Both tracers must live in the client's namespace: strace finds a socket's protocol there."""

from __future__ import annotations

import os
import re
import sys

from .differential import compare, netlink_run_values, run_both

_MSG = re.compile(r"(?=\[\{nlmsg_len=)")


def _normalise(line: str) -> str:
    """Drop what differs between two runs by nature: sequence numbers, port ids, random timers, and in a netlink_diag
    dump the traced client's own socket (ndiag_portid=P1: a new inode and cookie each run, so
    a different place in the kernel's hash order)."""
    line = netlink_run_values(line)
    if "ndiag_portid=P1" in line:
        line = "".join(p for p in _MSG.split(line) if "ndiag_portid=P1" not in p)
    return line


def main(argv: list[str]) -> None:
    verbose = argv[0] == "-v"
    os.environ["PYTRACE_NETLINK"] = "strace"
    opts = ["-e", "trace=sendto,recvfrom,sendmsg,recvmsg"] + (["-v"] if verbose else [])
    r = run_both(argv[1:], opts)
    r = compare([_normalise(x) for x in r.strace], [_normalise(x) for x in r.pytrace])
    print(r.total, r.rate)
    print(r.report(3))


if __name__ == "__main__":
    main(sys.argv[1:])
