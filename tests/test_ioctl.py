"""ioctl: differential tests against strace per family, golden bytes, and robustness."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.config import TraceConfig
from pytrace.decoders import load_decoders
from pytrace.decoders.registry import DECODERS
from pytrace.memory import Memory
from pytrace.tracee import Tracee
from syscall_tables.generated.ioctls import REQUESTS, STRACE_NAMES
from tests.differential import compare, compile_probe, have_gcc, have_strace, normalise, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")
load_decoders()


def _family_rate(res, prefixes: tuple[str, ...]) -> tuple[int, int]:
    """Lines of a family (by request name) in both outputs, compared."""
    def pick(lines: list[str]) -> list[str]:
        return [ln for ln in lines if any(f", {p}" in ln for p in prefixes)]
    sub = compare(pick(res.strace), pick(res.pytrace))
    return sub.matched, sub.total


def _unpad(res):  # type: ignore[no-untyped-def]
    """Pids printed inside a line (TIOCGPGRP) change its width, so its padding: compare unpadded."""
    def f(lines: list[str]) -> list[str]:
        return [re.sub(r"\) +=", ") =", ln) for ln in lines]
    return compare(f(res.strace), f(res.pytrace))


@live
def test_term_probe_matches_strace() -> None:
    res = _unpad(run_both([compile_probe("ioctl_term")], ["-e", "trace=ioctl"]))
    assert res.total >= 40
    assert res.rate >= 0.98, res.report()


@live
def test_stty_on_a_pty_matches_strace() -> None:
    stty = shutil.which("stty")
    if not stty:
        pytest.skip("needs stty")
    master, slave = os.openpty()
    try:
        tty = os.ttyname(slave)
        # The pty outlives each run: the command ends by restoring the state it started from.
        initial = subprocess.run([stty, "-g"], stdin=slave, capture_output=True, text=True).stdout.strip()
        cmd = (f"{stty} -a < {tty}; {stty} sane rows 30 cols 100 < {tty}; {stty} -echo < {tty}; "
               f"{stty} {initial} rows 0 cols 0 < {tty}")
        res = run_both(["/bin/sh", "-c", cmd], ["-e", "trace=ioctl"])
    finally:
        os.close(master)
        os.close(slave)
    assert res.total >= 5
    assert res.rate >= 0.98, res.report()


@live
def test_sock_probe_matches_strace() -> None:
    res = run_both([compile_probe("ioctl_sock")], ["-e", "trace=ioctl"])
    assert res.total >= 25
    assert res.rate >= 0.98, res.report()


@live
def test_ifconfig_matches_strace() -> None:
    ifconfig = shutil.which("ifconfig")
    if not ifconfig:
        pytest.skip("needs ifconfig")
    res = run_both([ifconfig, "lo"], ["-e", "trace=ioctl"])
    assert res.total >= 5
    assert res.rate >= 0.98, res.report()


def _loop_device() -> tuple[str, str] | None:
    losetup = shutil.which("losetup")
    if os.geteuid() != 0 or not losetup:
        return None
    img = tempfile.NamedTemporaryFile(prefix="pytrace-blk-", delete=False)
    img.truncate(8 << 20)
    img.close()
    r = subprocess.run([losetup, "-f", "--show", img.name], capture_output=True, text=True)
    if r.returncode:
        os.unlink(img.name)
        return None
    return r.stdout.strip(), img.name


@live
def test_nsfs_perf_block_match_strace() -> None:
    dev = _loop_device()
    try:
        argv = [compile_probe("ioctl_misc")] + ([dev[0]] if dev else [])
        res = run_both(argv, ["-e", "trace=ioctl"])
        if dev:
            blockdev = shutil.which("blockdev")
            extra = run_both([blockdev, "--getsize64", "--getss", "--getpbsz", "--getro", "--getsz",
                              "--getiomin", "--getioopt", "--getra", "--getbsz", dev[0]],
                             ["-e", "trace=ioctl"]) if blockdev else None
    finally:
        if dev:
            subprocess.run(["losetup", "-d", dev[0]], check=False)
            os.unlink(dev[1])
    for fam in (("NS_",), ("PERF_EVENT_IOC_",), ("RND",), ("FI",)) + ((("BLK",),) if dev else ()):
        matched, total = _family_rate(res, fam)
        assert total >= 1 and matched / total >= 0.98, (fam, res.report())
    if dev and extra is not None:
        assert extra.rate >= 0.98, extra.report()


# --- golden bytes: decoders run against a tracee whose memory is the test process itself -------


def _tracee(args: tuple[int, ...], **cfg: object) -> Tracee:
    t = Tracee(os.getpid(), TraceConfig(**cfg), Memory(os.getpid()))  # type: ignore[arg-type]
    t.args = (*args, 0, 0, 0)[:6]
    return t


def _decode(args: tuple[int, ...], rval: int = 0, **cfg: object) -> tuple[str, str]:
    """Run the ioctl decoder over entry and exit; return (arguments text, raux)."""
    t = _tracee(args, **cfg)
    t.out = []
    more = DECODERS["ioctl"](t)
    if more:
        t.exiting = True
        t.rval = rval
        t.is_error = rval < 0
        DECODERS["ioctl"](t)
    return ", ".join(t.out), t.raux


def _buf(data: bytes) -> tuple[int, object]:
    import ctypes

    b = ctypes.create_string_buffer(data, len(data))
    return ctypes.addressof(b), b


def test_loop_info64_golden() -> None:
    layout = struct.Struct("<QQQQQIIII64s64s32sQQ")
    raw = layout.pack(0x700, 12, 0, 4096, 0, 0, 0, 0, 0xC, b"/tmp/img", b"", b"", 0, 0)
    a, keep = _buf(raw)
    text, _ = _decode((3, 0x4C04, a))  # LOOP_SET_STATUS64
    assert text == ('3, LOOP_SET_STATUS64, {lo_offset=0x1000, lo_number=0, '  # hex, as strace prints it
                    'lo_flags=LO_FLAGS_AUTOCLEAR|LO_FLAGS_PARTSCAN, lo_file_name="/tmp/img", ...}')
    del keep


def test_evdev_and_watchdog_golden() -> None:
    # EVIOCGNAME(256): a name strace computes from the number; a failed call prints the address.
    code = (2 << 30) | (256 << 16) | (0x45 << 8) | 6
    assert _decode((3, code, 0x1000), rval=-9)[0] == "3, EVIOCGNAME(256), 0x1000"
    a, keep = _buf(struct.pack("<i", 30))
    assert _decode((3, 0xC0045706, a))[0] == "3, WDIOC_SETTIMEOUT, [30]"
    del keep


def test_unknown_request_prints_ioc_fields() -> None:
    code = (2 << 30) | (8 << 16) | (0x54 << 8) | 0x99
    assert _decode((3, code, 0))[0] == "3, _IOC(_IOC_READ, 0x54, 0x99, 0x8), 0"


def test_ioctl_dump_and_shared_names() -> None:
    code = (1 << 30) | (4 << 16) | (0xFE << 8) | 1  # _IOW(0xfe, 1, int): nobody decodes it
    a, keep = _buf(b"\x01\x02\x03\x04")
    assert _decode((3, code, a), ioctl_dump=True)[0] == (
        f'3, _IOC(_IOC_WRITE, 0xfe, 0x1, 0x4), {a:#x} /* "\\x01\\x02\\x03\\x04" */')
    del keep
    # FIONREAD on a socket is SIOCINQ past strace (strace itself prints FIONREAD).
    import socket

    s = socket.socket()
    try:
        assert _decode((s.fileno(), 0x541B, 0), ioctl_dump=True)[0].startswith(f"{s.fileno()}, SIOCINQ")
        assert _decode((s.fileno(), 0x541B, 0))[0].startswith(f"{s.fileno()}, FIONREAD")
    finally:
        s.close()


def test_user_decoders(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "dec.py"
    f.write_text(
        "import construct as cs\n"
        "REQ = (2 << 30) | (8 << 16) | (0x77 << 8) | 1\n"
        "NAMES = {REQ: 'MYDEV_GET_STATE'}\n"
        "DECODERS = {REQ: cs.Struct('temp' / cs.Int32sl, 'flags' / cs.Int32ul)}\n"
    )
    code = (2 << 30) | (8 << 16) | (0x77 << 8) | 1
    a, keep = _buf(struct.pack("<iI", -5, 3))
    text, _ = _decode((3, code, a), ioctl_decoders=str(f))
    assert text == "3, MYDEV_GET_STATE, {temp=-5, flags=3}"
    del keep


def test_generated_fields_agree_with_codes() -> None:
    for name, (code, d, ty, nr, size, _h) in REQUESTS.items():
        assert code == (d << 30) | (size << 16) | (ty << 8) | nr, name
    assert STRACE_NAMES[0x5401] == "TCGETS"


def test_normalise_is_used() -> None:
    assert normalise(["1 x"]) == ["P1 x"]


# --- hostile data -------------------------------------------------------------------------

_CODES = sorted({v[0] for v in REQUESTS.values()})


@settings(max_examples=400, deadline=None)
@given(
    code=st.one_of(st.sampled_from(_CODES), st.integers(0, 0xFFFFFFFF)),
    payload=st.binary(min_size=0, max_size=512),
    null=st.booleans(),
    rval=st.sampled_from([0, 1, -14, 5, 0x7FFFFFFF]),
    verbose=st.booleans(),
)
def test_random_requests_never_raise(code: int, payload: bytes, null: bool, rval: int, verbose: bool) -> None:
    a, keep = _buf(payload + b"\0" * 8)
    _decode((3, code, 0 if null else a), rval=rval, verbose=verbose)
    _decode((3, code, 8), rval=rval)  # unmapped
    del keep
