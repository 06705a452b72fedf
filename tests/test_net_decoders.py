"""Network decoders and -yy socket details against the installed strace 6.1.

Probes talk over 127.0.0.1 / ::1 and UNIX sockets only. Ephemeral ports and socket inodes
change between the two runs: they are renamed in order of first appearance (as pids are), so a
line still has to use the same port or inode wherever strace does.
"""

from __future__ import annotations

import re
import struct
import sys
import textwrap

import pytest

from pytrace.config import TraceConfig
from pytrace.decoders._msghdr import MSGHDR, msg_control
from pytrace.decoders._sockaddr import format_sockaddr
from pytrace.tracee import Tracee
from tests.differential import (
    compare,
    compile_probe,
    first_exec_line,
    have_gcc,
    have_strace,
    run_both,
)

pytestmark = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

_VARYING = re.compile(r"(?<=htons\()\d{4,}(?=\))|(?<=[\d\]]:)\d{4,}\b|(?<=:\[)\d{4,}\b|(?<=->)\d{4,}\b")


def _rename(lines: list[str]) -> list[str]:
    seen: dict[str, str] = {}

    def sub(m: re.Match[str]) -> str:
        return seen.setdefault(m.group(0), f"N{len(seen) + 1}")

    return [_VARYING.sub(sub, line) for line in lines]


def _check(argv: list[str], options: list[str] | None = None, minimum: float = 0.98) -> None:
    res = run_both(argv, options)
    a = [x for x in _rename(res.strace) if not first_exec_line(x)]
    b = [x for x in _rename(res.pytrace) if not first_exec_line(x)]
    cmp = compare(a, b)
    assert cmp.total > 5, cmp.report()
    assert cmp.rate >= minimum, cmp.report()


def test_net_probe() -> None:
    _check([compile_probe("net_basic")], minimum=1.0)


def test_net_probe_yy() -> None:
    _check([compile_probe("net_basic")], ["-yy"], minimum=1.0)


def test_sockopt_and_constant_names() -> None:
    """Every option name of the levels strace knows, cmsg types, families, protocols, flags."""
    _check([compile_probe("net_sockopt_names")])


def test_net_probe_verbose_and_strings() -> None:
    _check([compile_probe("net_basic")], ["-v", "-s", "4", "-x"], minimum=1.0)


_PY = textwrap.dedent(
    """
    import os, socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
    c = socket.create_connection(s.getsockname()); a, _ = s.accept()
    c.sendall(b"ping" * 20); a.recv(100); a.sendall(b"pong"); c.recv(10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    a.close(); c.close(); s.close()
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::1", 0))
    u.sendto(b"six", u.getsockname()); u.recvfrom(10); u.close()
    x, y = socket.socketpair(); x.sendmsg([b"a", b"b"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, b"\\0\\0\\0\\0")])
    y.recvmsg(10, 64); x.close(); y.close()
    d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); d.bind("\\0pytrace-test\\n")
    d.getsockname(); d.close()
    n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); n.bind((0, 0)); n.getsockname(); n.close()
    f = os.open("/dev/null", os.O_RDONLY); os.read(f, 0); os.close(f)
    p = os.pidfd_open(os.getpid()); os.close(p)
    """
)


@pytest.mark.parametrize("options", [[], ["-yy"]])
def test_python_sockets(options: list[str]) -> None:
    trace = "-e trace=%network,close,read,pidfd_open"
    _check([sys.executable, "-c", _PY], [*options, *trace.split()])


# ------------------------------------------------------------ decoders on built bytes
def _tracee() -> Tracee:
    return Tracee(0, TraceConfig())


def test_sockaddr_bytes() -> None:
    t = _tracee()
    sin = struct.pack("<H", 2) + struct.pack(">H", 80) + bytes([127, 0, 0, 1]) + bytes(8)
    assert format_sockaddr(t, sin, 16) == (
        '{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}'
    )
    assert format_sockaddr(t, sin, 4) == '{sa_family=AF_INET, sa_data="\\0P"}'
    assert format_sockaddr(t, sin[:2], 2) == "{sa_family=AF_INET}"
    un = struct.pack("<H", 1) + b"\0abs"
    assert format_sockaddr(t, un, len(un)) == '{sa_family=AF_UNIX, sun_path=@"abs"}'
    # short and garbage inputs never raise
    for n in range(0, 40):
        for fam in (0, 1, 2, 10, 16, 17, 40, 0xFFFF):
            format_sockaddr(t, struct.pack("<H", fam) + bytes(range(n)), n)


def test_msg_control_unreadable() -> None:
    t = _tracee()  # pid 0: no memory readable
    assert msg_control(t, 0x1000, 32) == ", msg_control=0x1000"
    assert msg_control(t, 0x1000, 0) == ""
    assert MSGHDR.size == 56


def test_socket_protocol_names_per_family() -> None:
    """AX25 (always value /* name */), IRDA (strace 6.1 uses the CAN table), CAN, BLUETOOTH,
    ISDN, PHONET, CAIF, NFC, KCM, SMC, RXRPC; other families print the unsigned register."""
    _check([compile_probe("net_protocols")], ["-e", "trace=socket"], minimum=1.0)
