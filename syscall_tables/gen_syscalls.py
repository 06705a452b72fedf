"""Generate syscall_tables/generated/{x86_64,i386,aarch64,riscv64}.py.

Sources:
- numbers and names: the ``system-calls`` package;
- signatures: the running kernel's tracefs (``events/syscalls/sys_enter_NAME/format``), falling
  back to the kernel's ``include/linux/syscalls.h`` (Debian ``linux-headers-*-common``);
- argument counts and trace classes: the installed strace (see ``_strace_oracle``);
- AUDIT_ARCH_* values: ``linux/audit.h`` through gcc.

Usage: ``python -m syscall_tables.gen_syscalls [--out DIR] [--tracefs DIR] [--syscalls-h FILE]``
"""

from __future__ import annotations

import argparse
import glob
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import system_calls

from syscall_tables import _strace_oracle
from syscall_tables._cgen import GENERATED_DIR, c_values, py_str, write_module

# our arch name -> (system-calls arch name, AUDIT_ARCH macro)
ARCHES: dict[str, tuple[str, str]] = {
    "x86_64": ("x86_64", "AUDIT_ARCH_X86_64"),
    "i386": ("i386", "AUDIT_ARCH_I386"),
    "aarch64": ("arm64", "AUDIT_ARCH_AARCH64"),
    "riscv64": ("riscv64", "AUDIT_ARCH_RISCV64"),
}
STRACE_ARCHES = ("x86_64", "i386")  # the arches the installed strace can be asked about

Signature = tuple[tuple[str, str], ...]

# Table name -> the kernel's sys_NAME implementing it, where they differ (names only). Besides
# these, a "32" suffix (i386 32-bit uid calls) and a "_time64"/"64" suffix (i386 64-bit time
# variants) are dropped to find the kernel name.
KERNEL_NAMES: dict[str, str] = {
    "umount2": "umount",
    "_llseek": "llseek",
    "_newselect": "select",
    "mmap2": "mmap_pgoff",
    "ugetrlimit": "getrlimit",
    "oldstat": "stat",
    "oldfstat": "fstat",
    "oldlstat": "lstat",
    "readdir": "old_readdir",
    "oldolduname": "olduname",
    "sigreturn": "rt_sigreturn",
}


def kernel_name_candidates(name: str) -> list[str]:
    cands = [name]
    if name in KERNEL_NAMES:
        cands.append(KERNEL_NAMES[name])
    for suffix in ("_time64", "64", "32"):
        if name.endswith(suffix):
            cands.append(name.removesuffix(suffix))
    return cands


def normalize_type(text: str) -> str:
    """C type text in one spelling: ``const char *const *``, ``unsigned int``; no ``__user``."""
    tokens = [t for t in re.findall(r"\*|[A-Za-z_]\w*", text) if t != "__user"]
    out = ""
    prev = ""
    for tok in tokens:
        if out and prev != "*":
            out += " "
        out += tok
        prev = tok
    return out


def _split_decl(decl: str, index: int) -> tuple[str, str]:
    decl = decl.replace("__user", " ")
    m = re.match(r"^(.*?)([A-Za-z_]\w*)\s*$", decl.strip(), re.S)
    type_words = {"int", "long", "char", "short", "unsigned", "signed", "void", "const"}
    if m and m.group(1).strip() and m.group(2) not in type_words:
        return normalize_type(m.group(1)), m.group(2)
    return normalize_type(decl), f"arg{index}"


# --- tracefs ---------------------------------------------------------------------------------


@contextmanager
def tracefs_dir(given: str | None) -> Iterator[Path | None]:
    """A tracefs directory with events/syscalls, mounting one in a temp dir if needed."""
    candidates = [given] if given else ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
    for cand in candidates:
        if cand and (Path(cand) / "events" / "syscalls").is_dir():
            yield Path(cand)
            return
    if given:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="tracefs-") as tmp:
        res = subprocess.run(["mount", "-t", "tracefs", "nodev", tmp], capture_output=True)
        if res.returncode != 0:
            yield None
            return
        try:
            yield Path(tmp) if (Path(tmp) / "events" / "syscalls").is_dir() else None
        finally:
            subprocess.run(["umount", tmp], capture_output=True)


def tracefs_signatures(root: Path) -> dict[str, Signature]:
    sigs: dict[str, Signature] = {}
    for fmt in sorted((root / "events" / "syscalls").glob("sys_enter_*/format")):
        name = fmt.parent.name.removeprefix("sys_enter_")
        args: list[tuple[str, str]] = []
        for line in fmt.read_text().splitlines():
            m = re.match(r"\s*field:(.*?);", line)
            if not m:
                continue
            decl = m.group(1)
            if "common_" in decl or "__syscall_nr" in decl or "__data_loc" in decl:
                continue
            args.append(_split_decl(decl, len(args)))
        sigs[name] = tuple(args)
    return sigs


# --- include/linux/syscalls.h -------------------------------------------------------------------


def find_syscalls_h(given: str | None) -> Path | None:
    if given:
        return Path(given) if Path(given).is_file() else None
    found = sorted(glob.glob("/usr/src/linux-headers-*-common/include/linux/syscalls.h"))
    return Path(found[-1]) if found else None


def header_signatures(path: Path) -> dict[str, Signature]:
    text = re.sub(r"/\*.*?\*/", " ", path.read_text(), flags=re.S)
    sigs: dict[str, Signature] = {}
    for m in re.finditer(r"asmlinkage\s+long\s+sys_(\w+)\s*\(([^)]*)\)\s*;", text):
        name, params = m.group(1), " ".join(m.group(2).split())
        if params in ("", "void"):
            sigs.setdefault(name, ())
            continue
        decls = [p for p in params.split(",")]
        sigs.setdefault(name, tuple(_split_decl(d, i) for i, d in enumerate(decls)))
    return sigs


# --- assembling ----------------------------------------------------------------------------------


def _dict_lines(items: list[tuple[str, str]]) -> str:
    return "".join(f"    {k}: {v},\n" for k, v in items)


def render(
    arch: str,
    audit: int,
    names: dict[int, str],
    nargs: dict[str, int],
    nargs_src: dict[str, str],
    sigs: dict[str, tuple[Signature, str]],
    classes: dict[str, set[str]],
    sources: str,
) -> str:
    out = [
        f"# Generated by `python -m syscall_tables.gen_syscalls` from {sources}; do not edit.\n",
        "# SIGNATURES: each entry's trailing comment names its source (tracefs: the running kernel's\n",
        "# events/syscalls/sys_enter_NAME/format; syscalls.h: include/linux/syscalls.h).\n",
        "# NARGS: trailing comment says where the count came from (strace: the installed strace's\n",
        "# raw output; strace-x86_64/strace-i386: strace's count for the same name on that arch;\n",
        "# signature: the kernel signature's length, for syscalls strace does not know).\n",
        f'ARCH: str = "{arch}"\n',
        f"AUDIT_ARCH: int = {audit:#X}\n".replace("0X", "0x", 1),
        "NAMES: dict[int, str] = {\n",
        _dict_lines([(str(nr), py_str(names[nr])) for nr in sorted(names)]),
        "}\n",
        "NARGS: dict[str, int] = {\n",
    ]
    for name in sorted(nargs):
        out.append(f"    {py_str(name)}: {nargs[name]},  # {nargs_src[name]}\n")
    out.append("}\n")
    out.append("SIGNATURES: dict[str, tuple[tuple[str, str], ...]] = {\n")
    for name in sorted(sigs):
        sig, src = sigs[name]
        body = ", ".join(f"({py_str(t)}, {py_str(n)})" for t, n in sig)
        if len(sig) == 1:
            body += ","
        out.append(f"    {py_str(name)}: ({body}),  # {src}\n")
    out.append("}\n")
    out.append("CLASSES: dict[str, frozenset[str]] = {\n")
    for cls in _strace_oracle.CLASS_NAMES:
        members = ", ".join(py_str(n) for n in sorted(classes.get(cls, set())))
        out.append(f"    {py_str(cls)}: frozenset({{{members}}}),\n")
    out.append("}\n")
    return "".join(out)


def generate(
    out_dir: Path, tracefs: str | None = None, syscalls_h: str | None = None
) -> list[Path]:
    sc = system_calls.syscalls()
    audit = c_values(["<linux/audit.h>"], [macro for _, macro in ARCHES.values()], signed=False)

    with tracefs_dir(tracefs) as root:
        trace_sigs = tracefs_signatures(root) if root else {}
    hdr_path = find_syscalls_h(syscalls_h)
    hdr_sigs = header_signatures(hdr_path) if hdr_path else {}
    if not trace_sigs and not hdr_sigs:
        raise SystemExit("no signature source: tracefs not mountable and no syscalls.h found")

    src_names = ["system-calls " + system_calls.syscalls().linux_version]
    if trace_sigs:
        src_names.append(
            f"tracefs of kernel {subprocess.run(['uname', '-r'], capture_output=True, text=True).stdout.strip()}"
        )
    if hdr_path:
        src_names.append(str(hdr_path))
    src_names.append("strace " + _strace_version())
    src_names.append("linux/audit.h")
    sources = ", ".join(src_names)

    raw = _strace_oracle.strace_nargs()
    known = {arch: {nr: v[0] for nr, v in raw[arch].items()} for arch in STRACE_ARCHES}
    by_nr_classes = _strace_oracle.strace_classes(
        {arch: audit[ARCHES[arch][1]] for arch in STRACE_ARCHES}, known
    )

    tables: dict[str, dict[int, str]] = {
        arch: {nr: name for name, nr in sc.load_arch_table(sc_arch).items()}
        for arch, (sc_arch, _) in ARCHES.items()
    }
    # strace facts keyed by system-calls name, per strace arch
    nargs_by_name: dict[str, dict[str, int]] = {}
    classes_by_name: dict[str, dict[str, set[str]]] = {}
    for arch in STRACE_ARCHES:
        names = tables[arch]
        nargs_by_name[arch] = {names[nr]: raw[arch][nr][1] for nr in names if nr in raw[arch]}
        classes_by_name[arch] = {
            cls: {names[nr] for nr in nrs if nr in names}
            for cls, nrs in by_nr_classes[arch].items()
        }

    written = []
    for arch, (_, macro) in ARCHES.items():
        names = tables[arch]
        sigs: dict[str, tuple[Signature, str]] = {}
        for name in names.values():
            for kname in kernel_name_candidates(name):
                via = "" if kname == name else f" sys_{kname}"
                if kname in trace_sigs:
                    sigs[name] = (trace_sigs[kname], "tracefs" + via)
                elif kname in hdr_sigs:
                    sigs[name] = (hdr_sigs[kname], "syscalls.h" + via)
                else:
                    continue
                break
        nargs: dict[str, int] = {}
        nargs_src: dict[str, str] = {}
        lookup = [arch] if arch in STRACE_ARCHES else ["x86_64", "i386"]
        for name in names.values():
            for s_arch in lookup:
                if name in nargs_by_name[s_arch]:
                    nargs[name] = nargs_by_name[s_arch][name]
                    nargs_src[name] = "strace" if s_arch == arch else f"strace-{s_arch}"
                    break
            else:
                if name in sigs:
                    nargs[name] = len(sigs[name][0])
                    nargs_src[name] = "signature"
        classes: dict[str, set[str]] = {}
        for cls in _strace_oracle.CLASS_NAMES:
            if arch in STRACE_ARCHES:
                classes[cls] = classes_by_name[arch][cls]
            else:
                # generic table: map by name, x86_64 first, then i386 for names x86_64 lacks
                x86 = classes_by_name["x86_64"][cls]
                i386 = classes_by_name["i386"][cls]
                x86_names = set(tables["x86_64"].values())
                classes[cls] = {
                    n for n in names.values() if n in x86 or (n not in x86_names and n in i386)
                }
        text = render(arch, audit[macro], names, nargs, nargs_src, sigs, classes, sources)
        path = out_dir / f"{arch}.py"
        write_module(path, text)
        written.append(path)
    return written


def _strace_version() -> str:
    out = subprocess.run([_strace_oracle.STRACE, "-V"], capture_output=True, text=True).stdout
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "unknown"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, default=GENERATED_DIR, help="output directory")
    ap.add_argument("--tracefs", help="a mounted tracefs directory (default: find or mount one)")
    ap.add_argument("--syscalls-h", help="path to the kernel's include/linux/syscalls.h")
    args = ap.parse_args(argv)
    for path in generate(args.out, args.tracefs, args.syscalls_h):
        print(path)


if __name__ == "__main__":
    main()
