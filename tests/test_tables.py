"""The committed generated tables: agreement with their sources, regeneration, live strace."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import syscall_tables
from syscall_tables._cgen import GENERATED_DIR

system_calls = pytest.importorskip("system_calls")

SC_ARCH = {"x86_64": "x86_64", "i386": "i386", "aarch64": "arm64", "riscv64": "riscv64"}
STRACE = "/usr/bin/strace"
needs_strace = pytest.mark.skipif(not os.access(STRACE, os.X_OK), reason="strace not installed")
needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting tracefs needs root")


@pytest.mark.parametrize("arch", syscall_tables.ARCHES)
def test_names_agree_with_system_calls(arch: str) -> None:
    table = syscall_tables.arch_table(arch)
    expected = {
        nr: name for name, nr in system_calls.syscalls().load_arch_table(SC_ARCH[arch]).items()
    }
    assert table.NAMES == expected
    assert table.ARCH == arch
    assert set(table.NARGS) <= set(table.NAMES.values())
    for name, sig in table.SIGNATURES.items():
        assert all(
            isinstance(t, str) and isinstance(n, str) and "__user" not in t for t, n in sig
        ), name


def test_newest_syscalls_present() -> None:
    names = set(syscall_tables.arch_table("x86_64").NAMES.values())
    assert {"mseal", "listmount", "setxattrat", "file_getattr", "openat2", "clone3"} <= names


def test_x86_64_classes() -> None:
    t = syscall_tables.arch_table("x86_64")
    assert "openat" in t.CLASSES["%file"]
    assert "read" in t.CLASSES["%desc"] and "read" not in t.CLASSES["%file"]
    assert "execve" in t.CLASSES["%process"] and "execve" in t.CLASSES["%file"]
    assert t.CLASSES["%stat"] == frozenset({"stat"})
    assert "mseal" not in set().union(*t.CLASSES.values())  # unknown to strace 6.1
    assert t.AUDIT_ARCH == 0xC000003E


def test_runtime_api() -> None:
    xl = syscall_tables.xlat("open_access_modes")
    assert xl[:3] == ((0, "O_RDONLY"), (1, "O_WRONLY"), (2, "O_RDWR"))
    assert syscall_tables.xlat("sigact_flags")[0][1] == "SA_RESTORER"
    assert syscall_tables.errno_table().ERRNO_NAMES[2] == "ENOENT"
    assert syscall_tables.errno_table().ERRNO_MESSAGES[2] == "No such file or directory"
    assert (
        syscall_tables.errno_table().ERRNO_MESSAGES[512] == "To be restarted if SA_RESTART is set"
    )
    sig = syscall_tables.signal_table()
    assert sig.SIGNAL_NAMES[32] == "SIGRTMIN" and sig.SIGNAL_NAMES[33] == "SIGRT_1"
    assert sig.SIGNAL_NUMBERS["SIGKILL"] == 9
    with pytest.raises(KeyError):
        syscall_tables.xlat("no_such_xlat")


def _same_tree(a: Path, b: Path) -> list[str]:
    diffs = []
    for path in sorted(a.rglob("*.py")):
        other = b / path.relative_to(a)
        if not other.exists() or not filecmp.cmp(path, other, shallow=False):
            diffs.append(str(path.relative_to(a)))
    return diffs


@needs_strace
@needs_gcc
@needs_root
def test_gen_syscalls_regenerates_identically(tmp_path: Path) -> None:
    from syscall_tables import gen_syscalls

    if gen_syscalls.find_syscalls_h(None) is None:
        pytest.skip("no linux-headers-*-common syscalls.h (apt-get install linux-headers-*-common)")
    with gen_syscalls.tracefs_dir(None) as root:
        if root is None:
            pytest.skip("tracefs not mountable")
    gen_syscalls.generate(tmp_path)
    committed = {p.name for p in GENERATED_DIR.glob("*.py")} & {
        f"{a}.py" for a in syscall_tables.ARCHES
    }
    for name in committed:
        assert filecmp.cmp(GENERATED_DIR / name, tmp_path / name, shallow=False), name


@needs_strace
@needs_gcc
def test_gen_consts_regenerates_identically(tmp_path: Path) -> None:
    from syscall_tables import gen_consts

    gen_consts.generate(tmp_path)
    for name in ("errno.py", "signals.py"):
        assert filecmp.cmp(GENERATED_DIR / name, tmp_path / name, shallow=False), name
    assert _same_tree(GENERATED_DIR / "xlat", tmp_path / "xlat") == []


_PROBE = r"""
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void)
{
    int fd = open("/dev/null", O_RDONLY);
    struct stat st;
    char buf[4];
    read(fd, buf, sizeof(buf));
    fstat(fd, &st);
    access("/", F_OK);
    getpid();
    dup(fd);
    close(fd);
    return 0;
}
"""


@needs_strace
@needs_gcc
def test_live_desc_class_agrees(tmp_path: Path) -> None:
    src = tmp_path / "probe.c"
    exe = tmp_path / "probe"
    src.write_text(_PROBE)
    subprocess.run(["gcc", "-o", str(exe), str(src)], check=True)

    def traced(expr: str) -> list[str]:
        log = tmp_path / "log"
        subprocess.run([STRACE, "-qq", "-e", f"trace={expr}", "-o", str(log), str(exe)], check=True)
        return [
            m.group(1) for line in log.read_text().splitlines() if (m := re.match(r"(\w+)\(", line))
        ]

    everything = traced("all")
    desc = syscall_tables.arch_table("x86_64").CLASSES["%desc"]
    assert traced("%desc") == [name for name in everything if name in desc]
    file_ = syscall_tables.arch_table("x86_64").CLASSES["%file"]
    assert traced("%file") == [name for name in everything if name in file_]
