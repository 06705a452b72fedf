"""The ptrace binding is python-ptrace's, extended through ctypes only where it lacks a call."""

import ptrace.binding.func as pp

from pytrace import ptrace


def test_python_ptrace_supplies_what_it_knows() -> None:
    assert ptrace.PTRACE_SYSCALL == pp.PTRACE_SYSCALL
    assert ptrace.PTRACE_O_TRACEEXEC == pp.PTRACE_O_TRACEEXEC
    assert ptrace.WALL == pp.THREAD_TRACE_FLAGS
    assert ptrace._REGS is pp.ptrace_registers_t


def test_what_it_lacks_comes_from_the_headers() -> None:
    assert not hasattr(pp, "PTRACE_SEIZE") and not hasattr(pp, "PTRACE_GET_SYSCALL_INFO")
    assert ptrace.PTRACE_SEIZE == 0x4206 and ptrace.PTRACE_GET_SYSCALL_INFO == 0x420E
