"""Terminal structures of <asm/termbits.h> and <asm/termios.h>: struct termios, termios2, winsize."""

from __future__ import annotations

import construct as cs

from ..printers import const

NCCS = const("NCCS")  # the kernel's c_cc size (19), not glibc's (32)

_FLAGS = ("c_iflag" / cs.Int32ul, "c_oflag" / cs.Int32ul, "c_cflag" / cs.Int32ul, "c_lflag" / cs.Int32ul,
          "c_line" / cs.Int8ul, "c_cc" / cs.Bytes(NCCS))
TERMIOS = cs.Struct(*_FLAGS)
TERMIOS2 = cs.Struct(*_FLAGS, "c_ispeed" / cs.Int32ul, "c_ospeed" / cs.Int32ul)
WINSIZE = cs.Struct("ws_row" / cs.Int16ul, "ws_col" / cs.Int16ul, "ws_xpixel" / cs.Int16ul,
                    "ws_ypixel" / cs.Int16ul)
