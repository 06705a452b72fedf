"""Who issued each syscall: maps cache, ELF symbols, classification, unwinder, ``pytrace libc``.

``--origin`` prints ``[OBJECT:FUNCTION+0xOFF] `` before each syscall line (after ``-i``'s
``[ip]``): OBJECT is the basename of the mapped file holding the syscall instruction,
FUNCTION its symbol (debug symbols from /usr/lib/debug/.build-id when present), OFF the
offset of the ip after the instruction. Without a symbol: ``[OBJECT+0xVADDR] ``; anonymous
memory: ``[anon+0xOFF] `` (offset in the mapping); unmapped: ``[?:0xIP] ``.
"""
