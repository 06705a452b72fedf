"""Real-time clock ioctls (strace's src/rtc.c): rtc_time, rtc_wkalrm, rtc_param, RTC_VL_*."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from .._modes import abbrev
from ._util import DEFAULT, LATER, PRINTED, bitflags, num_u64, req, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

RtcTime = cs.Struct(*(n / cs.Int32sl for n in ("tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon",
                                               "tm_year", "tm_wday", "tm_yday", "tm_isdst")))
RtcParam = cs.Struct("param" / cs.Int64ul, "uvalue" / cs.Int64ul, "index" / cs.Int32ul, cs.Padding(4))
TIME, PARAM = Lowered(RtcTime), Lowered(RtcParam)
_S64 = struct.Struct("<q")

_NOARG = frozenset(req(n) for n in ("RTC_AIE_ON", "RTC_AIE_OFF", "RTC_UIE_ON", "RTC_UIE_OFF",
                                    "RTC_PIE_ON", "RTC_PIE_OFF", "RTC_WIE_ON", "RTC_WIE_OFF",
                                    "RTC_VL_CLR"))
_TIME_GET = frozenset({req("RTC_RD_TIME"), req("RTC_ALM_READ")})
_TIME_SET = frozenset({req("RTC_SET_TIME"), req("RTC_ALM_SET")})
WKALM_RD, WKALM_SET = req("RTC_WKALM_RD"), req("RTC_WKALM_SET")
PARAM_GET, PARAM_SET = req("RTC_PARAM_GET"), req("RTC_PARAM_SET")
IRQP_READ, EPOCH_READ = req("RTC_IRQP_READ"), req("RTC_EPOCH_READ")
IRQP_SET, EPOCH_SET = req("RTC_IRQP_SET"), req("RTC_EPOCH_SET")
VL_READ = req("RTC_VL_READ")


def _tm(t: Tracee, d: bytes, off: int = 0) -> str:
    s = TIME.unpack(d, off)
    text = (f"{{tm_sec={s.tm_sec}, tm_min={s.tm_min}, tm_hour={s.tm_hour}, tm_mday={s.tm_mday}, "
            f"tm_mon={s.tm_mon}, tm_year={s.tm_year}, ")
    if abbrev(t):
        return text + "...}"
    return text + f"tm_wday={s.tm_wday}, tm_yday={s.tm_yday}, tm_isdst={s.tm_isdst}}}"


def _time(t: Tracee, arg: int) -> str:
    d = umove(t, arg, TIME.size)
    return d if isinstance(d, str) else _tm(t, d)


def _wkalrm(t: Tracee, arg: int) -> str:
    d = umove(t, arg, 4 + TIME.size)
    if isinstance(d, str):
        return d
    return f"{{enabled={d[0]}, pending={d[1]}, time={_tm(t, d, 4)}}}"


def _param_value(s: object) -> str:
    p, v = s.param, s.uvalue  # type: ignore[attr-defined]
    x = printers.xlat
    if p == x("rtc_params").value_of("RTC_PARAM_FEATURES"):
        return "uvalue=" + bitflags(v, x("rtc_feature_codes"), "RTC_FEATURE_???")
    if p == x("rtc_params").value_of("RTC_PARAM_CORRECTION"):
        return f"svalue={_S64.unpack(v.to_bytes(8, 'little'))[0]}"
    if p == x("rtc_params").value_of("RTC_PARAM_BACKUP_SWITCH_MODE"):
        return "uvalue=" + printers.xval(v, x("rtc_backup_switch_modes"), "RTC_BSM_???")
    return f"uvalue={printers.hexval(v)}"


def _param(t: Tracee, arg: int, code: int) -> int:
    if t.exiting:
        text = t.data
        if not t.is_error:
            d = umove(t, arg, PARAM.size)
            if not isinstance(d, str):
                text += f" => {{{_param_value(PARAM.unpack(d))}}}"
        t.out.append(text)
        return PRINTED
    d = umove(t, arg, PARAM.size)
    if isinstance(d, str):
        t.out.append(d)
        return PRINTED
    s = PARAM.unpack(d)
    name = printers.xval(s.param, printers.xlat("rtc_params"), "RTC_PARAM_???")
    if code == PARAM_SET:
        t.out.append(f"{{param={name}, {_param_value(s)}, index={s.index}}}")
        return PRINTED
    t.data = f"{{param={name}, index={s.index}}}"
    return LATER


def decode(t: Tracee, code: int, arg: int) -> int:
    if code in _NOARG:
        return PRINTED
    if code in _TIME_SET:
        t.out.append(_time(t, arg))
    elif code == WKALM_SET:
        t.out.append(_wkalrm(t, arg))
    elif code in (PARAM_GET, PARAM_SET):
        return _param(t, arg, code)
    elif code in (IRQP_SET, EPOCH_SET):
        t.out.append(str(arg))
    elif code in _TIME_GET or code in (WKALM_RD, IRQP_READ, EPOCH_READ, VL_READ):
        if not t.exiting:
            return LATER
        if code == WKALM_RD:
            t.out.append(_wkalrm(t, arg))
        elif code == VL_READ:
            d = umove(t, arg, 4)
            t.out.append(d if isinstance(d, str) else "[" + printers.flags(
                int.from_bytes(d, "little"), printers.xlat("rtc_vl_flags"), "RTC_VL_???") + "]")
        elif code in (IRQP_READ, EPOCH_READ):
            t.out.append(num_u64(t, arg))
        else:
            t.out.append(_time(t, arg))
    else:
        return DEFAULT
    return PRINTED
