"""Regressions found by tests/netlink_report.py on real clients (`ip rule`, `ss -tan -v`):
FRA_SPORT_RANGE / FRA_DPORT_RANGE / FRA_UID_RANGE print as ``{start=N, end=N}``, FRA_TUN_ID as
``htobe64(N)``, INET_DIAG_SOCKOPT under -v every bit field and the unused bits. strace 6.1 is the
oracle on the crafted buffers of tests/probes/netlink_strict_fixes.py (short, exact and long
payloads; every sockopt bit), in both modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytrace.netlink import format_bytes, spec

from . import test_netlink_more as more
from .differential import have_strace
from .netlink_oracle import buffer_text

PROBE = Path(__file__).parent / "probes" / "netlink_strict_fixes.py"
OPTIONS = {"default": ([], False), "-v": (["-v"], True)}


@pytest.fixture(scope="module", params=list(OPTIONS))
def captured(request: pytest.FixtureRequest) -> tuple[bool, list[tuple[int, bytes, str]]]:
    if not have_strace():
        pytest.skip("no strace")
    old = more.PROBE
    more.PROBE = PROBE
    try:
        opts, verbose = OPTIONS[request.param]
        return verbose, more.capture(opts)
    finally:
        more.PROBE = old


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "default"])
def test_identical_to_strace(captured: tuple[bool, list], strict: bool,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec, "STRICT", strict)
    verbose, bufs = captured
    assert len(bufs) == 12
    for proto, data, line in bufs:
        mine = format_bytes(data, proto, verbose=verbose)
        assert buffer_text(line).startswith(mine + ", "), (line[:600], mine[:600])
    joined = "\n".join(line for _p, _d, line in bufs)
    assert "FRA_DPORT_RANGE}, {start=80, end=8080}" in joined and "htobe64(4660)" in joined
    assert "unused=0x1f /* bits 3..8 */" in joined
