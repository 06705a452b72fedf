"""struct audit_rule_data (AUDIT_ADD_RULE, AUDIT_DEL_RULE, AUDIT_LIST_RULES replies) and struct
audit_sig_info (AUDIT_SIGNAL_INFO replies), decoded deeper than strace 6.1 (which prints both
as hex). Text:

``{flags=AUDIT_FILTER_EXIT, action=AUDIT_ALWAYS, field_count=2, mask=[2, 257],
fields=[{field=AUDIT_ARCH, op=AUDIT_EQUAL, value=AUDIT_ARCH_X86_64}, {field=AUDIT_WATCH,
op=AUDIT_EQUAL, value="/etc/passwd"}], buflen=11, buf="/etc/passwd"}``

``mask`` lists the syscall numbers whose bit is set (``~[...]`` the clear ones when more than
half are set); string fields (AUDIT_WATCH, AUDIT_DIR, AUDIT_EXE, AUDIT_FILTERKEY, security
labels) take their value's length of bytes from ``buf`` in field order, as the kernel does.
"""

from __future__ import annotations

import struct

import construct as cs

from .. import printers
from ..printers import hexval, xlat, xval
from ..quote import quote
from .core import Ctx, unreadable

_MAX_FIELDS = 64  # AUDIT_MAX_FIELDS
_BITMASK_SIZE = 64  # AUDIT_BITMASK_SIZE (u32 words)

audit_rule_data_decl = cs.Struct(
    "flags" / cs.Int32ul, "action" / cs.Int32ul, "field_count" / cs.Int32ul,
    "mask" / cs.Array(_BITMASK_SIZE, cs.Int32ul), "fields" / cs.Array(_MAX_FIELDS, cs.Int32ul),
    "values" / cs.Array(_MAX_FIELDS, cs.Int32ul), "fieldflags" / cs.Array(_MAX_FIELDS, cs.Int32ul),
    "buflen" / cs.Int32ul,
)  # then char buf[buflen]
audit_sig_info_decl = cs.Struct("uid" / cs.Int32ul, "pid" / cs.Int32sl)  # then char ctx[]

# The fixed part lowered to one struct.Struct (construct's Array does not lower automatically).
_RULE = struct.Struct("<3I%dI%dI%dI%dII" % (_BITMASK_SIZE, _MAX_FIELDS, _MAX_FIELDS, _MAX_FIELDS))
_SIG = struct.Struct("<Ii")
assert _RULE.size == audit_rule_data_decl.sizeof() and _SIG.size == audit_sig_info_decl.sizeof()
RULE_SIZE = _RULE.size

_PREPEND = 0x10  # AUDIT_FILTER_PREPEND
_F = xlat("audit_rule_field")


def _field(name: str) -> int:
    v = _F.value_of(name)
    assert v is not None
    return v


_STRING_FIELDS = frozenset(_field(n) for n in (
    "AUDIT_SUBJ_USER", "AUDIT_SUBJ_ROLE", "AUDIT_SUBJ_TYPE", "AUDIT_SUBJ_SEN", "AUDIT_SUBJ_CLR",
    "AUDIT_OBJ_USER", "AUDIT_OBJ_ROLE", "AUDIT_OBJ_TYPE", "AUDIT_OBJ_LEV_LOW",
    "AUDIT_OBJ_LEV_HIGH", "AUDIT_WATCH", "AUDIT_DIR", "AUDIT_FILTERKEY", "AUDIT_EXE"))
_ARCH, _COMPARE, _EXIT = _field("AUDIT_ARCH"), _field("AUDIT_FIELD_COMPARE"), _field("AUDIT_EXIT")


def _filter(v: int) -> str:
    if printers.xlat_style == printers.STYLE_RAW:
        return hexval(v)
    text = xval(v & ~_PREPEND, xlat("audit_rule_filter"), "AUDIT_FILTER_???")
    return text + "|AUDIT_FILTER_PREPEND" if v & _PREPEND else text


def _set_bits(words: tuple[int, ...]) -> list[int]:
    return [w * 32 + b for w, word in enumerate(words) if word for b in range(32) if word >> b & 1]


def _bits(words: tuple[int, ...]) -> tuple[list[int], bool]:
    """The set bits of the mask, or the clear ones (True) when more than half are set."""
    bits = _set_bits(words)
    if len(bits) * 2 > 32 * len(words):
        on = set(bits)
        return [i for i in range(32 * len(words)) if i not in on], True
    return bits, False


def _list(ctx: Ctx, items: list[str]) -> str:
    """``[a, b]``, at most -s items unless -v (print_array's abbreviation)."""
    if ctx.abbrev and len(items) > ctx.limit:
        items = [*items[: ctx.limit], "..."]
    return "[" + ", ".join(items) + "]"


def _str(ctx: Ctx, data: bytes) -> str:
    if len(data) > ctx.limit:
        return quote(data[: ctx.limit], ctx.xflag) + "..."
    return quote(data, ctx.xflag)


def rule_text(ctx: Ctx, buf: bytes, off: int, length: int) -> str | None:
    """struct audit_rule_data; None (hex) when the payload is shorter than its fixed part."""
    if length < RULE_SIZE:
        return None
    if off + RULE_SIZE > len(buf):
        return unreadable(ctx, off)
    v = _RULE.unpack_from(buf, off)
    flags, action, count = v[0], v[1], v[2]
    mask = v[3 : 3 + _BITMASK_SIZE]
    base = 3 + _BITMASK_SIZE
    fields, values, fflags = (v[base + i * _MAX_FIELDS : base + (i + 1) * _MAX_FIELDS] for i in range(3))
    buflen = v[-1]
    strings = buf[off + RULE_SIZE : off + min(length, RULE_SIZE + buflen)]
    pos = 0
    items = []
    for i in range(min(count, _MAX_FIELDS)):
        fid, val = fields[i], values[i]
        if fid in _STRING_FIELDS and pos + val <= len(strings):
            shown = _str(ctx, strings[pos : pos + val])
            pos += val
        elif fid == _ARCH:
            shown = xval(val, xlat("audit_arch"), "AUDIT_ARCH_???")
        elif fid == _COMPARE:
            shown = xval(val, xlat("audit_field_compare"), "AUDIT_COMPARE_???")
        elif fid == _EXIT:
            shown = str(val - (1 << 32) if val & 0x80000000 else val)
        else:
            shown = str(val)
        items.append(f"{{field={xval(fid, _F, 'AUDIT_???')}, "
                     f"op={xval(fflags[i], xlat('audit_rule_op'), 'AUDIT_???')}, value={shown}}}")
    bits, inverted = _bits(mask)
    text = (f"{{flags={_filter(flags)}, action={xval(action, xlat('audit_rule_action'), 'AUDIT_???')}, "
            f"field_count={count}, mask={'~' if inverted else ''}{_list(ctx, [str(b) for b in bits])}, "
            f"fields={_list(ctx, items)}, buflen={buflen}")
    if buflen:
        want = min(buflen, length - RULE_SIZE)
        got = buf[off + RULE_SIZE : off + RULE_SIZE + want]
        text += ", buf=" + (_str(ctx, got) if len(got) == want else unreadable(ctx, off + RULE_SIZE))
    return text + "}"


def sig_info_text(ctx: Ctx, buf: bytes, off: int, length: int) -> str | None:
    """struct audit_sig_info: ``{uid=0, pid=1, ctx="..."}`` (ctx only when present)."""
    if length < _SIG.size:
        return None
    if off + _SIG.size > len(buf):
        return unreadable(ctx, off)
    uid, pid = _SIG.unpack_from(buf, off)
    text = f"{{uid={'-1' if uid == 0xFFFFFFFF else uid}, pid={pid}"
    if length > _SIG.size:
        data = buf[off + _SIG.size : off + length]
        if len(data) < length - _SIG.size:
            return text + ", ctx=" + unreadable(ctx, off + _SIG.size) + "}"
        text += ", ctx=" + _str(ctx, data.split(b"\0", 1)[0])  # the security context, NUL-ended
    return text + "}"


def rule_value(buf: bytes, off: int, length: int) -> dict | None:
    """struct audit_rule_data for JSON: fields as dicts, the mask as syscall numbers."""
    if length < RULE_SIZE or off + RULE_SIZE > len(buf):
        return None
    v = _RULE.unpack_from(buf, off)
    base = 3 + _BITMASK_SIZE
    fields, values, fflags = (v[base + i * _MAX_FIELDS : base + (i + 1) * _MAX_FIELDS] for i in range(3))
    n = min(v[2], _MAX_FIELDS)
    return {"struct": "audit_rule_data", "flags": v[0],
            "flags_name": xlat("audit_rule_filter").get(v[0] & ~_PREPEND),
            "prepend": bool(v[0] & _PREPEND), "action": v[1],
            "action_name": xlat("audit_rule_action").get(v[1]), "field_count": v[2],
            "mask_bits": _set_bits(v[3:base]),
            "fields": [{"field": fields[i], "field_name": _F.get(fields[i]), "op": fflags[i],
                        "op_name": xlat("audit_rule_op").get(fflags[i]), "value": values[i]}
                       for i in range(n)],
            "buflen": v[-1],
            "buf": buf[off + RULE_SIZE : off + min(length, RULE_SIZE + v[-1])].hex()}


def sig_info_value(buf: bytes, off: int, length: int) -> dict | None:
    if length < _SIG.size or off + _SIG.size > len(buf):
        return None
    uid, pid = _SIG.unpack_from(buf, off)
    ctx = buf[off + _SIG.size : off + length].split(b"\0", 1)[0]
    return {"struct": "audit_sig_info", "uid": uid, "pid": pid,
            "ctx": ctx.decode("utf-8", "surrogateescape")}
