"""The measured netlink picture (issue 5): real clients under strace 6.1 and pytrace, in a
network namespace set up with addresses, routes, neighbours, rules and sockets, in both
``--netlink=strace`` (strict) and default (deeper) modes, with and without -v.

Prints one table: client, lines, identical lines in strict mode, identical lines in default
mode, and every remaining difference class with its count. Lines are compared after the
differences that are run-dependent by nature are masked (each masked class is listed too).
A second table does the same for the crafted probes of the live netlink tests
(tests/probes/netlink_*.py), where the default mode goes deeper than strace by design.
Runnable by hand as root (not part of pytest):
``python -m tests.netlink_report [-q] [--clients-only | --probes-only]`` (``-q``: no
per-difference examples)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .differential import STRACE, _env, _norepeat, compare, normalise

ROOT = Path(__file__).resolve().parent.parent
TRACE = ["-e", "trace=sendto,recvfrom,sendmsg,recvmsg"]
CLIENTS = [["ip", "addr"], ["ip", "link"], ["ip", "-s", "link"], ["ip", "route"],
           ["ip", "-6", "route"], ["ip", "neigh"], ["ip", "rule"], ["ss", "-tan"],
           ["ss", "-uan"], ["ss", "-xan"]]

SETUP = [
    "link add v0 type veth peer name v1", "link add br0 type bridge",
    "link set v1 master br0",
    "addr add 10.0.0.1/24 dev v0", "addr add 10.0.0.5/24 dev v0 label v0:1",
    "addr add 10.9.0.1/16 broadcast 10.9.255.255 dev br0",
    "link set lo up", "link set v0 up", "link set v1 up",
    "route add 10.1.0.0/16 via 10.0.0.2 dev v0", "route add 10.2.0.0/16 dev v0 table 100",
    "route add blackhole 10.3.0.0/16", "route add 10.4.0.0/16 via 10.0.0.2 dev v0 metric 50",
    "-6 route add 2001:db8::/64 dev lo", "-6 route add unreachable 2001:db8:1::/48",
    "neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev v0 nud permanent",
    "neigh add 10.0.0.4 lladdr 02:00:00:00:00:04 dev v0 nud permanent",
    "rule add from 10.0.0.0/24 table 100 prio 100",
    "rule add fwmark 0x10/0xff table 101 prio 101",
    "rule add iif v0 table 102 prio 102", "rule add to 10.8.0.0/16 dport 80 table 103 prio 103",
]
# no IPv6 on the veth ports: no DAD, router solicitation or MLD traffic moves a counter
SYSCTLS = ["net.ipv6.conf.v0.disable_ipv6=1", "net.ipv6.conf.v1.disable_ipv6=1",
           "net.ipv6.conf.br0.disable_ipv6=1"]

# sockets held open while the clients run: TCP listeners and an idle connection, UDP, unix
_SOCKETS = r"""
import os, socket, sys, time
d = sys.argv[1]
keep = []
for fam, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::"), (socket.AF_INET, "127.0.0.1")):
    s = socket.socket(fam, socket.SOCK_STREAM); s.bind((host, 0)); s.listen(4); keep.append(s)
    u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((host, 0)); keep.append(u)
c = socket.create_connection(keep[4].getsockname()); a, _ = keep[4].accept(); keep += [c, a]
for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET):
    x = socket.socket(socket.AF_UNIX, kind); x.bind(os.path.join(d, "s%d" % kind)); keep.append(x)
    if kind != socket.SOCK_DGRAM:
        x.listen(2)
y = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); y.bind("\0pytrace-report"); y.listen(1)
keep += [y, *socket.socketpair()]
print("ready", flush=True)
sys.stdin.read()
"""

# run-dependent by nature: (class, pattern of the values masked)
NATURE = [
    ("nlmsg_seq/nlmsg_pid (per run)", re.compile(r"(nlmsg_(?:seq|pid)=)-?\d+")),
    ("neighbour cache ages (NDA_CACHEINFO)", re.compile(r"(ndm_(?:confirmed|used|updated)=)\d+")),
    ("IFLA_INET6_CACHEINFO tstamp/reachable_time (clock, random)",
     re.compile(r"((?:tstamp|reachable_time)=)\d+")),
    ("NFTA_GEN_PROC_PID (the tracee's pid)",
     re.compile(r"(NFT_MSG_NEWGEN.*?nla_type=(?:0x2|NFTA_GEN_PROC_PID)\}, )(?:\"[^\"]*\"|htonl\(\d+\)|\d+)")),
    ("MPTCP_ATTR_TOKEN (random per connection)",
     re.compile(r"(nlmsg_type=mptcp_pm, [^}]*\}, \"\\x[0-9a-f]{2}\\x01\\x00\\x00\\x08\\x00\\x01\\x00)"
                r"(?:\\x[0-9a-f]{2}){4}|(MPTCP_ATTR_TOKEN\}, )\d+")),
    ("the client's own socket (inode, cookie)",
     re.compile(r"((?:idiag_inode|udiag_ino|ndiag_ino)=)\d+|((?:idiag|udiag)_cookie=)\[[^\]]*\]")),
]
_NLA = re.compile(r"nla_type=(?:NLA_F_NESTED\|)?(\w+)")
_NLMSG = re.compile(r"nlmsg_type=(\w+)")


def _sh(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True)


def _trace(ns: str, tracer: list[str], args: list[str]) -> list[str]:
    """``tracer -f -o OUT args`` inside namespace ``ns`` (ASLR off): the lines written."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        return _run(["ip", "netns", "exec", ns, *_norepeat([*tracer, "-f", "-o", out, *args])],
                    out)


def _run(argv: list[str], out: str) -> list[str]:
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
                   cwd=ROOT, timeout=120)
    return Path(out).read_text(errors="surrogateescape").splitlines()


def _mask(line: str) -> tuple[str, list[str]]:
    """The line with the run-dependent values masked, and the classes that matched."""
    hit = []
    for name, rx in NATURE:
        line, n = rx.subn(lambda m: (m.group(1) or m.group(m.lastindex or 1) or "") + "#", line)
        if n:
            hit.append(name)
    return line, hit


def _values(rx: re.Pattern, line: str) -> list[str]:
    return [m.group(0) for m in rx.finditer(line)]


def _first_diff(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def classify(a: str, b: str, mode: str) -> str:
    """A difference class for one line pair (strace ``a``, pytrace ``b``)."""
    if not a or not b:
        return "line missing on one side"
    i = _first_diff(a, b)
    if mode == "default":
        nla = _NLA.findall(a[:i])
        msg = _NLMSG.findall(a[:i])
        where = nla[-1] if nla else (msg[-1] if msg else "payload")
        what = "hex decoded" if a[i:i + 2] == '"\\' or a[i:i + 1] == '"' else "named/typed"
        return f"deeper than strace ({what} in {where})"
    return f"DIFFERS at ...{a[max(0, i - 60):i + 40]!r}"


def measure(ns: str, argv: list[str], verbose: bool) -> dict:
    """One client under the three tracers: lines, identical per mode, difference classes."""
    opts = TRACE + (["-v"] if verbose else [])
    base = normalise(_trace(ns, [STRACE], opts + argv))
    row: dict = {"client": " ".join(argv) + (" (-v)" if verbose else ""), "classes": Counter(),
                 "examples": {}}
    for mode, flag in (("strict", "--netlink=strace"), ("default", "--netlink=deep")):
        mine = normalise(_trace(ns, [sys.executable, "-m", "pytrace", flag], opts + argv))
        raw = compare(base, mine)
        res = compare([_mask(x)[0] for x in base], [_mask(y)[0] for y in mine])
        for x, y in raw.diffs:  # the run-dependent classes that masking reconciled
            mx, hit = _mask(x)
            if x and y and mx == _mask(y)[0]:
                names = [name for name, rx in NATURE  # the classes whose values differ here
                         if name in hit and _values(rx, x) != _values(rx, y)]
                row["classes"][f"{mode}: masked: {' + '.join(names) or 'alignment'}"] += 1
        for a, b in res.diffs:
            cls = f"{mode}: {classify(a, b, mode)}"
            row["classes"][cls] += 1
            row["examples"].setdefault(cls, (a, b))
        row["lines"] = res.total
        row[mode] = res.matched
        row[mode + "_raw"] = raw.matched
    return row


PROBES = ["netlink_more", "netlink_genl", "netlink_dump", "netlink_netfilter", "netlink_nfnl",
          "netlink_audit_rules", "netlink_mptcp_events", "netlink_strict_fixes"]
_UNSHARE = ["unshare", "-n"]
_NLTYPE = re.compile(r"nlmsg_type=([A-Za-z0-9_]+)")


def _family_of(line: str, i: int) -> str:
    """The message type strace printed before position ``i`` (its subsystem for nfnetlink)."""
    types = _NLTYPE.findall(line[:i])
    t = types[-1] if types else "payload"
    if t.startswith("NFNL_SUBSYS_"):
        return t
    return re.sub(r"_(?:GET|SET|NEW|DEL|ADD|LIST|SIGNAL|USER|CONFIG)\w*$", "_*", t)


def measure_probe(name: str, verbose: bool) -> dict:
    """One crafted probe (tests/probes/NAME.py), each tracer in a fresh network namespace."""
    probe = [sys.executable, str(ROOT / "tests" / "probes" / f"{name}.py"), "/dev/null"]
    opts = TRACE[:1] + ["trace=sendto,recvfrom"] + (["-v"] if verbose else [])
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        base = normalise(_run([*_UNSHARE, *_norepeat([STRACE, "-f", "-o", out, *opts, *probe])],
                              out))
    row: dict = {"client": f"probe {name}" + (" (-v)" if verbose else ""), "classes": Counter(),
                 "examples": {}}
    for mode, flag in (("strict", "--netlink=strace"), ("default", "--netlink=deep")):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out")
            mine = normalise(_run([*_UNSHARE, *_norepeat([sys.executable, "-m", "pytrace", flag,
                                                          "-f", "-o", out, *opts, *probe])], out))
        raw = compare(base, mine)
        res = compare([_mask(x)[0] for x in base], [_mask(y)[0] for y in mine])
        masked = raw.total - raw.matched - (res.total - res.matched)
        if masked > 0:
            row["classes"][f"{mode}: masked: run-dependent values"] += masked
        for a, b in res.diffs:
            if mode == "default" and a and b:
                i = _first_diff(a, b)
                what = "hex decoded" if a[i:i + 1] == '"' else "named/typed"
                cls = f"default: deeper than strace ({what} in {_family_of(a, i)})"
            else:
                cls = f"{mode}: {classify(a, b, mode)}"
            row["classes"][cls] += 1
            row["examples"].setdefault(cls, (a, b))
        row["lines"] = res.total
        row[mode] = res.matched
        row[mode + "_raw"] = raw.matched
    return row


def _netns() -> str:
    name = f"pytrace-nlreport-{os.getpid()}"
    _sh(["ip", "netns", "add", name])
    try:
        _sh(["ip", "-n", name, *SETUP[0].split()])
        _sh(["ip", "-n", name, *SETUP[1].split()])
        _sh(["ip", "netns", "exec", name, "sysctl", "-qw", *SYSCTLS])
        for cmd in SETUP[2:]:
            _sh(["ip", "-n", name, *cmd.split()])
    except subprocess.CalledProcessError as e:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        raise SystemExit(f"netns setup failed: {e.cmd}: {e.stderr!r}") from e
    return name


def main(argv: list[str]) -> int:
    if os.geteuid() != 0:
        print("needs root (network namespaces)", file=sys.stderr)
        return 2
    quiet = "-q" in argv
    ns = _netns()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        holder = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-c", _SOCKETS, d],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
            if "--probes-only" not in argv:
                for client in CLIENTS:
                    for verbose in (False, True):
                        rows.append(measure(ns, client, verbose))
                        print(".", end="", file=sys.stderr, flush=True)
        finally:
            if holder.stdin is not None:
                holder.stdin.close()
            holder.wait(timeout=10)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    print(file=sys.stderr)
    if rows:
        print(table(rows, quiet))
    if "--clients-only" not in argv:
        probe_rows = []
        for name in PROBES:
            for verbose in (False, True):
                probe_rows.append(measure_probe(name, verbose))
                print(".", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        print("\nCrafted probes (each tracer in its own network namespace):\n")
        print(table(probe_rows, quiet))
    return 0


def _pct(n: int, total: int) -> str:
    return f"{n}/{total} ({100 * n / total:.1f}%)" if total else "0/0"


def table(rows: list[dict], quiet: bool = False) -> str:
    out = ["| client | lines | identical, --netlink=strace | identical, default |",
           "|---|---|---|---|"]
    tot = Counter()
    for r in rows:
        out.append(f"| {r['client']} | {r['lines']} | {_pct(r['strict'], r['lines'])} | "
                   f"{_pct(r['default'], r['lines'])} |")
        tot.update({k: r[k] for k in ("lines", "strict", "default", "strict_raw", "default_raw")})
    out.append(f"| all | {tot['lines']} | {_pct(tot['strict'], tot['lines'])} | "
               f"{_pct(tot['default'], tot['lines'])} |")
    out.append("")
    out.append(f"Before masking run-dependent values: strict {_pct(tot['strict_raw'], tot['lines'])}"
               f", default {_pct(tot['default_raw'], tot['lines'])}.")
    out.append("")
    out.append("Difference classes (lines):")
    classes: Counter = Counter()
    examples: dict = {}
    for r in rows:
        for k, v in r["classes"].items():
            classes[k] += v
            examples.setdefault(k, (r["client"], r["examples"].get(k)))
    for k, v in sorted(classes.items()):
        out.append(f"- {k}: {v}")
        client, ex = examples[k]
        if ex and not quiet:
            a, b = ex
            i = _first_diff(a, b)
            out.append(f"    e.g. {client}: strace  ...{a[max(0, i - 80):i + 80]}")
            out.append(f"    e.g. {client}: pytrace ...{b[max(0, i - 80):i + 80]}")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
