"""Syscall decoders, one module per family (named as strace names its source files)."""

from __future__ import annotations

import importlib
import pkgutil

_loaded = False


def load_decoders() -> None:
    """Import every family module so that each registers its decoders."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name != "registry":
            importlib.import_module(f"{__name__}.{info.name}")
