"""Run the netlink probe under the installed strace and pair each buffer the probe recorded
with the text strace printed for it (same run, so the bytes are exactly what strace saw)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .differential import STRACE

PROBE = Path(__file__).parent / "probes" / "netlink_dump.py"


def capture() -> list[tuple[int, bytes, str]]:
    """(protocol, bytes, strace's syscall line) for every buffer sent or received."""
    with tempfile.TemporaryDirectory() as d:
        hexf, log = Path(d) / "bufs", Path(d) / "strace"
        subprocess.run([STRACE, "-qq", "-e", "trace=sendto,recvfrom", "-o", str(log),
                        sys.executable, str(PROBE), str(hexf)], check=True)
        bufs = [ln.split() for ln in hexf.read_text().splitlines()]
        lines = [ln for ln in log.read_text().splitlines()
                 if ln.startswith(("sendto(", "recvfrom(")) and "AF_NETLINK" in ln
                 or ln.startswith("sendto(") and ", 0, {sa_family=AF_NETLINK" in ln]
    out = []
    for (proto, _fd, _n, hx), line in zip(bufs, lines, strict=False):
        out.append((int(proto), bytes.fromhex(hx), line))
    return out


def buffer_text(line: str) -> str:
    """The second argument of a sendto/recvfrom line, cut where the known tail begins."""
    head = line.index(", ") + 2
    return line[head:]
