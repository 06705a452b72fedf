"""Time decoders (clock_*, timer_*, timerfd_*, [gs]etitimer, [gs]ettimeofday, adjtimex,
clock_adjtime, times, time, alarm) against the installed strace (tests/probes/time_calls.c)."""

from __future__ import annotations

import re

import pytest

from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both

TIME_CALLS = (
    "clock_gettime,clock_settime,clock_getres,clock_adjtime,gettimeofday,settimeofday,"
    "timer_create,timer_settime,timer_gettime,timer_getoverrun,timer_delete,setitimer,"
    "getitimer,times,adjtimex,alarm,time,timerfd_create,timerfd_settime,timerfd_gettime"
)
pytestmark = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# Values that are clock readings differ between the strace run and the pytrace run by nature:
# masked only in the calls that return a clock reading, and only the numbers.
_READS_CLOCK = re.compile(r"^P\d+ (clock_gettime\(0x|timerfd_settime|adjtimex\(\{|clock_adjtime\((CLOCK_REALTIME|0), \{|times\(|time\()")
_NUMBERS = re.compile(r"(tv_sec|tv_nsec|tv_usec)=\d+|\[\d+ /\* [^*]+ \*/\]|= \d+( \([-0-9T:+]+\))?$")


def _mask(lines: list[str]) -> list[str]:
    return [_NUMBERS.sub("#", line) if _READS_CLOCK.match(line) else line for line in lines]


@pytest.mark.parametrize("opts", [[], ["-v"], ["-X", "raw"]], ids=["default", "v", "Xraw"])
def test_time_probe_matches_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("time_calls")], ["-e", f"trace={TIME_CALLS}", *opts])
    assert res.total > 50, res.report()
    masked = compare(_mask(res.strace), _mask(res.pytrace))
    print("time", opts, "raw:", res.report(0), "masked:", masked.report())
    assert masked.rate == 1.0, masked.report()
