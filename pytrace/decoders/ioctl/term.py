"""Terminal ioctls (strace's src/term.c): termios, termios2, winsize, integers, TIOCSTI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import printers
from ...structs._layouts import TERMIOS, TERMIOS2, WINSIZE
from ...structs.fast import Layout
from .._modes import abbrev
from ._util import DEFAULT, LATER, PRINTED, hexarg, num_int, reqs, umove

if TYPE_CHECKING:
    from ...tracee import Tracee



# Request numbers from the generated table (<asm-generic/ioctls.h>).
TCGETS, TCSETS, TCSETSW, TCSETSF = reqs("TCGETS TCSETS TCSETSW TCSETSF")
TCGETS2, TCSETS2, TCSETSW2, TCSETSF2 = reqs("TCGETS2 TCSETS2 TCSETSW2 TCSETSF2")
TCSBRK, TCSBRKP, TCXONC, TCFLSH = reqs("TCSBRK TCSBRKP TCXONC TCFLSH")
TIOCEXCL, TIOCNXCL, TIOCGEXCL, TIOCSCTTY, TIOCNOTTY = reqs("TIOCEXCL TIOCNXCL TIOCGEXCL TIOCSCTTY TIOCNOTTY")
TIOCGPGRP, TIOCSPGRP, TIOCGSID, TIOCOUTQ, TIOCSTI = reqs("TIOCGPGRP TIOCSPGRP TIOCGSID TIOCOUTQ TIOCSTI")
TIOCGWINSZ, TIOCSWINSZ = reqs("TIOCGWINSZ TIOCSWINSZ")
TIOCMGET, TIOCMBIS, TIOCMBIC, TIOCMSET = reqs("TIOCMGET TIOCMBIS TIOCMBIC TIOCMSET")
TIOCGSOFTCAR, TIOCSSOFTCAR, TIOCGETD, TIOCSETD = reqs("TIOCGSOFTCAR TIOCSSOFTCAR TIOCGETD TIOCSETD")
TIOCCONS, TIOCSSERIAL, TIOCPKT, TIOCSBRK, TIOCCBRK = reqs("TIOCCONS TIOCSSERIAL TIOCPKT TIOCSBRK TIOCCBRK")
TIOCGPTN, TIOCSPTLCK, TIOCGDEV, TIOCVHANGUP = reqs("TIOCGPTN TIOCSPTLCK TIOCGDEV TIOCVHANGUP")
FIONREAD, FIONBIO, FIONCLEX, FIOCLEX, FIOASYNC = reqs("FIONREAD FIONBIO FIONCLEX FIOCLEX FIOASYNC")
TIOCGLCKTRMIOS, TIOCSLCKTRMIOS = reqs("TIOCGLCKTRMIOS TIOCSLCKTRMIOS")

CBAUD, CIBAUD, IBSHIFT, CSIZE = (printers.const(n) for n in ("CBAUD", "CIBAUD", "IBSHIFT", "CSIZE"))
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


def _cc(cc: bytes) -> str:
    names = printers.xlat("termios_cc")
    items = []
    for i, v in enumerate(cc):
        key = names.by_value.get(i, str(i))
        items.append(f"[{key}]={hexarg(v)}")
    return "c_cc=[" + ", ".join(items) + "]"


# termios text by (bytes, -v, -X style): a program polling its terminal reads the same bytes.
_TEXT: dict[tuple[bytes, bool, int], str] = {}
_TEXT_MAX = 1024


def termios(t: Tracee, addr: int, two: bool = False) -> str:
    layout = TERMIOS2 if two else TERMIOS
    d = umove(t, addr, layout.size)
    if isinstance(d, str):
        return d
    key = (d, not abbrev(t), printers.xlat_style)
    text = _TEXT.get(key)
    if text is None:
        text = _termios_text(t, d, layout, two)
        if len(_TEXT) < _TEXT_MAX:
            _TEXT[key] = text
    return text


def _termios_text(t: Tracee, d: bytes, layout: Layout, two: bool) -> str:
    s = layout.unpack(d)
    if abbrev(t):
        return "{" + _flags4(s) + ", ...}"
    line = printers.xval(s.c_line, printers.xlat("term_line_discs"), "N_???")
    text = "{" + _flags4(s) + f", c_line={line}, " + _cc(s.c_cc)
    if two:
        text += f", c_ispeed={s.c_ispeed}, c_ospeed={s.c_ospeed}"
    return text + "}"


def winsize(t: Tracee, addr: int) -> str:
    d = umove(t, addr, WINSIZE.size)
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
