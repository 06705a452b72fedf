"""prctl (strace's src/prctl.c): the option, then what strace 6.1 prints for that option's
arguments and return value. arm64-only options (SVE, SME, tagged addresses, PAC) print their
arguments in hex."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ..pids import StaleComm, pid_comm
from ..printers import addr, const, flags, hexval, xlat, xval
from ..signals import signame
from ._strict import str_or_addr as cstr
from ._umove import umove
from .registry import EXIT_RVAL_ONLY, RVAL_HEX, syscall
from .seccomp import seccomp_fprog

if TYPE_CHECKING:
    from ..tracee import Tracee

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
TASK_COMM_LEN = const("TASK_COMM_LEN")


def _opt(name: str) -> int:
    v = xlat("prctl_options").value_of(name)
    return -1 if v is None else v


def _rest(t: Tracee, first: int) -> list[str]:
    """print_prctl_args: arguments ``first`` .. 4 in hex."""
    return [hexval(t.args[i]) for i in range(first, 5)]


def _indirect(t: Tracee, a: int, show) -> str:  # type: ignore[no-untyped-def]
    got = umove(t, a, 4)
    return got if isinstance(got, str) else "[" + show(_U32.unpack(got)[0]) + "]"


def _aux_flags(t: Tracee, table: str) -> None:
    """RVAL_HEX | RVAL_STR with the return value's flags (nothing for 0 or an error)."""
    if t.is_error or t.rval == 0:
        return
    t.rfmt = RVAL_HEX
    t.raux = " (" + flags(t.rval & 0xFFFFFFFFFFFFFFFF, xlat(table)) + ")"


def _aux_name(t: Tracee, table: str) -> None:
    if t.is_error:
        return
    name = xlat(table).get(t.rval)
    if name is not None:
        t.raux = f" ({name})"


# Options with no arguments printed and a plain return.
_NO_ARGS = ("PR_GET_KEEPCAPS", "PR_GET_SECCOMP", "PR_GET_TIMERSLACK", "PR_GET_TIMING",
            "PR_TASK_PERF_EVENTS_DISABLE", "PR_TASK_PERF_EVENTS_ENABLE")
# Options whose second argument is an unsigned int the kernel writes: ``[N]`` at exit.
_GET_UINT = ("PR_GET_CHILD_SUBREAPER", "PR_GET_ENDIAN", "PR_GET_FPEMU", "PR_GET_FPEXC")
_SET_U = ("PR_SET_CHILD_SUBREAPER", "PR_SET_ENDIAN", "PR_SET_FPEMU", "PR_SET_FPEXC",
          "PR_SET_KEEPCAPS", "PR_SET_TIMING")
_SET_U_REST = ("PR_SET_NO_NEW_PRIVS", "PR_SET_THP_DISABLE", "PR_SET_IO_FLUSHER")


def _entering(t: Tracee, o: int) -> bool | None:
    """Print the arguments of option ``o``; True when the exit call prints or annotates."""
    a2, a3, a4, a5 = t.args[1], t.args[2], t.args[3], t.args[4]
    out = t.out
    if o in _group("_NO_ARGS"):
        return None
    if o in _group("_GET_UINT") or o in _group("_GET_PTR"):
        return True
    if o in _group("_EXIT_AUX"):
        t.data = EXIT_RVAL_ONLY
        return True
    if o in _group("_SET_U"):
        out.append(str(a2))
        return None
    if o in _group("_SET_U_REST"):
        out.append(str(a2))
        out += _rest(t, 2)
        return None
    if o == _opt("PR_SET_DUMPABLE"):
        out.append(xval(a2, xlat("pr_dumpable"), "SUID_DUMP_???"))
    elif o in (_opt("PR_CAPBSET_DROP"), _opt("PR_CAPBSET_READ")):
        out.append(xval(a2, xlat("cap"), "CAP_???"))
    elif o == _opt("PR_CAP_AMBIENT"):
        out.append(xval(a2, xlat("pr_cap_ambient"), "PR_CAP_AMBIENT_???"))
        if a2 in (1, 2, 3):  # IS_SET, RAISE, LOWER
            out.append(xval(a3, xlat("cap"), "CAP_???"))
            out += _rest(t, 3)
        else:
            out += _rest(t, 2)
    elif o == _opt("PR_MCE_KILL"):
        out.append(xval(a2, xlat("pr_mce_kill"), "PR_MCE_KILL_???"))
        out.append(xval(a3, xlat("pr_mce_kill_policy"), "PR_MCE_KILL_???") if a2 == 1 else hexval(a3))
        out += _rest(t, 3)
    elif o == _opt("PR_SET_NAME"):
        out.append(cstr(t, a2, min(TASK_COMM_LEN - 1, t.cfg.string_limit)))
        if t.cfg.decode_pids_comm:  # -Y: this line keeps the old name, the next ones read the new
            old = t.comm
            t.comm = StaleComm(old if old is not None and type(old) is not StaleComm else pid_comm(t.pid), t.t_entry)
    elif o == _opt("PR_SET_VMA"):
        out.append(xval(a2, xlat("pr_set_vma"), "PR_SET_VMA_???"))
        if a2 == 0:  # PR_SET_VMA_ANON_NAME
            out += [addr(a3), str(a4), cstr(t, a5)]
        else:
            out += _rest(t, 2)
    elif o == _opt("PR_SET_MM"):
        out.append(xval(a2 & 0xFFFFFFFF, xlat("pr_set_mm"), "PR_SET_MM_???"))
        out += _rest(t, 2)
    elif o == _opt("PR_SET_PDEATHSIG"):
        out.append(str(a2) if a2 > 128 else signame(a2))
    elif o == _opt("PR_SET_PTRACER"):
        out.append("PR_SET_PTRACER_ANY" if t.sarg(1) == -1 else str(t.sarg(1)))
    elif o == _opt("PR_SET_SECCOMP"):
        out.append(xval(a2, xlat("seccomp_mode"), "SECCOMP_MODE_???"))
        if a2 == 2:  # SECCOMP_MODE_FILTER
            out.append(seccomp_fprog(t, a3))
        elif a2 != 1:
            out += _rest(t, 2)
    elif o == _opt("PR_SET_SECUREBITS"):
        out.append(flags(a2, xlat("secbits"), "SECBIT_???"))
    elif o == _opt("PR_SET_TIMERSLACK"):
        out.append(str(t.larg(1)))
    elif o == _opt("PR_SET_TSC"):
        out.append(xval(a2 & 0xFFFFFFFF, xlat("pr_tsc"), "PR_TSC_???"))
    elif o == _opt("PR_SET_UNALIGN"):
        out.append(flags(a2 & 0xFFFFFFFF, xlat("pr_unalign_flags"), "PR_UNALIGN_???"))
    elif o == _opt("PR_SET_FP_MODE"):
        out.append(flags(a2 & 0xFFFFFFFF, xlat("pr_fp_mode"), "PR_FP_MODE_???"))
    elif o == _opt("PR_SET_SPECULATION_CTRL"):
        out.append(xval(a2, xlat("pr_spec_cmds"), "PR_SPEC_???"))
        if a2 in (0, 1, 2):
            out.append(xval(a3, xlat("pr_spec_set_store_bypass_flags"), "PR_SPEC_???"))
        else:
            out.append(hexval(a3))
    elif o == _opt("PR_GET_SPECULATION_CTRL"):
        out.append(xval(a2, xlat("pr_spec_cmds"), "PR_SPEC_???"))
        t.data = EXIT_RVAL_ONLY
        return True
    elif o in (_opt("PR_MCE_KILL_GET"), _opt("PR_GET_TAGGED_ADDR_CTRL"),
               _opt("PR_PAC_GET_ENABLED_KEYS")):
        out += _rest(t, 1)
        t.data = EXIT_RVAL_ONLY
        return True
    elif o == _opt("PR_SET_SYSCALL_USER_DISPATCH"):
        out += [xval(a2, xlat("pr_sud_cmds"), "PR_SYS_DISPATCH_???"), hexval(a3), hexval(a4),
                addr(a5)]
    elif o == _opt("PR_SCHED_CORE"):
        out.append(xval(a2 & 0xFFFFFFFF, xlat("pr_sched_core_cmds"), "PR_SCHED_CORE_???"))
        out.append(str(t.sarg(2)))
        pt = a4 & 0xFFFFFFFF
        name = xlat("pr_sched_core_pidtypes").get(pt)
        out.append(f"{hexval(pt)} /* {name} */" if name else f"{hexval(pt)} /* PIDTYPE_??? */")
        if a2 & 0xFFFFFFFF == 0:  # PR_SCHED_CORE_GET: the cookie is written at exit
            return True
        out.append(addr(a5))
    else:
        out += _rest(t, 1)
    return None


def _exiting(t: Tracee, o: int) -> None:
    a2 = t.args[1]
    if o in _group("_GET_UINT"):
        t.out.append(_indirect(t, a2, str))
    elif o == _opt("PR_GET_NAME"):
        t.out.append(addr(a2) if t.is_error else cstr(t, a2, min(TASK_COMM_LEN, t.cfg.string_limit)))
    elif o == _opt("PR_GET_PDEATHSIG"):
        t.out.append(_indirect(t, a2, signame))
    elif o == _opt("PR_GET_TID_ADDRESS"):
        got = umove(t, a2, 8)
        t.out.append(got if isinstance(got, str) else "[%s]" % addr(_U64.unpack(got)[0]))
    elif o == _opt("PR_GET_TSC"):
        t.out.append(_indirect(t, a2, lambda v: xval(v, xlat("pr_tsc"), "PR_TSC_???")))
    elif o == _opt("PR_GET_UNALIGN"):
        t.out.append(_indirect(t, a2, lambda v: flags(v, xlat("pr_unalign_flags"), "PR_UNALIGN_???")))
    elif o == _opt("PR_GET_DUMPABLE"):
        _aux_name(t, "pr_dumpable")
    elif o == _opt("PR_MCE_KILL_GET"):
        _aux_name(t, "pr_mce_kill_policy")
    elif o == _opt("PR_GET_SECUREBITS"):
        _aux_flags(t, "secbits")
    elif o == _opt("PR_GET_FP_MODE"):
        _aux_flags(t, "pr_fp_mode")
    elif o == _opt("PR_GET_SPECULATION_CTRL"):
        if not t.is_error and a2 in (0, 1, 2):
            _aux_flags(t, "pr_spec_get_store_bypass_flags")
            if t.rval == 0:
                t.rfmt = RVAL_HEX
    elif o == _opt("PR_SCHED_CORE"):
        a5 = t.args[4]
        got = umove(t, a5, 8)
        t.out.append(got if isinstance(got, str) else "[%#x]" % _U64.unpack(got)[0])


_GROUPS: dict[str, frozenset[int]] = {}
_NAMES = {
    "_NO_ARGS": _NO_ARGS,
    "_GET_UINT": _GET_UINT,
    "_GET_PTR": ("PR_GET_NAME", "PR_GET_PDEATHSIG", "PR_GET_TID_ADDRESS", "PR_GET_TSC",
                 "PR_GET_UNALIGN"),
    "_EXIT_AUX": ("PR_GET_DUMPABLE", "PR_GET_SECUREBITS", "PR_GET_FP_MODE"),
    "_SET_U": _SET_U,
    "_SET_U_REST": _SET_U_REST,
}


def _group(name: str) -> frozenset[int]:
    g = _GROUPS.get(name)
    if g is None:
        g = _GROUPS[name] = frozenset(_opt(n) for n in _NAMES[name]) - {-1}
    return g


@syscall("prctl")
def prctl(t: Tracee) -> bool | None:
    o = t.iarg(0)
    if not t.exiting:
        t.out.append(xval(o, xlat("prctl_options"), "PR_???"))
        return _entering(t, o)
    _exiting(t, o)
    return None
