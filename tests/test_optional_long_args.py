"""strace 6.1's optional-argument long options written bare (--quiet, --decode-fds,
--strings-in-hex) and --strings-in-hex=non-ascii-chars: live against strace."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pytrace.quote import HEX_CHARS, quote
from tests.differential import STRACE, compare, have_strace, run_both

live = pytest.mark.skipif(not have_strace(), reason="needs strace")
PRINTF = ["printf", "a\\tb\\001c\\303\\2510\\042\\n"]


def test_hex_chars_escapes_in_hex() -> None:
    assert quote(b'a\tb\x01c\xc3\xa90"\n', HEX_CHARS) == '"a\\tb\\x01c\\xc3\\xa90\\"\\n"'


@live
@pytest.mark.parametrize("opt", ["--strings-in-hex", "--strings-in-hex=non-ascii-chars", "--strings-in-hex=none",
                                 "--decode-fds", "--quiet"])
def test_identical_to_strace(opt: str) -> None:
    r = run_both(PRINTF, [opt, "-e", "trace=write,close"])
    assert len(r.strace) >= 3, r.strace  # the options were taken, not the next word
    res = compare(r.strace, r.pytrace)
    assert res.rate == 1.0, res.report()


@live
def test_bad_strings_in_hex_is_a_usage_error() -> None:
    a = subprocess.run([STRACE, "--strings-in-hex=foo", "true"], capture_output=True, text=True)
    b = subprocess.run([sys.executable, "-m", "pytrace", "--strings-in-hex=foo", "true"], capture_output=True, text=True)
    assert (a.returncode, a.stderr.splitlines()[0].split(": ", 1)[1]) == \
           (b.returncode, b.stderr.splitlines()[0].split(": ", 1)[1])
