"""seccomp-bpf filtering: only the traced syscalls stop the tracee.

The filter is built in the tracer and installed by the child between fork and exec. It returns
SECCOMP_RET_TRACE for traced numbers (a PTRACE_EVENT_SECCOMP stop) and SECCOMP_RET_ALLOW for
the rest, so untraced syscalls cost nothing. Numbers are tested against a bitmap, 32 syscalls
per word, which keeps any set within BPF's 8-bit jump offsets. Other architectures' calls
(i386 ``int 0x80``, x32) always stop.
"""

from __future__ import annotations

import ctypes
import os
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
SECCOMP_RET_TRACE = 0x7FF00000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_SET_MODE_FILTER = 1
PR_SET_NO_NEW_PRIVS = 38
SYS_seccomp = 317
X32_SYSCALL_BIT = 0x40000000

# BPF opcodes (linux/filter.h, linux/bpf_common.h)
_LD_W_ABS = 0x20
_LD_IMM = 0x00
_ALU_AND_K = 0x54
_ALU_LSH_X = 0x6C
_ALU_RSH_K = 0x74
_MISC_TAX = 0x07
_MISC_TXA = 0x87
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_RET_K = 0x06
_NR_OFF = 0
_ARCH_OFF = 4

_Insn = tuple[int, int, int, int]


def build_filter(numbers: set[int]) -> list[_Insn]:
    """A classic BPF program that traces ``numbers`` (x86_64) and everything non-x86_64."""
    words: dict[int, int] = {}
    for nr in numbers:
        if 0 <= nr < X32_SYSCALL_BIT:
            words[nr >> 5] = words.get(nr >> 5, 0) | (1 << (nr & 31))
    body: list[tuple[int, int | str, int | str, int]] = [
        (_LD_W_ABS, 0, 0, _ARCH_OFF),
        (_JEQ_K, 0, "trace", AUDIT_ARCH_X86_64),
        (_LD_W_ABS, 0, 0, _NR_OFF),
        (_JGE_K, "trace", 0, X32_SYSCALL_BIT),
        (_ALU_AND_K, 0, 0, 31),
        (_MISC_TAX, 0, 0, 0),
        (_LD_IMM, 0, 0, 1),
        (_ALU_LSH_X, 0, 0, 0),
        (_MISC_TAX, 0, 0, 0),  # X = 1 << (nr & 31)
        (_LD_W_ABS, 0, 0, _NR_OFF),
        (_ALU_RSH_K, 0, 0, 5),  # A = nr >> 5
    ]
    for word in sorted(words):
        body.append((_JEQ_K, 0, 2, word))
        body.append((_MISC_TXA, 0, 0, 0))
        body.append((_JSET_K, "trace", "allow", words[word]))
    body.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    allow_at = len(body) - 1
    body.append((_RET_K, 0, 0, SECCOMP_RET_TRACE))
    trace_at = len(body) - 1
    targets = {"trace": trace_at, "allow": allow_at}

    def rel(j: int | str, i: int) -> int:
        if isinstance(j, str):
            off = targets[j] - i - 1
            if not 0 <= off <= 255:
                raise ValueError("seccomp filter too long for BPF jumps")
            return off
        return j

    return [(code, rel(jt, i), rel(jf, i), k) for i, (code, jt, jf, k) in enumerate(body)]


def pack(prog: list[_Insn]) -> bytes:
    return b"".join(struct.pack("<HBBI", *insn) for insn in prog)


def interpret(prog: list[_Insn], nr: int, arch: int = AUDIT_ARCH_X86_64) -> int:
    """Run the filter on one syscall (for tests): returns the SECCOMP_RET_* value."""
    a = x = 0
    pc = 0
    data = {_NR_OFF: nr, _ARCH_OFF: arch}
    while True:
        code, jt, jf, k = prog[pc]
        pc += 1
        if code == _LD_W_ABS:
            a = data[k]
        elif code == _LD_IMM:
            a = k
        elif code == _ALU_AND_K:
            a &= k
        elif code == _ALU_LSH_X:
            a = (a << x) & 0xFFFFFFFF
        elif code == _ALU_RSH_K:
            a >>= k
        elif code == _MISC_TAX:
            x = a
        elif code == _MISC_TXA:
            a = x
        elif code == _JEQ_K:
            pc += jt if a == k else jf
        elif code == _JGE_K:
            pc += jt if a >= k else jf
        elif code == _JSET_K:
            pc += jt if a & k else jf
        elif code == _RET_K:
            return k
        else:
            raise ValueError(f"unknown BPF opcode {code:#x}")


class Installer:
    """Prepared in the tracer; ``install()`` runs in the forked child before it stops."""

    def __init__(self, numbers: set[int]) -> None:
        code = pack(build_filter(numbers))
        self._insns = ctypes.create_string_buffer(code, len(code))
        self._prog = ctypes.create_string_buffer(struct.pack("<H6xQ", len(code) // 8, ctypes.addressof(self._insns)))
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._libc.syscall.restype = ctypes.c_long
        self._libc.prctl.restype = ctypes.c_int

    def install(self) -> bool:
        """Install the filter in the calling process; False when the kernel refuses."""
        if os.geteuid() != 0:
            # Without CAP_SYS_ADMIN the kernel requires no_new_privs (which disables setuid).
            if self._libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
                return False
        res = self._libc.syscall(
            ctypes.c_long(SYS_seccomp), ctypes.c_long(SECCOMP_SET_MODE_FILTER), ctypes.c_long(0),
            ctypes.c_void_p(ctypes.addressof(self._prog)),
        )
        return res == 0
