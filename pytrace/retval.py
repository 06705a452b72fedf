"""The text after ``= ``: the return value as the decoder asked, or the error name and message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from syscall_tables.generated.errno import ERRNO_MESSAGES, ERRNO_NAMES

from .decoders.registry import RVAL_FD, RVAL_HEX, RVAL_NONE, RVAL_OCTAL, RVAL_TGID, RVAL_UDECIMAL

if TYPE_CHECKING:
    from .tracee import Tracee

# Restart codes: the syscall will be restarted, so strace prints "?" rather than -1.
_RESTART = frozenset({512, 513, 514, 516})


def errno_text(err: int) -> tuple[str, str]:
    """(name, message) for an errno value, as strace prints them."""
    name = ERRNO_NAMES.get(err)
    if name is None:
        return f"ERRNO_{err}", f"Unknown error {err}"
    return name, ERRNO_MESSAGES.get(err, f"Unknown error {err}")


def format_retval(t: Tracee) -> tuple[str, str | None]:
    """(text after "= ", errno name or None) for the call ``t`` just finished."""
    rval = t.rval
    if t.is_error:
        err = -rval
        name, msg = errno_text(err)
        if err in _RESTART:
            return f"? {name} ({msg})", name
        if err not in ERRNO_NAMES:  # strace 6.1 names no unknown errno (F_GETOWN's -PGID < 4096)
            return f"-1 (errno {err})", name
        return f"-1 {name} ({msg})", name
    fmt = t.rfmt
    if fmt == 0:
        text = str(rval)
    elif fmt == RVAL_HEX:
        text = "%#x" % (rval & 0xFFFFFFFFFFFFFFFF) if rval else "0"
    elif fmt == RVAL_FD:
        text = str(rval)
        if t.cfg.decode_fds and rval >= 0:
            from .decoders.fds import fd_annotation

            text += fd_annotation(t, rval)
    elif fmt == RVAL_OCTAL:
        text = ("0%o" % rval if rval else "0").zfill(3)  # %#03lo
    elif fmt == RVAL_UDECIMAL:
        text = str(rval & 0xFFFFFFFFFFFFFFFF)
    elif fmt == RVAL_NONE:
        text = "?"
    elif fmt == RVAL_TGID:  # a process or thread id: -Y adds its <comm> (strace's RVAL_TGID/TID)
        text = str(rval)
        if rval > 0 and (t.cfg.decode_pids_comm or t.cfg.pidns_translation):
            from .pids import after_pid  # -Y <comm>, --pidns-translation comment

            text += after_pid(t.pid, rval, "tid", t.cfg.decode_pids_comm, t.cfg.pidns_translation)
    else:
        text = str(rval)
    if t.raux:
        text += t.raux
    return text, None
