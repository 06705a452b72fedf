"""-y annotations quote a path as strace 6.1 does (print_quoted_string without the quotes):
``"`` and ``\\`` escaped, ``<`` ``>`` as octal, control bytes and non-ASCII as octal."""

from __future__ import annotations

import pytest

from pytrace.quote import escape_text
from tests.differential import compare, have_strace, run_both


def test_escape_text_escapes_quote_and_backslash() -> None:
    assert escape_text('a"b\\c<d>', b"<>") == 'a\\"b\\\\c\\74d\\76'
    assert escape_text("plain/path") == "plain/path"
    assert escape_text("tab\there\x1b[2J") == "tab\\there\\33[2J"


@pytest.mark.skipif(not have_strace(), reason="needs strace")
def test_hostile_path_annotations_identical_to_strace(tmp_path: pytest.TempPathFactory) -> None:
    name = tmp_path / 'q"b\\c>d <e>\tf\x01\u00e9'  # type: ignore[operator]
    name.write_text("x")
    r = run_both(["cat", str(name)], ["-y", "-e", "trace=openat,read,close,fstat,newfstatat"])
    hits = [x for x in r.strace if '\\"b\\\\c\\76d' in x]
    assert len(hits) >= 2, r.strace  # the file's fd is annotated in several lines
    res = compare(r.strace, r.pytrace)
    assert res.rate == 1.0, res.report()
