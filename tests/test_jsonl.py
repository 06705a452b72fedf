"""The JSON Lines writer: valid JSON per line, and the same arguments and results as the text
writer for the same (ASLR-off) run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from pytrace.values import parse_line, parse_value
from tests.differential import compile_probe

SETARCH = shutil.which("setarch")
CMD = ["/bin/ls", "-l", "/usr/share/doc/bash", "/nonexistent"]


def _run(d: str, extra: list[str], cmd: list[str] = CMD) -> str:
    out = os.path.join(d, "json" if extra else "text")
    argv = [sys.executable, "-m", "pytrace", "-f", "-o", out, *extra, *cmd]
    if SETARCH:
        argv = [SETARCH, "-R", *argv]
    subprocess.run(argv, capture_output=True, env={**os.environ, "LC_ALL": "C"})
    return out


def test_json_matches_text_writer() -> None:
    with tempfile.TemporaryDirectory() as d:
        jpath = _run(d, ["--json"])
        tpath = _run(d, [])
        records = [json.loads(line) for line in open(jpath)]
        text = [parse_line(line) for line in open(tpath)]
    calls = [r for r in records if r["type"] == "syscall"]
    assert calls and records[-1] == {**records[-1], "type": "exit", "status": 2}
    tcalls = [t for t in text if t is not None and t["type"] == "syscall"]
    assert len(calls) == len(tcalls)
    for r, t in zip(calls, tcalls, strict=True):
        assert r["name"] == t["name"]
        assert set(r) >= {"pid", "nr", "arch", "raw_args", "retval", "errno", "time", "duration", "ip", "origin"}
        assert len(r["raw_args"]) == 6 and len(r["args"]) == len(r["args_text"])
        assert r["args"] == [parse_value(a) for a in r["args_text"]]
        if r["name"] in ("getrandom", "execve"):  # random bytes; the envp address is tracer memory
            continue
        assert r["args_text"] == t["args_text"], r["name"]
        if r["retval"] != r["pid"]:  # set_tid_address, getpid ... return the (differing) pid
            assert r["ret_text"] == t["ret_text"]
        assert r["errno"] == t["errno"]
    assert any(r["errno"] == "ENOENT" for r in calls)


@pytest.mark.parametrize("probe", ["bpf", "select_big"])
def test_glued_calls_have_one_json_arg_per_printed_arg(probe: str) -> None:
    """bpf, select, poll ... print their exit text right after the entry text (GLUED): JSON
    and the API join those two pieces, so args_text is the text line's arguments."""
    from pytrace.decoders import bpf, poll  # noqa: F401 - they register the GLUED names
    from pytrace.decoders.registry import GLUED

    cmd = [compile_probe(probe)]
    with tempfile.TemporaryDirectory() as d:
        records = [json.loads(line) for line in open(_run(d, ["--json"], cmd))]
        text = [parse_line(line) for line in open(_run(d, [], cmd))]
    calls = [r for r in records if r["type"] == "syscall" and r["name"] in GLUED]
    tcalls = [t for t in text if t is not None and t["type"] == "syscall" and t["name"] in GLUED]
    assert len(calls) >= 5 and len(calls) == len(tcalls)
    def unpid(args: list[str]) -> list[str]:  # the probe's own pid differs between the runs
        return [re.sub(r"pid=\d+", "pid=PID", a) for a in args]

    for r, t in zip(calls, tcalls, strict=True):
        assert unpid(r["args_text"]) == unpid(t["args_text"]), r["name"]


def test_netlink_messages_are_typed_objects(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import shutil
    import subprocess
    import sys

    import pytest

    if shutil.which("ip") is None:
        pytest.skip("iproute2 is not installed")
    out = tmp_path / "j"
    subprocess.run([sys.executable, "-m", "pytrace", "--json", "-o", str(out), "-e", "trace=sendto,recvmsg",
                    "ip", "link", "show", "lo"], stdout=subprocess.DEVNULL, check=True)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    carrying = [r for r in rows if r.get("netlink")]
    assert carrying, "no netlink payload in the JSON trace of ip link"
    msgs = [m for r in carrying for buf in r["netlink"] for m in buf["messages"]]
    assert any(m.get("attrs") for m in msgs)  # replies carry IFLA_* attributes
    assert all("raw" in m for m in msgs)
