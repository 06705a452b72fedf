"""Differential testing: run one command under the installed strace and under pytrace, with
ASLR off and the same environment, and compare the lines after normalising pids only.

Used by the per-family tests and by ``python -m tests.differential -- CMD`` by hand.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

STRACE = shutil.which("strace") or "/usr/bin/strace"
SETARCH = shutil.which("setarch")
PROBES = Path(__file__).parent / "probes"
_BUILD = Path(tempfile.gettempdir()) / "pytrace-probes"
_PID_PREFIX = re.compile(r"^(\d+)(?=[ <])")  # "1234  " or, with -Y, "1234<comm> "


def have_strace() -> bool:
    return os.path.exists(STRACE)


def have_gcc() -> bool:
    return shutil.which("gcc") is not None


def compile_probe(name: str, extra: list[str] | None = None) -> str:
    """Build tests/probes/NAME.c (cached by content) and return the binary's path."""
    src = PROBES / f"{name}.c"
    flags = list(extra or [])
    digest = hashlib.sha1(src.read_bytes() + " ".join(flags).encode()).hexdigest()[:12]
    _BUILD.mkdir(parents=True, exist_ok=True)
    out = _BUILD / f"{name}-{digest}"
    if not out.exists():
        tmp = out.with_suffix(".tmp")
        subprocess.run(["gcc", "-O1", "-o", str(tmp), str(src), *flags], check=True)
        tmp.rename(out)
    return str(out)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env["LC_ALL"] = "C"
    env.pop("LANG", None)
    return env


def _norepeat(argv: list[str]) -> list[str]:
    return [SETARCH, "-R", *argv] if SETARCH else argv


@dataclass
class Result:
    strace: list[str]
    pytrace: list[str]
    matched: int = 0
    total: int = 0
    diffs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def report(self, limit: int = 30) -> str:
        out = [f"{self.matched}/{self.total} lines identical ({self.rate:.1%})"]
        for a, b in self.diffs[:limit]:
            out.append(f"- strace : {a}")
            out.append(f"+ pytrace: {b}")
        return "\n".join(out)


class Lines(list[str]):
    """Normalised lines that remember which number each ``Pk`` stood for in their run."""

    pids: dict[str, str]


_PAD = re.compile(r"^(.*\) )( *)(= .*)$")
COLUMN = 40  # strace's default -a


def _aligned(line: str) -> str:
    """The ``=`` column's padding, replaced by a tab when it is what strace's rule gives for
    this very line (pad ``) `` out to column 40): a pid's digit count moves the column, and
    the two runs' pids can differ in width (99999 and 100001). Wrong padding stays as it is."""
    m = _PAD.match(line)
    if m and len(m.group(2)) == max(0, COLUMN - len(m.group(1))):
        return m.group(1) + "\t" + m.group(3)
    return line


def normalise(lines: list[str]) -> list[str]:
    """Replace pids (taken from the -f line prefixes) with P1, P2 ... in order of appearance.

    The replacement is textual, so a number that is a pid of this run but data elsewhere in a
    line (an fd in a select set, a size) becomes ``Pk`` too; ``compare`` undoes that for line
    pairs whose only differences are such numbers (see ``_same_but_pids``)."""
    order: dict[str, str] = {}
    for line in lines:
        m = _PID_PREFIX.match(line)
        if m and m.group(1) not in order:
            order[m.group(1)] = f"P{len(order) + 1}"
    if not order:
        return lines
    rx = re.compile(r"\b(" + "|".join(sorted(order, key=len, reverse=True)) + r")\b")
    out = []
    for line in lines:
        m = _PID_PREFIX.match(line)
        if m and (len(m.group(1)) > 5 or rx.search(line, m.end())):
            line = _aligned(line)
        if m:
            line = order[m.group(1)] + line[m.end():].lstrip(" ") if line[m.end()] == "<" else order[m.group(1)] + " " + line[m.end():].lstrip(" ")
        out.append(rx.sub(lambda mm: order[mm.group(1)], line))
    res = Lines(out)
    res.pids = {v: k for k, v in order.items()}
    return res


def run_both(
    argv: list[str],
    options: list[str] | None = None,
    *,
    stdin: bytes | None = None,
    timeout: float = 60,
    cwd: str | None = None,
    per_process: bool = False,
    wrapper: list[str] | None = None,
) -> Result:
    """Trace ``argv`` under strace and pytrace with the same options (-f -o FILE added);
    ``wrapper`` is a command prefix for both tracers (``["env", "--ignore-signal=INT"]``)."""
    opts = list(options or [])
    pre = list(wrapper or [])
    env = _env()
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "strace.out"), os.path.join(d, "pytrace.out")
        runs = [
            [*pre, STRACE, "-f", "-o", a, *opts, *argv],
            [*pre, sys.executable, "-m", "pytrace", "-f", "-o", b, *opts, *argv],
        ]
        for cmd in runs:
            subprocess.run(
                _norepeat(cmd), input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=env, timeout=timeout, cwd=cwd,
            )
        sa = Path(a).read_text(errors="surrogateescape").splitlines()
        pb = Path(b).read_text(errors="surrogateescape").splitlines()
    na, nb = normalise(sa), normalise(pb)
    if per_process:
        na, nb = by_process(na), by_process(nb)
    return compare(na, nb)


_RESUMED = re.compile(r"^<\.\.\. [a-z0-9_]+ resumed>")
_KEY = re.compile(r"(P\d+)(?:<[^>]*>)? ")  # the pid prefix, with -Y its <comm> (which may hold spaces)
_ALIGN = re.compile(r"\) [ \t]*(= )")
_ONE_SPACE = r") \1"


def by_process(lines: list[str]) -> list[str]:
    """The lines regrouped per process (normalised pid prefix), each keeping its own order,
    with ``<unfinished ...>`` halves joined to their ``<... resumed>`` halves and the column
    padding before ``=`` reduced to one space: for runs where only the interleaving of
    processes (and so where lines get cut) is up to the scheduler."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        m = _KEY.match(line)
        pk, lead, body = (m.group(1), m.group(0), line[m.end():]) if m else ("", "", line)
        seq = groups.setdefault(pk, [])
        r = _RESUMED.match(body)
        if r and seq and seq[-1][1].endswith(" <unfinished ...>"):
            head_lead, head = seq.pop()
            seq.append((head_lead, head[: -len(" <unfinished ...>")] + body[r.end():]))
            continue
        seq.append((lead, body))
    out = Lines()
    out.pids = getattr(lines, "pids", {})
    for pk in sorted(groups):
        for lead, body in groups[pk]:
            out.append((lead + _ALIGN.sub(_ONE_SPACE, body)).strip())
    return out


_TOKENS = re.compile(r"(\bP\d+\b|\b\d+\b)")


def _same_but_pids(a: str, b: str, pa: dict[str, str], pb: dict[str, str]) -> bool:
    """True when ``a`` and ``b`` differ only where one run's pid, used as data, was replaced:
    ``Pk`` on one side facing the number that ``Pk`` stood for in that side's run. The ``=``
    column is compared without its padding when such a pid is there: it made ``normalise``
    mark one side's padding (checked there) with a tab, which the other run, with other pids,
    lacks."""
    ta, tb = _TOKENS.split(_ALIGN.sub(_ONE_SPACE, a)), _TOKENS.split(_ALIGN.sub(_ONE_SPACE, b))
    if len(ta) != len(tb):
        return False
    swapped = False
    for x, y in zip(ta, tb, strict=True):
        if x != y:
            if pa.get(x) != y and pb.get(y) != x:
                return False
            swapped = True
    return swapped  # padding alone differing is a real difference


def compare(a: list[str], b: list[str]) -> Result:
    """Match lines in order (a proper alignment, so one extra line costs one line)."""
    res = Result(a, b)
    pa, pb = getattr(a, "pids", {}), getattr(b, "pids", {})
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            res.matched += i2 - i1
        else:
            left, right = a[i1:i2], b[j1:j2]
            for k in range(max(len(left), len(right))):
                x, y = left[k] if k < len(left) else "", right[k] if k < len(right) else ""
                if x and y and (pa or pb) and _same_but_pids(x, y, pa, pb):
                    res.matched += 1
                    continue
                res.diffs.append((x, y))
    res.total = max(len(a), len(b))
    return res


# What a netlink dump carries that differs between two runs by nature: the sequence number
# (ip seeds it with time()), the kernel's port ids, and the neighbour parameters' reachable_time,
# which the kernel draws at random again every 300 s (IFLA_INET6_CACHEINFO, NDTPA_REACHABLE_TIME).
_NETLINK_RUN_VALUES = re.compile(r"nlmsg_seq=\d+|nlmsg_pid=-?\d+|(reachable_time=)\d+")


def netlink_run_values(line: str) -> str:
    """``line`` without the values a netlink dump changes from run to run."""
    return _NETLINK_RUN_VALUES.sub(lambda m: (m.group(1) or "") and "reachable_time=R", line)


def first_exec_line(line: str) -> bool:
    """The first execve's envp address is the tracer's own memory: it differs by nature."""
    return line.split(" ", 1)[-1].startswith("execve(")


if __name__ == "__main__":
    args = sys.argv[1:]
    opts: list[str] = []
    if "--" in args:
        i = args.index("--")
        opts, args = args[:i], args[i + 1:]
    r = run_both(args, opts)
    print(r.report(200))
