"""Shared printers for the file families: modes, open flags, device numbers, timestamps,
and strace's abbrev()/verbose() checks."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .. import printers
from ..printers import flags, hexval, mode_octal, xlat, xval
from ._consts import consts, named

if TYPE_CHECKING:
    from ..tracee import Tracee

S_IFMT, S_ISUID, S_ISGID, S_ISVTX, O_ACCMODE = consts("S_IFMT S_ISUID S_ISGID S_ISVTX O_ACCMODE")
S_IFCHR, S_IFBLK = named("modetypes", "S_IFCHR S_IFBLK")


def abbrev(t: Tracee) -> bool:
    """-e abbrev=SET (-v: none): the current syscall's structures and arrays print abbreviated."""
    s = t.cfg.abbrev_set
    return s is None or (t.desc is not None and t.desc.name in s)


def verbose(t: Tracee) -> bool:
    """-e verbose=SET: the current syscall's structures and arrays are fetched at all (if not,
    they print as their address)."""
    s = t.cfg.verbose_set
    return s is None or (t.desc is not None and t.desc.name in s)


def symbolic_mode(mode: int) -> str:
    """``S_IFREG|S_ISUID|0755`` (print_symbolic_mode_t)."""
    ifmt = ""
    if mode & S_IFMT:
        ifmt = xlat("modetypes").get(mode & S_IFMT)  # type: ignore[assignment]
    if ifmt is None or printers.xlat_style == printers.STYLE_RAW:
        return mode_octal(mode)
    text = (
        ifmt + ("|" if ifmt else "")
        + ("S_ISUID|" if mode & S_ISUID else "")
        + ("S_ISGID|" if mode & S_ISGID else "")
        + ("S_ISVTX|" if mode & S_ISVTX else "")
        + mode_octal(mode & ~(S_IFMT | S_ISUID | S_ISGID | S_ISVTX))
    )
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{mode_octal(mode)} /* {text} */"
    return text


def numeric_umode(mode: int) -> str:
    """A mode_t argument: ``0644`` (print_numeric_umode_t)."""
    return mode_octal(mode)


_OPEN_MODES: dict[tuple[int, int], str] = {}  # (flags, -X style) -> text: programs reuse a few


def open_modes(value: int) -> str:
    """open(2) flags: the access mode, then the other flags (tprint_open_modes)."""
    key = (value, printers.xlat_style)
    text = _OPEN_MODES.get(key)
    if text is None:
        text = _open_modes(value)
        if len(_OPEN_MODES) < 4096:
            _OPEN_MODES[key] = text
    return text


def _open_modes(value: int) -> str:
    acc = xlat("open_access_modes").get(value & O_ACCMODE)
    rest = value & ~O_ACCMODE
    if acc is not None:
        text = acc
        if rest:
            text += "|" + _open_rest(rest)
    else:
        text = _open_rest(value)
    if printers.xlat_style == printers.STYLE_RAW:
        return hexval(value)
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{hexval(value)} /* {text} */"
    return text


def _open_rest(value: int) -> str:
    saved = printers.xlat_style
    printers.xlat_style = printers.STYLE_ABBREV
    try:
        return flags(value, xlat("open_mode_flags"))
    finally:
        printers.xlat_style = saved


def sprint_open_modes(value: int) -> str:
    """``flags O_RDWR|O_LARGEFILE`` (the text of F_GETFL's return comment)."""
    acc = xlat("open_access_modes").get(value & O_ACCMODE)
    rest = value & ~O_ACCMODE
    if acc is None:
        return "flags " + _open_rest(value)
    return "flags " + acc + ("|" + _open_rest(rest) if rest else "")


def dev(v: int) -> str:
    """A dev_t: ``makedev(0x8, 0x1)`` (glibc's major/minor split)."""
    major = ((v >> 8) & 0xFFF) | ((v >> 32) & ~0xFFF)
    minor = (v & 0xFF) | ((v >> 12) & ~0xFF)
    text = f"makedev({hexval(major)}, {hexval(minor)})"
    if printers.xlat_style == printers.STYLE_RAW:
        return hexval(v)
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{hexval(v)} /* {text} */"
    return text


def time_comment(sec: int, nsec: int) -> str:
    """`` /* 2026-11-24T22:01:48.212834026+0000 */`` or "" (sprinttime_nsec)."""
    if (sec == 0 and nsec == 0) or nsec > 999999999:
        return ""
    try:
        tm = time.localtime(sec)
    except (OverflowError, OSError, ValueError):
        return ""
    text = time.strftime("%Y-%m-%dT%H:%M:%S", tm)
    if nsec:
        text += ".%09d" % nsec
    return " /* " + text + time.strftime("%z", tm) + " */"


def dirfd_flags(value: int, table_name: str, dflt: str) -> str:
    return flags(value, xlat(table_name), dflt)


def enum(value: int, table_name: str, dflt: str) -> str:
    return xval(value, xlat(table_name), dflt)
