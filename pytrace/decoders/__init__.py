"""Syscall decoders, one module per family (named as strace names its source files)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

_loaded = False
# Family modules that failed to import (their syscalls then print undecoded); a test
# asserts this stays empty.
FAILED: dict[str, str] = {}


def load_decoders() -> None:
    """Import every family module so that each registers its decoders."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "registry":
            continue
        try:
            importlib.import_module(f"{__name__}.{info.name}")
        except Exception as e:  # a broken family must not take the tracer down
            FAILED[info.name] = f"{type(e).__name__}: {e}"
            sys.stderr.write(f"pytrace: decoders for {info.name} unavailable: {FAILED[info.name]}\n")
