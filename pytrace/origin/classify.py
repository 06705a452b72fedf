"""What kind of code a mapping holds: libc, the dynamic loader, the program, another library,
the vDSO, or anonymous (JIT) memory."""

from __future__ import annotations

import re

from .maps import Mapping

LIBC = "libc"
LOADER = "loader"
PROGRAM = "program"
LIBRARY = "library"
VDSO = "vdso"
ANONYMOUS = "anonymous"
UNKNOWN = "unknown"

_LOADER_RE = re.compile(r"^ld(-linux[-\w]*)?(-[\d.]+)?\.so(\.\d+)*$")
# glibc's parts (libpthread, librt, libdl were merged into libc.so.6 in 2.34) and musl.
_LIBC_RE = re.compile(r"^(libc|libpthread|librt|libdl)([-.][\d.]+)?\.so(\.\d+)*$|^libc\.musl-\w+\.so\.1$")


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def classify(m: Mapping | None, exe: str | None) -> str:
    """The kind of code at mapping ``m`` of a process whose executable is ``exe``."""
    if m is None:
        return UNKNOWN
    path = m.path
    if path == "[vdso]":
        return VDSO
    if not path.startswith("/"):
        return ANONYMOUS  # "", [heap], [stack], [anon:...], memfd-less JIT pages
    if path.startswith(("/dev/zero", "/memfd:", "/SYSV")):
        return ANONYMOUS  # shared anonymous memory, memfd or SysV shm: no file to read
    if path.endswith(" (deleted)"):
        path = path[: -len(" (deleted)")]
    if exe is not None and path == exe:
        return PROGRAM
    name = basename(path)
    if _LOADER_RE.match(name):
        return LOADER
    if _LIBC_RE.match(name):
        return LIBC
    return LIBRARY
