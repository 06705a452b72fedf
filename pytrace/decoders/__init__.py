"""Syscall decoders, one module per family (named as strace names its source files)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

_loaded = False
# Family modules that failed to import (their syscalls then print undecoded); a test
# asserts this stays empty.
FAILED: dict[str, str] = {}


def load_family(module: str) -> bool:
    """Import one family module (its decoders register themselves); False if it is broken."""
    if module in FAILED:
        return False
    try:
        importlib.import_module(f"{__name__}.{module}")
    except Exception as e:  # a broken family must not take the tracer down
        FAILED[module] = f"{type(e).__name__}: {e}"
        sys.stderr.write(f"pytrace: decoders for {module} unavailable: {FAILED[module]}\n")
        return False
    return True


def load_decoders() -> None:
    """Import every family module so that each registers its decoders."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in ("registry", "index"):
            continue
        load_family(info.name)
