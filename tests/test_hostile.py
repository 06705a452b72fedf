"""Every registered decoder against hostile arguments in a real (sleeping) process's memory:
NULL, unmapped and kernel addresses, random small ints and random words. No decoder raises, each
prints strings, and an unreadable pointer prints as its address."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytrace.config import TraceConfig
from pytrace.decoders import load_decoders
from pytrace.decoders.registry import DECODERS
from pytrace.tracee import Tracee

load_decoders()
UNMAPPED = 0xDEAD0000  # below the mmap base and above the binary with ASLR on or off
KERNEL = 0xFFFFFFFFFF600000
ARG = st.one_of(
    st.sampled_from([0, 1, UNMAPPED, UNMAPPED + 4093, KERNEL, (1 << 64) - 1, 0xFFFFFF9C]),
    st.integers(0, 64),
    st.integers(0, (1 << 64) - 1),
)


@pytest.fixture(scope="module")
def child() -> Iterator[int]:
    p = subprocess.Popen(["sleep", "60"])
    try:
        yield p.pid
    finally:
        p.kill()
        p.wait()


def _run(pid: int, name: str, args: tuple[int, ...], rval: int, err: bool) -> list[str]:
    t = Tracee(pid, TraceConfig())
    t.args = args
    t.exiting = False
    more = DECODERS[name](t)
    if more:
        t.exiting = True
        t.rval = -14 if err else rval
        t.is_error = err
        DECODERS[name](t)
    assert all(isinstance(s, str) for s in t.out), (name, t.out)
    assert isinstance(t.raux, str)
    return t.out


@pytest.mark.parametrize("name", sorted(DECODERS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.tuples(ARG, ARG, ARG, ARG, ARG, ARG), rval=st.integers(0, 1 << 20), err=st.booleans())
def test_decoder_survives(child: int, name: str, args: tuple[int, ...], rval: int, err: bool) -> None:
    _run(child, name, args, rval, err)


# Decoders of this family whose every pointer argument is read: all-unmapped arguments must
# print the unmapped address (and never raise).
POINTER_CALLS = ("capget", "capset", "msgsnd", "mq_unlink", "mq_open", "setgroups",
                 "sched_setparam", "sched_setattr", "semop", "mq_notify", "mq_getsetattr")


@pytest.mark.parametrize("name", POINTER_CALLS)
def test_unreadable_prints_address(child: int, name: str) -> None:
    out = _run(child, name, (UNMAPPED,) * 6, 0, False)
    assert "%#x" % UNMAPPED in out, out
