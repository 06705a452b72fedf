"""Lower a fixed-size construct Struct to one ``struct.Struct`` for the per-call hot path."""

from __future__ import annotations

import struct
from collections import namedtuple
from typing import Any

import construct as cs


def _fmt(sub: Any) -> str:
    sub = getattr(sub, "subcon", sub) if isinstance(sub, cs.Renamed) else sub
    if isinstance(sub, cs.FormatField):
        return sub.fmtstr[1:]
    if isinstance(sub, cs.Bytes) and isinstance(sub.length, int):
        return "%ds" % sub.length
    if isinstance(sub, cs.Padded) and isinstance(sub.subcon, cs.Pass.__class__):
        return "%dx" % sub.length
    if isinstance(sub, (cs.Padded, cs.Const)) or sub.__class__.__name__ == "Padding":
        return "%dx" % sub.sizeof()
    raise TypeError(f"cannot lower {sub!r}")


class Lowered:
    """``unpack(data, offset)`` -> a named tuple of the struct's named fields."""

    __slots__ = ("st", "size", "tuple_type", "_keep")

    def __init__(self, decl: cs.Struct) -> None:
        fmt = "<"
        names: list[str] = []
        keep: list[bool] = []
        for sub in decl.subcons:
            f = _fmt(sub)
            fmt += f
            if not f.endswith("x"):
                keep.append(bool(sub.name))
                names.append(sub.name or f"_{len(names)}")
        self.st = struct.Struct(fmt)
        if self.st.size != decl.sizeof():
            raise ValueError(f"layout size {self.st.size} != {decl.sizeof()}")
        self.size = self.st.size
        self.tuple_type = namedtuple("S", names)  # type: ignore[misc]
        self._keep = keep

    def unpack(self, data: bytes, offset: int = 0) -> Any:
        return self.tuple_type._make(self.st.unpack_from(data, offset))
