"""NETLINK_AUDIT payloads. strace 6.1 names the message types and prints every payload as hex;
pytrace goes deeper (``PYTRACE_NETLINK=strace`` keeps the hex): struct audit_status for
AUDIT_GET replies and AUDIT_SET, struct audit_features, struct audit_tty_status, struct
audit_rule_data (AUDIT_ADD_RULE, AUDIT_DEL_RULE, AUDIT_LIST_RULES replies), struct
audit_sig_info (AUDIT_SIGNAL_INFO replies), and the text records (user messages, kernel
records) as strings."""

from __future__ import annotations

import struct

from ..printers import flags, xlat, xval
from ..quote import quote
from . import audit_rule, message, spec, value
from .core import Ctx, unreadable

_T = xlat("nl_audit_types")


def _v(name: str) -> int:
    v = _T.value_of(name)
    return -1 if v is None else v


AUDIT_GET, AUDIT_SET = _v("AUDIT_GET"), _v("AUDIT_SET")
AUDIT_USER, AUDIT_LOGIN = _v("AUDIT_USER"), _v("AUDIT_LOGIN")
AUDIT_TTY_GET, AUDIT_TTY_SET = _v("AUDIT_TTY_GET"), _v("AUDIT_TTY_SET")
AUDIT_SET_FEATURE, AUDIT_GET_FEATURE = _v("AUDIT_SET_FEATURE"), _v("AUDIT_GET_FEATURE")
FIRST_TEXT, LAST_TEXT = _v("AUDIT_FIRST_USER_MSG"), _v("AUDIT_LAST_USER_MSG2")
AUDIT_SIGNAL_INFO = _v("AUDIT_SIGNAL_INFO")
RULE_TYPES = (_v("AUDIT_ADD_RULE"), _v("AUDIT_DEL_RULE"), _v("AUDIT_LIST_RULES"))

# struct audit_status: (field, printer) in order; the kernel's reply may be shorter (older
# kernels) or the request (AUDIT_SET) shorter: fields print while the length holds them.
_STATUS = (
    ("mask", lambda v: flags(v, xlat("audit_status_mask"), "AUDIT_STATUS_???")),
    ("enabled", str),
    ("failure", lambda v: xval(v, xlat("audit_failure"), "AUDIT_FAIL_???")),
    ("pid", str),
    ("rate_limit", str),
    ("backlog_limit", str),
    ("lost", str),
    ("backlog", str),
    ("feature_bitmap", lambda v: flags(v, xlat("audit_feature_bitmap"), "AUDIT_FEATURE_BITMAP_???")),
    ("backlog_wait_time", str),
    ("backlog_wait_time_actual", str),
)


def _hex(v: int) -> str:
    return "%#x" % v if v else "0"


_FEATURES = (("vers", str), ("mask", _hex), ("features", _hex), ("lock", _hex))
_TTY = (("enabled", str), ("log_passwd", str))


def _fields(ctx: Ctx, buf: bytes, off: int, length: int, layout: tuple, least: int) -> str | None:
    """A struct of u32 fields; None (hex) when shorter than ``least`` bytes."""
    if length < least:
        return None
    n = min(length // 4, len(layout))
    if off + 4 * n > len(buf):
        return unreadable(ctx, off)
    vals = struct.unpack_from("<%dI" % n, buf, off)
    return "{" + ", ".join([f"{name}={fmt(v)}"
                            for (name, fmt), v in zip(layout, vals, strict=False)]) + "}"


def _text(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    """A text record: the string without its trailing NUL, cut at -s with ``...``."""
    n = min(length, ctx.limit)
    data = buf[off : off + n]
    if len(data) < n:
        return unreadable(ctx, off)
    if length <= ctx.limit and data.endswith(b"\0"):
        return quote(data[:-1], ctx.xflag)
    return quote(data, ctx.xflag) + ("..." if length > ctx.limit else "")


def audit(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if spec.STRICT or length <= 0:
        return None
    if t in RULE_TYPES:
        return audit_rule.rule_text(ctx, buf, off, length)
    if t == AUDIT_SIGNAL_INFO:
        return audit_rule.sig_info_text(ctx, buf, off, length)
    if t in (AUDIT_GET, AUDIT_SET):
        return _fields(ctx, buf, off, length, _STATUS, 32)
    if t in (AUDIT_GET_FEATURE, AUDIT_SET_FEATURE):
        return _fields(ctx, buf, off, length, _FEATURES, 16)
    if t in (AUDIT_TTY_GET, AUDIT_TTY_SET):
        return _fields(ctx, buf, off, length, _TTY, 8)
    if t in (AUDIT_USER, AUDIT_LOGIN) or FIRST_TEXT <= t <= LAST_TEXT:
        return _text(ctx, buf, off, length)
    return None


message.PAYLOADS[message.NETLINK_AUDIT] = audit


def json_header(t: int, buf: bytes, off: int, length: int) -> dict | None:
    """The fixed structure of a control message, or the text of a record, for JSON."""
    for types, name, layout, least in (((AUDIT_GET, AUDIT_SET), "audit_status", _STATUS, 32),
                                       ((AUDIT_GET_FEATURE, AUDIT_SET_FEATURE),
                                        "audit_features", _FEATURES, 16),
                                       ((AUDIT_TTY_GET, AUDIT_TTY_SET), "audit_tty_status",
                                        _TTY, 8)):
        if t in types:
            n = min(length // 4, len(layout), max(0, (len(buf) - off) // 4))
            if length < least or n * 4 < least:
                return None
            vals = struct.unpack_from("<%dI" % n, buf, off)
            return {"struct": name, **{f: v for (f, _fmt), v in zip(layout, vals, strict=False)}}
    if t in RULE_TYPES:
        return audit_rule.rule_value(buf, off, length)
    if t == AUDIT_SIGNAL_INFO:
        return audit_rule.sig_info_value(buf, off, length)
    if t in (AUDIT_USER, AUDIT_LOGIN) or FIRST_TEXT <= t <= LAST_TEXT:
        text = buf[off : off + max(0, length)].split(b"\0", 1)[0]
        return {"struct": "text", "text": text.decode("utf-8", "surrogateescape")}
    return None


value.HEADERS[message.NETLINK_AUDIT] = json_header
