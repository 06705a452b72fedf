"""Terminal ioctls (strace's src/term.c): termios, termios2, winsize, integers, TIOCSTI."""

from __future__ import annotations

from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from ._util import DEFAULT, LATER, PRINTED, hexarg, num_int, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

NCCS = 19
Termios = cs.Struct(
    "c_iflag" / cs.Int32ul, "c_oflag" / cs.Int32ul, "c_cflag" / cs.Int32ul, "c_lflag" / cs.Int32ul,
    "c_line" / cs.Int8ul, cs.Padding(NCCS),
)
Termios2 = cs.Struct(
    "c_iflag" / cs.Int32ul, "c_oflag" / cs.Int32ul, "c_cflag" / cs.Int32ul, "c_lflag" / cs.Int32ul,
    "c_line" / cs.Int8ul, cs.Padding(NCCS), "c_ispeed" / cs.Int32ul, "c_ospeed" / cs.Int32ul,
)
Winsize = cs.Struct("ws_row" / cs.Int16ul, "ws_col" / cs.Int16ul, "ws_xpixel" / cs.Int16ul,
                    "ws_ypixel" / cs.Int16ul)
TERMIOS = Lowered(Termios)
TERMIOS2 = Lowered(Termios2)
WINSIZE = Lowered(Winsize)
CC_OFFSET = 17

# Request numbers (x86_64, <asm-generic/ioctls.h>).
TCGETS, TCSETS, TCSETSW, TCSETSF = 0x5401, 0x5402, 0x5403, 0x5404
TCGETA, TCSETA, TCSETAW, TCSETAF = 0x5405, 0x5406, 0x5407, 0x5408
TCSBRK, TCXONC, TCFLSH = 0x5409, 0x540A, 0x540B
TIOCEXCL, TIOCNXCL, TIOCSCTTY, TIOCGPGRP, TIOCSPGRP, TIOCOUTQ, TIOCSTI = (
    0x540C, 0x540D, 0x540E, 0x540F, 0x5410, 0x5411, 0x5412)
TIOCGWINSZ, TIOCSWINSZ, TIOCMGET, TIOCMBIS, TIOCMBIC, TIOCMSET = (
    0x5413, 0x5414, 0x5415, 0x5416, 0x5417, 0x5418)
TIOCGSOFTCAR, TIOCSSOFTCAR, FIONREAD, TIOCLINUX, TIOCCONS, TIOCGSERIAL, TIOCSSERIAL = (
    0x5419, 0x541A, 0x541B, 0x541C, 0x541D, 0x541E, 0x541F)
TIOCPKT, FIONBIO, TIOCNOTTY, TIOCSETD, TIOCGETD, TCSBRKP = 0x5420, 0x5421, 0x5422, 0x5423, 0x5424, 0x5425
TIOCSBRK, TIOCCBRK, TIOCGSID = 0x5427, 0x5428, 0x5429
TCGETS2, TCSETS2, TCSETSW2, TCSETSF2 = 0x802C542A, 0x402C542B, 0x402C542C, 0x402C542D
TIOCGPTN, TIOCSPTLCK, TIOCGDEV, TIOCGEXCL = 0x80045430, 0x40045431, 0x80045432, 0x80045440
TIOCVHANGUP = 0x5437
FIONCLEX, FIOCLEX, FIOASYNC = 0x5450, 0x5451, 0x5452
TIOCGLCKTRMIOS, TIOCSLCKTRMIOS = 0x5456, 0x5457

CBAUD, CIBAUD, IBSHIFT, CSIZE = 0o010017, 0o02003600000, 16, 0o60
_ODLY = (  # (xlat, mask, default) in strace's order
    ("term_oflags_nldly", 0o000400, "NL?"),
    ("term_oflags_crdly", 0o003000, "CR?"),
    ("term_oflags_tabdly", 0o014000, "TAB?"),
    ("term_oflags_bsdly", 0o020000, "BS?"),
    ("term_oflags_vtdly", 0o040000, "VT?"),
    ("term_oflags_ffdly", 0o100000, "FF?"),
)


def _or(parts: list[str]) -> str:
    return "|".join(p for p in parts if p)


def _oflag(v: int) -> str:
    x = printers.xlat
    parts = []
    for name, mask, dflt in _ODLY:
        parts.append(printers.xval(v & mask, x(name), dflt))
        v &= ~mask
    if v:
        parts.append(printers.flags(v, x("term_oflags")))
    return _or(parts)


def _cflag(v: int) -> str:
    x = printers.xlat
    parts = [printers.xval(v & CBAUD, x("baud_options"), "B???")]
    if v & CIBAUD:
        ib = printers.xval((v & CIBAUD) >> IBSHIFT, x("baud_options"), "B???")
        parts.append(f"{ib}<<IBSHIFT")
    parts.append(printers.xval(v & CSIZE, x("term_cflags_csize"), "CS?"))
    v &= ~(CBAUD | CIBAUD | CSIZE)
    if v:
        parts.append(printers.flags(v, x("term_cflags")))
    return _or(parts)


def _flags4(s: object) -> str:
    x = printers.xlat
    il = printers.flags(s.c_iflag, x("term_iflags")) or "0"  # type: ignore[attr-defined]
    ll = printers.flags(s.c_lflag, x("term_lflags")) or "0"  # type: ignore[attr-defined]
    return (f"c_iflag={il}, c_oflag={_oflag(s.c_oflag)}, "  # type: ignore[attr-defined]
            f"c_cflag={_cflag(s.c_cflag)}, c_lflag={ll}")  # type: ignore[attr-defined]


def _cc(data: bytes) -> str:
    names = printers.xlat("termios_cc")
    items = []
    for i in range(NCCS):
        key = names.by_value.get(i, str(i))
        items.append(f"[{key}] = {hexarg(data[CC_OFFSET + i])}")
    return "c_cc=[" + ", ".join(items) + "]"


# termios text by (bytes, -v, -X style): a program polling its terminal reads the same bytes.
_TEXT: dict[tuple[bytes, bool, int], str] = {}
_TEXT_MAX = 1024


def termios(t: Tracee, addr: int, two: bool = False) -> str:
    layout = TERMIOS2 if two else TERMIOS
    d = umove(t, addr, layout.size)
    if isinstance(d, str):
        return d
    key = (d, t.cfg.verbose, printers.xlat_style)
    text = _TEXT.get(key)
    if text is None:
        text = _termios_text(t, d, layout, two)
        if len(_TEXT) < _TEXT_MAX:
            _TEXT[key] = text
    return text


def _termios_text(t: Tracee, d: bytes, layout: Lowered, two: bool) -> str:
    s = layout.unpack(d)
    if not t.cfg.verbose:
        return "{" + _flags4(s) + ", ...}"
    line = printers.xval(s.c_line, printers.xlat("term_line_discs"), "N_???")
    text = "{" + _flags4(s) + f", c_line={line}, " + _cc(d)
    if two:
        text += f", c_ispeed={s.c_ispeed}, c_ospeed={s.c_ospeed}"
    return text + "}"


def winsize(t: Tracee, addr: int) -> str:
    d = umove(t, addr, 8)
    if isinstance(d, str):
        return d
    s = WINSIZE.unpack(d)
    return f"{{ws_row={s.ws_row}, ws_col={s.ws_col}, ws_xpixel={s.ws_xpixel}, ws_ypixel={s.ws_ypixel}}}"


_GET_INT = frozenset({TIOCGPGRP, TIOCGSID, TIOCGETD, TIOCGSOFTCAR, TIOCGPTN, FIONREAD, TIOCOUTQ,
                      TIOCGEXCL, TIOCGDEV})
_SET_INT = frozenset({TIOCSPGRP, TIOCSETD, FIONBIO, FIOASYNC, TIOCPKT, TIOCSSOFTCAR, TIOCSPTLCK})
_NO_ARG = frozenset({TIOCSBRK, TIOCCBRK, TIOCCONS, TIOCNOTTY, TIOCEXCL, TIOCNXCL, FIOCLEX, FIONCLEX,
                     TIOCVHANGUP, TIOCSSERIAL})


def decode(t: Tracee, code: int, arg: int) -> int:
    out = t.out
    if code in (TCGETS2, TCGETS, TIOCGLCKTRMIOS) and not t.exiting:
        return LATER
    if code in (TCGETS2, TCSETS2, TCSETSW2, TCSETSF2):
        out.append(termios(t, arg, True))
    elif code in (TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGLCKTRMIOS, TIOCSLCKTRMIOS):
        out.append(termios(t, arg))
    elif code == TIOCGWINSZ:
        if not t.exiting:
            return LATER
        out.append(winsize(t, arg))
    elif code == TIOCSWINSZ:
        out.append(winsize(t, arg))
    elif code == TCXONC:
        out.append(printers.xval(arg, printers.xlat("tcxonc_options"), "TC???"))
    elif code == TCFLSH:
        out.append(printers.xval(arg, printers.xlat("tcflsh_options"), "TC???"))
    elif code in (TCSBRK, TCSBRKP, TIOCSCTTY):
        out.append(str(t.sarg(2)))
    elif code in (TIOCMGET, TIOCMBIS, TIOCMBIC, TIOCMSET):
        if code == TIOCMGET and not t.exiting:
            return LATER
        d = umove(t, arg, 4)
        out.append(d if isinstance(d, str) else
                   "[" + printers.flags(int.from_bytes(d, "little"), printers.xlat("modem_flags"),
                                        "TIOCM_???") + "]")
    elif code in _GET_INT:
        if not t.exiting:
            return LATER
        out.append(num_int(t, arg))
    elif code in _SET_INT:
        out.append(num_int(t, arg))
    elif code == TIOCSTI:
        out.append(printers.buf(t, arg, 1))
    elif code in _NO_ARG:
        pass
    else:
        return DEFAULT
    return PRINTED
