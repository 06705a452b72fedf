"""evdev (input device) ioctls as strace 6.1 prints them (its src/evdev.c, src/evdev_mpers.c).

Read requests print at exit, write requests at entry. Bitmaps (EVIOCGBIT, EVIOCGKEY/LED/SND/SW,
EVIOCGPROP) print the names of the set bits below the count the kernel returned, four of them
then ``...`` unless -v, and under -X raw|verbose the words themselves.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from .._print_array import abbrev
from ._util import DEFAULT, LATER, PRINTED, req, umove
from .names import IOC_READ, IOC_WRITE, ioc_dir, ioc_nr, ioc_size

if TYPE_CHECKING:
    from ...tracee import Tracee

InputId = cs.Struct("bustype" / cs.Int16ul, "vendor" / cs.Int16ul, "product" / cs.Int16ul,
                    "version" / cs.Int16ul)
# The fields are __s32; strace prints them with PRINT_FIELD_U, so they are read unsigned.
InputAbsinfo = cs.Struct("value" / cs.Int32ul, "minimum" / cs.Int32ul, "maximum" / cs.Int32ul,
                         "fuzz" / cs.Int32ul, "flat" / cs.Int32ul, "resolution" / cs.Int32ul)
InputKeymapEntry = cs.Struct("flags" / cs.Int8ul, "len" / cs.Int8ul, "index" / cs.Int16ul,
                             "keycode" / cs.Int32ul, "scancode" / cs.Bytes(32))
# struct ff_effect up to its union (trigger and replay flattened), then the union at 16.
FfEffectHead = cs.Struct("type" / cs.Int16ul, "id" / cs.Int16sl, "direction" / cs.Int16ul,
                         "button" / cs.Int16ul, "interval" / cs.Int16ul,
                         "length" / cs.Int16ul, "delay" / cs.Int16ul, cs.Padding(2))
FF_EFFECT_SIZE = 48  # sizeof(struct ff_effect) on 64-bit: head (14) + pad + 32-byte union at 16
FF_UNION_OFF = 16

_ID = Lowered(InputId)
_ABS = Lowered(InputAbsinfo).st
_ABS_ORIG = 20  # offsetofend(struct input_absinfo, flat)
_ABS_RES = 24  # offsetofend(struct input_absinfo, resolution)
_KEYMAP = struct.Struct("<BBHI32s")
_HEAD = Lowered(FfEffectHead).st
_ENVELOPE = struct.Struct("<HHHH")
_PAIR = struct.Struct("<II")
_I32 = struct.Struct("<i")
_WORD = 8


@cache
def _codes() -> dict[str, int]:
    names = ("EVIOCGVERSION", "EVIOCGEFFECTS", "EVIOCGID", "EVIOCGREP", "EVIOCGKEYCODE",
             "EVIOCGKEYCODE_V2", "EVIOCSREP", "EVIOCSKEYCODE", "EVIOCSKEYCODE_V2", "EVIOCRMFF",
             "EVIOCGRAB", "EVIOCREVOKE", "EVIOCSCLOCKID", "EVIOCSFF")
    return {n: req(n) for n in names}


def _x(name: str) -> printers.Xlat:
    return printers.xlat(name)


def _c(name: str) -> int:
    return printers.const(name)


# EVIOCGBIT(type): event type name -> (xlat, highest bit number constant, default text).
_BIT_TABLES = {
    "EV_KEY": ("evdev_keycode", "KEY_MAX", "KEY_???"),
    "EV_REL": ("evdev_relative_axes", "REL_MAX", "REL_???"),
    "EV_ABS": ("evdev_abs", "ABS_MAX", "ABS_???"),
    "EV_MSC": ("evdev_misc", "MSC_MAX", "MSC_???"),
    "EV_SW": ("evdev_switch", "SW_MAX", "SW_???"),
    "EV_LED": ("evdev_leds", "LED_MAX", "LED_???"),
    "EV_SND": ("evdev_snd", "SND_MAX", "SND_???"),
    "EV_REP": ("evdev_autorepeat", "REP_MAX", "REP_???"),
    "EV_FF": ("evdev_ff_types", "FF_MAX", "FF_???"),
    "EV_FF_STATUS": ("evdev_ff_status", "FF_STATUS_MAX", "FF_STATUS_???"),
}


@cache
def _bit_types() -> dict[int, tuple[str, str, str]]:
    ev = _x("evdev_ev")
    out: dict[int, tuple[str, str, str]] = {0: ("evdev_ev", "EV_MAX", "EV_???")}
    for name, spec in _BIT_TABLES.items():
        v = ev.value_of(name)
        if v is not None:
            out[v] = spec
    return out


@cache
def _sized() -> dict[int, tuple[str, str, str] | None]:
    """Fixed-number variable-length read requests: _IOC_NR -> bitmap spec (None: a string)."""
    return {
        _c("EVIOCGNAME_NR"): None, _c("EVIOCGPHYS_NR"): None, _c("EVIOCGUNIQ_NR"): None,
        _c("EVIOCGPROP_NR"): ("evdev_prop", "INPUT_PROP_MAX", "PROP_???"),
        _c("EVIOCGSND_NR"): ("evdev_snd", "SND_MAX", "SND_???"),
        _c("EVIOCGSW_NR"): ("evdev_switch", "SW_MAX", "SW_???"),
        _c("EVIOCGKEY_NR"): ("evdev_keycode", "KEY_MAX", "KEY_???"),
        _c("EVIOCGLED_NR"): ("evdev_leds", "LED_MAX", "LED_???"),
    }


def _bitset(t: Tracee, arg: int, spec: tuple[str, str, str]) -> str:
    """strace 6.1's decode_bitset: ``[NAME NAME ...]``, ``[]`` when no bit is set."""
    table, max_name, dflt = spec
    max_nr = _c(max_name)
    rval = t.rval & 0xFFFFFFFFFFFFFFFF
    size_bits = max_nr if rval > max_nr // 8 else rval * 8
    nbytes = (size_bits + 7) // 8
    size = (nbytes + _WORD - 1) // _WORD * _WORD
    if t.is_error or not size:
        return printers.addr(arg)
    data = umove(t, arg, size)
    if isinstance(data, str):
        return data
    style = printers.xlat_style
    parts: list[str] = []
    if style != printers.STYLE_RAW:
        bits = int.from_bytes(data, "little") & ((1 << size_bits) - 1)
        names: list[str] = []
        short = abbrev(t)
        xl = _x(table)
        while bits:
            low = bits & -bits
            if short and len(names) == 4:
                names.append("...")
                break
            names.append(printers.xval(low.bit_length() - 1, xl, dflt))
            bits ^= low
        parts.append("[" + " ".join(names) + "]")
    if style != printers.STYLE_ABBREV:
        words = [printers.hexval(w) for (w,) in struct.iter_unpack("<Q", data)]
        limit = t.cfg.string_limit
        if abbrev(t) and len(words) > limit:
            words = [*words[:limit], "..."]
        text = "[" + ", ".join(words) + "]"
        parts.append(f"/* {text} */" if style == printers.STYLE_VERBOSE else text)
    return " ".join(parts)


def _num(t: Tracee, arg: int, fmt: str) -> str:
    d = umove(t, arg, 4)
    if isinstance(d, str):
        return d
    v = _I32.unpack(d)[0]
    if fmt == "x":
        return "[%s]" % printers.hexval(v & 0xFFFFFFFF)
    return "[%u]" % (v & 0xFFFFFFFF) if fmt == "u" else "[%d]" % v


def _pair(t: Tracee, arg: int) -> str:
    d = umove(t, arg, 8)
    return d if isinstance(d, str) else "[%u, %u]" % _PAIR.unpack(d)


def _id(t: Tracee, arg: int) -> str:
    d = umove(t, arg, _ID.size)
    if isinstance(d, str):
        return d
    s = _ID.unpack(d)
    return f"{{bustype={s.bustype}, vendor={s.vendor}, product={s.product}, version={s.version}}}"


def _keycode(t: Tracee, arg: int) -> str:
    d = umove(t, arg, 8)
    if isinstance(d, str):
        return d
    scan, key = _PAIR.unpack(d)
    return f"[{scan}, {printers.xval(key, _x('evdev_keycode'), 'KEY_???')}]"


def _keycode_v2(t: Tracee, arg: int) -> str:
    d = umove(t, arg, _KEYMAP.size)
    if isinstance(d, str):
        return d
    flags, length, index, key, scan = _KEYMAP.unpack(d)
    if abbrev(t):
        return f"{{flags={flags}, len={length}, ...}}"
    codes = ", ".join(printers.hexval(b) for b in scan)
    return (f"{{flags={flags}, len={length}, index={index}, "
            f"keycode={printers.xval(key, _x('evdev_keycode'), 'KEY_???')}, scancode=[{codes}]}}")


def _abs(t: Tracee, code: int, arg: int) -> str | None:
    """struct input_absinfo; None when the request is too small to hold one (not decoded)."""
    sz = ioc_size(code)
    if sz < _ABS_ORIG:
        return None
    d = umove(t, arg, min(sz, _ABS.size))
    if isinstance(d, str):
        return d
    v = _ABS.unpack(d.ljust(_ABS.size, b"\0"))
    head = f"{{value={v[0]}, minimum={v[1]}"
    if abbrev(t):
        return head + ", ...}"
    text = head + f", maximum={v[2]}, fuzz={v[3]}, flat={v[4]}"
    if sz > _ABS_ORIG:
        if sz >= _ABS_RES:
            text += f", resolution={v[5]}"
        if sz != _ABS_RES:
            text += ", ..."
    return text + "}"


def _mtslots(t: Tracee, code: int, arg: int) -> str:
    n = ioc_size(code) // 4
    if not n:
        return printers.addr(arg)
    d = umove(t, arg, n * 4)
    if isinstance(d, str):
        return d
    vals = struct.unpack("<%di" % n, d)
    code_text = printers.xval(vals[0] & 0xFFFFFFFF, _x("evdev_mtslots"), "ABS_MT_???")
    return f"{{code={code_text}, values=[{', '.join(map(str, vals[1:]))}]}}"


def _envelope(d: bytes, off: int) -> str:
    a_len, a_lvl, f_len, f_lvl = _ENVELOPE.unpack_from(d, off)
    return (f"{{attack_length={a_len}, attack_level={a_lvl}, fade_length={f_len}, "
            f"fade_level={printers.hexval(f_lvl)}}}")


def _ff_constant(d: bytes, off: int) -> str:
    (level,) = struct.unpack_from("<h", d, off)
    return f"constant={{level={level}, envelope={_envelope(d, off + 2)}}}"


def _ff_ramp(d: bytes, off: int) -> str:
    start, end = struct.unpack_from("<hh", d, off)
    return f"ramp={{start_level={start}, end_level={end}, envelope={_envelope(d, off + 4)}}}"


def _ff_periodic(d: bytes, off: int) -> str:
    wave, period, mag, offset, phase = struct.unpack_from("<HHhhH", d, off)
    env = _envelope(d, off + 10)
    clen, cdata = struct.unpack_from("<IQ", d, off + 20)
    return (f"periodic={{waveform={wave}, period={period}, magnitude={mag}, offset={offset}, "
            f"phase={phase}, envelope={env}, custom_len={clen}, custom_data={printers.addr(cdata)}}}")


def _ff_rumble(d: bytes, off: int) -> str:
    strong, weak = struct.unpack_from("<HH", d, off)
    return f"rumble={{strong_magnitude={strong}, weak_magnitude={weak}}}"


@cache
def _ff_unions() -> dict[int, Callable[[bytes, int], str]]:
    ff = _x("evdev_ff_types")
    out: dict[int, Callable[[bytes, int], str]] = {}
    for name, fn in (("FF_CONSTANT", _ff_constant), ("FF_RAMP", _ff_ramp),
                     ("FF_PERIODIC", _ff_periodic), ("FF_RUMBLE", _ff_rumble)):
        v = ff.value_of(name)
        if v is not None:
            out[v] = fn
    return out


def _ff_effect(t: Tracee, arg: int) -> str:
    """struct ff_effect (EVIOCSFF)."""
    d = umove(t, arg, FF_EFFECT_SIZE)
    if isinstance(d, str):
        return d
    ty, ident, direction, button, interval, length, delay = _HEAD.unpack_from(d)
    head = (f"{{type={printers.xval(ty, _x('evdev_ff_types'), 'FF_???')}, id={ident}, "
            f"direction={direction}, ")
    if abbrev(t):
        return head + "...}"
    text = (head + f"trigger={{button={button}, interval={interval}}}, "
            f"replay={{length={length}, delay={delay}}}")
    fn = _ff_unions().get(ty)
    if fn is not None:
        text += ", " + fn(d, FF_UNION_OFF)
    return text + "}"


def _read(t: Tracee, code: int, arg: int) -> str | None:
    c = _codes()
    if code == c["EVIOCGVERSION"]:
        return _num(t, arg, "x")
    if code == c["EVIOCGEFFECTS"]:
        return _num(t, arg, "u")
    if code == c["EVIOCGID"]:
        return _id(t, arg)
    if code == c["EVIOCGREP"]:
        return _pair(t, arg)
    if code == c["EVIOCGKEYCODE"]:
        return _keycode(t, arg)
    if code == c["EVIOCGKEYCODE_V2"]:
        return _keycode_v2(t, arg)
    nr = ioc_nr(code)
    if nr == _c("EVIOCGMTSLOTS_NR"):
        return _mtslots(t, code, arg)
    sized = _sized()
    if nr in sized:
        spec = sized[nr]
        if spec is not None:
            return _bitset(t, arg, spec)
        return printers.addr(arg) if t.is_error else printers.buf(t, arg, t.rval)
    if nr & ~_c("ABS_MAX") == _c("EVIOCGABS_NR"):
        return _abs(t, code, arg)
    ev_max = _c("EV_MAX")
    if nr & ~ev_max == _c("EVIOCGBIT_NR"):
        ev = nr & ev_max
        spec = _bit_types().get(ev)
        if spec is not None:
            return _bitset(t, arg, spec)
        if ev == _x("evdev_ev").value_of("EV_PWR"):
            return _num(t, arg, "d")
        return printers.addr(arg)
    return None


def _write(t: Tracee, code: int, arg: int) -> str | None:
    c = _codes()
    if code == c["EVIOCSREP"]:
        return _pair(t, arg)
    if code in (c["EVIOCSKEYCODE"],):
        return _keycode(t, arg)
    if code == c["EVIOCSKEYCODE_V2"]:
        return _keycode_v2(t, arg)
    if code == c["EVIOCRMFF"]:
        return str(t.sarg(2))
    if code in (c["EVIOCGRAB"], c["EVIOCREVOKE"]):
        return str(arg)
    if code == c["EVIOCSCLOCKID"]:
        return _num(t, arg, "u")
    if code == c["EVIOCSFF"]:
        return _ff_effect(t, arg)
    if ioc_nr(code) & ~_c("ABS_MAX") == _c("EVIOCSABS_NR"):
        return _abs(t, code, arg)
    return None


def decode(t: Tracee, code: int, arg: int) -> int:
    """The evdev family (_IOC type 'E')."""
    d = ioc_dir(code)
    if d == IOC_READ:
        if not t.exiting:
            return LATER
        text = _read(t, code, arg)
    elif d == IOC_WRITE:
        text = _write(t, code, arg)
    else:
        return DEFAULT
    if text is None:
        return DEFAULT
    t.out.append(text)
    return PRINTED
