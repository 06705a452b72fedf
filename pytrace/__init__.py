"""pytrace: a pure-Python, ptrace-based syscall tracer that prints what strace prints."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import trace  # noqa: E402

__all__ = ["trace", "__version__"]
