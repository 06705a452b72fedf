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


def test_lazy_index_is_current() -> None:
    """pytrace/decoders/_index.py (which module decodes which syscall) matches the sources."""
    from pytrace.decoders import index

    assert index.OUT.read_text() == index.render(index.scan())
    load_decoders()
    from pytrace.decoders._index import MODULE_OF

    assert {n: f.__module__.split(".")[2] for n, f in DECODERS.items()} == MODULE_OF
