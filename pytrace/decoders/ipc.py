"""System V IPC (shm*, sem*, msg*) and POSIX message queues (mq_*), as strace's ipc*.c and mq.c."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, NamedTuple

from .. import printers
from ..printers import addr, buf, const, fd, flags, path, xlat, xval
from ..printers import pid as printpid
from ..structs import ipc as L
from ._consts import named
from ._proc_print import array, num_int, octal3, open_flags, sigevent, timespec
from ._umove import fetch
from .registry import RVAL_FD, RVAL_HEX, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

IPC_64 = const("IPC_64")
IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO = named("shmctl_flags", "IPC_RMID IPC_SET IPC_STAT IPC_INFO")
SHM_STAT, SHM_INFO, SHM_STAT_ANY = named("shmctl_flags", "SHM_STAT SHM_INFO SHM_STAT_ANY")
SEM_STAT, SEM_INFO, SEM_STAT_ANY = named("semctl_flags", "SEM_STAT SEM_INFO SEM_STAT_ANY")
MSG_STAT, MSG_INFO, MSG_STAT_ANY = named("msgctl_flags", "MSG_STAT MSG_INFO MSG_STAT_ANY")
(O_CREAT,) = named("open_mode_flags", "O_CREAT")
_LONG = struct.Struct("<q")


class _Layouts(NamedTuple):
    """The *ctl structures of one personality."""

    shmid_ds: L.Lowered
    semid_ds: L.Lowered
    msqid_ds: L.Lowered
    shminfo: L.Lowered
    shm_info: L.Lowered


_LAYOUTS64 = _Layouts(L.shmid_ds, L.semid_ds, L.msqid_ds, L.shminfo, L.shm_info)
_layouts32: _Layouts | None = None


def _lay(t: Tracee) -> _Layouts:
    """x86_64's layouts, or the compat ones an i386 call passes (32-bit ipc64_perm mode,
    longs and times), whatever IPC_64 says, as strace 6.1 reads them."""
    global _layouts32
    if t.arch != "i386":
        return _LAYOUTS64
    if _layouts32 is None:
        from ..structs import compat32 as C

        _layouts32 = _Layouts(C.SHMID64_DS32_FAST, C.SEMID64_DS32_FAST, C.MSQID64_DS32_FAST,
                              C.SHMINFO64_32_FAST, C.SHM_INFO32_FAST)
    return _layouts32


def _key(v: int) -> str:
    v &= 0xFFFFFFFF
    if v:
        return "%#x" % v
    style = printers.xlat_style  # IPC_PRIVATE is printed as a named constant (-X)
    if style == printers.STYLE_RAW:
        return "0"
    return "0 /* IPC_PRIVATE */" if style == printers.STYLE_VERBOSE else "IPC_PRIVATE"


def _get_flags(v: int, table: str) -> str:
    """``IPC_CREAT|0600``: flags, then the permission bits as ``%#03o``."""
    v &= 0xFFFFFFFF
    rest = v & ~0o777
    text = flags(rest, xlat(table)) if rest else ""
    return (text + "|" if text else "") + octal3(v & 0o777)


def _cmd(v: int, table: str, dflt: str) -> tuple[int, str]:
    v &= 0xFFFFFFFF
    pre = ""
    if v & IPC_64:
        v &= ~IPC_64
        style = printers.xlat_style  # IPC_64 is a named flag (-X raw/verbose)
        pre = "0x100|" if style == printers.STYLE_RAW else (
            "0x100 /* IPC_64 */|" if style == printers.STYLE_VERBOSE else "IPC_64|")
    return v, pre + xval(v, xlat(table), dflt)


def _perm(s: object, full: bool) -> str:
    f = [f"uid={s.perm_uid}", f"gid={s.perm_gid}", "mode=" + octal3(s.perm_mode)]  # type: ignore[attr-defined]
    if full:
        f += [f"key={s.perm_key}", f"cuid={s.perm_cuid}", f"cgid={s.perm_cgid}"]  # type: ignore[attr-defined]
    return "{" + ", ".join(f) + "}"


def _ds(t: Tracee, a: int, layout: L.Lowered, fmt: object) -> str:
    if not a:
        return "NULL"
    data = fetch(t, a, layout.size)
    if data is None:
        return addr(a)
    return fmt(layout.unpack(data))  # type: ignore[operator]


def _fields(s: object, names: tuple[str, ...]) -> str:
    return ", ".join(f"{n}={getattr(s, n)}" for n in names)


# --- shm ------------------------------------------------------------------------------------

@syscall("shmget")
def shmget(t: Tracee) -> None:
    t.out += [_key(t.args[0]), str(t.args[1]), _get_flags(t.args[2], "shm_resource_flags")]


@syscall("shmat", ret=RVAL_HEX)
def shmat(t: Tracee) -> None:
    t.out += [str(t.sarg(0)), addr(t.args[1]), flags(t.iarg(2), xlat("shm_flags"), "SHM_???")]


@syscall("shmdt")
def shmdt(t: Tracee) -> None:
    t.out.append(addr(t.args[0]))


def _shmid_ds(t: Tracee, s: object) -> str:
    """shm_cpid and shm_lpid are pids (-Y: their comm); msqid_ds's pids print bare (strace 6.1)."""
    pids = "shm_cpid=%s, shm_lpid=%s" % (printpid(t, s.shm_cpid), printpid(t, s.shm_lpid))  # type: ignore[attr-defined]
    return "{shm_perm=%s, shm_segsz=%s, %s, %s}" % (_perm(s, True), s.shm_segsz, pids, _fields(s, (  # type: ignore[attr-defined]
        "shm_nattch", "shm_atime", "shm_dtime", "shm_ctime")))


@syscall("shmctl")
def shmctl(t: Tracee) -> bool | None:
    cmd, text = _cmd(t.args[1], "shmctl_flags", "SHM_???")
    a = t.args[2]
    if not t.exiting:
        t.out += [str(t.sarg(0)), text]
        if cmd == IPC_SET:
            t.out.append(_ds(t, a, _lay(t).shmid_ds, lambda s: "{shm_perm=%s}" % _perm(s, False)))
            return None
        if cmd in (IPC_STAT, SHM_STAT, SHM_STAT_ANY, IPC_INFO, SHM_INFO):
            return True
        t.out.append(addr(a))
        return None
    if t.is_error:
        t.out.append(addr(a))
    elif cmd == IPC_INFO:
        t.out.append(_ds(t, a, _lay(t).shminfo, lambda s: "{%s}" % _fields(s, s._fields)))
    elif cmd == SHM_INFO:
        t.out.append(_ds(t, a, _lay(t).shm_info, lambda s: "{%s}" % _fields(s, s._fields)))
    else:
        t.out.append(_ds(t, a, _lay(t).shmid_ds, lambda s: _shmid_ds(t, s)))
    return None


# --- sem ------------------------------------------------------------------------------------

@syscall("semget")
def semget(t: Tracee) -> None:
    t.out += [_key(t.args[0]), str(t.sarg(1)), _get_flags(t.args[2], "resource_flags")]


def _sembuf(b: bytes) -> str:
    s = L.sembuf.unpack(b)
    return "{sem_num=%d, sem_op=%d, sem_flg=%s}" % (
        s.sem_num, s.sem_op, flags(s.sem_flg & 0xFFFF, xlat("semop_flags"), "SEM_???"))


def _sops(t: Tracee) -> list[str]:
    n = t.args[2]
    return [str(t.sarg(0)), array(t, t.args[1], n, 6, _sembuf), str(n)]


@syscall("semop")
def semop(t: Tracee) -> None:
    t.out += _sops(t)


@syscall("semtimedop")
def semtimedop(t: Tracee) -> None:
    t.out += _sops(t) + [timespec(t, t.args[3])]


def _semid_ds(s: object) -> str:
    return "{sem_perm=%s, %s}" % (_perm(s, True), _fields(s, ("sem_otime", "sem_ctime", "sem_nsems")))


@syscall("semctl")
def semctl(t: Tracee) -> bool | None:
    cmd, text = _cmd(t.args[2], "semctl_flags", "SEM_???")
    a = t.args[3]
    if not t.exiting:
        t.out += [str(t.sarg(0)), str(t.sarg(1)), text]
        if cmd == IPC_SET:
            t.out.append(_ds(t, a, _lay(t).semid_ds, lambda s: "{sem_perm=%s}" % _perm(s, False)))
            return None
        if cmd in (IPC_STAT, SEM_STAT, SEM_STAT_ANY, IPC_INFO, SEM_INFO):
            return True
        t.out.append(addr(a))
        return None
    if t.is_error:
        t.out.append(addr(a))
    elif cmd in (IPC_INFO, SEM_INFO):
        t.out.append(_ds(t, a, L.seminfo, lambda s: "{%s}" % _fields(s, s._fields)))
    else:
        t.out.append(_ds(t, a, _lay(t).semid_ds, _semid_ds))
    return None


# --- msg ------------------------------------------------------------------------------------

@syscall("msgget")
def msgget(t: Tracee) -> None:
    t.out += [_key(t.args[0]), _get_flags(t.args[1], "resource_flags")]


def _msgbuf(t: Tracee, a: int, count: int) -> str:
    if not a:
        return "NULL"
    data = fetch(t, a, 8)
    if data is None:
        return addr(a)
    return "{mtype=%d, mtext=%s}" % (_LONG.unpack(data)[0], buf(t, a + 8, count))


def _msgflg(v: int) -> str:
    return flags(v & 0xFFFFFFFF, xlat("ipc_msg_flags"), "MSG_???")


@syscall("msgsnd")
def msgsnd(t: Tracee) -> None:
    n = t.args[2]
    t.out += [str(t.sarg(0)), _msgbuf(t, t.args[1], n), str(n), _msgflg(t.args[3])]


@syscall("msgrcv")
def msgrcv(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(str(t.sarg(0)))
        return True
    n = t.args[2]
    a = t.args[1]
    t.out += [addr(a) if t.is_error else _msgbuf(t, a, n), str(n), str(t.larg(3)), _msgflg(t.args[4])]
    return None


def _msqid_ds(s: object) -> str:
    return "{msg_perm=%s, %s}" % (_perm(s, True), _fields(s, (
        "msg_stime", "msg_rtime", "msg_ctime", "msg_qnum", "msg_qbytes", "msg_lspid", "msg_lrpid")))


@syscall("msgctl")
def msgctl(t: Tracee) -> bool | None:
    cmd, text = _cmd(t.args[1], "msgctl_flags", "MSG_???")
    a = t.args[2]
    if not t.exiting:
        t.out += [str(t.sarg(0)), text]
        if cmd == IPC_SET:
            t.out.append(_ds(t, a, _lay(t).msqid_ds, lambda s: "{msg_perm=%s, msg_qbytes=%d}" % (
                _perm(s, False), s.msg_qbytes)))
            return None
        if cmd in (IPC_STAT, MSG_STAT, MSG_STAT_ANY, IPC_INFO, MSG_INFO):
            return True
        t.out.append(addr(a))
        return None
    if t.is_error:
        t.out.append(addr(a))
    elif cmd in (IPC_INFO, MSG_INFO):
        t.out.append(_ds(t, a, L.msginfo, lambda s: "{%s}" % _fields(s, s._fields)))
    else:
        t.out.append(_ds(t, a, _lay(t).msqid_ds, _msqid_ds))
    return None


# --- POSIX message queues -------------------------------------------------------------------

def _mq_attr(t: Tracee, a: int) -> str:
    def fmt(s: object) -> str:
        return "{mq_flags=%s, mq_maxmsg=%d, mq_msgsize=%d, mq_curmsgs=%d}" % (
            flags(s.mq_flags & 0xFFFFFFFFFFFFFFFF, xlat("mq_attr_flags"), "O_???"),  # type: ignore[attr-defined]
            s.mq_maxmsg, s.mq_msgsize, s.mq_curmsgs)  # type: ignore[attr-defined]

    return _ds(t, a, L.mq_attr, fmt)


@syscall("mq_open", ret=RVAL_FD)
def mq_open(t: Tracee) -> None:
    t.out += [path(t, t.args[0]), open_flags(t.args[1])]
    if t.args[1] & O_CREAT:
        t.out += [octal3(t.iarg(2)), _mq_attr(t, t.args[3])]


@syscall("mq_unlink")
def mq_unlink(t: Tracee) -> None:
    t.out.append(path(t, t.args[0]))


@syscall("mq_timedsend")
def mq_timedsend(t: Tracee) -> None:
    n = t.args[2]
    t.out += [fd(t, t.args[0]), buf(t, t.args[1], n), str(n), str(t.iarg(3)), timespec(t, t.args[4])]


@syscall("mq_timedreceive")
def mq_timedreceive(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out.append(fd(t, t.args[0]))
        return True
    a = t.args[1]
    t.out += [
        addr(a) if t.is_error else buf(t, a, t.rval),
        str(t.args[2]),
        num_int(t, t.args[3]),
        timespec(t, t.args[4]),
    ]
    return None


@syscall("mq_notify")
def mq_notify(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), sigevent(t, t.args[1])]


@syscall("mq_getsetattr")
def mq_getsetattr(t: Tracee) -> bool | None:
    if not t.exiting:
        t.out += [fd(t, t.args[0]), _mq_attr(t, t.args[1])]
        return True
    a = t.args[2]
    t.out.append(addr(a) if t.is_error else _mq_attr(t, a))
    return None
