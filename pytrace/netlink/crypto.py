"""NETLINK_CRYPTO payloads as strace 6.1 prints them (its netlink_crypto.c): struct
crypto_user_alg for CRYPTO_MSG_NEWALG/DELALG/UPDATEALG/GETALG, then the CRYPTOCFGA_*
attributes (priority, crypto_report_* structures); other types as hex."""

from __future__ import annotations

import struct

from ..printers import xlat
from ..quote import quote
from . import message, value
from .core import Ctx, NlaDecoder, aligned, nla_strn, nla_u32, nlattrs, unreadable

CRYPTO_MAX_NAME = 64
# struct crypto_user_alg: three names, then cru_type, cru_mask, cru_refcnt, cru_flags
ALG = struct.Struct("<64s64s64sIIII")
_TYPES = xlat("nl_crypto_types")
_ALG_TYPES = frozenset(_TYPES.value_of(n) for n in (
    "CRYPTO_MSG_NEWALG", "CRYPTO_MSG_DELALG", "CRYPTO_MSG_UPDATEALG", "CRYPTO_MSG_GETALG"))


def cstring_field(data: bytes, xflag: int = 0) -> str:
    """PRINT_FIELD_CSTRING of a char array: up to the NUL, or all but the last byte and
    ``...`` when there is none (not cut at -s)."""
    end = data.find(b"\0")
    if end < 0:
        return quote(data[:-1], xflag) + "..."
    return quote(data[:end], xflag)


def _report(fields: tuple[tuple[str, str], ...]) -> NlaDecoder:
    """A struct crypto_report_*: char arrays (``64s``) and u32 counts, in order."""
    fmt = "<" + "".join(f for _n, f in fields)
    st = struct.Struct(fmt)

    def dec(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
        if length < st.size:
            return nla_strn(ctx, buf, off, length)
        if off + st.size > len(buf):
            return unreadable(ctx, off)
        vals = st.unpack_from(buf, off)
        out = []
        for (name, f), v in zip(fields, vals, strict=True):
            out.append(f"{name}=" + (cstring_field(v, ctx.xflag) if f == "64s" else str(v)))
        return "{" + ", ".join(out) + "}"

    return dec


def _generic(ctx: Ctx, buf: bytes, off: int, length: int, opaque: object = None) -> str:
    """``{type="..."}``: printstr_ex(QUOTE_0_TERMINATED), cut at -s."""
    n = min(length, ctx.limit)
    data = buf[off : off + n]
    if len(data) < n:
        return "{type=" + unreadable(ctx, off) + "}"
    end = data.find(b"\0")
    text = quote(data, ctx.xflag) + "..." if end < 0 else quote(data[:end], ctx.xflag)
    return "{type=" + text + "}"


_S, _U = "64s", "I"
_ATTRS: dict[str, NlaDecoder] = {
    "CRYPTOCFGA_PRIORITY_VAL": nla_u32,
    "CRYPTOCFGA_REPORT_LARVAL": _generic,
    "CRYPTOCFGA_REPORT_HASH": _report((("type", _S), ("blocksize", _U), ("digestsize", _U))),
    "CRYPTOCFGA_REPORT_BLKCIPHER": _report((("type", _S), ("geniv", _S), ("blocksize", _U),
                                            ("min_keysize", _U), ("max_keysize", _U),
                                            ("ivsize", _U))),
    "CRYPTOCFGA_REPORT_AEAD": _report((("type", _S), ("geniv", _S), ("blocksize", _U),
                                       ("maxauthsize", _U), ("ivsize", _U))),
    "CRYPTOCFGA_REPORT_COMPRESS": _generic,
    "CRYPTOCFGA_REPORT_RNG": _report((("type", _S), ("seedsize", _U))),
    "CRYPTOCFGA_REPORT_CIPHER": _report((("type", _S), ("blocksize", _U), ("min_keysize", _U),
                                         ("max_keysize", _U))),
    "CRYPTOCFGA_REPORT_AKCIPHER": _generic,
    "CRYPTOCFGA_REPORT_KPP": _generic,
    "CRYPTOCFGA_REPORT_ACOMP": _generic,
}
_NAMES = xlat("crypto_nl_attrs")
_TABLE = {_NAMES.value_of(k): v for k, v in _ATTRS.items() if _NAMES.value_of(k) is not None}


def crypto_user_alg(ctx: Ctx, buf: bytes, off: int, length: int) -> str:
    if length < ALG.size:
        return nla_strn(ctx, buf, off, length)
    if off + ALG.size > len(buf):
        return unreadable(ctx, off)
    name, driver, module, typ, mask, refcnt, fl = ALG.unpack_from(buf, off)
    x = ctx.xflag
    text = ("{cru_name=%s, cru_driver_name=%s, cru_module_name=%s, cru_type=%s, cru_mask=%s, "
            "cru_refcnt=%u, cru_flags=%s}") % (
        cstring_field(name, x), cstring_field(driver, x), cstring_field(module, x),
        _hex(typ), _hex(mask), refcnt, _hex(fl))
    rest = aligned(ALG.size)
    if length > rest:
        text += ", " + nlattrs(ctx, buf, off + rest, length - rest, _NAMES, "CRYPTOCFGA_???",
                               _TABLE)
    return text


def _hex(v: int) -> str:
    return "%#x" % v if v else "0"


def crypto(ctx: Ctx, t: int, f: int, buf: bytes, off: int, length: int) -> str | None:
    if t in _ALG_TYPES:
        return crypto_user_alg(ctx, buf, off, length)
    return None


message.PAYLOADS[message.NETLINK_CRYPTO] = crypto


def json_header(t: int, buf: bytes, off: int, length: int) -> dict | None:
    if t not in _ALG_TYPES or length < ALG.size or off + ALG.size > len(buf):
        return None
    vals = ALG.unpack_from(buf, off)
    out: dict = {"struct": "crypto_user_alg"}
    for name, v in zip(("cru_name", "cru_driver_name", "cru_module_name", "cru_type",
                        "cru_mask", "cru_refcnt", "cru_flags"), vals, strict=True):
        out[name] = v.split(b"\0", 1)[0].decode("utf-8", "surrogateescape") \
            if isinstance(v, bytes) else v
    return out


value.HEADERS[message.NETLINK_CRYPTO] = json_header
