"""Small ioctl families: random, inotify, watchdog, seccomp user notification, rtc, userfaultfd.
Requests not listed here print their name and the argument in hex, as strace does."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ._util import DEFAULT, LATER, PRINTED, num_int, num_u64, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

# <linux/random.h>
RNDGETENTCNT, RNDADDTOENTCNT, RNDGETPOOL, RNDADDENTROPY = 0x80045200, 0x40045201, 0x80085202, 0x40085203
RNDZAPENTCNT, RNDCLEARPOOL, RNDRESEEDCRNG = 0x5204, 0x5206, 0x5207
_RND_INFO = struct.Struct("<ii")


def random(t: Tracee, code: int, arg: int) -> int:
    if code == RNDGETENTCNT:
        if not t.exiting:
            return LATER
        t.out.append(num_int(t, arg))
    elif code == RNDADDTOENTCNT:
        t.out.append(num_int(t, arg))
    elif code == RNDADDENTROPY:
        d = umove(t, arg, 8)
        if isinstance(d, str):
            t.out.append(d)
        else:
            ent, size = _RND_INFO.unpack(d)
            from ... import printers

            buf = printers.buf(t, arg + 8, size) if size > 0 else '""'
            t.out.append(f"{{entropy_count={ent}, buf_size={size}, buf={buf}}}")
    elif code in (RNDZAPENTCNT, RNDCLEARPOOL, RNDRESEEDCRNG):
        pass
    else:
        return DEFAULT
    return PRINTED


INOTIFY_IOC_SETNEXTWD = 0x40044900


def inotify(t: Tracee, code: int, arg: int) -> int:
    if code == INOTIFY_IOC_SETNEXTWD:
        t.out.append(str(t.sarg(2)))
        return PRINTED
    return DEFAULT


# <linux/watchdog.h>
WDIOC_GETSTATUS, WDIOC_GETBOOTSTATUS, WDIOC_GETTEMP = 0x80045701, 0x80045702, 0x80045703
WDIOC_SETOPTIONS, WDIOC_KEEPALIVE = 0x80045704, 0x80045705
WDIOC_SETTIMEOUT, WDIOC_GETTIMEOUT = 0xC0045706, 0x80045707
WDIOC_SETPRETIMEOUT, WDIOC_GETPRETIMEOUT, WDIOC_GETTIMELEFT = 0xC0045708, 0x80045709, 0x8004570A


def watchdog(t: Tracee, code: int, arg: int) -> int:
    if code in (WDIOC_GETSTATUS, WDIOC_GETBOOTSTATUS, WDIOC_GETTEMP, WDIOC_GETTIMEOUT,
                WDIOC_GETPRETIMEOUT, WDIOC_GETTIMELEFT):
        if not t.exiting:
            return LATER
        t.out.append(num_int(t, arg))
    elif code in (WDIOC_SETTIMEOUT, WDIOC_SETPRETIMEOUT):
        t.out.append(num_int(t, arg))
    elif code == WDIOC_SETOPTIONS:  # strace 6.1 prints its argument as an address
        return DEFAULT
    elif code == WDIOC_KEEPALIVE:
        pass
    else:
        return DEFAULT
    return PRINTED


# <linux/seccomp.h>
SECCOMP_IOCTL_NOTIF_ID_VALID = 0x40082102


def seccomp(t: Tracee, code: int, arg: int) -> int:
    if code == SECCOMP_IOCTL_NOTIF_ID_VALID:
        d = umove(t, arg, 8)
        t.out.append(d if isinstance(d, str) else "[%#x]" % int.from_bytes(d, "little"))
        return PRINTED
    return DEFAULT


# <linux/rtc.h>: the no-argument requests.
_RTC_NOARG = frozenset({0x7001, 0x7002, 0x7003, 0x7004, 0x7005, 0x7006})
RTC_IRQP_READ, RTC_IRQP_SET, RTC_EPOCH_READ, RTC_EPOCH_SET = 0x8008700B, 0x4008700C, 0x8008700D, 0x4008700E


def rtc(t: Tracee, code: int, arg: int) -> int:
    if code in _RTC_NOARG:
        return PRINTED
    if code in (RTC_IRQP_READ, RTC_EPOCH_READ):
        if not t.exiting:
            return LATER
        t.out.append(num_u64(t, arg))
        return PRINTED
    if code in (RTC_IRQP_SET, RTC_EPOCH_SET):
        t.out.append(str(arg))
        return PRINTED
    return DEFAULT


def uffdio(t: Tracee, code: int, arg: int) -> int:
    return DEFAULT

