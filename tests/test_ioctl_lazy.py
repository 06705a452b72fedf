"""ioctl families load on demand: TCGETS imports term.py alone and no construct; the generated
termios/winsize layouts decode real kernel bytes as the construct declarations do."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys

import pytest

from pytrace.decoders import ioctl
from pytrace.structs import _layouts
from pytrace.structs import term as term_structs


def test_every_family_entry_resolves_to_a_decoder() -> None:
    for ty in ioctl.FAMILY_MODULES:
        assert callable(ioctl.family(ty)), hex(ty)
    assert ioctl.family(0x01) is None


def test_tcgets_loads_term_only_and_no_construct() -> None:
    code = (
        "import sys\n"
        "from pytrace.decoders import ioctl\n"
        "assert ioctl.family(0x54) is not None\n"
        "mods = sorted(m for m in sys.modules if m.startswith('pytrace.decoders.ioctl.'))\n"
        "print('construct' in sys.modules, ' '.join(mods))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    has_construct, mods = out.stdout.split(" ", 1)
    assert has_construct == "False"
    families = {m.rsplit(".", 1)[1] for m in mods.split()} - {"_util", "names", "user"}
    assert families == {"term"}


@pytest.fixture
def pty_fd():  # type: ignore[no-untyped-def]
    master, slave = os.openpty()
    yield slave
    os.close(master)
    os.close(slave)


@pytest.mark.parametrize(("request_name", "layout", "decl"), [
    ("TCGETS", _layouts.TERMIOS, term_structs.TERMIOS),
    ("TCGETS2", _layouts.TERMIOS2, term_structs.TERMIOS2),
    ("TIOCGWINSZ", _layouts.WINSIZE, term_structs.WINSIZE),
])
def test_term_layouts_match_construct_on_kernel_bytes(pty_fd, request_name, layout, decl) -> None:  # type: ignore[no-untyped-def]
    from pytrace.decoders.ioctl._util import req

    if request_name == "TIOCGWINSZ":
        fcntl.ioctl(pty_fd, req("TIOCSWINSZ"), bytes([24, 0, 80, 0, 1, 2, 3, 4]))
    data = fcntl.ioctl(pty_fd, req(request_name), bytes(layout.size))
    fast = layout.unpack(data)._asdict()
    slow = {k: v for k, v in decl.parse(data).items() if not k.startswith("_")}
    assert fast == slow
    assert layout.size == decl.sizeof()


@pytest.mark.skipif(not (shutil.which("strace") and shutil.which("gcc")), reason="needs strace and gcc")
def test_term_probe_verbose_matches_strace() -> None:
    """-v prints c_line and c_cc (``[VINTR]=0x3``) as strace 6.1 does."""
    from tests.differential import compile_probe, run_both
    from tests.test_ioctl import _unpad

    res = _unpad(run_both([compile_probe("ioctl_term")], ["-e", "trace=ioctl", "-v"]))
    assert res.total >= 40
    assert res.rate >= 0.98, res.report()
