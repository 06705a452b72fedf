"""Netlink clients in a network namespace made for the test (a bridge with a veth port, all
down so no counter or timer moves between the two runs) print as strace 6.1 prints them, with
and without -v: IFLA_PROTINFO (inet6, bridge port), IFLA_LINKINFO kind and slave data,
IFLA_AF_SPEC, IFLA_XDP, sock_diag for every family ``ss -an`` asks."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes

from .differential import have_strace

ROOT = Path(__file__).resolve().parent.parent


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def netns() -> Iterator[str]:
    if os.geteuid() != 0 or not shutil.which("ip") or not have_strace():
        pytest.skip("needs root, iproute2 and strace")
    name = f"pytrace-nl-{os.getpid()}"
    try:
        _ip("netns", "add", name)
    except subprocess.CalledProcessError:
        pytest.skip("cannot create a network namespace")
    try:
        _ip("-n", name, "link", "add", "br0", "type", "bridge")
        _ip("-n", name, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
        _ip("-n", name, "link", "set", "v0", "master", "br0")
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)


CLIENTS = [["ip", "-6", "addr"], ["ip", "-d", "link"], ["bridge", "link"],
           ["ss", "-an"],
           ["ip", "-s", "-s", "link"], ["ip", "addr"]]


@pytest.mark.parametrize("verbose", [False, True], ids=["default", "-v"])
@pytest.mark.parametrize("argv", CLIENTS, ids=lambda a: " ".join(a) if isinstance(a, list) else a)
def test_client_identical_to_strace(netns: str, argv: list[str], verbose: bool) -> None:
    if not shutil.which(argv[0]):
        pytest.skip(f"no {argv[0]}")
    out = subprocess.run(
        ["ip", "netns", "exec", netns, sys.executable, "-m", "tests.netlink_clients_run",
         "-v" if verbose else "-", *argv], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    total, rate = out.stdout.split("\n", 1)[0].split()
    assert int(total) >= 3 and float(rate) >= 0.98, out.stdout[:4000]


def _attr(t: int, payload: bytes) -> bytes:
    n = 4 + len(payload)
    return struct.pack("<HH", n, t) + payload + bytes((-n) % 4)


def _link(family: int) -> bytes:
    """RTM_NEWLINK with the nested attributes this module decodes (AF_SPEC, PROTINFO, LINKINFO)."""
    conf = _attr(1, struct.pack("<4i", 1, 0, -1, 7))
    body = struct.pack("<BxHiII", family, 1, 2, 0, 0) + _attr(1, bytes(6)) + \
        _attr(12, _attr(1, b"\3") + _attr(2, struct.pack("<I", 0x80000000)) + conf) + \
        _attr(18, _attr(1, b"bridge\0") + _attr(2, _attr(1, struct.pack("<I", 1500))) +
              _attr(4, b"bridge\0") + _attr(5, _attr(22, struct.pack("<Q", 250)))) + \
        _attr(26, _attr(2, conf) + _attr(10, _attr(3, struct.pack("<3Q", 1, 2, 3))))
    return struct.pack("<IHHII", 16 + len(body), 16, 2, 1, 0) + body


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([0, 7, 10]), st.lists(st.tuples(st.integers(0, 250), st.integers(0, 255)),
                                             max_size=8), st.integers(0, 260))
def test_mutated_links_never_raise(family: int, muts: list[tuple[int, int]], cut: int) -> None:
    """Random corruption and truncation (the readable bytes end early) of nested link
    attributes: the decoder prints up to the fault and never raises."""
    base = bytearray(_link(family))
    for pos, val in muts:
        if pos < len(base):
            base[pos] = val
    data = bytes(base)
    for verbose in (False, True):
        assert isinstance(format_bytes(data, 0, verbose=verbose), str)
        assert isinstance(format_bytes(data[:cut], 0, len(data), addr=0x1000), str)
