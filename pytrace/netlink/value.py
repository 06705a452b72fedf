"""Netlink buffers as nested typed objects for the JSON writer, from the spec tables:
``netlink_value(data, protocol)``. Every message and attribute keeps its raw bytes (hex)
beside the decoded value; nothing raises on hostile bytes."""

from __future__ import annotations

import struct
from collections.abc import Callable

from . import generic, spec

_HDR = struct.Struct("<IHHII")
_SIZES = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "s8": 1, "s16": 2, "s32": 4, "s64": 8}
_OPS: dict[int, dict[int, tuple[str, str | None, int]]] = {}
# protocol -> fn(type, data, payload offset, payload length) -> fields to add or replace
PROTOCOL_HOOKS: dict[int, Callable[[int, bytes, int, int], dict]] = {}


def _struct_size(mod: object, name: str | None) -> int:
    if not name:
        return 0
    members = getattr(mod, "STRUCTS", {}).get(name, ())
    return sum(_SIZES.get(t, n) for _m, t, n in members)


def _ops(protocol: int) -> dict[int, tuple[str, str | None, int]]:
    """nlmsg_type -> (spec family, attribute set, fixed header size) of a raw protocol."""
    table = _OPS.get(protocol)
    if table is None:
        from syscall_tables.generated.netlink_specs import FAMILIES

        table = _OPS[protocol] = {}
        for fam, (_mod, _kind, num) in sorted(FAMILIES.items()):
            if num != protocol:
                continue
            mod = spec.module(fam)
            for value, aset, hdr in (mod.OPS.values() if mod else ()):
                if isinstance(value, int) and aset and value not in table:
                    table[value] = (fam, aset, _struct_size(mod, hdr))
    return table


def _genl(t: int) -> tuple[str, str | None, int] | None:
    name = generic._FAMILIES.get(t) or ("nlctrl" if t == generic.GENL_ID_CTRL else None)
    mod = spec.module(name) if name else None
    if mod is None:
        return None
    asets = [a for _v, a, _h in mod.OPS.values() if a]
    return (name, asets[0] if asets else None, 4 + _struct_size(mod, None)) if asets else None


def netlink_value(data: bytes, protocol: int) -> dict:
    """``{"protocol", "raw", "messages": [{len, type, flags, seq, pid, raw, family?, attrs?}]}``."""
    out: list[dict] = []
    off = 0
    while off + 16 <= len(data) and len(out) < 4096:
        ln, t, f, seq, pid = _HDR.unpack_from(data, off)
        end = min(off + ln, len(data)) if ln >= 16 else len(data)
        msg: dict = {"len": ln, "type": t, "flags": f, "seq": seq, "pid": pid,
                     "raw": data[off + 16 : end].hex()}
        if t == 2 and end - off >= 20:
            msg["error"] = struct.unpack_from("<i", data, off + 16)[0]
        elif t >= 16:
            where = _genl(t) if protocol == 16 else _ops(protocol).get(t)
            if protocol == 16 and end - off >= 20:
                msg["cmd"] = data[off + 16]
            if where is not None and where[1]:
                fam, aset, hdr = where
                msg["family"] = fam
                msg["attrs"] = spec.spec_value(fam, aset, data, off + 16 + hdr,
                                               end - off - 16 - hdr)
            hook = PROTOCOL_HOOKS.get(protocol)
            if hook is not None:
                msg.update(hook(t, data, off + 16, end - off - 16))
        out.append(msg)
        if ln < 16:
            break
        off += (ln + 3) & ~3
    return {"protocol": protocol, "raw": data.hex(), "messages": out}
