"""evdev decoders over real bytes in this process's memory: NULL, unmapped and truncated buffers,
and the bitmap rules (four names then ``...``, -v, the count the kernel returned, -X raw|verbose).
Live comparisons with strace are in tests/test_ioctl_more.py."""

from __future__ import annotations

import ctypes
import mmap
import struct

import pytest

from pytrace import printers
from tests.test_ioctl import _buf, _decode

PAGE = mmap.PAGESIZE


def _ior(nr: int, size: int) -> int:
    return (2 << 30) | (size << 16) | (0x45 << 8) | nr


@pytest.fixture
def edge() -> tuple[int, mmap.mmap]:
    """The address of the last 4 bytes before an unmapped page."""
    m = mmap.mmap(-1, 2 * PAGE)
    base = ctypes.addressof(ctypes.c_char.from_buffer(m))
    # munmap, not mprotect: /proc/PID/mem reads through PROT_NONE.
    assert ctypes.CDLL(None).munmap(ctypes.c_void_p(base + PAGE), ctypes.c_size_t(PAGE)) == 0
    return base + PAGE - 4, m


def test_bitmap_names_four_then_more() -> None:
    a, keep = _buf(struct.pack("<QQ", 0b111111, 0))
    code = _ior(0x21, 16)  # EVIOCGBIT(EV_KEY, 16)
    assert _decode((3, code, a), rval=16)[0] == (
        "3, EVIOCGBIT(EV_KEY, 16), [KEY_RESERVED KEY_ESC KEY_1 KEY_2 ...]")
    full = _decode((3, code, a), rval=16, verbose=True)[0]
    assert full.endswith("[KEY_RESERVED KEY_ESC KEY_1 KEY_2 KEY_3 KEY_4]")
    # Only the bits below the count the kernel returned are looked at.
    assert _decode((3, code, a), rval=0)[0] == f"3, EVIOCGBIT(EV_KEY, 16), {a:#x}"
    del keep


def test_bitmap_empty_raw_and_verbose() -> None:
    a, keep = _buf(bytes(8))
    code = _ior(0x19, 8)  # EVIOCGLED(8)
    assert _decode((3, code, a), rval=8)[0] == "3, EVIOCGLED(8), []"
    b, keep2 = _buf(struct.pack("<Q", 3))
    try:
        printers.xlat_style = printers.STYLE_RAW
        assert _decode((3, code, b), rval=8)[0] == "3, 0x80084519, [0x3]"
        printers.xlat_style = printers.STYLE_VERBOSE
        assert _decode((3, code, b), rval=8)[0] == (
            "3, 0x80084519 /* EVIOCGLED(8) */, [0 /* LED_NUML */ 0x1 /* LED_CAPSL */] /* [0x3] */")
    finally:
        printers.xlat_style = printers.STYLE_ABBREV
    del keep, keep2


def test_null_unmapped_and_truncated(edge: tuple[int, mmap.mmap]) -> None:
    addr, keep = edge
    struct.pack_into("<i", keep, PAGE - 4, 0x10001)
    assert _decode((3, 0x80044501, addr))[0] == "3, EVIOCGVERSION, [0x10001]"
    assert _decode((3, 0x80044501, 0))[0] == "3, EVIOCGVERSION, NULL"
    # struct input_id (8 bytes) runs into the unmapped page: the address prints.
    assert _decode((3, 0x80084502, addr))[0] == f"3, EVIOCGID, {addr:#x}"
    # A bitmap read that crosses into the unmapped page.
    assert _decode((3, _ior(0x18, 64), addr), rval=64)[0] == f"3, EVIOCGKEY(64), {addr:#x}"
    # EVIOCSFF (48 bytes) truncated, and NULL.
    assert _decode((3, 0x40304580, addr))[0] == f"3, EVIOCSFF, {addr:#x}"
    assert _decode((3, 0x40304580, 0))[0] == "3, EVIOCSFF, NULL"
    assert _decode((3, 0x40304580, 0xFFFFFFFFFFFFF000))[0] == "3, EVIOCSFF, 0xfffffffffffff000"


def test_name_string_and_absinfo() -> None:
    a, keep = _buf(b"Dev\n\0junk")
    assert _decode((3, _ior(6, 10), a), rval=5)[0] == '3, EVIOCGNAME(10), "Dev\\n\\0"'
    b, keep2 = _buf(struct.pack("<6i", 1, -1, 9, 0, 0, 3))
    assert _decode((3, _ior(0x40, 24), b))[0] == "3, EVIOCGABS(ABS_X), {value=1, minimum=4294967295, ...}"
    assert _decode((3, _ior(0x40, 24), b), verbose=True)[0].endswith(
        "maximum=9, fuzz=0, flat=0, resolution=3}")
    # Smaller than struct input_absinfo up to flat: not decoded.
    assert _decode((3, _ior(0x40, 16), b))[0] == f"3, EVIOCGABS(ABS_X), {b:#x}"
    del keep, keep2
