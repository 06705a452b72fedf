"""Fidelity sweep: real programs under strace 6.1 and pytrace, compared line by line.

Run by hand (not part of pytest): ``python -m tests.sweep [-k SUBSTR] [-v] [--diffs N]``.
Prints, per command and option set, identical lines / total before and after masking the
difference classes that are run-dependent by nature (``MASKS``), and the lines that still
differ. ``tests/test_real_programs.py`` runs a few of these as regression tests.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.differential import Lines, Result, compare, run_both

# --------------------------------------------------------------------------- masked classes
# Each class is a name and a substitution applied to one normalised line; a line pair that is
# equal once every class is applied differs only by those classes (``classify`` names them).
Sub = Callable[[str], str]


def _rx(pattern: str, repl: str, flags: int = 0) -> Sub:
    rx = re.compile(pattern, flags)
    return lambda line: rx.sub(repl, line)


def _both(first: Sub, second: Sub) -> Sub:
    return lambda line: second(first(line))


_TIME_PREFIX = re.compile(r"^(P\d+ )?\d\d:\d\d:\d\d(\.\d+)? ")


def _time_prefix(line: str) -> str:
    return _TIME_PREFIX.sub(lambda m: (m.group(1) or "") + "T ", line)


_Q = r'(?:\\x[0-9a-f]{2}|\\[0-7]{1,3}|\\.|[^"\\])'  # one character of a quoted string


MASKS: dict[str, Sub] = {
    # -tt / -T / -r columns
    "timestamps": lambda s: re.sub(r" <\d+\.\d+>$", " <T>", _time_prefix(s)),
    # the spawning execve's envp is in the tracer's own memory
    "first-execve-envp": _rx(r"^(P1 (?:T |\[[0-9a-f?]{16}\] )?execve\(.*\], )0x[0-9a-f]+( /\* \d+ vars \*/\) = 0\b)",
                             r"\1ENVP\2"),
    # random bytes (the loader's stack protector seed, openssl rand ...)
    "random-bytes": _rx(r'^(P\d+ (?:T |\[[0-9a-f?]{16}\] )?getrandom\()"[^"]*"', r"\1RANDOM"),
    # the tracer is the traced command's parent
    "tracer-pid": _rx(r"^(P\d+ getppid\(\)\s+= )\d+$", r"\1PPID"),
    # free block/inode counts of a filesystem that other processes write to
    "fs-free-counts": _rx(r"\b(f_bfree|f_bavail|f_ffree)=\d+", r"\1=N"),
    # memory, load and uptime figures of the whole system
    "sysinfo": _rx(r"^(P\d+ sysinfo\()\{.*\}(\) = 0)$", r"\1{SYSINFO}\2"),
    # socket, pipe and anon inode numbers (-y)
    "inodes": _rx(r"\b(socket|pipe|UNIX(?:-STREAM|-DGRAM)?|TCP|UDP|TCPv6|UDPv6|NETLINK):\[(\d+)\]", r"\1:[I]"),
    # times read from the clock, and file times set from it
    "clock": lambda s: re.sub(r"/\* \d{4}-\d\d-\d\dT[0-9:.]+[+-]\d{4} \*/", "/* DATE */",
                              re.sub(r"\b(tv_sec|tv_nsec|tv_usec)=\d+|\b(nlmsg_seq)=1[5-9]\d{8}\b", r"\1\2=N", s)),
    # CPU time a child used (SIGCHLD siginfo, times)
    "cpu-ticks": _rx(r"\b(si_utime|si_stime|tms_[a-z]+)=\d+( /\* [0-9.]+ s \*/)?", r"\1=TICKS"),
    # inode numbers and times of files, pipes and /proc entries the run itself created (-v)
    "fresh-inodes-times": _rx(r"\b(st_ino|d_ino|st_[amc]time_nsec)=\d+|\b(st_[amc]time)=\d+ /\* DATE \*/",
                              r"\1\2=X"),
    # the ephemeral local port of a socket (-yy)
    "ephemeral-ports": lambda s: re.sub(r"\b(sin6?_port=htons\()(?:3[2-9]\d{3}|[4-5]\d{4}|60\d{3})\)", r"\1PORT)",
                                        re.sub(r"\b((?:TCP|UDP|TCPv6|UDPv6):\[[^\]]*?):\d+->", r"\1:PORT->", s)),
    # temporary file names made from random letters (mkstemp)
    "tmp-names": _rx(r"/tmp/(cc|tmp)[A-Za-z0-9_]{6,8}\b", r"/tmp/\1XXXXXX"),
}

# Classes a case turns on by name: each would hide real differences if applied everywhere.
OPT_IN: dict[str, Sub] = {
    # the contents of every read/write (random output, /proc files, a resolver's query id ...)
    "io-contents": lambda s: re.sub(r'^(P\d+ (?:read|write)\(\d+(?:<[^"]*>)?, )"[^"]*"(?:\.\.\.)?, \d+\) += \d+$',
                                    r"\1DATA, N) = N", s),
    # a DNS query id (the first two bytes of each message)
    "dns-id": _rx(r'^(P\d+ (?:sendto|recvfrom|sendmmsg|recvmsg)\(\d+(?:<[^"]*>)?, (?:\[\{msg_hdr=\{[^"]*)?")'
                  + _Q + _Q, r"\1ID"),
    # heap addresses that depend on a random hash seed (perl)
    "heap-addresses": _rx(r"\b0x55555[0-9a-f]{7}\b", "HEAP"),
    # where an asynchronous signal landed: the value rt_sigreturn restores is the interrupted
    # call's (SIGCHLD in a shell), and the calls a thread's malloc arena was carved with
    # ... and how many SIGCHLDs a parent got: the kernel merges those that arrive while one is
    # pending, so one run can print a SIGCHLD line the other has not
    # (and with it the handler's rt_sigreturn line)
    "signal-timing": _both(_rx(r"^P\d+ rt_sigreturn\(\{mask=[^}]*\}\)\s+= .*", ""),
                           _rx(r"^P\d+ --- SIGCHLD \{.*\} ---$", "")),
    # the time left of a timeout a program computes from the clock (poll, epoll_wait)
    "timeouts": _rx(r"^(P\d+ (?:poll\(.*\]|epoll_wait\(.*), \d+, )\d+\)", r"\1T)"),
    # /proc/PID of the tracer's own processes (ps)
    "proc-pids": _rx(r'"/proc/\d+(/|")', r'"/proc/PID\1'),
    # reads and writes of stdin/stdout in a pipeline: how the data is cut depends on scheduling
    "pipe-chunks": _rx(r"^P\d+ (?:read|write)\([0-4]\b.*", ""),
}
MASKS.update(OPT_IN)
# -i: the first execve's instruction pointer is in the tracer's own libc
MASKS["first-execve-ip"] = _rx(r"^(P1 )\[[0-9a-f]{16}\] (execve\()", r"\1[IP] \2")
OPT_IN["first-execve-ip"] = MASKS["first-execve-ip"]
DEFAULT_CLASSES = [n for n in MASKS if n not in OPT_IN]
_PAD = re.compile(r"\) +(= )")


def mask(lines: list[str], classes: list[str] | None = None) -> list[str]:
    """Lines with the named classes (default: ``DEFAULT_CLASSES``) replaced by placeholders; a
    line that changed loses its column padding before ``=`` (the placeholder has another width)."""
    subs = [MASKS[c] for c in (classes or DEFAULT_CLASSES)]
    out = Lines()
    out.pids = getattr(lines, "pids", {})
    for line in lines:
        orig = line
        for s in subs:
            line = s(line)
        if line:  # an empty line is dropped
            out.append(line if line is orig or line == orig else _PAD.sub(r") \1", line))
    return out


def classify(a: str, b: str, classes: list[str] | None = None) -> list[str] | None:
    """The masked classes that explain why ``a`` and ``b`` differ, or None if they do not."""
    names = classes or DEFAULT_CLASSES
    if mask([a], names) != mask([b], names):
        return None
    return [n for n in names if MASKS[n](a) != a or MASKS[n](b) != b] or ["padding"]


def moved(diffs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], int]:
    """The diffs left once lines that only moved are taken out (unmatched on both sides: a
    SIGCHLD that landed before a wait4 in one run and after it in the other), and how many."""
    both = Counter(a for a, _ in diffs if a) & Counter(b for _, b in diffs if b)
    n = sum(both.values())
    left, right = Counter(both), Counter(both)
    out: list[tuple[str, str]] = []
    for a, b in diffs:
        if a and left[a] > 0:
            left[a] -= 1
            a = ""
        if b and right[b] > 0:
            right[b] -= 1
            b = ""
        if a or b:
            out.append((a, b))
    return out, n


# --------------------------------------------------------------------------- the commands
@dataclass
class Case:
    name: str
    argv: list[str]
    options: list[list[str]] = field(default_factory=lambda: [[]])
    per_process: bool = False  # several processes race: compare each process's own lines
    extra: list[str] = field(default_factory=list)  # OPT_IN classes this case needs
    stdin: bytes | None = None
    timeout: float = 120


SH = "/bin/sh"
OPTS_ALL = [[], ["-v"], ["-y"], ["-yy"], ["-x"], ["-xx"], ["-s", "200"], ["-X", "raw"], ["-X", "verbose"]]

CASES: list[Case] = [
    Case("ls-la", ["ls", "-la", "/usr/bin"], OPTS_ALL),
    Case("ls-lR-etc", ["ls", "-lR", "/etc"], [[], ["-v"], ["-yy"]]),
    Case("ls-lR-ssl", ["ls", "-lR", "/etc/ssl"], [["-v"], ["-X", "verbose"]]),
    Case("cat-passwd", ["cat", "/etc/passwd"], OPTS_ALL),
    Case("id", ["id"], [[], ["-v"], ["-yy"], ["-X", "raw"]]),
    Case("df-h", ["df", "-h"], [[], ["-v"]]),
    Case("stat", ["stat", "/"], [[], ["-v"], ["-X", "verbose"]]),
    Case("uname", ["uname", "-a"], [[], ["-v"], ["-xx"]]),
    Case("date", ["date"], [[], ["-v"], ["-tt"], ["-T"], ["-i"]], extra=["io-contents", "first-execve-ip"]),
    Case("sleep", ["sleep", "0.1"], [[], ["-v"]]),
    Case("timeout", ["timeout", "0.3", "sleep", "2"], [[], ["-v"]], per_process=True, extra=["signal-timing"]),
    Case("kill-self", [SH, "-c", "sleep 5 & kill -TERM $!; wait"], [[]], per_process=True, extra=["signal-timing"]),
    Case("ls-bad", ["ls", "-l", "/nonexistent", "/root/.bashrc"], [[], ["-yy"]]),
    Case("env-i", ["env", "-i", "/bin/true"], [[], ["-v"]]),
    Case("getent", ["getent", "hosts", "localhost"], [[], ["-yy"], ["-v"]], extra=["dns-id"]),
    Case("ip-link", ["ip", "-s", "link"], [[], ["-v"], ["-yy"]]),
    Case("ss-tan", ["ss", "-tan"], [[], ["-v"]]),
    Case("find-proc", ["find", "/proc/self", "-maxdepth", "1"], [[], ["-v"], ["-y"]]),
    Case("du", ["du", "-s", "/usr/share/doc"], [[], ["-v"]]),
    Case("dd", ["dd", "if=/dev/zero", "of=/dev/null", "bs=1M", "count=10"], [[], ["-v"], ["-y"]],
         extra=["io-contents"]),  # its speed report
    Case("seq-wc", [SH, "-c", "seq 1 100000 | wc -l"], [[], ["-v"]], per_process=True, extra=["signal-timing", "pipe-chunks"]),
    Case("xargs", [SH, "-c", "printf 'a\\nb\\nc\\n' | xargs echo"], [[], ["-v"]], per_process=True, extra=["signal-timing"]),
    Case("perl", ["perl", "-e", "opendir(D, '/'); @x = readdir(D); print scalar(@x), \"\\n\""], [[], ["-v"]],
         extra=["io-contents", "heap-addresses"]),
    Case("openssl", ["openssl", "rand", "-hex", "8"], [[], ["-v"]], extra=["io-contents"]),
    Case("tar-czf", [SH, "-c", "rm -f /tmp/sweep-x.tgz; tar czf /tmp/sweep-x.tgz /etc/ssl 2>/dev/null;"
                     " tar tzf /tmp/sweep-x.tgz >/dev/null"], [[], ["-v"]], per_process=True, extra=["signal-timing", "pipe-chunks"]),
    Case("gzip", [SH, "-c", "rm -rf /tmp/sweep-g; mkdir /tmp/sweep-g; cp /etc/services /tmp/sweep-g/s"
                  " && gzip -f /tmp/sweep-g/s && gunzip -f /tmp/sweep-g/s.gz"], [[], ["-v"]], per_process=True, extra=["signal-timing"]),
    Case("sort", ["sort", "-u", "/etc/services"], [[], ["-v"]]),
    Case("files", [SH, "-c", "rm -rf /tmp/sweep-d; mkdir -p /tmp/sweep-d/a/b && cp -r /etc/ssl /tmp/sweep-d/a/c"
                   " && mv /tmp/sweep-d/a/c /tmp/sweep-d/e && ln -s e /tmp/sweep-d/l && chmod 700 /tmp/sweep-d/e"
                   " && touch -d 2020-01-01 /tmp/sweep-d/t && rm -r /tmp/sweep-d"], [[], ["-v"], ["-y"]],
         per_process=True, extra=["signal-timing"]),
    Case("ps", ["ps", "aux"], [[]], extra=["io-contents", "proc-pids"]),  # the tracers' own processes are listed
    Case("http", [SH, "-c", "python3 -m http.server -b 127.0.0.1 8765 >/dev/null 2>&1 & sleep 1;"
                  " curl -s -o /dev/null http://127.0.0.1:8765/; kill $!"], [[]], per_process=True, timeout=60,
         extra=["timeouts"]),
    Case("python-imports", ["python3", "-c", "import json, sqlite3, ssl"], [[], ["-v"]]),
    Case("git-status", ["git", "-C", "/work/main", "status", "--short"], [[], ["-v"]], per_process=True),
    Case("git-log", ["git", "-C", "/work/main", "log", "-3", "--oneline"], [[]], per_process=True),
    Case("make", ["make", "-s", "-C", "/tmp/sweep-make"], [[]], per_process=True, extra=["signal-timing"]),
    Case("gcc-c", [SH, "-c", "rm -f /tmp/sweep-make/t.o; exec gcc -c -o /tmp/sweep-make/t.o /tmp/sweep-make/t.c"],
         [[], ["-v"]], per_process=True, extra=["signal-timing"]),
    Case("pipeline", [SH, "-c", "cat /etc/passwd | grep root | cut -d: -f1 > /dev/null"], [[], ["-v"]],
         per_process=True, extra=["signal-timing"]),
]


def _prepare() -> None:
    import os

    os.makedirs("/tmp/sweep-make", exist_ok=True)
    with open("/tmp/sweep-make/t.c", "w") as f:
        f.write("int f(int x) { return x * 2; }\n")
    with open("/tmp/sweep-make/Makefile", "w") as f:
        f.write("all:\n\t@echo hi > /dev/null\n\t@true\n")


_PK = re.compile(r"\bP\d+\b")


def by_fork_order(lines: list[str]) -> list[str]:
    """Per-process lines (``by_process``) renumbered P1, P2 ... in the order of the real pids
    (fork order) instead of the order of first appearance, which is the scheduler's, then
    regrouped: two children whose first lines came in another order now compare."""
    real = getattr(lines, "pids", {})
    if not real:
        return lines
    ranked = {pk: f"P{i + 1}" for i, pk in enumerate(sorted(real, key=lambda k: int(real[k])))}
    out = [_PK.sub(lambda m: ranked.get(m.group(0), m.group(0)), ln) for ln in lines]
    res = Lines(sorted(out, key=lambda ln: int(ln[1:ln.index(" ")]) if ln[:1] == "P" and " " in ln else 0))
    res.pids = {ranked[pk]: pid for pk, pid in real.items()}  # compare reconciles pids used as data
    return res


def run_case(case: Case, opts: list[str]) -> tuple[Result, Result, list[tuple[str, str]]]:
    """The raw comparison, the comparison after masking the case's classes, and the masked
    diffs left once moved lines are taken out (the unexplained ones)."""
    res = run_both(case.argv, opts, stdin=case.stdin, timeout=case.timeout, per_process=case.per_process)
    if case.per_process:
        res = compare(by_fork_order(res.strace), by_fork_order(res.pytrace))
    names = DEFAULT_CLASSES + case.extra
    masked = compare(mask(res.strace, names), mask(res.pytrace, names))
    left, _ = moved(masked.diffs)
    if "signal-timing" in case.extra:  # two SIGCHLDs coalesced into one in one of the runs
        left = [(a, b) for a, b in left if not (a and b) and not _ASYNC_SIGNAL.match(a or b)]
    return res, masked, left


_ASYNC_SIGNAL = re.compile(r"^P\d+ (?:--- SIGCHLD |rt_sigreturn\(\{mask=[^}]*\}\) = R$)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-k", default="", help="only cases whose name contains this")
    ap.add_argument("--diffs", type=int, default=10, help="unexplained differing lines shown per run")
    ap.add_argument("--first", action="store_true", help="only the first option set of each case")
    a = ap.parse_args()
    _prepare()
    tot = Counter()
    classes: Counter[str] = Counter()
    for case in CASES:
        if a.k not in case.name:
            continue
        for opts in case.options[:1] if a.first else case.options:
            res, m, left = run_case(case, opts)
            for x, y in res.diffs:
                for c in classify(x, y, DEFAULT_CLASSES + case.extra) or ["UNEXPLAINED"]:
                    classes[c] += 1
            classes["moved (after masking)"] += len(m.diffs) - len(left)
            classes["unexplained (after masking and moves)"] += len(left)
            tot["raw"] += res.matched
            tot["masked"] += m.matched
            tot["total"] += res.total
            tot["mtotal"] += m.total
            label = f"{case.name} {' '.join(opts) or '(default)'}"
            print(f"{label:40s} {res.matched:6d}/{res.total:<6d} {res.rate:7.2%}   masked {m.rate:7.2%}"
                  f"   unexplained {len(left)}", flush=True)
            for x, y in left[: a.diffs]:
                print(f"    - strace : {x}\n    + pytrace: {y}")
    if tot["total"]:
        print(f"ALL raw {tot['raw']}/{tot['total']} ({tot['raw'] / tot['total']:.2%}), "
              f"masked {tot['masked']}/{tot['mtotal']} ({tot['masked'] / tot['mtotal']:.2%})")
    for c, n in classes.most_common():
        print(f"  {c}: {n} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
