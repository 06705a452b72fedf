"""Helpers shared by the generators: compiling and running small C programs, writing modules.

Generation-time only: nothing here is imported by the runtime API.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
GENERATED_DIR = PACKAGE_DIR / "generated"


def have_gcc() -> bool:
    return shutil.which("gcc") is not None


def compile_and_run(source: str, extra_flags: tuple[str, ...] = ()) -> str:
    """Compile a C program with gcc, run it, and return its standard output."""
    with tempfile.TemporaryDirectory(prefix="syscall_tables-") as tmp:
        src = Path(tmp) / "prog.c"
        exe = Path(tmp) / "prog"
        src.write_text(source)
        subprocess.run(
            ["gcc", "-O0", "-w", "-o", str(exe), str(src), *extra_flags],
            check=True,
            capture_output=True,
            text=True,
        )
        return subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout


def c_values(includes: list[str], names: list[str], signed: bool = True) -> dict[str, int]:
    """Evaluate each C constant expression ``name`` after ``includes``; return name -> value."""
    lines = [f"#include {inc}" if not inc.startswith("#") else inc for inc in includes]
    lines += ["#include <stdio.h>", "int main(void) {"]
    ctype, fmt = ("long long", "%lld") if signed else ("unsigned long long", "%llu")
    for name in names:
        lines.append(f'  printf("%s {fmt}\\n", "{name}", ({ctype})({name}));')
    lines += ["  return 0;", "}", ""]
    out = compile_and_run("\n".join(lines))
    values: dict[str, int] = {}
    for line in out.splitlines():
        key, _, val = line.partition(" ")
        values[key] = int(val)
    return values


def defined_macros(includes: list[str]) -> set[str]:
    """Names of every macro defined after ``includes`` (``gcc -E -dM``)."""
    src = "".join(f"#include {inc}\n" for inc in includes)
    out = subprocess.run(
        ["gcc", "-E", "-dM", "-x", "c", "-"], input=src, check=True, capture_output=True, text=True
    ).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "#define":
            names.add(parts[1].split("(")[0])
    return names


def write_module(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    init = path.parent / "__init__.py"
    if not init.exists():
        init.write_text("")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def py_str(s: str) -> str:
    """A Python string literal with double quotes (stable across Python versions)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
