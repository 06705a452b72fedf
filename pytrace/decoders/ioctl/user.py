"""User ioctl decoders (``--ioctl-decoders FILE``): a Python file declaring construct layouts.

The file defines ``DECODERS = {request_number: layout}`` (a construct ``Struct``) and optionally
``NAMES = {request_number: "NAME"}``. The payload is read by the request's _IOC size (or the
layout's size), at entry for _IOC_WRITE requests and at exit for _IOC_READ ones, and printed as
``{field=value, ...}``. See docs/ioctl-decoders.md.
"""

from __future__ import annotations

import runpy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ... import printers
from ...quote import quote
from ._util import LATER, PRINTED
from .names import IOC_READ, IOC_WRITE, ioc_dir, ioc_size

if TYPE_CHECKING:
    from ...tracee import Tracee

_loaded: dict[str, tuple[dict[int, Any], dict[int, str]]] = {}


def load(path: str) -> tuple[dict[int, Any], dict[int, str]]:
    """Run the user's file once and keep its DECODERS and NAMES."""
    got = _loaded.get(path)
    if got is None:
        ns = runpy.run_path(path)
        decoders = {int(k) & 0xFFFFFFFF: v for k, v in dict(ns.get("DECODERS", {})).items()}
        names = {int(k) & 0xFFFFFFFF: str(v) for k, v in dict(ns.get("NAMES", {})).items()}
        got = _loaded[path] = (decoders, names)
    return got


def _value(t: Tracee, v: Any) -> str:
    if isinstance(v, bytes):
        return quote(v, t.cfg.xflag)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):
        return _container(t, v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(t, x) for x in v) + "]"
    return quote(str(v).encode(), t.cfg.xflag)


def _container(t: Tracee, c: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}={_value(t, v)}" for k, v in c.items() if not k.startswith("_")) + "}"


def render(t: Tracee, layout: Any, arg: int, size: int) -> str:
    if not arg:
        return "NULL"
    if t.exiting and t.is_error:
        return printers.addr(arg)
    try:
        n = size or layout.sizeof()
    except Exception:
        n = size
    data = t.mem.read(arg, n) if n else None
    if not data:
        return printers.addr(arg)
    try:
        return _value(t, layout.parse(data))
    except Exception:
        return printers.addr(arg)


def name_of(t: Tracee, code: int) -> str | None:
    path = t.cfg.ioctl_decoders
    return load(path)[1].get(code) if path else None


def lookup(t: Tracee, code: int) -> Callable[[Tracee, int, int], int] | None:
    path = t.cfg.ioctl_decoders
    if not path:
        return None
    layout = load(path)[0].get(code)
    if layout is None:
        return None

    def decode(t: Tracee, code: int, arg: int) -> int:
        d = ioc_dir(code)
        if not t.exiting:
            if d & IOC_READ:
                if d & IOC_WRITE:
                    t.data = render(t, layout, arg, ioc_size(code))
                return LATER
            t.out.append(render(t, layout, arg, ioc_size(code)))
            return PRINTED
        after = render(t, layout, arg, ioc_size(code))
        before = t.data if isinstance(t.data, str) else None
        t.out.append(f"{before} => {after}" if before and before != after else after)
        return PRINTED

    return decode
