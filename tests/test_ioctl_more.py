"""ioctl payloads past the first round: fs (flags, fsxattr, FIEMAP, FIDEDUPERANGE), userfaultfd,
seccomp user notification, rtc, watchdog, loop_info / loop_info64 / loop_config, BLKPG, evdev.

All live against the installed strace (tests/probes/ioctl_more.c). Devices this machine lacks
(rtc, watchdog, old loop_info, BLKPG) are exercised on descriptor 1000 that a seccomp supervisor
answers with success: the output buffers hold bytes the probe wrote, which both tracers read.
pytrace runs with --no-seccomp-bpf there: its default seccomp filter is inherited by the probe's
CLONE_UNTRACED supervisor, whose ioctls then fail with ENOSYS (strace --seccomp-bpf does the same).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from syscall_tables import gen_ioctl
from syscall_tables.generated.ioctls import REQUESTS, STRACE_NAMES
from tests.differential import STRACE, compare, compile_probe, have_gcc, have_strace, normalise

live = pytest.mark.skipif(not (have_strace() and have_gcc() and os.geteuid() == 0),
                          reason="needs strace, gcc and root (userfaultfd, seccomp listener)")

_RUN: dict[str, tuple[list[str], list[str]]] = {}
# Differ by nature between two runs: seccomp notification ids (random per filter) and the disk
# block a new file's extent lands on. Pids are normalised by tests.differential.normalise.
_ID = re.compile(r"(id=|\[|fe_physical=)(?:0x[0-9a-f]{9,16}|(?<==)\d+)")


def _trace(cmd: list[str], out: str, cwd: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["LC_ALL"] = "C"
    subprocess.run(["setarch", "-R", *cmd], env=env, cwd=cwd, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [_ID.sub(r"\1ID", ln) for ln in Path(out).read_text(errors="surrogateescape").splitlines()]


# Option sets the probe runs under: strace's default, -v, -X verbose, and -v -X raw.
STYLES = {"abbrev": [], "verbose": ["-v"], "xverbose": ["-X", "verbose"], "raw": ["-v", "-X", "raw"]}


def _both(style: str = "abbrev") -> tuple[list[str], list[str]]:
    key = style
    if key not in _RUN:
        probe = compile_probe("ioctl_more")
        opts = ["-f", "-e", "trace=ioctl", *STYLES[style]]
        with tempfile.TemporaryDirectory(dir="/var/tmp") as d:
            a, b = os.path.join(d, "s.out"), os.path.join(d, "p.out")
            work = os.path.join(d, "fs")
            os.mkdir(work)
            sa = _trace([STRACE, *opts, "-o", a, probe, work], a, d)
            pb = _trace([sys.executable, "-m", "pytrace", "--no-seccomp-bpf", *opts, "-o", b, probe, work], b, d)
        _RUN[key] = (normalise(sa), normalise(pb))
    return _RUN[key]


_RAW_REQ = re.compile(r"^\S+ ioctl\(-?\d+, (0x[0-9a-f]+)")
# Requests whose _IOC type other families of this probe use too.
_SHARED_TYPE = frozenset({"FS_IOC_FSGETXATTR", "FS_IOC_FSSETXATTR"})

FAMILIES = {
    "fs": ("FS_IOC_", "FIDEDUPERANGE"),
    "userfaultfd": ("UFFDIO_",),
    "seccomp": ("SECCOMP_IOCTL_",),
    "rtc": ("RTC_",),
    "watchdog": ("WDIOC_",),
    "loop": ("LOOP_SET_STATUS,", "LOOP_GET_STATUS,", "LOOP_SET_STATUS64,", "LOOP_GET_STATUS64,",
             "LOOP_CONFIGURE,"),
    "evdev": ("EVIOC", "0x45, 0x"),
    "blkpg": ("BLKPG,",),
}


@live
@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_matches_strace(family: str, style: str) -> None:
    sa, pb = _both(style)

    def pick(lines: list[str]) -> list[str]:
        if style in ("raw", "xverbose"):  # requests print as numbers: pick by their _IOC type
            return [ln for ln in lines if (m := _RAW_REQ.search(ln)) and int(m[1], 16) >> 8 & 0xFF in types]
        return [ln for ln in lines if any(p in ln for p in FAMILIES[family])]

    names = [n for n in REQUESTS if any(n.startswith(p.rstrip(",")) for p in FAMILIES[family])]
    types = {REQUESTS[n][0] >> 8 & 0xFF for n in names if n not in _SHARED_TYPE}

    res = compare(pick(sa), pick(pb))
    assert res.total >= 3, (family, sa[:5])
    assert res.rate >= 0.98, res.report()


@live
def test_probe_reached_every_family() -> None:
    sa, _ = _both()
    text = "\n".join(sa)
    for needle in ("FS_IOC_FIEMAP, {fm_start=0", "UFFDIO_COPY, {dst=", "SECCOMP_IOCTL_NOTIF_RECV, {id=",
                   "RTC_RD_TIME, {tm_sec=5", "BLKPG, {op=BLKPG_ADD_PARTITION", "LOOP_GET_STATUS, {lo_number=3",
                   "LOOP_CONFIGURE, {fd=5, block_size=4096, info={", "EVIOCGBIT(EV_KEY, 96), [KEY_RESERVED",
                   "EVIOCSFF, {type=FF_RUMBLE", "EVIOCGMTSLOTS(12), {code=ABS_MT_SLOT"):
        assert needle in text, needle


def test_gen_ioctl_one_header_regenerates() -> None:
    """A full regeneration takes ~40 s (every header, then strace over 2,200 codes); this checks one
    header whose requests need a wrapper macro (SECCOMP_IOWR) and one that needs <linux/fiemap.h>."""
    if not have_gcc():
        pytest.skip("needs gcc")
    for header in ("linux/seccomp.h", "linux/fs.h"):
        names = gen_ioctl._candidates(header)
        got = gen_ioctl._evaluate(header, names)
        want = {n: v[:5] for n, v in REQUESTS.items() if v[5] == header}
        assert {n: v for n, v in got.items() if n in want} == want
        assert set(want) <= set(got)
    if have_strace():
        codes = [REQUESTS[n][0] for n in ("SECCOMP_IOCTL_NOTIF_RECV", "FS_IOC_FIEMAP", "TCGETS")]
        assert gen_ioctl.strace_names(codes) == {c: STRACE_NAMES[c] for c in codes}
