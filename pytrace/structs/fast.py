"""A fixed-size layout as one ``struct.Struct``, without construct: what the hot path decodes with.

The formats come from ``pytrace/structs/_layouts.py``, generated from the construct declarations
by ``python -m pytrace.structs.gen_layouts`` (so the runtime need not import construct, ~18 ms).
"""

from __future__ import annotations

import struct
from collections import namedtuple
from typing import Any


class Layout:
    """``unpack(data, offset)`` -> a named tuple of the layout's named fields."""

    __slots__ = ("st", "size", "tuple_type", "fmt", "names")

    def __init__(self, fmt: str, names: tuple[str, ...]) -> None:
        self.fmt = fmt
        self.names = names
        self.st = struct.Struct(fmt)
        self.size = self.st.size
        self.tuple_type = namedtuple("S", names)  # type: ignore[misc]

    def unpack(self, data: bytes, offset: int = 0) -> Any:
        return self.tuple_type._make(self.st.unpack_from(data, offset))
