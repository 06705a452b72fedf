"""Timestamp options as strace 6.1 spells them: -t/-tt/-ttt, --absolute-timestamps/--timestamps
with formats and precisions, -r/--relative-timestamps[=PRECISION], -T/--syscall-times[=PRECISION],
their usage errors, and --tips (refused). Live comparisons with strace: the time digits are
masked, their count and layout checked by regex on both outputs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pytrace import timestamps
from pytrace.cli import UsageError, main, parse_args
from tests.differential import (
    STRACE,
    Lines,
    by_process,
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

_FRACTION = {"s": "", "ms": r"\.\d{3}", "us": r"\.\d{6}", "ns": r"\.\d{9}"}
_BASE = {"time": r"\d\d:\d\d:\d\d", "unix": r"\d{10}"}


def _shape(absolute: tuple[str, str] | None, relative: str | None) -> re.Pattern[str]:
    """The leader's timestamp columns after the ``Pk `` pid prefix: absolute ``(format,
    precision)``, relative precision (a 6-wide seconds field), either or both."""
    rel = None if relative is None else r"[ \d]{5}\d" + _FRACTION[relative]
    if absolute is None:  # the harness strips the blanks between the pid and a leading column
        body = r"\d{1,6}" + _FRACTION[relative or "s"] + " "
    else:
        body = _BASE[absolute[0]] + _FRACTION[absolute[1]] + " "
        if rel is not None:
            body += r"\(\+" + rel + r"\) "
    return re.compile(r"^(P\d+ )(" + body + ")")


def _t_shape(precision: str) -> re.Pattern[str]:
    return re.compile(r" <\d+" + _FRACTION[precision] + ">$")


# Each case: options, the absolute (format, precision), -r precision, -T precision.
# Together they cover every format with every precision, -r and -T at every precision,
# and the short forms.
CASES = [
    (["-t"], ("time", "s"), None, None),
    (["-tt", "-T"], ("time", "us"), None, "us"),
    (["-ttt", "-r"], ("unix", "us"), "us", None),
    (["-r", "-T"], None, "us", "us"),
    (["--timestamps"], ("time", "s"), None, None),
    (["--timestamps=unix", "--syscall-times=s"], ("unix", "s"), None, "s"),
    (["--absolute-timestamps=ms", "--relative-timestamps=ns"], ("time", "ms"), "ns", None),
    (["--timestamps=format:time,precision:ns", "--syscall-times=ms"], ("time", "ns"), None, "ms"),
    (["--timestamps=unix,ms", "--relative-timestamps=s", "--syscall-times=ns"], ("unix", "ms"), "s", "ns"),
    (["--timestamps=precision:us,format:unix"], ("unix", "us"), None, None),
    (["--timestamps=UNIX,NS", "--relative-timestamps=ms"], ("unix", "ns"), "ms", None),
    (["--timestamps=time,us", "--timestamps=ms"], ("time", "ms"), None, None),
    (["--timestamps=none", "--relative-timestamps=ms"], None, "ms", None),
    (["--relative-timestamps=s", "--syscall-times=ns", "-z"], None, "s", "ns"),  # staged writer
]


def _masked(lines: list[str], shape: re.Pattern[str] | None, t_shape: re.Pattern[str] | None) -> Lines:
    """The lines without their time digits, after checking that every line has the columns
    the options ask for (and a -T suffix exactly on lines whose call returned)."""
    out = Lines()
    for line in lines:
        if shape is not None:
            m = shape.match(line)
            assert m, f"timestamp columns missing or misshapen: {line!r}"
            line = m.group(1) + line[m.end():]
        else:
            assert re.match(r"^P\d+ [a-z_<+-]", line), f"unexpected leader: {line!r}"
        if t_shape is not None:
            returned = re.search(r"\)[ \t]+= ", line) and not line.endswith("= ?")
            m = t_shape.search(line)
            if returned:
                assert m, f"-T suffix missing or misshapen: {line!r}"
                line = line[: m.start()] + " <T>"
            else:
                assert m is None or "<unfinished" in line, f"-T suffix on a call that did not return: {line!r}"
        if not first_exec_line(line):  # the first execve's envp address: tracer memory
            out.append(line)
    out.pids = getattr(lines, "pids", {})
    return out


@live
@pytest.mark.parametrize(("opts", "absolute", "relative", "took"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_live(opts: list[str], absolute: tuple[str, str] | None, relative: str | None, took: str | None) -> None:
    r = run_both([compile_probe("ts_fork")], opts)
    shape = None if absolute is None and relative is None else _shape(absolute, relative)
    t_shape = None if took is None else _t_shape(took)
    a, b = _masked(r.strace, shape, t_shape), _masked(r.pytrace, shape, t_shape)
    if relative is not None:  # the first leader counts from itself in both
        zero = re.compile(r"\D0" + _FRACTION[relative].replace(r"\d", "0") + r"\b")
        assert zero.search(r.strace[0]) and zero.search(r.pytrace[0]), (r.strace[0], r.pytrace[0])
    # Where the child's lines cut the parent's wait4 is up to the scheduler: compare per process.
    res = compare(by_process(a), by_process(b))
    assert res.rate == 1.0, res.report()


# ----------------------------------------------------------------- option parsing

VALID = [
    ["--timestamps=", "-f"],
    ["--timestamps=,ns"],
    ["--timestamps=ns,unix"],
    ["--timestamps=unix,us,ms"],
    ["--timestamps=Format:UNIX"],
    ["--timestamps=none"],
    ["--timestamps=none", "--timestamps=ms"],
    ["--absolute-timestamps=precision:ms"],
    ["--relative-timestamps=NS"],
    ["--syscall-times=MS"],
    ["--rel=ms"],
    ["-tttt"],
    ["-t", "-r"],
    ["--tips=format:none"],
    ["--tips", "--tips=id:3,format:none"],
]

INVALID = [
    ["--timestamps=foo"],
    ["--timestamps=format:ns"],
    ["--timestamps=precision:unix"],
    ["--timestamps=format:"],
    ["--timestamps=1"],
    ["--timestamps=sec"],
    ["--absolute-timestamps=msec"],
    ["--relative-timestamps="],
    ["--relative-timestamps=precision:ms"],
    ["--relative-timestamps=usec"],
    ["--syscall-times=bad"],
    ["--syscall-times=0.001"],
    ["--rel=xx"],
    ["-t", "--timestamps"],
    ["--timestamps=none", "-tt"],
    ["--tips=bad"],
    ["--tips=id:-1"],
]


def _strace(opts: list[str]) -> tuple[int, str]:
    p = subprocess.run([STRACE, "-o", "/dev/null", *opts, "true"], capture_output=True, text=True, timeout=30)
    return p.returncode, p.stderr


@pytest.mark.skipif(not have_strace(), reason="needs strace")
@pytest.mark.parametrize("opts", VALID, ids=" ".join)
def test_valid_spellings(opts: list[str]) -> None:
    code, err = _strace(opts)
    assert (code, err) == (0, "")
    parse_args(["-o", "/dev/null", *opts, "true"])


@pytest.mark.skipif(not have_strace(), reason="needs strace")
@pytest.mark.parametrize("opts", INVALID, ids=" ".join)
def test_usage_errors(opts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _strace(opts)
    assert code == 1 and err
    assert main(["-o", "/dev/null", *opts, "true"]) == 1
    assert capsys.readouterr().err == err.replace(STRACE, "pytrace")


def test_tips_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # strace prints one of its own tips (its prose, at random): pytrace says it does not.
    for opts in (["--tips"], ["--tips=id:2"], ["--tips=format:none", "--tips=full"]):
        with pytest.raises(UsageError, match="--tips"):
            parse_args([*opts, "true"])


def test_parsed_values() -> None:
    cfg = parse_args(["--timestamps=unix,ns", "--relative-timestamps=ms", "--syscall-times=s", "true"])
    assert (cfg.ts_format, cfg.ts_width, cfg.relative_width, cfg.syscall_times_width) == ("unix", 9, 3, 0)
    cfg = parse_args(["-tt", "-T", "-r", "true"])
    assert (cfg.ts_format, cfg.ts_width, cfg.relative_width, cfg.syscall_times_width) == ("time", 6, 6, 6)
    cfg = parse_args(["--timestamps=ns", "--timestamps=none", "true"])
    assert cfg.ts_format is None and cfg.timestamps == 0
    # An optional argument is only ever given with '=': the next word is the command.
    cfg = parse_args(["--syscall-times", "ms"])
    assert cfg.syscall_times and cfg.command == ["ms"]


def test_fraction_truncates() -> None:
    assert timestamps.fraction(999_999_999, 3) == ".999"
    assert timestamps.fraction(5, 9) == ".000000005"
    assert timestamps.fraction(123_456_789, 0) == ""
    assert timestamps.duration(1_000_123_456, 6) == " <1.000123>"
    assert timestamps.duration(-5, 3) == " <0.000>"


def test_unknown_option_still_reported() -> None:
    p = subprocess.run([sys.executable, "-m", "pytrace", "--no-such-option", "true"], capture_output=True, text=True, timeout=30)
    assert p.returncode == 1 and "no-such-option" in p.stderr
