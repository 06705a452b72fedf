"""--netlink-rw and --netlink=strace, live: a netlink request written with write() decodes
as strace decodes the same bytes sent with send(); without the option, read/write lines stay
strace's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.differential import STRACE, _env, _norepeat, compare, have_strace, normalise, run_both

PROBE = str(Path(__file__).parent / "probes" / "netlink_rw.py")
pytestmark = pytest.mark.skipif(not have_strace(), reason="strace is not installed")

# the buffer argument of each call (the line continues with the length)
_BUF = re.compile(r"^(write|read|sendto|recvfrom)\(\d+, (.*?), (\d+)(?:, 0, NULL, (?:0|NULL))?\) += ")
# the socket's port id is the traced process's pid, which differs between the two runs
_SEQ = re.compile(r"nlmsg_seq=\d+")
_PORT = re.compile(r"nlmsg_pid=[1-9]\d*")


def _run(tracer: list[str], out: Path, argv: list[str], opts: list[str]) -> list[str]:
    subprocess.run(_norepeat([*tracer, "-o", str(out), *opts, *argv]), env=_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    # genl numbers its requests from time(NULL): the two runs can fall in different seconds.
    return [_SEQ.sub("nlmsg_seq=SEQ", _PORT.sub("nlmsg_pid=PID", line))
            for line in normalise(out.read_text().splitlines())]


def _trace(tracer: list[str], out: Path) -> list[str]:
    return _run(tracer, out, [sys.executable, PROBE], ["-e", "trace=write,read,sendto,recvfrom", "-s", "4096"])


def _bufs(lines: list[str], calls: tuple[str, str]) -> list[str]:
    """The buffers of the probe's netlink calls (fd 3 or above, after the interpreter's reads)."""
    got = []
    for line in lines:
        m = _BUF.match(line)
        if m and m.group(1) in calls and "nlmsg_len" in line:
            got.append(m.group(2))
    return got


def test_write_read_decode_as_strace_decodes_send_recv(tmp_path: Path) -> None:
    strace = _trace([STRACE], tmp_path / "s")
    mine = _trace([sys.executable, "-m", "pytrace", "--netlink-rw"], tmp_path / "p")
    theirs = _bufs(strace, ("sendto", "recvfrom"))
    assert len(theirs) == 4  # two requests, two error replies
    assert _bufs(mine, ("write", "read")) == theirs
    assert _bufs(mine, ("sendto", "recvfrom")) == theirs


def test_without_the_option_read_write_stay_strings() -> None:
    res = run_both([sys.executable, PROBE], ["-e", "trace=write,read,sendto,recvfrom", "-s", "64"])
    assert res.rate >= 0.98, res.report()
    assert res.total >= 8


@pytest.mark.skipif(not os.path.exists("/usr/sbin/genl"), reason="iproute2's genl is not installed")
def test_netlink_strace_mode_matches_strace_on_genl(tmp_path: Path) -> None:
    argv, opts = ["/usr/sbin/genl", "ctrl", "list"], ["-e", "trace=sendmsg,recvmsg", "-v", "-s", "64"]
    strace = _run([STRACE], tmp_path / "s", argv, opts)
    strict = _run([sys.executable, "-m", "pytrace", "--netlink=strace"], tmp_path / "p", argv, opts)
    deep = _run([sys.executable, "-m", "pytrace"], tmp_path / "d", argv, opts)
    res = compare(strace, strict)
    assert res.total >= 4 and res.rate >= 0.98, res.report()
    assert deep != strict  # the default names what strace 6.1 prints in hex


def test_bad_netlink_mode_is_a_usage_error() -> None:
    p = subprocess.run([sys.executable, "-m", "pytrace", "--netlink=hex", "true"], capture_output=True, text=True)
    assert p.returncode != 0 and "--netlink" in p.stderr
