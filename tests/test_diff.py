"""pytrace diff against real traces: identical runs read as identical, known differences are
found exactly, strace text and pytrace JSON of the same program agree."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stdout

import pytest

from pytrace.diff.cli import main as diff_main
from tests.differential import STRACE, have_strace

pytestmark = pytest.mark.skipif(not have_strace(), reason="strace not installed")

ENV = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))} | {"LC_ALL": "C"}
THREADS = "import threading\nts=[threading.Thread(target=open('/etc/hostname').read) for _ in range(3)]\n" \
          "[t.start() for t in ts]\n[t.join() for t in ts]\n"


@pytest.fixture
def tmp() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as d:
        yield d


def strace(d: str, name: str, argv: list[str], ff: bool = False) -> str:
    """Trace argv with the real strace -f (ASLR on) and return the log path (-ff: the prefix)."""
    out = os.path.join(d, name)
    subprocess.run([STRACE, "-ff" if ff else "-f", "-o", out, *argv], env=ENV, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def diff(*argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = diff_main(["--format", "json", *argv])
    return rc, json.loads(buf.getvalue())


def ops(report: dict) -> list[tuple[str, str, list[str]]]:  # type: ignore[type-arg]
    """(op, syscall name, changed parts) of every difference, in order."""
    out = []
    for p in report["processes"]:
        for d in p["differences"]:
            line = d.get("a") or d["b"]
            out.append((d["op"], line.split("(", 1)[0], d.get("changed", [])))
    return out


@pytest.mark.parametrize(
    "argv",
    [
        ["ls", "-la", "/usr/share/doc/bash"],
        ["sh", "-c", "ls -la /usr/share/doc/bash | wc -l"],
        [sys.executable, "-I", "-c", THREADS],
    ],
    ids=["ls", "sh-pipeline", "python-threads"],
)
def test_identical_runs(tmp: str, argv: list[str]) -> None:
    first = strace(tmp, "ref", argv)
    for k in range(3):
        rc, rep = diff(first, strace(tmp, f"run{k}", argv))
        assert (rc, ops(rep)) == (0, [])
        assert rep["identical"]


def test_ls_vs_ls_a(tmp: str) -> None:
    rc, rep = diff(strace(tmp, "a", ["ls", "/usr/share/doc/bash"]), strace(tmp, "b", ["ls", "-a", "/usr/share/doc/bash"]))
    assert rc == 1
    assert ops(rep) == [("changed", "execve", ["arg 2"]), ("changed", "write", ["arg 2", "arg 3", "result"])]


def test_missing_file_is_a_change(tmp: str) -> None:
    path = os.path.join(tmp, "needed")
    with open(path, "w") as f:
        f.write("x\n")
    a = strace(tmp, "a", ["cat", path])
    os.unlink(path)
    b = strace(tmp, "b", ["cat", path])
    rc, rep = diff(a, b)
    assert rc == 1
    found = ops(rep)
    assert ("changed", "openat", ["errno", "result"]) in found
    assert not any(op == "changed" and name != "openat" and name != "exit" for op, name, _ in found[:1])
    assert f'"{path}"' in rep["summary"]["files_only_a"] or rep["summary"]["errors_only_b"]
    assert any("ENOENT" in e for e in rep["summary"]["errors_only_b"])


def test_cat_vs_tac(tmp: str) -> None:
    rc, rep = diff(strace(tmp, "a", ["cat", "/etc/passwd"]), strace(tmp, "b", ["tac", "/etc/passwd"]))
    assert rc == 1
    found = ops(rep)
    assert found[0] == ("changed", "execve", ["arg 1", "arg 2"])
    # the file is opened on both sides: its openat is not reported
    assert all(name != "openat" or "passwd" not in name for _, name, _ in found)
    assert rep["summary"]["syscall_counts"].get("lseek")  # tac seeks, cat does not


def test_one_extra_open(tmp: str) -> None:
    base = "import sys\nsys.stdout.write('hi')\n"
    extra = "import sys\nopen('/etc/hostname').read()\nsys.stdout.write('hi')\n"
    rc, rep = diff(strace(tmp, "a", [sys.executable, "-I", "-c", base]), strace(tmp, "b", [sys.executable, "-I", "-c", extra]))
    assert rc == 1
    found = ops(rep)
    assert found[0] == ("changed", "execve", ["arg 2"])
    rest = found[1:]
    assert rest and all(op == "inserted" for op, _, _ in rest)
    inserted = [d["b"] for p in rep["processes"] for d in p["differences"] if d["op"] == "inserted"]
    assert inserted[0].startswith('openat(AT_FDCWD, "/etc/hostname"')
    assert inserted[-1].startswith('close(<"/etc/hostname">)')
    idx = [d["b_index"] for p in rep["processes"] for d in p["differences"] if d["op"] == "inserted"]
    assert idx == list(range(idx[0], idx[0] + len(idx)))  # one contiguous block


def test_ff_set_equals_f_log(tmp: str) -> None:
    argv = ["sh", "-c", "ls /usr/share/doc/bash | wc -l"]
    rc, rep = diff(strace(tmp, "f", argv), strace(tmp, "ff", argv, ff=True))
    assert (rc, ops(rep)) == (0, [])
    assert sorted(p["label"] for p in rep["processes"] if "!" not in p["label"]) == ["1", "1.1", "1.2"]


def test_strace_text_vs_pytrace_json(tmp: str) -> None:
    argv = ["cat", "/etc/hostname"]
    a = strace(tmp, "s", argv)
    b = os.path.join(tmp, "p.jsonl")
    subprocess.run([sys.executable, "-m", "pytrace", "--json", "-f", "-o", b, *argv], env=ENV,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rc, rep = diff(a, b)
    assert (rc, ops(rep)) == (0, [])


def test_unified_and_user_rules(tmp: str) -> None:
    a = strace(tmp, "a", ["ls", "/usr/share/doc/bash"])
    b = strace(tmp, "b", ["ls", "-a", "/usr/share/doc/bash"])
    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = diff_main(["-U", "0", a, b])
    text = buf.getvalue().splitlines()
    assert rc == 1 and text[0].startswith("--- ") and text[2].startswith("@@ ")
    assert sum(1 for t in text if t.startswith("? changed:")) == 2
    assert not any(t.startswith(" ") for t in text)  # -U 0: no context
    rc, rep = diff("--ignore", "execve,write", a, b)
    assert (rc, ops(rep)) == (0, [])
    rc, rep = diff("--ignore", "execve", "--normalize", r'write\(.*=write', a, b)
    assert rc == 1  # REPL is applied per argument, so the rule above does not hide write's args
    assert diff_main(["only-one"]) == 2
    assert diff_main([a, os.path.join(tmp, "missing")]) == 2


def test_colour_is_not_markup(tmp: str) -> None:
    from pytrace.diff.compare import compare
    from pytrace.diff.inputs import read_text
    from pytrace.diff.normalize import normalise
    from pytrace.diff.report import unified_lines, write

    a = list(read_text(['write(1, "[bold]x[/bold]", 13) = 13\n']))
    b = list(read_text(['write(1, "[red]y[/red]", 11) = 11\n']))
    buf = io.StringIO()
    write(unified_lines(compare(normalise(a), normalise(b))), buf, True)
    assert "[bold]x[/bold]" in buf.getvalue() and "\x1b[" in buf.getvalue()


def test_children_paired_by_what_they_exec(tmp: str) -> None:
    """Children started in the other order are paired by the programs they run, not fork order."""
    a = strace(tmp, "a", ["sh", "-c", "/bin/true & /bin/echo x >/dev/null & wait"])
    b = strace(tmp, "b", ["sh", "-c", "/bin/echo x >/dev/null & /bin/true & wait"])
    rc, rep = diff(a, b)
    assert rc == 1
    changed = {p["label"] for p in rep["processes"] if not p["identical"]}
    assert changed <= {"1", "1!signals"}, changed  # the children themselves are the same
    assert sorted(x.split(": ", 1)[1] for x in rep["summary"]["processes_a"]) == \
        sorted(x.split(": ", 1)[1] for x in rep["summary"]["processes_b"])
    assert rep["summary"]["processes_a"] != rep["summary"]["processes_b"] or changed


def test_streaming_equals_in_memory(tmp: str) -> None:
    """The bounded-memory path reports what aligning whole streams reports."""
    from pytrace.diff.compare import compare
    from pytrace.diff.inputs import load, open_source
    from pytrace.diff.normalize import normalise
    from pytrace.diff.report import to_json
    from pytrace.diff.stream import diff_sources

    a = strace(tmp, "a", ["sh", "-c", "ls /usr/share/doc/bash | wc -l"])
    b = strace(tmp, "b", ["sh", "-c", "ls -a /usr/share/doc/bash | wc -l"])
    mem = to_json(compare(normalise(load(a)), normalise(load(b))))
    for context in (0, 3):
        streamed = to_json(diff_sources(open_source(a), open_source(b), context=context))
        assert streamed["processes"] == mem["processes"]
        assert streamed["summary"] == mem["summary"]


def test_timing_is_optional_and_informational(tmp: str) -> None:
    argv = ["cat", "/etc/hostname"]
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    for out in (a, b):
        subprocess.run([STRACE, "-f", "-T", "-tt", "-o", out, *argv], env=ENV, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rc, rep = diff(a, b)
    assert rc == 0 and "timing" not in rep["summary"]
    rc, rep = diff("--timing", "1.0", a, b)
    t = rep["summary"]["timing"]
    assert rc == 0 and t["timed_a"] > 10 and t["total_a"] > 0 and t["ratio"] == 1.0


def test_run_live_ls_vs_ls_a() -> None:
    rc, rep = diff("--run", "ls /usr/share/doc/bash", "--run", "ls -a /usr/share/doc/bash")
    assert rc == 1
    assert ops(rep) == [("changed", "execve", ["arg 2"]), ("changed", "write", ["arg 2", "arg 3", "result"])]
    rc, rep = diff("--run", "ls /usr/share/doc/bash", "--run", "ls /usr/share/doc/bash")
    assert (rc, ops(rep)) == (0, [])


def test_partial_munmap_trims_regions() -> None:
    """A reservation trimmed at its tail no longer swallows a later mapping placed there."""
    from pytrace.diff.inputs import read_text
    from pytrace.diff.normalize import normalise

    lines = [
        "mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x7f0000000000\n",
        "munmap(0x7f0004000000, 67108864) = 0\n",
        'openat(AT_FDCWD, "/x", O_RDONLY) = 3\n',
        "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0004000000\n",
        "read(3, 0x7f0004000010, 16) = 0\n",
        "read(3, 0x7f0003000000, 16) = 0\n",
    ]
    calls = normalise(list(read_text(lines)))["1"].calls
    assert [c.args[1] for c in calls if c.name == "read"] == ['map<"/x">+0x10', "<heap>"]
