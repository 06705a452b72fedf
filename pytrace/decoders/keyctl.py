"""add_key, request_key, keyctl (strace's src/keyctl.c): key types and descriptions as strings,
special keyring ids by name; keyctl commands with the arguments strace 6.1 decodes for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..printers import addr, buf, hexval, xlat, xval, xval_dec
from ._consts import named
from ._iovec import iovec
from ._strict import str_or_addr as cstr
from .registry import syscall

if TYPE_CHECKING:
    from ..tracee import Tracee


def key_serial(v: int) -> str:
    """A key serial number: ``KEY_SPEC_THREAD_KEYRING`` or decimal (printxval_d)."""
    v &= 0xFFFFFFFF
    if v & 0x80000000:
        v -= 1 << 32
    return xval_dec(v, xlat("key_spec"))


@syscall("add_key")
def add_key(t: Tracee) -> None:
    t.out += [cstr(t, t.args[0]), cstr(t, t.args[1]), buf(t, t.args[2], t.args[3]),
              str(t.args[3]), key_serial(t.args[4])]


@syscall("request_key")
def request_key(t: Tracee) -> None:
    t.out += [cstr(t, t.args[0]), cstr(t, t.args[1]), cstr(t, t.args[2]), key_serial(t.args[3])]


GET_KEYRING_ID, JOIN_SESSION_KEYRING, UPDATE, REVOKE, CHOWN, SETPERM = named(
    "keyctl_commands", "KEYCTL_GET_KEYRING_ID KEYCTL_JOIN_SESSION_KEYRING KEYCTL_UPDATE "
    "KEYCTL_REVOKE KEYCTL_CHOWN KEYCTL_SETPERM")
DESCRIBE, CLEAR, LINK, UNLINK, SEARCH, READ, INSTANTIATE, NEGATE = named(
    "keyctl_commands", "KEYCTL_DESCRIBE KEYCTL_CLEAR KEYCTL_LINK KEYCTL_UNLINK "
    "KEYCTL_SEARCH KEYCTL_READ KEYCTL_INSTANTIATE KEYCTL_NEGATE")
SET_REQKEY_KEYRING, SET_TIMEOUT, ASSUME_AUTHORITY, GET_SECURITY = named(
    "keyctl_commands", "KEYCTL_SET_REQKEY_KEYRING KEYCTL_SET_TIMEOUT "
    "KEYCTL_ASSUME_AUTHORITY KEYCTL_GET_SECURITY")
SESSION_TO_PARENT, REJECT, INSTANTIATE_IOV, INVALIDATE, GET_PERSISTENT = named(
    "keyctl_commands", "KEYCTL_SESSION_TO_PARENT KEYCTL_REJECT "
    "KEYCTL_INSTANTIATE_IOV KEYCTL_INVALIDATE KEYCTL_GET_PERSISTENT")


@syscall("keyctl")
def keyctl(t: Tracee) -> bool | None:
    cmd = t.iarg(0)
    a2, a3, a4, a5 = t.args[1], t.args[2], t.args[3], t.args[4]
    out = t.out
    if t.exiting:
        if cmd in (DESCRIBE, READ, GET_SECURITY):
            if t.is_error:
                out.append(addr(a3))
            else:
                n = min(t.rval, a4)
                out.append(buf(t, a3, n) if cmd == READ else cstr(t, a3, min(n, t.cfg.string_limit)))
            out.append(str(a4))
        return None
    out.append(xval(cmd, xlat("keyctl_commands"), "KEYCTL_???"))
    if cmd == GET_KEYRING_ID:
        out += [key_serial(a2), str(t.sarg(2))]
    elif cmd == JOIN_SESSION_KEYRING:
        out.append(cstr(t, a2))
    elif cmd == UPDATE:
        out += [key_serial(a2), buf(t, a3, a4), str(a4)]
    elif cmd in (REVOKE, CLEAR, INVALIDATE, ASSUME_AUTHORITY):
        out.append(key_serial(a2))
    elif cmd in (LINK, UNLINK):
        out += [key_serial(a2), key_serial(a3)]
    elif cmd == CHOWN:
        out += [key_serial(a2), str(t.sarg(2)), str(t.sarg(3))]
    elif cmd == SETPERM:
        out += [key_serial(a2), hexval(t.iarg(2))]
    elif cmd in (DESCRIBE, READ, GET_SECURITY):
        out.append(key_serial(a2))
        return True
    elif cmd == SEARCH:
        out += [key_serial(a2), cstr(t, a3), cstr(t, a4), key_serial(a5)]
    elif cmd == INSTANTIATE:
        out += [key_serial(a2), buf(t, a3, a4), str(a4), key_serial(a5)]
    elif cmd == NEGATE:
        out += [key_serial(a2), str(t.iarg(2)), key_serial(a4)]
    elif cmd == SET_TIMEOUT:
        out += [key_serial(a2), str(t.iarg(2))]
    elif cmd == SESSION_TO_PARENT:
        pass
    elif cmd == INSTANTIATE_IOV:
        out += [key_serial(a2), iovec(t, a3, a4), str(a4), key_serial(a5)]
    elif cmd == GET_PERSISTENT:
        out += [str(t.sarg(1)), key_serial(a3)]
    else:
        out += [hexval(a2), hexval(a3), hexval(a4), hexval(a5)]
    return None
