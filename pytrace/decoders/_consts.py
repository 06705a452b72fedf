"""Named constants from the generated tables, resolved once when a decoder module is imported.

A decoder names the constants it computes with; the values come from the headers through
``syscall_tables/xlat/*.in`` (never typed by hand). Bind the result to module-level ints: a
lookup per stop would cost a table scan.
"""

from __future__ import annotations

from ..printers import xlat


def named(table: str, names: str) -> tuple[int, ...]:
    """The values of the space-separated ``names`` in the generated table ``table``, in order;
    ``KeyError`` if the table lacks one (a typo must fail at import, not print wrong text)."""
    x = xlat(table)
    out = []
    for name in names.split():
        v = x.value_of(name)
        if v is None:
            raise KeyError(f"{name} is not in syscall_tables/xlat/{table}.in")
        out.append(v)
    return tuple(out)


def consts(names: str) -> tuple[int, ...]:
    """``named("constants", names)``: single values listed in ``syscall_tables/xlat/constants.in``."""
    return named("constants", names)
