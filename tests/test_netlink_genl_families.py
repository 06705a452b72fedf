"""Generic netlink families decoded from the kernel's specs (ethtool, netdev, tcp_metrics,
mptcp_pm, devlink, wireguard): strace 6.1 as the oracle on the buffers of
tests/probes/netlink_genl.py (strict mode identical; default keeps every header strace prints),
pyroute2 as an independent parser of ethtool replies, hypothesis for hostile buffers."""

from __future__ import annotations

import re
import struct
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytrace.netlink import format_bytes, generic, genl_families, spec
from pytrace.netlink.value import netlink_value

from . import test_netlink_more as more
from .differential import have_strace
from .netlink_oracle import buffer_text

PROBE = Path(__file__).parent / "probes" / "netlink_genl.py"
GENERIC = 16
OPTIONS = {"default": ([], 32, False), "-v -s 256": (["-v", "-s", "256"], 256, True)}
HDR = re.compile(r"\{nlmsg_len=\d+, nlmsg_type=[^,]+, nlmsg_flags=[^,]+, nlmsg_seq=\d+, "
                 r"nlmsg_pid=\d+\}")


def _capture(opts: list[str]) -> list[tuple[int, bytes, str]]:
    old = more.PROBE
    more.PROBE = PROBE
    try:
        return more.capture(opts)
    finally:
        more.PROBE = old


@pytest.fixture(scope="module", params=list(OPTIONS))
def captured(request: pytest.FixtureRequest) -> tuple[str, list[tuple[int, bytes, str]]]:
    if not have_strace():
        pytest.skip("no strace")
    bufs = _capture(OPTIONS[request.param][0])
    for _p, data, _l in bufs:  # family ids as the probe's CTRL_CMD_GETFAMILY replies gave them
        generic._parse_families(data)
    return request.param, bufs


def _text(data: bytes, mode: str) -> str:
    _opts, limit, verbose = OPTIONS[mode]
    return format_bytes(data, GENERIC, limit=limit, verbose=verbose)


def _family(data: bytes) -> str | None:
    return generic._FAMILIES.get(struct.unpack_from("<H", data, 4)[0])


def test_strict_identical_to_strace(captured: tuple[str, list],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """--netlink=strace: every buffer prints as strace 6.1 printed it (hex payloads)."""
    monkeypatch.setattr(spec, "STRICT", True)
    mode, bufs = captured
    total, bad = Counter(), Counter()
    diffs = []
    for _proto, data, line in bufs:
        fam = _family(data) or "other"
        total[fam] += 1
        mine = _text(data, mode)
        if not buffer_text(line).startswith(mine + ", "):
            bad[fam] += 1
            diffs.append((line[:300], mine[:300]))
    assert total["ethtool"] >= 30 and total["netdev"] >= 3 and total["tcp_metrics"] >= 2
    for fam in total:
        assert (total[fam] - bad[fam]) / total[fam] >= 0.98, (fam, diffs[:3])


def test_default_keeps_strace_headers(captured: tuple[str, list]) -> None:
    """By default the spec families are decoded deeper: every nlmsghdr strace prints is printed
    the same and in the same order, the genlmsghdr follows it, and no hex is left at the start
    of a decoded payload; everything else is identical to strace."""
    mode, bufs = captured
    deeper = Counter()
    for _proto, data, line in bufs:
        mine, theirs = _text(data, mode), buffer_text(line)
        if theirs.startswith(mine + ", "):
            continue
        fams = set(re.findall(r"nlmsg_type=(\w+)", mine)) & set(genl_families.FAMILIES)
        assert fams, (theirs[:300], mine[:300])  # only spec families differ (errors echo them)
        deeper.update(fams)
        assert HDR.findall(mine) == HDR.findall(theirs)[: len(HDR.findall(mine))]
        assert HDR.findall(mine)
        for m in re.finditer(r"nlmsg_type=(?:%s), [^}]*\}, " % "|".join(fams), mine):
            nxt = mine[m.end():]
            assert nxt.startswith("{cmd=") or nxt.startswith('"'), nxt[:80]
            if nxt.startswith("{cmd="):
                head, after = nxt[: nxt.index("}") + 1], nxt[nxt.index("}") + 3 :]
                # an unknown command keeps its payload in hex, a known one is decoded
                assert after.startswith('"\\x') == ("???" in head), (head, after[:80])
    assert deeper["ethtool"] >= 20 and deeper["netdev"] >= 1


def _replies(bufs: list, fam: str, cmd: int) -> list[bytes]:
    """Single messages of family ``fam`` sent by the kernel with genlmsghdr.cmd ``cmd``."""
    out = []
    for _p, data, _l in bufs:
        off = 0
        while off + 20 <= len(data):
            ln, typ, flags = struct.unpack_from("<IHH", data, off)
            if ln < 20 or off + ln > len(data):
                break
            if generic._FAMILIES.get(typ) == fam and not flags & 1 and data[off + 16] == cmd:
                out.append(data[off : off + ln])
            off += (ln + 3) & ~3
    return out


@pytest.mark.parametrize(("cls", "cmd"), [("ethtool_rings_msg", 16),
                                          ("ethtool_linkinfo_msg", 2)])
def test_pyroute2_agrees_on_ethtool(captured: tuple[str, list], cls: str, cmd: int) -> None:
    """pyroute2's ethtool messages parse the kernel's RINGS/LINKINFO replies: every attribute
    it names is named in our text, with the same value for the integer ones."""
    mod = pytest.importorskip("pyroute2.netlink.generic.ethtool")
    _mode, bufs = captured
    replies = _replies(bufs, "ethtool", cmd)
    assert replies
    for one in replies:
        msg = getattr(mod, cls)(one)
        msg.decode()
        text = format_bytes(one, GENERIC, limit=4096, verbose=True)
        assert ("{cmd=%s, version=1}" % ("ETHTOOL_MSG_RINGS_GET_REPLY" if cmd == 16
                                         else "ETHTOOL_MSG_LINKINFO_GET_REPLY")) in text
        for name, value in msg["attrs"]:
            name = name.replace("_TP_MDIX_CTR", "_TP_MDIX_CTRL")  # pyroute2's spelling
            assert re.search(r"nla_type=(NLA_F_NESTED\|)?%s\}" % name, text), (name, text[:300])
            if isinstance(value, int) and "TCP_DATA_SPLIT" not in name:
                assert "nla_type=%s}, %d]" % (name, value) in text


def test_json_follows_cmd_and_direction(captured: tuple[str, list]) -> None:
    """JSON: each message carries the attribute set of its own command and direction."""
    _mode, bufs = captured
    seen = Counter()
    for _p, data, _l in bufs:
        for m in netlink_value(data, GENERIC)["messages"]:
            hdr = m.get("header") or {}
            if m.get("family") != "ethtool" or "op" not in hdr:
                continue
            fam = genl_families.family("ethtool")
            assert fam is not None
            c = fam.lookup(m["flags"], hdr["cmd"])
            assert c is not None and hdr["op"] == c.op
            want = "ETHTOOL_A_" + c.aset.upper().replace("-", "_") + "_"  # type: ignore[union-attr]
            names = [a["name"] for a in m["attrs"] if "name" in a]
            assert names and all(n.startswith(want) for n in names), (hdr, names)
            assert hdr["cmd_name"].endswith("_REPLY") == (hdr["direction"] == "reply") \
                or hdr["cmd_name"].endswith("_NTF")
            seen[hdr["direction"]] += 1
    assert seen["request"] >= 10 and seen["reply"] >= 10


def _genl_msg(fid: int, flags: int, cmd: int, attrs: bytes) -> bytes:
    body = bytes([cmd, 1, 0, 0]) + attrs
    return struct.pack("<IHHII", 16 + len(body), fid, flags, 1, 0) + body


def test_crafted_wireguard_and_directions(monkeypatch: pytest.MonkeyPatch) -> None:
    """wireguard is not loaded here: a crafted WG_CMD_GET_DEVICE request and reply (built with
    the spec's attribute numbers); unknown commands keep their payload in hex; short, cut
    and unreadable buffers print as strace prints them."""
    monkeypatch.setitem(generic._FAMILIES, 0x7ff0, "wireguard")
    monkeypatch.setitem(generic._FAMILIES, 0x7ff1, "ethtool")
    req = _genl_msg(0x7ff0, 0x301, 0, struct.pack("<HH", 8, 2) + b"wg0\0")
    text = format_bytes(req, GENERIC)
    assert text.endswith('{cmd=WG_CMD_GET_DEVICE, version=1}, [{nla_len=8, '
                         'nla_type=WGDEVICE_A_IFNAME}, "wg0"]]'), text
    rep = _genl_msg(0x7ff0, 2, 0, struct.pack("<HHH", 6, 6, 51820) + bytes(2))
    assert "{nla_len=6, nla_type=WGDEVICE_A_LISTEN_PORT}, 51820]" in format_bytes(rep, GENERIC)
    # ethtool: cmd 3 is LINKINFO_SET from user space, LINKINFO_NTF from the kernel
    assert "{cmd=ETHTOOL_MSG_LINKINFO_SET, " in format_bytes(_genl_msg(0x7ff1, 1, 3, b""),
                                                              GENERIC)
    assert "{cmd=ETHTOOL_MSG_LINKINFO_NTF, " in format_bytes(_genl_msg(0x7ff1, 0, 3, b""),
                                                              GENERIC)
    unknown = format_bytes(_genl_msg(0x7ff1, 1, 250, b"\1\2\3\4"), GENERIC)
    assert unknown.endswith('{cmd=0xfa /* ETHTOOL_MSG_??? */, version=1}, "\\x01\\x02\\x03\\x04"]')
    short = struct.pack("<IHHII", 18, 0x7ff1, 1, 1, 0) + b"\2\1"
    assert format_bytes(short, GENERIC).endswith(', "\\x02\\x01"]')
    full = _genl_msg(0x7ff1, 1, 2, struct.pack("<HH", 12, 0x8001) + struct.pack("<HH", 7, 2)
                     + b"lo\0\0")
    assert format_bytes(full[:22], GENERIC, len(full), addr=0x5000).endswith(", 0x5014]")


ethtool_like = st.builds(lambda flags, cmd, body: _genl_msg(0x7ff1, flags, cmd, body),
                         st.sampled_from([0, 1, 2, 0x301]), st.integers(0, 255),
                         st.binary(max_size=80))


@settings(max_examples=150, deadline=None)
@given(ethtool_like, st.integers(0, 120), st.integers(0, 255))
def test_mutated_never_raise(msg: bytes, cut: int, flip: int) -> None:
    generic._FAMILIES.setdefault(0x7ff1, "ethtool")
    data = bytearray(msg[: max(cut, 16)] if cut < len(msg) else msg)
    if len(data) > 20:
        data[20 + flip % (len(data) - 20)] ^= 0xFF
    for fam in ("ethtool", "devlink", "netdev", "tcp_metrics", "mptcp_pm", "wireguard"):
        generic._FAMILIES[0x7ff1] = fam
        format_bytes(bytes(data), GENERIC, len(msg), addr=0x1000)
        format_bytes(bytes(data), GENERIC, limit=4, verbose=True)
        netlink_value(bytes(data), GENERIC)
    generic._FAMILIES[0x7ff1] = "ethtool"
