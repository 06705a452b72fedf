"""quotactl, quotactl_fd as strace 6.1 prints them (src/quota.c): ``QCMD(Q_GETQUOTA, USRQUOTA)``
and the command's data, read on entry (set commands) or at exit (get commands)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .. import printers as P
from ..printers import addr, const, fd, flags, path, xlat, xval
from ._consts import named
from ._modes import abbrev
from ._umove import umove
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

IF_DQBLK = struct.Struct("<8QI")
IF_NEXTDQBLK = struct.Struct("<8QII")
IF_DQINFO = struct.Struct("<QQII")
# fs_disk_quota: version, flags, fieldmask, id, 6 limits/counts, itimer, btimer, iwarns, bwarns,
# 4 hi/pad bytes, rtb_hardlimit, rtb_softlimit, rtbcount, rtbtimer, rtbwarns, 2 + 8 padding
FS_DISK_QUOTA = struct.Struct("<bbHI6QiiHH4xQQQiH10x")
_U32 = struct.Struct("<I")

Q_SYNC, Q_QUOTAON, Q_QUOTAOFF, Q_GETFMT = named("quotacmds", "Q_SYNC Q_QUOTAON Q_QUOTAOFF Q_GETFMT")
Q_GETINFO, Q_SETINFO, Q_GETQUOTA, Q_SETQUOTA = named("quotacmds", "Q_GETINFO Q_SETINFO Q_GETQUOTA Q_SETQUOTA")
Q_GETNEXTQUOTA = const("Q_GETNEXTQUOTA")
Q_XQUOTAON, Q_XQUOTAOFF, Q_XGETQUOTA, Q_XSETQLIM = named(
    "quotacmds", "Q_XQUOTAON Q_XQUOTAOFF Q_XGETQUOTA Q_XSETQLIM")
Q_XGETQSTAT, Q_XQUOTARM, Q_XQUOTASYNC, Q_XGETQSTATV, Q_XGETNEXTQUOTA = named(
    "quotacmds", "Q_XGETQSTAT Q_XQUOTARM Q_XQUOTASYNC Q_XGETQSTATV Q_XGETNEXTQUOTA")
_NO_DATA = (Q_QUOTAOFF, Q_SYNC, Q_XQUOTASYNC)
_GET_ID = (Q_GETQUOTA, Q_GETNEXTQUOTA, Q_XGETQUOTA, Q_XGETNEXTQUOTA)
_GET_NO_ID = (Q_GETFMT, Q_GETINFO, Q_XGETQSTAT, Q_XGETQSTATV)


def qcmd(v: int) -> str:
    """``QCMD(Q_GETQUOTA, USRQUOTA)`` (print_qcmd)."""
    if P.xlat_style == P.STYLE_RAW:
        return str(v)
    saved, P.xlat_style = P.xlat_style, P.STYLE_ABBREV
    try:
        text = (f"QCMD({xval(v >> 8, xlat('quotacmds'), 'Q_???')}, "
                f"{xval(v & 0xFF, xlat('quotatypes'), '???QUOTA')})")
    finally:
        P.xlat_style = saved
    return f"{v} /* {text} */" if P.xlat_style == P.STYLE_VERBOSE else text


def _uid(v: int) -> str:
    return "-1" if v == 0xFFFFFFFF else str(v)


def _dqblk(t: Tracee, data: bytes) -> str:
    f = IF_DQBLK.unpack(data)
    names = ("dqb_bhardlimit", "dqb_bsoftlimit", "dqb_curspace", "dqb_ihardlimit",
             "dqb_isoftlimit", "dqb_curinodes")
    out = [f"{n}={v}" for n, v in zip(names, f[:6], strict=True)]
    if abbrev(t):
        out.append("...")
    else:
        out += [f"dqb_btime={f[6]}", f"dqb_itime={f[7]}",
                "dqb_valid=" + flags(f[8], xlat("if_dqblk_valid"), "QIF_???")]
    return "{" + ", ".join(out) + "}"


def _nextdqblk(t: Tracee, data: bytes) -> str:
    f = IF_NEXTDQBLK.unpack(data)
    names = ("dqb_bhardlimit", "dqb_bsoftlimit", "dqb_curspace", "dqb_ihardlimit",
             "dqb_isoftlimit", "dqb_curinodes")
    out = [f"{n}={v}" for n, v in zip(names, f[:6], strict=True)]
    if abbrev(t):
        out += [f"dqb_id={f[9]}", "..."]
    else:
        out += [f"dqb_btime={f[6]}", f"dqb_itime={f[7]}",
                "dqb_valid=" + flags(f[8], xlat("if_dqblk_valid"), "QIF_???"), f"dqb_id={f[9]}"]
    return "{" + ", ".join(out) + "}"


def _dqinfo(t: Tracee, data: bytes) -> str:
    bg, ig, fl, valid = IF_DQINFO.unpack(data)
    return (f"{{dqi_bgrace={bg}, dqi_igrace={ig}, "
            f"dqi_flags={flags(fl, xlat('if_dqinfo_flags'), 'DQF_???')}, "
            f"dqi_valid={flags(valid, xlat('if_dqinfo_valid'), 'IIF_???')}}}")


def _disk_quota(t: Tracee, data: bytes) -> str:
    (ver, fl, mask, did, bh, bs, ih, isoft, bc, ic, itimer, btimer, iw, bw,
     rh, rs, rc, rtimer, rw) = FS_DISK_QUOTA.unpack(data)
    out = [f"d_version={ver}", "d_flags=" + flags(fl & 0xFF, xlat("xfs_dqblk_flags"), "FS_???_QUOTA"),
           f"d_fieldmask={P.hexval(mask)}", f"d_id={did}", f"d_blk_hardlimit={bh}",
           f"d_blk_softlimit={bs}", f"d_ino_hardlimit={ih}", f"d_ino_softlimit={isoft}",
           f"d_bcount={bc}", f"d_icount={ic}"]
    if abbrev(t):
        out.append("...")
    else:
        out += [f"d_itimer={itimer}", f"d_btimer={btimer}", f"d_iwarns={iw}", f"d_bwarns={bw}",
                f"d_rtb_hardlimit={rh}", f"d_rtb_softlimit={rs}", f"d_rtbcount={rc}",
                f"d_rtbtimer={rtimer}", f"d_rtbwarns={rw}"]
    return "{" + ", ".join(out) + "}"


def _struct(t: Tracee, a: int, size: int, fmt: object) -> str:
    got = umove(t, a, size)
    return got if isinstance(got, str) else fmt(t, got)  # type: ignore[operator]


def _qstat(t: Tracee, a: int) -> str:
    """fs_quota_stat / fs_quota_statv: the version only without -v (the rest is not decoded)."""
    got = umove(t, a, 1)
    if isinstance(got, str):
        return got
    return f"{{qs_version={int.from_bytes(got, 'little', signed=True)}, ...}}"


def _data(t: Tracee, cmd: int, ident: int, a: int) -> bool | None:
    """The arguments after the command and its target (decode_cmd_data)."""
    if cmd in _NO_DATA:
        return None
    if not t.exiting:
        if cmd == Q_QUOTAON:
            t.out += [xval(ident, xlat("quota_formats"), "QFMT_VFS_???"), path(t, a)]
            return None
        if cmd in _GET_ID:
            t.out.append(_uid(ident))
            return True
        if cmd in _GET_NO_ID:
            return True
        if cmd == Q_SETQUOTA:
            t.out += [_uid(ident), _struct(t, a, IF_DQBLK.size, _dqblk)]
        elif cmd == Q_XSETQLIM:
            t.out += [_uid(ident), _struct(t, a, FS_DISK_QUOTA.size, _disk_quota)]
        elif cmd == Q_SETINFO:
            t.out.append(_struct(t, a, IF_DQINFO.size, _dqinfo))
        elif cmd in (Q_XQUOTAON, Q_XQUOTAOFF, Q_XQUOTARM):
            got = umove(t, a, 4)
            table = "xfs_dqblk_flags" if cmd == Q_XQUOTARM else "xfs_quota_flags"
            dflt = "FS_???_QUOTA" if cmd == Q_XQUOTARM else "FS_QUOTA_???"
            t.out.append(got if isinstance(got, str)
                         else "[" + flags(_U32.unpack(got)[0], xlat(table), dflt) + "]")
        else:
            t.out += [_uid(ident), addr(a)]
        return None
    if cmd == Q_GETQUOTA:
        t.out.append(_struct(t, a, IF_DQBLK.size, _dqblk))
    elif cmd == Q_GETNEXTQUOTA:
        t.out.append(_struct(t, a, IF_NEXTDQBLK.size, _nextdqblk))
    elif cmd in (Q_XGETQUOTA, Q_XGETNEXTQUOTA):
        t.out.append(_struct(t, a, FS_DISK_QUOTA.size, _disk_quota))
    elif cmd == Q_GETFMT:
        got = umove(t, a, 4)
        t.out.append(got if isinstance(got, str)
                     else "[" + xval(_U32.unpack(got)[0], xlat("quota_formats"), "QFMT_VFS_???") + "]")
    elif cmd == Q_GETINFO:
        t.out.append(_struct(t, a, IF_DQINFO.size, _dqinfo))
    else:
        t.out.append(_qstat(t, a))
    return None


@syscall("quotactl")
def quotactl(t: Tracee) -> bool | None:
    q = t.iarg(0)
    if not t.exiting:
        t.out += [qcmd(q), path(t, t.args[1])]
    return _data(t, q >> 8, t.iarg(2), t.args[3])


@syscall("quotactl_fd")
def quotactl_fd(t: Tracee) -> bool | None:
    q = t.iarg(1)
    if not t.exiting:
        t.out += [fd(t, t.args[0]), qcmd(q)]
    return _data(t, q >> 8, t.iarg(2), t.args[3])
