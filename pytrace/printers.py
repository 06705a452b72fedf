"""Shared printing helpers: what strace's printpath, printstrn, printflags, printxval do.

Decoders never quote, join flags or format addresses themselves; they call these, so that
-s, -x, -X raw|abbrev|verbose and unreadable memory are handled in one place.
Every helper returns strace text for one argument (or one structure field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import syscall_tables

from .quote import quote

if TYPE_CHECKING:
    from .tracee import Tracee

PATH_MAX = 4096
AT_FDCWD = -100

# -X: set once from the command line.
STYLE_ABBREV = 0
STYLE_RAW = 1
STYLE_VERBOSE = 2
xlat_style = STYLE_ABBREV


class Xlat:
    """A generated constant table: value -> name lookups, and the order flags print in."""

    __slots__ = ("name", "pairs", "by_value", "_flag_cache")

    def __init__(self, name: str, pairs: tuple[tuple[int, str], ...] | None = None) -> None:
        self.name = name
        self.pairs = pairs if pairs is not None else syscall_tables.xlat(name)
        self.by_value: dict[int, str] = {}
        for v, n in self.pairs:
            self.by_value.setdefault(v, n)
        self._flag_cache: dict[tuple[int, str | None], str] = {}

    def get(self, value: int) -> str | None:
        return self.by_value.get(value)

    def value_of(self, name: str) -> int | None:
        for v, n in self.pairs:
            if n == name:
                return v
        return None


_XLATS: dict[str, Xlat] = {}


def xlat(name: str) -> Xlat:
    """The generated table ``syscall_tables/xlat/<name>.in``, loaded once."""
    x = _XLATS.get(name)
    if x is None:
        x = _XLATS[name] = Xlat(name)
    return x


def const(name: str) -> int:
    """A single constant from the headers (``syscall_tables/xlat/constants.in``)."""
    v = xlat("constants").value_of(name)
    if v is None:
        raise KeyError(f"{name} is not in syscall_tables/xlat/constants.in")
    return v


def signal(sig: int) -> str:
    """A signal number as an argument (printsignal): ``SIGUSR1``; under -X raw ``10``, under
    -X verbose ``10 /* SIGUSR1 */``; a number nobody names prints as the number."""
    from .signals import SIGNAL_NAMES

    name = SIGNAL_NAMES.get(sig)
    if name is None or xlat_style == STYLE_RAW:
        return str(sig)
    if xlat_style == STYLE_VERBOSE:
        return f"{sig} /* {name} */"
    return name


def hexval(v: int) -> str:
    return "%#x" % v if v else "0"


def xval(value: int, table: Xlat, dflt: str | None = None) -> str:
    """An enumeration value: its name, or hex with ``/* dflt */`` (printxval)."""
    if xlat_style == STYLE_RAW:
        return hexval(value)
    name = table.by_value.get(value)
    if name is not None:
        if xlat_style == STYLE_VERBOSE:
            return f"{hexval(value)} /* {name} */"
        return name
    if dflt is not None:
        return f"{hexval(value)} /* {dflt} */"
    return hexval(value)


def xval_dec(value: int, table: Xlat, dflt: str | None = None) -> str:
    """As :func:`xval`, but an unknown value prints in decimal (printxval_d)."""
    if xlat_style == STYLE_RAW:
        return str(value)
    name = table.by_value.get(value)
    if name is not None:
        return name if xlat_style != STYLE_VERBOSE else f"{value} /* {name} */"
    return f"{value} /* {dflt} */" if dflt is not None else str(value)


def flags(value: int, table: Xlat, dflt: str | None = None) -> str:
    """A flag set: ``A|B|0x40``, in the order of the table (printflags)."""
    key = (value, dflt)
    cached = table._flag_cache.get(key)
    if cached is not None and xlat_style == STYLE_ABBREV:
        return cached
    text = _flags(value, table, dflt)
    if xlat_style == STYLE_ABBREV and len(table._flag_cache) < 4096:
        table._flag_cache[key] = text
    return text


def _flags(value: int, table: Xlat, dflt: str | None) -> str:
    if xlat_style == STYLE_RAW:
        return hexval(value) if (value or dflt) else ""
    orig = value
    names: list[str] = []
    for v, n in table.pairs:
        if (value == v and (not v and not names)) or (v and (value & v) == v):
            names.append(n)
            value &= ~v
            if not value:
                break
        if not value and names:
            break
    if names:
        if value:
            names.append(hexval(value))
        text = "|".join(names)
        if xlat_style == STYLE_VERBOSE:
            return f"{hexval(orig)} /* {text} */" if orig else f"0 /* {text} */"
        return text
    if value:
        if xlat_style == STYLE_VERBOSE:
            return f"{hexval(value)}" + (f" /* {dflt} */" if dflt else "")
        return hexval(value) + (f" /* {dflt} */" if dflt else "")
    return "0" if dflt is not None else ""


def addr(v: int) -> str:
    """A pointer: NULL or hex."""
    return "%#x" % v if v else "NULL"


def fd(t: Tracee, v: int) -> str:
    """A file descriptor argument (a C int), annotated with -y."""
    v &= 0xFFFFFFFF
    if v & 0x80000000:
        v -= 0x100000000
    if t.cfg.decode_fds and v >= 0:
        from .decoders.fds import fd_annotation

        return str(v) + fd_annotation(t, v)
    return str(v)


def dirfd(t: Tracee, v: int) -> str:
    """A directory descriptor for *at() calls: AT_FDCWD or a descriptor."""
    v &= 0xFFFFFFFF
    if v & 0x80000000:
        v -= 0x100000000
    if v == AT_FDCWD:
        if xlat_style == STYLE_RAW:
            return str(v)
        if xlat_style == STYLE_VERBOSE:
            return f"{v} /* AT_FDCWD */"
        if t.cfg.decode_fds:
            from .decoders.fds import cwd_annotation

            return "AT_FDCWD" + cwd_annotation(t)
        return "AT_FDCWD"
    return fd(t, v)


def path(t: Tracee, a: int) -> str:
    """A file name: printed whole (-s does not apply), or its address if unreadable."""
    if not a:
        return "NULL"
    got = t.mem.read_cstring(a, PATH_MAX)
    if got is None:
        return "%#x" % a
    data, terminated = got
    if not terminated and len(data) < PATH_MAX:
        return "%#x" % a  # runs into unreadable memory: strace prints the address
    text = quote(data, t.cfg.xflag)
    return text if terminated else text + "..."


def cstr(t: Tracee, a: int, limit: int | None = None) -> str:
    """A NUL-terminated string under the -s limit (printstr)."""
    if not a:
        return "NULL"
    n = t.cfg.string_limit if limit is None else limit
    got = t.mem.read_cstring(a, n + 1)
    if got is None:
        return "%#x" % a
    data, terminated = got
    if len(data) > n:
        return quote(data[:n], t.cfg.xflag) + "..."
    if not terminated:
        return "%#x" % a  # runs into unreadable memory before its NUL: strace prints the address
    return quote(data, t.cfg.xflag)


def buf(t: Tracee, a: int, length: int) -> str:
    """A buffer of ``length`` bytes under the -s limit (printstrn)."""
    if not a:
        return "NULL"
    if length <= 0:
        return '""' if length == 0 else "%#x" % a
    n = t.cfg.string_limit
    size = length if length <= n else n
    data = t.mem.read(a, size)
    if data is None:
        return "%#x" % a
    text = quote(data, t.cfg.xflag)
    return text + "..." if length > n else text


def mode_octal(m: int) -> str:
    """A permission mode: ``0644`` (printed with a leading zero, as strace does)."""
    s = "%o" % m
    return ("0" + s if s[0] != "0" else s).rjust(3, "0")


def struct(fields: list[str]) -> str:
    return "{" + ", ".join(fields) + "}"


def read_struct(t: Tracee, a: int, size: int) -> bytes | None:
    """The bytes of a structure argument, or None (print ``addr(a)`` then): NULL, unreadable,
    or a call -e verbose= leaves out (strace's umove_or_printaddr fetches nothing then)."""
    if not a:
        return None
    vs = t.cfg.verbose_set
    if vs is not None and (t.desc is None or t.desc.name not in vs):
        return None
    return t.mem.read(a, size)


def pid(t: Tracee, v: int, kind: str = "tgid") -> str:
    """A pid_t (printpid): ``v``, and under -Y the ``<comm>`` of a live process or thread.
    ``kind`` is strace's pid type: "tid", "tgid", "pgid" or "sid" (-Y decorates tid and tgid
    only); ``v`` is the signed value. A negative ``v`` where a pid may be a group (kill,
    F_SETOWN: printpid_tgid_pgid) is a process group and prints bare."""
    cfg = t.cfg
    if v > 0 and (cfg.pidns_translation or (cfg.decode_pids_comm and (kind == "tgid" or kind == "tid"))):
        from .pids import after_pid  # -Y <comm>, --pidns-translation comment

        return str(v) + after_pid(t.pid, v, kind, cfg.decode_pids_comm and kind in ("tgid", "tid"), cfg.pidns_translation)
    return str(v)
