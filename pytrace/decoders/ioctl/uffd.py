"""userfaultfd ioctls (strace's src/userfaultfd.c): UFFDIO_API, REGISTER, UNREGISTER, WAKE, COPY,
ZEROPAGE. Inputs print on entry, the fields the kernel fills after them on exit."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import construct as cs

from ... import printers
from ...structs.lower import Lowered
from ._util import DEFAULT, LATER, PRINTED, bitflags, req, umove

if TYPE_CHECKING:
    from ...tracee import Tracee

UFFDIO_API, UFFDIO_REGISTER, UFFDIO_UNREGISTER = req("UFFDIO_API"), req("UFFDIO_REGISTER"), req("UFFDIO_UNREGISTER")
UFFDIO_WAKE, UFFDIO_COPY, UFFDIO_ZEROPAGE = req("UFFDIO_WAKE"), req("UFFDIO_COPY"), req("UFFDIO_ZEROPAGE")

UffdioApi = cs.Struct("api" / cs.Int64ul, "features" / cs.Int64ul, "ioctls" / cs.Int64ul)
UffdioRange = cs.Struct("start" / cs.Int64ul, "len" / cs.Int64ul)
UffdioRegister = cs.Struct("start" / cs.Int64ul, "len" / cs.Int64ul, "mode" / cs.Int64ul,
                           "ioctls" / cs.Int64ul)
UffdioCopy = cs.Struct("dst" / cs.Int64ul, "src" / cs.Int64ul, "len" / cs.Int64ul, "mode" / cs.Int64ul,
                       "copy" / cs.Int64sl)
UffdioZeropage = cs.Struct("start" / cs.Int64ul, "len" / cs.Int64ul, "mode" / cs.Int64ul,
                           "zeropage" / cs.Int64sl)
API, RANGE, REGISTER = Lowered(UffdioApi), Lowered(UffdioRange), Lowered(UffdioRegister)
COPY, ZEROPAGE = Lowered(UffdioCopy), Lowered(UffdioZeropage)
_LAST = struct.Struct("<q")
h = printers.hexval


def _range(start: int, length: int) -> str:
    return f"{{start={h(start)}, len={h(length)}}}"


def _entry(t: Tracee, code: int, d: bytes) -> str:
    x = printers.xlat
    if code == UFFDIO_API:
        s = API.unpack(d)
        return f"{{api={h(s.api)}, features={printers.flags(s.features, x('uffd_api_features'), 'UFFD_FEATURE_???')}"
    if code == UFFDIO_REGISTER:
        s = REGISTER.unpack(d)
        mode = printers.flags(s.mode, x("uffd_register_mode_flags"), "UFFDIO_REGISTER_MODE_???")
        return f"{{range={_range(s.start, s.len)}, mode={mode}"
    if code == UFFDIO_COPY:
        s = COPY.unpack(d)
        mode = printers.flags(s.mode, x("uffd_copy_flags"), "UFFDIO_COPY_???")
        return f"{{dst={h(s.dst)}, src={h(s.src)}, len={h(s.len)}, mode={mode}"
    s = ZEROPAGE.unpack(d)
    mode = printers.flags(s.mode, x("uffd_zeropage_flags"), "UFFDIO_ZEROPAGE_???")
    return f"{{range={_range(s.start, s.len)}, mode={mode}"


def _exit(t: Tracee, code: int, d: bytes) -> str:
    x = printers.xlat
    if code == UFFDIO_API:
        s = API.unpack(d)
        text = ""
        if s.features != t.data[1]:
            text = f" => features={printers.flags(s.features, x('uffd_api_features'), 'UFFD_FEATURE_???')}"
        return text + f", ioctls={bitflags(s.ioctls, x('uffd_api_flags'), 'UFFD_API_???')}"
    if code == UFFDIO_REGISTER:
        s = REGISTER.unpack(d)
        return f", ioctls={bitflags(s.ioctls, x('uffd_register_ioctl_flags'), 'UFFD_API_RANGE_IOCTLS_BASIC_???')}"
    field = "copy" if code == UFFDIO_COPY else "zeropage"
    return f", {field}={h(_LAST.unpack_from(d, len(d) - 8)[0] & 0xFFFFFFFFFFFFFFFF)}"


_SIZES = {UFFDIO_API: API.size, UFFDIO_REGISTER: REGISTER.size, UFFDIO_COPY: COPY.size,
          UFFDIO_ZEROPAGE: ZEROPAGE.size}


def decode(t: Tracee, code: int, arg: int) -> int:
    if code in (UFFDIO_WAKE, UFFDIO_UNREGISTER):
        d = umove(t, arg, RANGE.size)
        t.out.append(d if isinstance(d, str) else _range(*RANGE.st.unpack(d)))
        return PRINTED
    size = _SIZES.get(code)
    if size is None:
        return DEFAULT
    if not t.exiting:
        d = umove(t, arg, size)
        if isinstance(d, str):
            t.out.append(d)
            return PRINTED
        t.data = (_entry(t, code, d), API.unpack(d).features if code == UFFDIO_API else 0)
        return LATER
    text = t.data[0]
    if not t.is_error:
        d = umove(t, arg, size)
        if not isinstance(d, str):
            text += _exit(t, code, d)
    t.out.append(text + "}")
    return PRINTED
