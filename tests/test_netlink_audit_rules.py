"""NETLINK_AUDIT rules and signal info (tests/probes/netlink_audit_rules.py: a harmless rule
added, listed and deleted, a watch rule with strings, AUDIT_SIGNAL_INFO, crafted payloads).
strace 6.1 prints struct audit_rule_data and struct audit_sig_info as hex: in strace mode every
buffer must print as strace printed it (same run, and a whole pytrace --netlink=strace run); by
default pytrace decodes them, checked against construct's parse of the same bytes; hostile and
truncated payloads never raise."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes, spec
from pytrace.netlink.audit_rule import RULE_SIZE, audit_rule_data_decl, audit_sig_info_decl
from pytrace.netlink.value import netlink_value

from .differential import STRACE, _env, _norepeat, compare, have_strace, normalise
from .netlink_oracle import buffer_text

PROBE = Path(__file__).parent / "probes" / "netlink_audit_rules.py"
AUDIT = 9
SIGNAL_INFO, ADD_RULE, DEL_RULE, LIST_RULES = 1010, 1011, 1012, 1013
OPTIONS = {"default": ([], 32, False), "-v -s 256": (["-v", "-s", "256"], 256, True)}
live = pytest.mark.skipif(not have_strace() or os.geteuid() != 0, reason="needs strace and root")


def _capture(opts: list[str]) -> list[tuple[bytes, str]]:
    """(bytes, strace's line) for every buffer the probe sent or received, from one run."""
    with tempfile.TemporaryDirectory() as d:
        hexf, log = Path(d) / "bufs", Path(d) / "strace"
        subprocess.run([STRACE, "-qq", *opts, "-e", "trace=sendto,recvfrom", "-o", str(log),
                        sys.executable, str(PROBE), str(hexf)], check=True, timeout=60)
        bufs = [ln.split() for ln in hexf.read_text().splitlines()]
        lines = [ln for ln in log.read_text().splitlines()
                 if ln.startswith(("sendto(", "recvfrom(")) and "AF_NETLINK" in ln]
    assert len(bufs) == len(lines)
    return [(bytes.fromhex(hx), line) for (_p, _fd, _n, hx), line in zip(bufs, lines, strict=True)]


@pytest.fixture(scope="module", params=list(OPTIONS))
def captured(request: pytest.FixtureRequest) -> tuple[str, list[tuple[bytes, str]]]:
    if not have_strace() or os.geteuid() != 0:
        pytest.skip("needs strace and root")
    return request.param, _capture(OPTIONS[request.param][0])


def _text(data: bytes, mode: str) -> str:
    _opts, limit, verbose = OPTIONS[mode]
    return format_bytes(data, AUDIT, limit=limit, verbose=verbose)


def _messages(data: bytes) -> Iterator[tuple[int, bytes]]:
    off = 0
    while off + 16 <= len(data):
        ln, typ = struct.unpack_from("<IH", data, off)
        yield typ, data[off + 16 : off + ln]
        if ln < 16:
            return
        off += (ln + 3) & ~3


def test_strace_mode_identical(captured: tuple[str, list], monkeypatch: pytest.MonkeyPatch) -> None:
    """Under --netlink=strace every buffer prints as strace 6.1 printed it (>= 98%)."""
    monkeypatch.setattr(spec, "STRICT", True)
    mode, bufs = captured
    bad = [(line[:300], _text(data, mode)[:300]) for data, line in bufs
           if not buffer_text(line).startswith(_text(data, mode) + ", ")]
    assert len(bufs) >= 20
    assert (len(bufs) - len(bad)) / len(bufs) >= 0.98, bad[:3]
    rules = [d for d, _ in bufs if any(t in (ADD_RULE, DEL_RULE, LIST_RULES) for t, _p in _messages(d))]
    assert len(rules) >= 8  # the rule messages were there to compare


def test_default_decodes_what_construct_parses(captured: tuple[str, list]) -> None:
    """By default rule payloads print decoded: strace's nlmsghdr text first, then the fields
    construct parses from the same bytes (flags, action, field ids and values, buf)."""
    mode, bufs = captured
    decoded = 0
    for data, line in bufs:
        for typ, payload in _messages(data):
            if typ not in (ADD_RULE, DEL_RULE, LIST_RULES) or len(payload) < RULE_SIZE:
                continue
            r = audit_rule_data_decl.parse(payload)
            one = struct.pack("<IHHII", 16 + len(payload), typ, 0, 0, 0) + payload
            text = _text(one, mode)
            assert f"field_count={r.field_count}, " in text and f"buflen={r.buflen}" in text
            for i in range(min(r.field_count, 64)):
                assert "{field=" in text and (f"value={r['values'][i]}" in text or 'value="' in text
                                               or "value=AUDIT_" in text or "value=-" in text)
            if r.buflen and mode != "default":
                assert repr(payload[RULE_SIZE:RULE_SIZE + r.buflen].decode())[1:-1] in text
            decoded += 1
        theirs = buffer_text(line)
        mine = _text(data, mode)
        head = theirs[: theirs.index("}") + 1]
        assert mine.startswith(head), (theirs[:200], mine[:200])
    assert decoded >= 6


def test_signal_info_reply(captured: tuple[str, list]) -> None:
    mode, bufs = captured
    seen = 0
    for data, _line in bufs:
        for typ, payload in _messages(data):
            if typ == SIGNAL_INFO and len(payload) >= 8:
                s = audit_sig_info_decl.parse(payload)
                uid = "-1" if s.uid == 0xFFFFFFFF else str(s.uid)
                assert f"{{uid={uid}, pid={s.pid}" in _text(data, mode)
                seen += 1
    assert seen >= 1


_PORT = re.compile(r"nlmsg_pid=[1-9]\d*")
_NL_PAD = re.compile(r"nl_pad=0x[0-9a-f]+, ")  # the probe's sockaddr padding: stack bytes


@live
def test_whole_run_strace_mode(tmp_path: Path) -> None:
    """pytrace --netlink=strace on the probe against strace on the probe (one token: the same
    bytes in both runs); port ids and sockaddr padding differ by nature."""
    token = str(os.getpid() * 7 % 0xFFFFF)
    argv = [sys.executable, str(PROBE), str(tmp_path / "bufs"), token]
    opts = ["-e", "trace=sendto,recvfrom"]
    runs = []
    for tracer, out in (([STRACE], "s"), ([sys.executable, "-m", "pytrace", "--netlink=strace"], "p")):
        subprocess.run(_norepeat([*tracer, "-o", str(tmp_path / out), *opts, *argv]), env=_env(),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        lines = normalise((tmp_path / out).read_text().splitlines())
        runs.append([_NL_PAD.sub("", _PORT.sub("nlmsg_pid=PID", ln)) for ln in lines
                     if "AF_NETLINK" in ln])
    res = compare(*runs)
    assert res.total >= 20 and res.rate >= 0.98, res.report()


def _rule(fields: list[tuple[int, int, int]], buf: bytes = b"", **kw: int) -> bytes:
    f, v, ff = [0] * 64, [0] * 64, [0] * 64
    for i, (fid, op, val) in enumerate(fields):
        f[i], ff[i], v[i] = fid, op, val
    args = {"flags": 4, "action": 2, "field_count": len(fields), "mask": [0] * 64, "fields": f,
            "values": v, "fieldflags": ff, "buflen": len(buf)}
    args.update(kw)
    return audit_rule_data_decl.build(args) + buf


def _msg(typ: int, payload: bytes, length: int | None = None) -> bytes:
    return struct.pack("<IHHII", 16 + len(payload) if length is None else length, typ, 1, 1, 0) + payload


def test_built_rule_strings_taken_from_buf_in_order() -> None:
    """A watch rule built with construct: string fields take their length from buf in field
    order; the arch is named; a value past buf's end prints as the number."""
    payload = _rule([(105, 0x40000000, 4), (11, 0x40000000, 0xC000003E), (210, 0x40000000, 3),
                     (107, 0x30000000, 99)], b"/etckey")
    text = format_bytes(_msg(ADD_RULE, payload), AUDIT, limit=64, verbose=True)
    assert 'value="/etc"' in text and 'value="key"' in text and "value=AUDIT_ARCH_X86_64" in text
    assert "{field=AUDIT_DIR, op=AUDIT_NOT_EQUAL, value=99}" in text and 'buf="/etckey"}' in text


def test_mask_lists_syscalls_or_their_complement() -> None:
    few = _rule([], mask=[1 << 2] + [0] * 62 + [1 << 31])
    assert "mask=[2, 2047]," in format_bytes(_msg(ADD_RULE, few), AUDIT)
    most = _rule([], mask=[0xFFFFFFFF] * 63 + [0x7FFFFFFF])
    assert "mask=~[2047]," in format_bytes(_msg(ADD_RULE, most), AUDIT)


def test_truncated_and_short_payloads() -> None:
    """Shorter than the fixed part: hex, as strace; a message whose bytes were not all read:
    the address where they stop; buflen past the message: buf cut at the message's end."""
    payload = _rule([(0, 0x40000000, 1)], b"abc")
    assert "\\x04\\x00" in format_bytes(_msg(ADD_RULE, payload[:100]), AUDIT)
    cut = format_bytes(_msg(ADD_RULE, payload)[:600], AUDIT, total_len=16 + len(payload), addr=0x1000)
    assert "0x" in cut and "{flags=" not in cut
    over = payload[:-3 - 4] + struct.pack("<I", 400) + b"abc"
    assert 'buflen=400, buf="abc"' in format_bytes(_msg(ADD_RULE, over), AUDIT)


_TYPES = st.sampled_from([SIGNAL_INFO, ADD_RULE, DEL_RULE, LIST_RULES])


@settings(max_examples=200, deadline=None)
@given(typ=_TYPES, payload=st.binary(max_size=1200), head=st.binary(min_size=1052, max_size=1052),
       cut=st.integers(0, 1300), verbose=st.booleans())
def test_hostile_payloads_never_raise(typ: int, payload: bytes, head: bytes, cut: int,
                                      verbose: bool) -> None:
    """Random payloads (random field counts, ids, lengths), also full-size ones, cut anywhere:
    text and JSON, never an exception, never an unescaped control byte."""
    for body in (payload, head + payload[:64]):
        data = _msg(typ, body)
        for d in (data, data[: 16 + cut]):
            text = format_bytes(d, AUDIT, total_len=len(data), verbose=verbose, limit=16)
            assert not re.search(r"[\x00-\x1f\x7f-\uffff]", text)
            netlink_value(d, AUDIT)


def test_json_header_is_the_struct() -> None:
    payload = _rule([(105, 0x40000000, 4)], b"/etc", flags=0x14)
    msg = netlink_value(_msg(LIST_RULES, payload), AUDIT)["messages"][0]
    h = msg["header"]
    assert h["struct"] == "audit_rule_data" and h["flags_name"] == "AUDIT_FILTER_EXIT" and h["prepend"]
    assert h["fields"][0]["field_name"] == "AUDIT_WATCH" and h["fields"][0]["op_name"] == "AUDIT_EQUAL"
    assert bytes.fromhex(h["buf"]) == b"/etc"
    sig = netlink_value(_msg(SIGNAL_INFO, struct.pack("<Ii", 0, 42) + b"unconfined\0"), AUDIT)
    assert sig["messages"][0]["header"] == {"struct": "audit_sig_info", "uid": 0, "pid": 42,
                                            "ctx": "unconfined"}
