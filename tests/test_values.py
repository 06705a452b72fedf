"""parse_value / parse_line / split_args on real strace output and on crafted edge cases."""

from __future__ import annotations

import os
import subprocess
import tempfile

import pytest

from pytrace.values import parse_line, parse_value, split_args, unescape
from tests.differential import STRACE, have_strace


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("-1", -1),
        ("0x1f", {"int": 31, "text": "0x1f"}),
        ("0644", {"int": 420, "text": "0644"}),
        ("NULL", None),
        ('"a\\nb\\x41\\0"', "a\nbA\x00"),
        ('"abc"...', {"str": "abc", "truncated": True}),
        ("AT_FDCWD", {"sym": "AT_FDCWD"}),
        ("O_RDONLY|O_CLOEXEC|0x40", {"flags": ["O_RDONLY", "O_CLOEXEC", {"int": 64, "text": "0x40"}]}),
        ("[3, 4]", [3, 4]),
        ("[]", []),
        ("[SIGINT SIGTERM]", {"sigset": ["SIGINT", "SIGTERM"]}),
        ("~[RTMIN RT_1]", {"sigset": ["RTMIN", "RT_1"], "complement": True}),
        ("/* 12 entries */", {"comment": "12 entries"}),
        ("0x10 /* 35 vars */", {"value": {"int": 16, "text": "0x10"}, "comment": "35 vars"}),
        ("3</etc/a, b>", {"fd": 3, "path": "/etc/a, b"}),
        ("child_stack=NULL", {"name": "child_stack", "value": None}),
        ("{st_mode=S_IFREG|0644, st_size=3, ...}",
         {"st_mode": {"flags": ["S_IFREG", {"int": 420, "text": "0644"}]}, "st_size": 3, "...": True}),
        ("makedev(0x1, 0x3)", {"call": "makedev", "args": [{"int": 1, "text": "0x1"}, {"int": 3, "text": "0x3"}]}),
        ("8192*1024", "8192*1024"),
        ('"unterminated', '"unterminated'),
        ("{a=[{", "{a=[{"),
        ("", ""),
    ],
)
def test_parse_value(text: str, value: object) -> None:
    assert parse_value(text) == value


def test_split_args_top_level_only() -> None:
    text = '3, "a, \\"b", {x=1, y=[2, 3]}, f(4, 5), 0x1 /* a, b */, 5</p,q>, 1<<2'
    assert split_args(text) == ['3', '"a, \\"b"', "{x=1, y=[2, 3]}", "f(4, 5)", "0x1 /* a, b */", "5</p,q>", "1<<2"]


def test_unescape_bytes() -> None:
    assert unescape("\\377\\x00\\t") == b"\xff\x00\t"


def test_parse_line_forms() -> None:
    e = parse_line('[pid  123] 12:00:01.000001 openat(AT_FDCWD, "/x", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000010>\n')
    assert e is not None
    assert (e["pid"], e["name"], e["args_text"], e["errno"], e["retval"], e["duration"]) == (
        123, "openat", ["AT_FDCWD", '"/x"', "O_RDONLY"], "ENOENT", -1, 0.00001)
    e = parse_line("77    read(3,  <unfinished ...>")
    assert e is not None and e["unfinished"] and e["args_text"] == ["3"]
    e = parse_line('77    <... read resumed>"ab", 2) = 2')
    assert e is not None and e["resumed"] and e["args_text"] == ['"ab"', "2"] and e["retval"] == 2
    e = parse_line("77    <... clone resumed>, child_tidptr=0x1) = 78")
    assert e is not None and e["args_text"] == ["child_tidptr=0x1"]
    e = parse_line("exit_group(0)                           = ?")
    assert e is not None and e["retval"] is None and e["ret_text"] == "?"
    e = parse_line("--- SIGCHLD {si_signo=SIGCHLD, si_pid=5} ---")
    assert e is not None and e["type"] == "signal" and e["siginfo_value"]["si_pid"] == 5
    assert parse_line("+++ killed by SIGSEGV (core dumped) +++") == {"type": "killed", "signal": "SIGSEGV", "core": True}
    assert parse_line("5 +++ exited with 3 +++") == {"pid": 5, "type": "exit", "status": 3}
    e = parse_line("[00007f0000001234] [  59] getpid() = 5")
    assert e is not None and e["ip"] == 0x7F0000001234 and e["nr"] == 59
    e = parse_line("poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)")
    assert e is not None and e["ret_aux"] == "Timeout"
    e = parse_line("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd>")
    assert e is not None and e["retval"] == 3 and e["ret_path"] == "/etc/passwd"
    assert parse_line("\n") is None
    assert parse_line("garbage (((")["type"] == "text"  # type: ignore[index]


@pytest.mark.skipif(not have_strace(), reason="strace not installed")
def test_parse_real_strace_logs() -> None:
    """Every line strace writes for a forking shell pipeline parses; nothing is left as text."""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "s")
        subprocess.run([STRACE, "-f", "-tt", "-T", "-y", "-o", log, "sh", "-c", "ls -la / | wc -l; cat /etc/hostname"],
                       check=True, capture_output=True)
        lines = open(log).read().splitlines()
    seen = set()
    for line in lines:
        e = parse_line(line)
        assert e is not None and e["type"] != "text", line
        assert "pid" in e and "time_text" in e
        seen.add(e["type"])
        if e["type"] == "syscall":
            for a in e["args_text"]:
                assert a.strip() == a and a
                parse_value(a)
            if not e.get("unfinished"):
                assert "ret_text" in e, line
                if e["ret_text"] != "?":
                    assert e["retval"] is not None, line
                    assert "duration" in e, line
    assert {"syscall", "exit"} <= seen


@pytest.mark.skipif(not have_strace(), reason="strace not installed")
def test_fast_paths_agree_with_the_scanner() -> None:
    """The one-regex line and argument fast paths give what the character scanner gives."""
    from pytrace.values import _LINE, _parse_line, _parse_line_scan, _split_scan

    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "s")
        subprocess.run([STRACE, "-f", "-tt", "-T", "-o", log, "sh", "-c", "ls -la /usr/share/doc | wc -l; cat /etc/passwd"],
                       check=True, capture_output=True)
        lines = open(log).read().splitlines()
    crafted = ['read(3, "a, \\"b\\\\", 5) = 5', 'x("\\", 1) = 0', "f({a=[{b=[1, 2]}]}, 3) = 0",
               "f({a=[{b=[{c=1}]}]}) = 0", "f(1,, 2) = 0", "f(,1) = 0", "12 f() = 0", '1.5 f("x"...) = 1 <0.1>',
               "[pid 3] 10:00:00 f(1) = 0", "f(1 /* a, b */) = 0", "f(3</a,b>) = 0", 'f("unterminated) = 0']
    fast = 0
    for line in lines + crafted:
        assert _parse_line(line) == _parse_line_scan(line), line
        e = _parse_line_scan(line)
        for a in e.get("args_text", []):
            inner = a[1:-1] if a[:1] in "{[" else a
            assert split_args(inner) == _split_scan(inner), inner
        fast += _LINE.match(line) is not None
    assert fast > len(lines) // 2  # the fast path is the common one
