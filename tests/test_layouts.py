"""The generated struct formats (pytrace/structs/_layouts.py) are what lowering the construct
declarations gives today, and decode real bytes as construct does."""

from __future__ import annotations

import os
import sys

from pytrace.structs import _layouts, gen_layouts
from pytrace.structs.stat import STAT


def test_generated_layouts_are_current() -> None:
    assert gen_layouts.TARGET.read_text() == gen_layouts.render()


def test_stat_layout_matches_construct_on_real_bytes() -> None:
    # The kernel's struct stat for a real file, read by newfstatat through ctypes.
    import ctypes

    buf = ctypes.create_string_buffer(STAT.sizeof())
    libc = ctypes.CDLL(None, use_errno=True)
    nr_newfstatat = 262
    assert libc.syscall(nr_newfstatat, -100, sys.executable.encode(), buf, 0) == 0
    data = buf.raw
    fast = _layouts.STAT.unpack(data)._asdict()
    slow = {k: v for k, v in STAT.parse(data).items() if not k.startswith("_")}
    assert fast == slow
    assert fast["st_size"] == os.stat(sys.executable).st_size


def test_runtime_decoders_do_not_import_construct() -> None:
    import subprocess

    code = "import sys, pytrace.decoders.stat; print('construct' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
