"""Request names: what strace 6.1 prints for a request number, and the _IOC fields of unknown ones.

The table is generated (``python -m syscall_tables.gen_ioctl``). Requests that share a number
(FIONREAD/TIOCINQ/SIOCINQ) print as strace prints them; :func:`resolve_shared` picks the name
that fits the descriptor (tty, socket, block device) for output beyond strace's.
"""

from __future__ import annotations

import os
import stat
from functools import cache
from types import ModuleType

from ... import printers

_IOC_NRBITS, _IOC_TYPEBITS, _IOC_SIZEBITS = 8, 8, 14
_IOC_NRSHIFT = 0
_IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS
_IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS
_IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS
IOC_NONE, IOC_WRITE, IOC_READ = 0, 1, 2

__all__ = ["ioc_dir", "ioc_nr", "ioc_size", "ioc_type", "request_text", "tables"]


@cache
def tables() -> ModuleType:
    """The generated request tables (2,000+ entries): loaded on the first ioctl, not at start-up."""
    from syscall_tables.generated import ioctls

    return ioctls


def ioc_dir(code: int) -> int:
    return (code >> _IOC_DIRSHIFT) & 3


def ioc_type(code: int) -> int:
    return (code >> _IOC_TYPESHIFT) & 0xFF


def ioc_nr(code: int) -> int:
    return code & 0xFF


def ioc_size(code: int) -> int:
    return (code >> _IOC_SIZESHIFT) & 0x3FFF


def _inner_flags(value: int, table: str, dflt: str) -> str:
    """Flags inside a request name: spelled out even under -X verbose (the whole name is then
    the comment)."""
    if printers.xlat_style != printers.STYLE_VERBOSE:
        return printers.flags(value, printers.xlat(table), dflt)
    printers.xlat_style = printers.STYLE_ABBREV
    try:
        return printers.flags(value, printers.xlat(table), dflt)
    finally:
        printers.xlat_style = printers.STYLE_VERBOSE


def _inner_xval(value: int, table: str, dflt: str) -> str:
    """An enumeration inside a request name: its name, or hex (bare hex under -X verbose)."""
    name = printers.xlat(table).get(value)
    if name is not None:
        return name
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return printers.hexval(value)
    return f"{printers.hexval(value)} /* {dflt} */"


def ioc_code_text(code: int) -> str:
    """``_IOC(_IOC_READ, 0x54, 0x99, 0x8)`` (strace's ioctl_print_code)."""
    dirs = _inner_flags(ioc_dir(code), "ioctl_dirs", "_IOC_???")
    h = printers.hexval
    return f"_IOC({dirs}, {h(ioc_type(code))}, {h(ioc_nr(code))}, {h(ioc_size(code))})"


def _evdev_name(code: int) -> str | None:
    """EVIOCGNAME(len) and friends: names strace builds from the number."""
    d, nr, size = ioc_dir(code), ioc_nr(code), ioc_size(code)
    if d == IOC_WRITE and 0xC0 <= nr <= 0xC0 + 0x3F:
        return f"EVIOCSABS({_inner_xval(nr - 0xC0, 'evdev_abs', 'ABS_???')})"
    if d != IOC_READ:
        return None
    if 0x20 <= nr <= 0x3F:
        ev = "0" if nr == 0x20 else _inner_xval(nr - 0x20, "evdev_ev", "EV_???")
        return f"EVIOCGBIT({ev}, {size})"
    if 0x40 <= nr <= 0x7F:
        return f"EVIOCGABS({_inner_xval(nr - 0x40, 'evdev_abs', 'ABS_???')})"
    sized = {6: "EVIOCGNAME", 7: "EVIOCGPHYS", 8: "EVIOCGUNIQ", 9: "EVIOCGPROP", 0x0A: "EVIOCGMTSLOTS",
             0x18: "EVIOCGKEY", 0x19: "EVIOCGLED", 0x1A: "EVIOCGSND", 0x1B: "EVIOCGSW"}
    name = sized.get(nr)
    return f"{name}({size})" if name else None


def _number_name(code: int) -> str | None:
    """strace's ioctl_decode_command_number: names computed from _IOC fields."""
    ty, d, nr, size = ioc_type(code), ioc_dir(code), ioc_nr(code), ioc_size(code)
    if ty == 0x45:
        try:
            return _evdev_name(code)
        except KeyError:
            return None
    if ty == 0x21 and code == ((IOC_READ << _IOC_DIRSHIFT) | (0x21 << 8) | 2 | (8 << _IOC_SIZESHIFT)):
        return "SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR"
    if ty == 0x4D and d in (IOC_WRITE, IOC_READ):
        return f"{'MIXER_WRITE' if d == IOC_WRITE else 'MIXER_READ'}({nr})"
    if ty == 0x55 and d == IOC_READ and nr == 0x2C:
        return f"UI_GET_SYSNAME({size})"
    if ty == 0x6A and d == IOC_READ and nr == 0x13:
        return f"JSIOCGNAME({size})"
    if ty == 0x6B and d == IOC_WRITE and nr == 0:
        return f"SPI_IOC_MESSAGE({size})"
    if ty == 0x48:
        rd = {4: "HIDIOCGRAWNAME", 5: "HIDIOCGRAWPHYS", 6: "HIDIOCSFEATURE", 8: "HIDIOCGRAWUNIQ",
              0x12: "HIDIOCGPHYS"}
        rw = {6: "HIDIOCSFEATURE", 7: "HIDIOCGFEATURE"}
        table = rd if d == IOC_READ else rw if d == IOC_READ | IOC_WRITE else {}
        name = table.get(nr)
        return f"{name}({size})" if name else None
    return None


_TEXT: dict[int, str] = {}


def request_text(code: int) -> str:
    """The request as strace prints it in its default style."""
    code &= 0xFFFFFFFF
    text = _TEXT.get(code)
    if text is not None and printers.xlat_style == printers.STYLE_ABBREV:
        return text
    if printers.xlat_style == printers.STYLE_RAW:
        return printers.hexval(code)
    computed = _number_name(code)
    named = tables().STRACE_NAMES.get(code)
    if computed and named:
        text = f"{computed} or {named}"
    else:
        text = computed or named or ioc_code_text(code)
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{printers.hexval(code)} /* {text} */"
    if len(_TEXT) < 65536:
        _TEXT[code] = text
    return text


def fd_kind(pid: int, fd: int) -> str | None:
    """What descriptor ``fd`` of ``pid`` is: "tty", "socket", "block", "file", or None."""
    try:
        st = os.stat(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None
    if stat.S_ISSOCK(st.st_mode):
        return "socket"
    if stat.S_ISBLK(st.st_mode):
        return "block"
    if stat.S_ISCHR(st.st_mode):
        major = os.major(st.st_rdev)
        # 4/5: ttys and consoles, 136-143: pty slaves, 2/3: legacy ptys; ptmx is 5:2.
        if major in (2, 3, 4, 5) or 136 <= major <= 143:
            return "tty"
        return "char"
    return "file"


_PREFIX = {"tty": ("TIOC", "TC", "FIO"), "socket": ("SIOC", "FIO"), "block": ("BLK", "FIO")}


def resolve_shared(pid: int, fd: int, code: int) -> str | None:
    """For a number several headers name, the name that fits what ``fd`` is (None: not shared)."""
    names = tables().BY_CODE.get(code & 0xFFFFFFFF)
    if not names or len(names) < 2:
        return None
    kind = fd_kind(pid, fd)
    for prefix in _PREFIX.get(kind or "", ()):
        for n in names:
            if n.startswith(prefix):
                return n
    return None
