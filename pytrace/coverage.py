"""Decoder coverage of the x86_64 syscall table: ``python -m pytrace.coverage``.

Every syscall falls in one class: decoded (a registered decoder), undecoded by strace 6.1 itself
(printargs; evidence in syscall_tables/gen_undecoded.py), unknown to strace 6.1 (printed as
``syscall_0xNNN``), no arguments (nothing to decode), or missing (a decoder still to write).
"""

from __future__ import annotations

import sys

import syscall_tables
from syscall_tables.generated.undecoded import UNDECODED, UNKNOWN_NRS

from .decoders import load_decoders
from .decoders.registry import DECODERS


def classify(arch: str = "x86_64") -> dict[str, list[str]]:
    """{class: sorted syscall names}."""
    load_decoders()
    mod = syscall_tables.arch_table(arch)
    unknown = set(UNKNOWN_NRS)
    out: dict[str, list[str]] = {k: [] for k in ("decoded", "strace_undecoded", "strace_unknown",
                                                  "no_arguments", "missing")}
    for nr, name in sorted(mod.NAMES.items()):
        if name in DECODERS:
            cls = "decoded"
        elif name in UNDECODED:
            cls = "strace_undecoded"
        elif nr in unknown:
            cls = "strace_unknown"
        elif mod.NARGS.get(name, 1) == 0:
            cls = "no_arguments"
        else:
            cls = "missing"
        out[cls].append(name)
    return out


def main(argv: list[str] | None = None) -> int:
    classes = classify()
    total = sum(len(v) for v in classes.values())
    print(f"x86_64 syscalls: {total}")
    for cls, names in classes.items():
        print(f"  {cls:17} {len(names):4}")
    print("\nstrace 6.1 leaves undecoded: " + " ".join(classes["strace_undecoded"]))
    print(f"\nmissing decoders ({len(classes['missing'])}):")
    print(" ".join(classes["missing"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
