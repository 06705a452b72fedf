"""Block device and loop device ioctls (strace's src/block.c, src/loop.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from .._modes import abbrev
from ._util import (
    DEFAULT,
    LATER,
    PRINTED,
    cfield,
    makedev,
    num_int,
    num_u64,
    num_uint,
    req,
    reqs,
    umove,
)

if TYPE_CHECKING:
    from ...tracee import Tracee


# Request numbers from the generated table (<linux/fs.h>, <linux/blkzoned.h>, <linux/blkpg.h>).
BLKROSET, BLKROGET, BLKRRPART, BLKGETSIZE = reqs("BLKROSET BLKROGET BLKRRPART BLKGETSIZE")
BLKFLSBUF, BLKRASET, BLKRAGET, BLKFRASET, BLKFRAGET = reqs("BLKFLSBUF BLKRASET BLKRAGET BLKFRASET BLKFRAGET")
BLKSECTGET, BLKSSZGET, BLKBSZGET, BLKBSZSET = reqs("BLKSECTGET BLKSSZGET BLKBSZGET BLKBSZSET")
BLKGETSIZE64, BLKTRACESTART, BLKTRACESTOP = reqs("BLKGETSIZE64 BLKTRACESTART BLKTRACESTOP")
BLKTRACETEARDOWN, BLKDISCARD, BLKSECDISCARD, BLKZEROOUT = reqs(
    "BLKTRACETEARDOWN BLKDISCARD BLKSECDISCARD BLKZEROOUT")
BLKIOMIN, BLKIOOPT, BLKALIGNOFF, BLKPBSZGET = reqs("BLKIOMIN BLKIOOPT BLKALIGNOFF BLKPBSZGET")
BLKDISCARDZEROES, BLKROTATIONAL = reqs("BLKDISCARDZEROES BLKROTATIONAL")
BLKGETZONESZ, BLKGETNRZONES = reqs("BLKGETZONESZ BLKGETNRZONES")
BLKPG = req("BLKPG")
BlkpgIoctlArg = cs.Struct("op" / cs.Int32sl, "flags" / cs.Int32sl, "datalen" / cs.Int32sl, cs.Padding(4),
                          "data" / cs.Int64ul)
BlkpgPartition = cs.Struct("start" / cs.Int64sl, "length" / cs.Int64sl, "pno" / cs.Int32sl,
                           cs.Padding(128), cs.Padding(4))
BLKPG_ARG, BLKPG_PART = Lowered(BlkpgIoctlArg), Lowered(BlkpgPartition)
_U16 = struct.Struct("<H")
_PAIR = struct.Struct("<QQ")


def _short(t: Tracee, a: int) -> str:
    d = umove(t, a, 2)
    return d if isinstance(d, str) else "[%u]" % _U16.unpack(d)[0]


def _slong(t: Tracee, a: int) -> str:
    d = umove(t, a, 8)
    return d if isinstance(d, str) else "[%d]" % int.from_bytes(d, "little", signed=True)


def _pair(t: Tracee, a: int) -> str:
    d = umove(t, a, 16)
    return d if isinstance(d, str) else "[%u, %u]" % _PAIR.unpack(d)


_GETTERS = {
    BLKSECTGET: _short, BLKROTATIONAL: _short,
    BLKROGET: num_int, BLKBSZGET: num_int, BLKSSZGET: num_int, BLKALIGNOFF: num_int,
    BLKPBSZGET: num_uint, BLKIOMIN: num_uint, BLKIOOPT: num_uint, BLKDISCARDZEROES: num_uint,
    BLKGETZONESZ: num_uint, BLKGETNRZONES: num_uint,
    BLKRAGET: _slong, BLKFRAGET: _slong, BLKGETSIZE: num_u64, BLKGETSIZE64: num_u64,
}


def _blkpg(t: Tracee, arg: int) -> str:
    d = umove(t, arg, BLKPG_ARG.size)
    if isinstance(d, str):
        return d
    a = BLKPG_ARG.unpack(d)
    op = printers.xval(a.op & 0xFFFFFFFF, printers.xlat("blkpg_ops"), "BLKPG_???")
    p = umove(t, a.data, BLKPG_PART.size)
    if not isinstance(p, str):
        s = BLKPG_PART.unpack(p)
        p = (f"{{start={s.start}, length={s.length}, pno={s.pno}, devname={cfield(t, p[20:84])}, "
             f"volname={cfield(t, p[84:148])}}}")
    return f"{{op={op}, flags={a.flags}, datalen={a.datalen}, data={p}}}"


def decode(t: Tracee, code: int, arg: int) -> int:
    if code == BLKPG:
        t.out.append(_blkpg(t, arg))
        return PRINTED
    if code in (BLKRASET, BLKFRASET):
        t.out.append(str(arg))
    elif code in _GETTERS:
        if not t.exiting:
            return LATER
        t.out.append(_GETTERS[code](t, arg))
    elif code in (BLKROSET, BLKBSZSET):
        t.out.append(num_int(t, arg))
    elif code in (BLKDISCARD, BLKSECDISCARD, BLKZEROOUT):
        t.out.append(_pair(t, arg))
    elif code in (BLKRRPART, BLKFLSBUF, BLKTRACESTART, BLKTRACESTOP, BLKTRACETEARDOWN):
        pass
    else:
        return DEFAULT
    return PRINTED


# --- loop devices (<linux/loop.h>) ---------------------------------------------------------
LOOP_SET_FD, LOOP_CLR_FD, LOOP_SET_STATUS, LOOP_GET_STATUS = reqs(
    "LOOP_SET_FD LOOP_CLR_FD LOOP_SET_STATUS LOOP_GET_STATUS")
LOOP_SET_STATUS64, LOOP_GET_STATUS64, LOOP_CHANGE_FD, LOOP_SET_CAPACITY = reqs(
    "LOOP_SET_STATUS64 LOOP_GET_STATUS64 LOOP_CHANGE_FD LOOP_SET_CAPACITY")
LOOP_SET_DIRECT_IO, LOOP_SET_BLOCK_SIZE, LOOP_CONFIGURE = reqs(
    "LOOP_SET_DIRECT_IO LOOP_SET_BLOCK_SIZE LOOP_CONFIGURE")
LOOP_CTL_ADD, LOOP_CTL_REMOVE, LOOP_CTL_GET_FREE = reqs("LOOP_CTL_ADD LOOP_CTL_REMOVE LOOP_CTL_GET_FREE")

LO_NAME_SIZE, LO_KEY_SIZE = printers.const("LO_NAME_SIZE"), printers.const("LO_KEY_SIZE")
LoopInfo64 = cs.Struct(
    "lo_device" / cs.Int64ul, "lo_inode" / cs.Int64ul, "lo_rdevice" / cs.Int64ul,
    "lo_offset" / cs.Int64ul, "lo_sizelimit" / cs.Int64ul, "lo_number" / cs.Int32ul,
    "lo_encrypt_type" / cs.Int32ul, "lo_encrypt_key_size" / cs.Int32ul, "lo_flags" / cs.Int32ul,
    cs.Padding(LO_NAME_SIZE * 2 + LO_KEY_SIZE + 16),
)
LOOP_INFO64 = Lowered(LoopInfo64)
_LO_INIT = struct.Struct("<QQ")
LoopConfig = cs.Struct("fd" / cs.Int32ul, "block_size" / cs.Int32ul, "info" / LoopInfo64,
                       cs.Padding(8 * 8))
_LOOP_CONFIG_HEAD = struct.Struct("<II")
LoopInfo = cs.Struct(
    "lo_number" / cs.Int32sl, cs.Padding(4), "lo_device" / cs.Int64ul, "lo_inode" / cs.Int64ul,
    "lo_rdevice" / cs.Int64ul, "lo_offset" / cs.Int32ul, "lo_encrypt_type" / cs.Int32ul,
    "lo_encrypt_key_size" / cs.Int32ul, "lo_flags" / cs.Int32ul, cs.Padding(LO_NAME_SIZE + LO_KEY_SIZE),
    "lo_init0" / cs.Int64ul, "lo_init1" / cs.Int64ul, cs.Padding(8),
)
LOOP_INFO = Lowered(LoopInfo)
_OLD_NAME_OFF, _OLD_KEY_OFF, _OLD_RESERVED_OFF = 48, 112, 160
_NAME_OFF = 56


def _cstring_field(data: bytes, off: int, size: int, t: Tracee) -> str:
    raw = data[off:off + size]
    nul = raw.find(b"\0")
    from ...quote import quote

    if nul < 0:
        return quote(raw, t.cfg.xflag) + "..."
    return quote(raw[:nul], t.cfg.xflag)


def _info64_text(t: Tracee, d: bytes, off: int = 0) -> str:
    """struct loop_info64 at ``off`` of ``d``, as strace's decode_loop_info64."""
    s = LOOP_INFO64.unpack(d, off)
    x = printers.xlat
    flags = printers.flags(s.lo_flags, x("loop_flags_options"), "LO_FLAGS_???")
    name = _cstring_field(d, off + _NAME_OFF, LO_NAME_SIZE, t)
    if abbrev(t):
        return (f"{{lo_offset={printers.hexval(s.lo_offset)}, lo_number={s.lo_number}, lo_flags={flags}, "
                f"lo_file_name={name}, ...}}")
    from ...quote import quote

    enc = printers.xval(s.lo_encrypt_type, x("loop_crypt_type_options"), "LO_CRYPT_???")
    key_off = off + _NAME_OFF + 2 * LO_NAME_SIZE
    key = quote(d[key_off:key_off + min(s.lo_encrypt_key_size, LO_KEY_SIZE)], t.cfg.xflag)
    init = _LO_INIT.unpack_from(d, key_off + LO_KEY_SIZE)
    return (f"{{lo_device={makedev(s.lo_device)}, lo_inode={s.lo_inode}, "
            f"lo_rdevice={makedev(s.lo_rdevice)}, lo_offset={printers.hexval(s.lo_offset)}, "
            f"lo_sizelimit={s.lo_sizelimit}, lo_number={s.lo_number}, lo_encrypt_type={enc}, "
            f"lo_encrypt_key_size={s.lo_encrypt_key_size}, lo_flags={flags}, lo_file_name={name}, "
            f"lo_crypt_name={_cstring_field(d, off + _NAME_OFF + LO_NAME_SIZE, LO_NAME_SIZE, t)}, "
            f"lo_encrypt_key={key}, lo_init=[{printers.hexval(init[0])}, {printers.hexval(init[1])}]}}")


def _info64(t: Tracee, a: int) -> str:
    d = umove(t, a, LoopInfo64.sizeof())
    return d if isinstance(d, str) else _info64_text(t, d)


def _config(t: Tracee, a: int) -> str:
    """struct loop_config (LOOP_CONFIGURE): ``{fd=5, block_size=4096, info={...}}``."""
    d = umove(t, a, LoopConfig.sizeof())
    if isinstance(d, str):
        return d
    fd, block_size = _LOOP_CONFIG_HEAD.unpack_from(d)
    return (f"{{fd={printers.fd(t, fd)}, block_size={block_size}, "
            f"info={_info64_text(t, d, _LOOP_CONFIG_HEAD.size)}}}")


def _info(t: Tracee, a: int) -> str:
    """struct loop_info (LOOP_SET_STATUS / LOOP_GET_STATUS), as strace's decode_loop_info."""
    d = umove(t, a, LOOP_INFO.size)
    if isinstance(d, str):
        return d
    from ...quote import quote

    s = LOOP_INFO.unpack(d)
    x = printers.xlat
    enc = printers.xval(s.lo_encrypt_type, x("loop_crypt_type_options"), "LO_CRYPT_???")
    flags = printers.flags(s.lo_flags, x("loop_flags_options"), "LO_FLAGS_???")
    name = cfield(t, d[_OLD_NAME_OFF:_OLD_NAME_OFF + LO_NAME_SIZE])
    klen = min(s.lo_encrypt_key_size, LO_KEY_SIZE)
    key = quote(d[_OLD_KEY_OFF:_OLD_KEY_OFF + klen], t.cfg.xflag)
    dev = (f", lo_device={makedev(s.lo_device)}, lo_inode={s.lo_inode}, "
           f"lo_rdevice={makedev(s.lo_rdevice)}") if not abbrev(t) else ""
    text = (f"{{lo_number={s.lo_number}{dev}, lo_offset={printers.hexval(s.lo_offset)}, "
            f"lo_encrypt_type={enc}, lo_encrypt_key_size={s.lo_encrypt_key_size}, lo_flags={flags}, "
            f"lo_name={name}, lo_encrypt_key={key}, ")
    if abbrev(t):
        return text + "...}"
    res = ", ".join(printers.hexval(b) for b in d[_OLD_RESERVED_OFF:_OLD_RESERVED_OFF + 4])
    return (text + f"lo_init=[{printers.hexval(s.lo_init0)}, {printers.hexval(s.lo_init1)}], "
            f"reserved=[{res}]}}")


def loop(t: Tracee, code: int, arg: int) -> int:
    if code == LOOP_GET_STATUS:
        if not t.exiting:
            return LATER
        t.out.append(_info(t, arg))
        return PRINTED
    if code == LOOP_SET_STATUS:
        t.out.append(_info(t, arg))
        return PRINTED
    if code == LOOP_GET_STATUS64:
        if not t.exiting:
            return LATER
        t.out.append(_info64(t, arg))
    elif code == LOOP_SET_STATUS64:
        t.out.append(_info64(t, arg))
    elif code == LOOP_CONFIGURE:
        t.out.append(_config(t, arg))
    elif code in (LOOP_SET_FD, LOOP_CHANGE_FD):
        t.out.append(printers.fd(t, arg))
    elif code in (LOOP_CLR_FD, LOOP_SET_CAPACITY, LOOP_CTL_GET_FREE):
        pass
    elif code in (LOOP_CTL_ADD, LOOP_CTL_REMOVE):
        t.out.append(str(t.sarg(2)))
    elif code in (LOOP_SET_DIRECT_IO, LOOP_SET_BLOCK_SIZE):
        t.out.append(str(arg))
    else:
        return DEFAULT
    return PRINTED
