"""landlock_create_ruleset, landlock_add_rule, landlock_restrict_self (strace's
src/landlock.c)."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..printers import addr, const, fd, flags, hexval, xlat, xval
from ._umove import fetch
from .registry import RVAL_DECIMAL, RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_U64 = struct.Struct("<Q")
_PATH_BENEATH = struct.Struct("<Qi")  # packed: allowed_access, parent_fd
RULESET_VERSION = const("LANDLOCK_CREATE_RULESET_VERSION")


def _access(v: int) -> str:
    return flags(v, xlat("landlock_ruleset_access_fs"), "LANDLOCK_ACCESS_FS_???")


@syscall("landlock_create_ruleset", ret=RVAL_FD)
def landlock_create_ruleset(t: Tracee) -> None:
    a, size, fl = t.args[0], t.args[1], t.iarg(2)
    if not a:
        text = "NULL"
    elif size < 8:
        text = addr(a)
    else:
        data = fetch(t, a, 8)
        text = addr(a) if data is None else "{handled_access_fs=%s%s}" % (
            _access(_U64.unpack(data)[0]), ", ..." if size > 8 else "")
    t.out += [text, str(size), flags(fl, xlat("landlock_create_ruleset_flags"),
                                     "LANDLOCK_CREATE_RULESET_???")]
    if fl & RULESET_VERSION:
        t.rfmt = RVAL_DECIMAL


@syscall("landlock_add_rule")
def landlock_add_rule(t: Tracee) -> None:
    rtype, a = t.iarg(1), t.args[2]
    t.out += [fd(t, t.args[0]), xval(rtype, xlat("landlock_rule_types"), "LANDLOCK_RULE_???")]
    text = addr(a)
    if a and rtype == 1:
        data = fetch(t, a, _PATH_BENEATH.size)
        if data is not None:
            acc, parent = _PATH_BENEATH.unpack(data)
            text = f"{{allowed_access={_access(acc)}, parent_fd={fd(t, parent)}}}"
    t.out += [text, hexval(t.iarg(3))]


@syscall("landlock_restrict_self")
def landlock_restrict_self(t: Tracee) -> None:
    t.out += [fd(t, t.args[0]), hexval(t.iarg(1))]
