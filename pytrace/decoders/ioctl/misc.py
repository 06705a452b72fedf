"""Small ioctl families: random, inotify, watchdog (seccomp, rtc and userfaultfd have their own
modules). Requests not listed here print their name and the argument in hex, as strace does."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ._util import DEFAULT, LATER, PRINTED, num_int, req, reqs, umove

if TYPE_CHECKING:
    from ...tracee import Tracee




# Request numbers from the generated table.
RNDGETENTCNT, RNDADDTOENTCNT, RNDADDENTROPY = reqs("RNDGETENTCNT RNDADDTOENTCNT RNDADDENTROPY")
RNDZAPENTCNT, RNDCLEARPOOL, RNDRESEEDCRNG = reqs("RNDZAPENTCNT RNDCLEARPOOL RNDRESEEDCRNG")
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


INOTIFY_IOC_SETNEXTWD = req("INOTIFY_IOC_SETNEXTWD")


def inotify(t: Tracee, code: int, arg: int) -> int:
    if code == INOTIFY_IOC_SETNEXTWD:
        t.out.append(str(t.sarg(2)))
        return PRINTED
    return DEFAULT


WDIOC_GETSTATUS, WDIOC_GETBOOTSTATUS, WDIOC_GETTEMP = reqs("WDIOC_GETSTATUS WDIOC_GETBOOTSTATUS WDIOC_GETTEMP")
WDIOC_SETOPTIONS, WDIOC_KEEPALIVE = reqs("WDIOC_SETOPTIONS WDIOC_KEEPALIVE")
WDIOC_SETTIMEOUT, WDIOC_GETTIMEOUT = reqs("WDIOC_SETTIMEOUT WDIOC_GETTIMEOUT")
WDIOC_SETPRETIMEOUT, WDIOC_GETPRETIMEOUT, WDIOC_GETTIMELEFT = reqs(
    "WDIOC_SETPRETIMEOUT WDIOC_GETPRETIMEOUT WDIOC_GETTIMELEFT")


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
