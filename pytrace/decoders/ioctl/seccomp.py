"""seccomp user-notification ioctls (strace's src/seccomp_ioctl.c): NOTIF_RECV, NOTIF_SEND,
NOTIF_ID_VALID, NOTIF_ADDFD."""

from __future__ import annotations

from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from ._util import DEFAULT, LATER, PRINTED, req, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

NOTIF_RECV, NOTIF_SEND = req("SECCOMP_IOCTL_NOTIF_RECV"), req("SECCOMP_IOCTL_NOTIF_SEND")
NOTIF_ID_VALID, NOTIF_ADDFD = req("SECCOMP_IOCTL_NOTIF_ID_VALID"), req("SECCOMP_IOCTL_NOTIF_ADDFD")

SeccompNotif = cs.Struct(
    "id" / cs.Int64ul, "pid" / cs.Int32ul, "flags" / cs.Int32ul,
    "nr" / cs.Int32sl, "arch" / cs.Int32ul, "instruction_pointer" / cs.Int64ul,
    "a0" / cs.Int64ul, "a1" / cs.Int64ul, "a2" / cs.Int64ul, "a3" / cs.Int64ul, "a4" / cs.Int64ul,
    "a5" / cs.Int64ul,
)
SeccompNotifResp = cs.Struct("id" / cs.Int64ul, "val" / cs.Int64sl, "error" / cs.Int32sl,
                             "flags" / cs.Int32ul)
SeccompNotifAddfd = cs.Struct("id" / cs.Int64ul, "flags" / cs.Int32ul, "srcfd" / cs.Int32ul,
                              "newfd" / cs.Int32ul, "newfd_flags" / cs.Int32ul)
NOTIF, RESP, ADDFD = Lowered(SeccompNotif), Lowered(SeccompNotifResp), Lowered(SeccompNotifAddfd)
h = printers.hexval


def _syscall_name(arch: int, nr: int) -> str:
    import syscall_tables

    from ...syscalls import AUDIT_ARCH_I386, AUDIT_ARCH_X86_64

    table = {AUDIT_ARCH_X86_64: "x86_64", AUDIT_ARCH_I386: "i386"}.get(arch)
    name = syscall_tables.arch_table(table).NAMES.get(nr) if table else None
    if not name or printers.xlat_style == printers.STYLE_RAW:
        return str(nr)
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{nr} /* __NR_{name} */"
    return f"__NR_{name}"


def _notif(d: bytes) -> str:
    s = NOTIF.unpack(d)
    arch = printers.xval(s.arch, printers.xlat("audit_arch"), "AUDIT_ARCH_???")
    args = ", ".join(h(a) for a in s[6:])
    return (f"{{id={h(s.id)}, pid={s.pid}, flags={h(s.flags)}, data={{nr={_syscall_name(s.arch, s.nr)}, "
            f"arch={arch}, instruction_pointer={h(s.instruction_pointer)}, args=[{args}]}}}}")


def _errno(e: int) -> str:
    if e < 0:
        from syscall_tables import errno_table

        name = errno_table().ERRNO_NAMES.get(-e)
        if name and printers.xlat_style != printers.STYLE_RAW:
            if printers.xlat_style == printers.STYLE_VERBOSE:
                return f"{e} /* -{name} */"
            return f"-{name}"
    return str(e)


def decode(t: Tracee, code: int, arg: int) -> int:
    if code == NOTIF_RECV:
        if not t.exiting:
            d = umove(t, arg, NOTIF.size)
            # Only a buffer that already holds something prints on entry, before ``=>``.
            t.data = _notif(d) if isinstance(d, bytes) and any(d) else None
            return LATER
        d = umove(t, arg, NOTIF.size)
        text = d if isinstance(d, str) else _notif(d)
        t.out.append(f"{t.data} => {text}" if t.data and not t.is_error else (t.data or text))
        return PRINTED
    if code == NOTIF_SEND:
        d = umove(t, arg, RESP.size)
        if isinstance(d, str):
            t.out.append(d)
        else:
            s = RESP.unpack(d)
            fl = printers.flags(s.flags, printers.xlat("seccomp_ioctl_resp_flags"), "SECCOMP_USER_NOTIF_FLAG_???")
            t.out.append(f"{{id={h(s.id)}, val={s.val}, error={_errno(s.error)}, flags={fl}}}")
        return PRINTED
    if code == NOTIF_ID_VALID:
        d = umove(t, arg, 8)
        t.out.append(d if isinstance(d, str) else "[%s]" % h(int.from_bytes(d, "little")))
        return PRINTED
    if code == NOTIF_ADDFD:
        d = umove(t, arg, ADDFD.size)
        if isinstance(d, str):
            t.out.append(d)
        else:
            s = ADDFD.unpack(d)
            fl = printers.flags(s.flags, printers.xlat("seccomp_ioctl_addfd_flags"), "SECCOMP_ADDFD_FLAG_???")
            nf = printers.flags(s.newfd_flags, printers.xlat("open_mode_flags"), "O_???")
            t.out.append(f"{{id={h(s.id)}, flags={fl}, srcfd={printers.fd(t, s.srcfd)}, "
                         f"newfd={s.newfd}, newfd_flags={nf}}}")
        return PRINTED
    return DEFAULT
