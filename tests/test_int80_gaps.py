"""i386 personality, the last gaps: SO_TIMESTAMP*_OLD control messages of ``int $0x80``
recvmsg / recvmmsg / sendmsg (compat timeval / timespec), the SIGSYS siginfo of a seccomp-trapped
i386 call (si_syscall from the i386 table) and ipc() *ctl calls without IPC_64, live against
strace 6.1 (probe int80_gaps), and the timestamp layouts on bytes built with construct."""

from __future__ import annotations

import re
import struct

import pytest

from pytrace.decoders._msghdr import msg_control
from pytrace.decoders.siginfo import format_siginfo
from pytrace.structs import compat32 as L
from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both
from tests.test_int80 import BASE, tracee

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

# --------------------------------------------------------------------------- live, vs strace
# Difference classes that are not decoding, masked where they occur: the first line (tracer
# memory); the kernel's receive timestamps; the UDP port bind(0) gets; IPC ids; getppid (the
# tracer's pid); -y socket inodes; shm_ctime. ipc() *ctl without IPC_64 returns the old
# layouts (16-bit ids), but strace 6.1 reads them as struct ipc64_perm / *id64_ds, as pytrace
# does: cuid then holds mode | the id's sequence << 16 (checked against each run's id, not
# masked: "cuid=384" against "cuid=65920" is two runs' sequence numbers 0 and 1), and semctl's
# mode holds the low bits of sem_ctime (masked).
_IPC_GET = re.compile(r"^P\d+ (?:semget|msgget|shmget)\(.*\)\s+= (\d+)$")
_SUBS = [
    (re.compile(r"tv_sec=1\d{9}, tv_(usec|nsec)=\d+"), r"tv_sec=#, tv_\1=#"),
    # the port bind(0) got, as -X abbrev, raw and verbose print it
    (re.compile(r'(sin6?_port=)(?:htons\(\d+\)|"(?:\\x[0-9a-f]{2}){2}"(?: /\* htons\(\d+\) \*/)?)'), r"\1#"),
    (re.compile(r"^(P\d+ getppid\(\)\s+= )\d+$"), r"\1#"),
    # times: the CPU time used and the ticks since boot (the comment's shape is kept)
    # the CPU ticks the run used: user time (never zero after the probe's work, so its
    # comment stays), and system time, zero or not as interrupts and preemption fall
    (re.compile(r"tms_utime=\d+( /\* )\d+\.\d+( s \*/)"), r"tms_utime=#\1#\2"),
    (re.compile(r"tms_utime=\d+(?=,)"), "tms_utime=#"),  # -X raw: the number alone
    (re.compile(r"tms_stime=\d+(?: /\* \d+\.\d+ s \*/)?"), "tms_stime=#"),
    (re.compile(r"^(P\d+ times\(.*\)\s+= )\d+$"), r"\1#"),
    (re.compile(r"socket:\[\d+\]"), "socket:[#]"),
]
_CTL = re.compile(r"^P\d+ (?:shm|sem|msg)ctl\((\d+)")
_CTL_RUN = re.compile(r"(_ctime)=\d+(?: /\* [^*]* \*/)?")
_SEM_MODE = re.compile(r"^(P\d+ semctl\(.*mode=)(?:0x)?[0-7a-f]+")
_CUID = re.compile(r"cuid=(\d+)")


def _cuid(line: str, ipc_id: int) -> str:
    """cuid=SEQ|0600 where an old layout put mode and the id's sequence number in it."""

    def sub(m: re.Match[str]) -> str:
        v = int(m.group(1))
        return f"cuid=SEQ|0{v & 0xFFFF:o}" if v >> 16 and v >> 16 == ipc_id >> 15 else m.group(0)

    return _CUID.sub(sub, line)


def _mask(lines: list[str]) -> list[str]:
    ids: dict[str, str] = {}
    out = []
    for line in lines[1:]:
        m = _IPC_GET.match(line)
        if m:
            ids.setdefault(m.group(1), f"ID{len(ids)}")
        ctl = _CTL.match(line)
        if ctl:
            line = _SEM_MODE.sub(r"\1#", _CTL_RUN.sub(r"\1=#", _cuid(line, int(ctl.group(1)))))
        for n, name in ids.items():
            line = re.sub(rf"\b{n}\b", name, line)
        for pattern, repl in _SUBS:
            line = pattern.sub(repl, line)
        out.append(line)
    return out


@live
@pytest.mark.parametrize(
    "opts", [[], ["-X", "raw"], ["-X", "verbose"], ["-y", "-s", "2", "-x"]],
    ids=["default", "Xraw", "Xverbose", "ys2x"],
)
def test_int80_gaps_probe_matches_strace(opts: list[str]) -> None:
    res = run_both([compile_probe("int80_gaps")], opts)
    assert res.total > 60, res.report()
    s, p = _mask(res.strace), _mask(res.pytrace)
    masked = compare(s, p)
    print("int80_gaps", opts, "raw:", res.report(0), "masked:", masked.report())
    assert masked.rate == 1.0, masked.report()
    text = "\n".join(s)
    # the probe made what it tests: i386 timestamps, the trapped i386 getpid, old-layout *ctl
    assert text.count("cmsg_data=[{tv_sec=#") == 3 and text.count("cmsg_data={tv_sec=#") == 6
    assert re.search(r"si_syscall=(?:__NR_getpid|20 /\* __NR_getpid \*/|20)[,}]", text)
    assert text.count("cuid=SEQ|0600") == 3 and "exited with 0" in text
    assert "times({tms_utime=# /* # s */" in text or "-X" in opts


# --------------------------------------------------------------------------- real bytes


def _cmsg(arch: str, ctype: int, data: bytes) -> bytes:
    if arch == "i386":
        head = L.CMSGHDR32.build(dict(cmsg_len=12 + len(data), cmsg_level=1, cmsg_type=ctype))
    else:
        head = struct.pack("<Qii", 16 + len(data), 1, ctype)
    return head + data


_TV32 = L.TIMEVAL32.build(dict(tv_sec=-2, tv_usec=0xFFFFFFFF))
_TS32 = L.TIMESPEC32.build(dict(tv_sec=7, tv_nsec=999999999))
_TS64 = struct.pack("<qq", 7, -1)


@pytest.mark.parametrize(
    ("arch", "ctype", "data", "want"),
    [
        ("i386", 29, _TV32, "{tv_sec=-2, tv_usec=4294967295}"),
        ("i386", 29, _TV32[:4], "???"),
        ("i386", 29, _TV32 + b"\1" * 8, "{tv_sec=-2, tv_usec=4294967295}"),  # longer: its head
        ("i386", 35, _TS32, "{tv_sec=7, tv_nsec=999999999}"),
        ("i386", 37, _TS32 * 3, "[" + ", ".join(["{tv_sec=7, tv_nsec=999999999}"] * 3) + "]"),
        ("i386", 37, _TS32 * 2, "???"),
        # *_NEW carry the 64-bit layouts in an i386 call too
        ("i386", 64, _TS64, "{tv_sec=7, tv_nsec=18446744073709551615}"),
        ("i386", 64, _TS32, "???"),
        ("x86_64", 29, _TS64, "{tv_sec=7, tv_usec=18446744073709551615}"),
        ("x86_64", 29, _TS32, "???"),
        ("x86_64", 35, _TS64 + b"\0" * 8, "{tv_sec=7, tv_nsec=18446744073709551615}"),
        ("x86_64", 65, _TS64 * 3, "[" + ", ".join(["{tv_sec=7, tv_nsec=18446744073709551615}"] * 3) + "]"),
        ("x86_64", 37, _TS64 * 2 + b"\0" * 8, "???"),
    ],
)
def test_timestamp_cmsg_layouts(arch: str, ctype: int, data: bytes, want: str) -> None:
    raw = _cmsg(arch, ctype, data)
    t = tracee(raw, arch)
    got = msg_control(t, BASE, len(raw))
    assert got.endswith(f"cmsg_data={want}}}]"), got


def test_timestamp_cmsg_truncated_control() -> None:
    """A control buffer that ends inside the timestamp: cmsg_len is clipped to what was read."""
    raw = _cmsg("i386", 35, _TS32)
    t = tracee(raw, "i386", at=256 - 16)  # the region's last 16 bytes: 4 of the 8 data bytes
    got = msg_control(t, BASE + 256 - 16, len(raw))
    assert got == ", msg_control=" + "%#x" % (BASE + 256 - 16)
    got = msg_control(t, BASE + 256 - 16, 16)
    assert got == ", msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, " \
                  "cmsg_data=???}]"


def _sigsys(nr: int, arch: int) -> bytes:
    # x86_64 siginfo_t: signo, errno, code, pad, then si_call_addr, si_syscall, si_arch
    return struct.pack("<iii4xQiI", 31, 0, 1, 0x1234, nr, arch).ljust(128, b"\0")


def test_sigsys_names_the_call_from_si_arch_table() -> None:
    from pytrace.syscalls import table

    i386, x64 = table("i386"), table("x86_64")
    assert "si_syscall=__NR_getpid, si_arch=AUDIT_ARCH_I386" in format_siginfo(_sigsys(20, i386.audit_arch))
    assert "si_syscall=__NR_writev, si_arch=AUDIT_ARCH_X86_64" in format_siginfo(_sigsys(20, x64.audit_arch))
    assert "si_syscall=__NR_socketcall" in format_siginfo(_sigsys(102, i386.audit_arch))
    # an unknown arch: the x86_64 names, the arch in hex
    assert "si_syscall=__NR_getuid, si_arch=0x1234" in format_siginfo(_sigsys(102, 0x1234))


@live
@pytest.mark.parametrize(
    "opts", [["-s", "3"], ["-s", "2"], ["-v"], ["-s", "3", "-e", "abbrev=none", "-e", "trace=writev,sendmsg"]],
    ids=["s3", "s2", "v", "abbrev_none"],
)
def test_iovec_edges_match_strace(opts: list[str]) -> None:
    """The one iovec printer (print_array underneath): the element at the -s limit is read
    first (unreadable: ``... /* ADDR */``), an i386 array stops at 4 GiB, -e abbrev=none
    prints every element: writev and msg_iov, x86_64 and int 0x80."""
    res = run_both([compile_probe("int80_iovec")], opts)
    # under the trace= filter there is no execve line to drop
    s, p = (lines if "abbrev=none" in opts else lines[1:] for lines in (res.strace, res.pytrace))
    masked = compare(s, p)
    assert masked.total > 6 and masked.rate == 1.0, masked.report()
    assert "... /* 0x100000000 */]" in "\n".join(s)
