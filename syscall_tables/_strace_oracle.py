"""Ask the installed strace what it knows: argument counts and trace classes.

Two generation-time probes:

- ``strace_nargs``: a C program installs a seccomp filter that fails (EPERM) every syscall whose
  first argument is a magic value, then calls each number with that value, natively and through
  ``int $0x80`` (i386), under ``strace -e raw=all``. Each call is preceded by a marker
  ``lseek(MARKER, nr, 0)``. strace prints a raw call with exactly as many arguments as its table
  row says, so each line gives strace's name and argument count for that number. The syscalls
  never run: seccomp acts after the ptrace entry stop.
- ``strace_classes``: ``strace -d --seccomp-bpf -e trace=%CLASS`` logs the BPF program it builds;
  running that program in a small interpreter for every (audit arch, number) gives the numbers it
  traces. Syscalls strace traces by seccomp whatever the filter (execve, execveat, and on i386
  socketcall and ipc) are decided by a live run of ``strace -e trace=%CLASS`` instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

STRACE = "/usr/bin/strace"
MAGIC = 0x5EC0FFEE
MARKER = 0x7E57AB1E
MAX_NR = 520

CLASS_NAMES = (
    "%file",
    "%desc",
    "%net",
    "%process",
    "%signal",
    "%ipc",
    "%memory",
    "%creds",
    "%clock",
    "%stat",
    "%lstat",
    "%fstat",
    "%%stat",
    "%statfs",
    "%fstatfs",
    "%%statfs",
    "%pure",
)

_PROBE_C = r"""
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static long call32(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    long ret;
    register long r8 __asm__("r8") = a6;
    __asm__ volatile("push %%rbp\n\tmov %%r8d, %%ebp\n\tint $0x80\n\tpop %%rbp"
                     : "=a"(ret)
                     : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5), "r"(r8)
                     : "memory");
    return ret;
}

int main(int argc, char **argv)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MAGIC, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
    long nr, max = MAX_NR;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
        return 1;
    for (nr = 0; nr <= max; nr++) {
        /* uretprobe and uprobe bypass seccomp and raise SIGILL outside a probe trampoline */
        if (nr == 335 || nr == 336)
            continue;
        syscall(SYS_lseek, MARKER, nr, 0);
        syscall(nr, MAGIC, 2, 3, 4, 5, 6);
    }
    for (nr = 0; nr <= max; nr++) {
        syscall(SYS_lseek, MARKER, nr, 1);
        call32(nr, MAGIC, 2, 3, 4, 5, 6);
    }
    syscall(SYS_exit_group, 0);
    return 0;
}
"""

_LINE = re.compile(r"^(?:\d+ +)?([A-Za-z_0-9]+)\((.*)\) += ")


def _build_probe(tmp: Path) -> Path:
    src = tmp / "probe.c"
    exe = tmp / "probe"
    src.write_text(_PROBE_C)
    subprocess.run(
        [
            "gcc",
            "-O0",
            "-w",
            f"-DMAGIC={MAGIC:#x}",
            f"-DMARKER={MARKER:#x}",
            f"-DMAX_NR={MAX_NR}",
            "-o",
            str(exe),
            str(src),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return exe


def strace_nargs() -> dict[str, dict[int, tuple[str, int]]]:
    """{"x86_64" | "i386": {nr: (strace's name, strace's argument count)}}."""
    out: dict[str, dict[int, tuple[str, int]]] = {"x86_64": {}, "i386": {}}
    with tempfile.TemporaryDirectory(prefix="syscall_tables-") as tmpdir:
        tmp = Path(tmpdir)
        exe = _build_probe(tmp)
        log = tmp / "log"
        subprocess.run(
            [STRACE, "-qq", "-e", "raw=all", "-o", str(log), str(exe)],
            check=True,
            capture_output=True,
        )
        current: tuple[str, int] | None = None
        for line in log.read_text().splitlines():
            m = _LINE.match(line)
            if not m:
                continue
            name, args = m.group(1), m.group(2)
            fields = [a.strip() for a in args.split(",")] if args.strip() else []
            if name == "lseek" and fields and int(fields[0], 16) in (MARKER, MARKER | ~0xFFFFFFFF):
                current = ("x86_64" if int(fields[2], 16) == 0 else "i386", int(fields[1], 16))
                continue
            if current is None:
                continue
            arch, nr = current
            current = None
            if fields and int(fields[0], 16) != MAGIC:
                continue
            if name.startswith("syscall_0x"):
                continue  # unknown to strace
            out[arch][nr] = (name, len(fields))
    return out


# --- the BPF program strace logs with -d -------------------------------------------------

_STMT = re.compile(r"^\S*strace: (STMT|JUMP)\((BPF_\w+)(?:, ([^)]*))?\)$")
_SECCOMP_RET_TRACE = "SECCOMP_RET_TRACE"


def _parse_bpf(text: str) -> list[tuple[str, list[str]]]:
    prog = []
    for line in text.splitlines():
        m = _STMT.match(line)
        if m:
            args = [a.strip() for a in (m.group(3) or "").split(",")] if m.group(3) else []
            prog.append((m.group(2), args))
    return prog


def _num(s: str) -> int:
    return int(s, 0)


def _run_bpf(prog: list[tuple[str, list[str]]], arch: int, nr: int) -> bool:
    """True when the program returns SECCOMP_RET_TRACE for (arch, nr)."""
    a = x = 0
    pc = 0
    mask = 0xFFFFFFFF
    while pc < len(prog):
        op, args = prog[pc]
        pc += 1
        if op == "BPF_LDWABS":
            a = arch if args[0] == "data->arch" else nr
        elif op == "BPF_LDWIMM":
            a = _num(args[0])
        elif op == "BPF_AND":
            a &= _num(args[0])
        elif op == "BPF_RSH":
            a = (a >> _num(args[0])) & mask
        elif op == "BPF_LSH":
            a = (a << (x if args[0] == "X" else _num(args[0]))) & mask
        elif op == "BPF_TAX":
            x = a
        elif op == "BPF_TXA":
            a = x
        elif op == "BPF_RET":
            return args[0] == _SECCOMP_RET_TRACE
        elif op == "BPF_JA":
            pc += _num(args[0])
        elif op in ("BPF_JEQ", "BPF_JGE", "BPF_JSET"):
            jt, jf, k = _num(args[0]), _num(args[1]), _num(args[2])
            if op == "BPF_JEQ":
                cond = a == k
            elif op == "BPF_JGE":
                cond = a >= k
            else:
                cond = bool(a & k)
            pc += jt if cond else jf
        else:
            raise ValueError(f"unknown BPF op in strace -d output: {op}")
    raise ValueError("BPF program fell off its end")


def _bpf_for(trace_expr: str) -> list[tuple[str, list[str]]]:
    res = subprocess.run(
        [
            STRACE,
            "-d",
            "-f",
            "--seccomp-bpf",
            "-e",
            f"trace={trace_expr}",
            "-o",
            os.devnull,
            "true",
        ],
        capture_output=True,
        text=True,
    )
    prog = _parse_bpf(res.stderr)
    if not prog:
        raise RuntimeError(f"strace -d printed no seccomp program for trace={trace_expr}")
    return prog


_LIVE_C = r"""
#include <sys/syscall.h>
#include <unistd.h>
static long call32(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    long ret;
    register long r8 __asm__("r8") = a6;
    __asm__ volatile("push %%rbp\n\tmov %%r8d, %%ebp\n\tint $0x80\n\tpop %%rbp"
                     : "=a"(ret)
                     : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5), "r"(r8)
                     : "memory");
    return ret;
}
int main(int argc, char **argv)
{
    long i;
    for (i = 1; i < argc; i += 2) {
        long nr = strtol(argv[i + 1], 0, 0);
        if (argv[i][0] == '6')
            syscall(nr, 0, 0, 0, 0, 0, 0);
        else
            call32(nr, 0, 0, 0, 0, 0, 0);
    }
    return 0;
}
"""


def live_members(trace_expr: str, calls: list[tuple[str, int, str]]) -> set[tuple[str, int]]:
    """Which of ``calls`` ((arch, nr, strace's name), arch "64" or "32") trace=EXPR prints.

    Each call gets all-zero arguments, so execve(NULL, ...) and friends fail with EFAULT.
    """
    found: set[tuple[str, int]] = set()
    with tempfile.TemporaryDirectory(prefix="syscall_tables-") as tmpdir:
        tmp = Path(tmpdir)
        src = tmp / "live.c"
        exe = tmp / "live"
        src.write_text("#include <stdlib.h>\n" + _LIVE_C)
        subprocess.run(
            ["gcc", "-O0", "-w", "-o", str(exe), str(src)], check=True, capture_output=True
        )
        for arch, nr, name in calls:
            log = tmp / "log"
            subprocess.run(
                [
                    STRACE,
                    "-qq",
                    "-e",
                    "raw=all",
                    "-e",
                    f"trace={trace_expr}",
                    "-o",
                    str(log),
                    str(exe),
                    arch,
                    str(nr),
                ],
                capture_output=True,
            )
            # The probe's own execve has non-zero pointers; the probed call has only zeros.
            for line in log.read_text().splitlines():
                m = _LINE.match(line)
                if m and m.group(1) == name and {a.strip() for a in m.group(2).split(",")} == {"0"}:
                    found.add((arch, nr))
    return found


def strace_classes(
    arches: dict[str, int], known: dict[str, dict[int, str]]
) -> dict[str, dict[str, set[int]]]:
    """{arch: {class: numbers}} for arches {name: audit arch}.

    ``known`` holds strace's own table, number -> name, per arch (from ``strace_nargs``): strace
    traces every number past its table whatever the filter, and those have no class.
    """
    baseline = _bpf_for("getpid")
    always: dict[str, set[int]] = {}
    for arch, audit in arches.items():
        always[arch] = {nr for nr in known[arch] if _run_bpf(baseline, audit, nr)}
    # getpid itself is in the baseline set; remove it by asking for another syscall.
    other = _bpf_for("getppid")
    for arch, audit in arches.items():
        always[arch] &= {nr for nr in known[arch] if _run_bpf(other, audit, nr)}
    result: dict[str, dict[str, set[int]]] = {arch: {} for arch in arches}
    for cls in CLASS_NAMES:
        prog = _bpf_for(cls)
        for arch, audit in arches.items():
            traced = {nr for nr in known[arch] if _run_bpf(prog, audit, nr)}
            result[arch][cls] = traced - always[arch]
    # The always-traced numbers: decide membership by what strace prints.
    calls = [
        ("64" if arch == "x86_64" else "32", nr, known[arch][nr])
        for arch in arches
        for nr in sorted(always[arch])
    ]
    for cls in CLASS_NAMES:
        hits = live_members(cls, calls)
        for arch in arches:
            tag = "64" if arch == "x86_64" else "32"
            result[arch][cls] |= {nr for a, nr in hits if a == tag}
    return result
