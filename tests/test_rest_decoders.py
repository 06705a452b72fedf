"""The last syscalls of the x86_64 table against the installed strace (tests/probes/rest.c), one
family at a time: syslog, utime*, mknod*, admin calls, ldt, modules, quota, aio, kexec, ioprio,
numa, file handles and the newer memory / mount / futex calls.

The probe drops every capability first, so every privileged call fails with EPERM."""

from __future__ import annotations

import re

import pytest

from pytrace.decoders.aio import IOCB, io_event
from pytrace.decoders.ldt import desc_rest
from pytrace.decoders.quota import qcmd
from tests.differential import compare, compile_probe, have_gcc, have_strace, run_both

live = pytest.mark.skipif(not (have_strace() and have_gcc()), reason="needs strace and gcc")

FAMILIES = {
    "syslog": "syslog",
    "utimes": "utime,utimes,futimesat",
    "mknod": "mknod,mknodat",
    "sysadmin": "pivot_root,acct,swapon,swapoff,sethostname,setdomainname,iopl,ioperm,"
                "readahead,lookup_dcookie,ustat",
    "ldt": "modify_ldt,set_thread_area,get_thread_area",
    "bjm": "init_module,delete_module,finit_module",
    "quota": "quotactl,quotactl_fd",
    "aio": "io_setup,io_destroy,io_submit,io_cancel,io_getevents,io_pgetevents",
    "kexec": "kexec_load,kexec_file_load",
    "ioprio": "ioprio_get,ioprio_set",
    "numa": "migrate_pages,move_pages,set_mempolicy_home_node,remap_file_pages",
    "file_handle": "name_to_handle_at,open_by_handle_at",
    "misc": "getcpu,userfaultfd,pkey_alloc,pkey_free,memfd_secret,process_madvise,"
            "process_mrelease,mount_setattr,futex_waitv",
}
_ALL = ",".join(FAMILIES.values())
_NAME = re.compile(r"^P\d+ ([a-z_0-9]+)\(")
_run: list = []


def _both() -> tuple[list[str], list[str]]:
    """One traced run of the probe for every family (both tracers), cached for the module."""
    if not _run:
        res = run_both([compile_probe("rest", ["-w"])], ["-e", f"trace={_ALL}"])
        _run.append((res.strace, res.pytrace))
    return _run[0]


def _of(lines: list[str], names: set[str]) -> list[str]:
    return [ln for ln in lines if (m := _NAME.match(ln)) and m.group(1) in names]


@live
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_matches_strace(family: str) -> None:
    names = set(FAMILIES[family].split(","))
    a, b = _both()
    res = compare(_of(a, names), _of(b, names))
    print(family, res.matched, "/", res.total)
    assert res.total >= 2, res.report()
    assert res.rate >= 0.98, res.report()


@live
def test_every_probe_line_matches() -> None:
    a, b = _both()
    res = compare(a, b)
    assert res.total > 150
    assert res.rate >= 0.98, res.report()


def test_io_event_bytes() -> None:
    data = IOCB.pack(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert len(data) == 64
    ev = (0xFEED).to_bytes(8, "little") + (0).to_bytes(8, "little") + (-5).to_bytes(8, "little",
                                                                                   signed=True)
    assert io_event(ev + bytes(8)) == "{data=0xfeed, obj=0, res=-5, res2=0}"


def test_user_desc_bits() -> None:
    # entry 1, base 0x1000, limit 0xfffff, seg_32bit | limit_in_pages | useable
    raw = (1).to_bytes(4, "little") + (0x1000).to_bytes(4, "little") + (0xFFFFF).to_bytes(4, "little")
    raw += (0b1010001).to_bytes(4, "little")
    assert desc_rest(raw) == (", base_addr=0x001000, limit=0x0fffff, seg_32bit=1, contents=0, "
                              "read_exec_only=0, limit_in_pages=1, seg_not_present=0, useable=1, lm=0}")


def test_qcmd_names() -> None:
    assert qcmd((0x800007 << 8) | 0) == "QCMD(Q_GETQUOTA, USRQUOTA)"
    assert qcmd((0x7777 << 8) | 5) == "QCMD(0x7777 /* Q_??? */, 0x5 /* ???QUOTA */)"
