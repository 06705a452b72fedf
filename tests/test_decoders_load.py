"""Every decoder family imports, and no syscall is registered twice."""

from pytrace.decoders import FAILED, load_decoders
from pytrace.decoders.registry import DECODERS
from pytrace.syscalls import table


def test_every_family_imports() -> None:
    load_decoders()
    assert FAILED == {}


def test_decoders_name_real_syscalls() -> None:
    load_decoders()
    known = set(table("x86_64").names()) | set(table("i386").names())
    assert set(DECODERS) <= known, sorted(set(DECODERS) - known)
