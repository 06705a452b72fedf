"""bpf (strace's src/bpf.c): the command, union bpf_attr as strace 6.1 decodes it per command,
and the size.

The attr is read up to ``size`` bytes (1..4096; else, or when unreadable, its address prints).
Only the fields within ``size`` print; non-zero bytes past the fields strace knows print as
``...`` (``extra_data="\\x.." /* bytes N..M */`` under -v). Commands with output fields print
the rest at exit: the exit text continues the open structure (the call is GLUED).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import construct as cs

from ..printers import addr, buf, cstr, fd, flags, hexval, xlat, xval
from ..quote import quote
from ..structs import bpf as L
from ..structs.lower import Lowered
from ._modes import dev
from ._print_array import abbrev, print_array
from ._sockaddr import ifindex
from ._umove import fetch
from .registry import RVAL_DECIMAL, RVAL_FD, syscall

if TYPE_CHECKING:
    from ..tracee import Tracee

_PAGE = 4096
_MAXINSNS = 4096  # BPF_MAXINSNS
_HEX = tuple("\\x%02x" % i for i in range(256))

# What an entry handler returns: the text (the call is complete) or (text, state) when the
# exit handler prints the rest.
Entry = Callable[["Tracee", bytes, int], "str | tuple[str, Any]"]
Exit = Callable[["Tracee", bytes, int, Any], str]


def _fields(lay: Lowered, raw: bytes) -> tuple[Any, int]:
    """The layout's fields from ``raw`` (zero-filled past its end) and min(size, sizeof)."""
    n = min(len(raw), lay.size)
    return lay.unpack(raw[: lay.size].ljust(lay.size, b"\0")), n


def _x(v: int) -> str:
    return hexval(v)


def _fd(t: Tracee, v: int) -> str:
    return fd(t, v)


def extra(t: Tracee, raw: bytes, attr_size: int) -> str:
    """decode_attr_extra_data: ``, ...`` when bytes past ``attr_size`` are not all zero."""
    tail = raw[attr_size:]
    if not tail or not tail.strip(b"\0"):
        return ""
    if abbrev(t):
        return ", ..."
    text = '"' + "".join([_HEX[c] for c in tail]) + '"'
    return f", extra_data={text} /* bytes {attr_size}..{attr_size + len(tail) - 1} */"


def cstring_sz(t: Tracee, data: bytes, size: int) -> str:
    """PRINT_FIELD_CSTRING_SZ: a char array of ``size`` bytes expected to end in NUL."""
    s = data[:size]
    n = size - 1
    nul = s.find(b"\0")
    if 0 <= nul < n:
        return quote(s[:nul], t.cfg.xflag)
    return quote(s[:n], t.cfg.xflag) + ("" if nul == n else "...")


def str_ex(t: Tracee, a: int, length: int) -> str:
    """printstr_ex(addr, len, QUOTE_0_TERMINATED): at most min(len, -s) bytes up to a NUL."""
    if not a:
        return "NULL"
    size = min(length, t.cfg.string_limit)
    if size <= 0:
        return '""'
    got = t.mem.read_cstring(a, size)
    if got is None:
        return addr(a)
    data, terminated = got
    if terminated:
        return quote(data, t.cfg.xflag)
    if len(data) < size:
        return addr(a)
    return quote(data, t.cfg.xflag) + "..."


def _kernel_version(v: int) -> str:
    from .. import printers

    if printers.xlat_style == printers.STYLE_RAW:
        return hexval(v)
    text = f"KERNEL_VERSION({v >> 16}, {v >> 8 & 0xFF}, {v & 0xFF})"
    if printers.xlat_style == printers.STYLE_VERBOSE:
        return f"{hexval(v)} /* {text} */"
    return text


def _numa_node(v: int) -> str:
    from .. import printers

    name = xlat("numa_node").get(v)
    if name is None or printers.xlat_style == printers.STYLE_RAW:
        return str(v)
    return f"{v} /* {name} */"


def _u32_elem(raw: bytes) -> str:
    return str(int.from_bytes(raw, "little"))


# ------------------------------------------------------------------ maps
def _map_create(t: Tracee, raw: bytes, size: int) -> str:
    a, n = _fields(L.MAP_CREATE, raw)
    o = [
        "map_type=" + xval(a.map_type, xlat("bpf_map_types"), "BPF_MAP_TYPE_???"),
        f"key_size={a.key_size}", f"value_size={a.value_size}", f"max_entries={a.max_entries}",
    ]
    while True:
        if n <= 16:
            break
        o.append("map_flags=" + flags(a.map_flags, xlat("bpf_map_flags"), "BPF_F_???"))
        if n <= 20:
            break
        o.append("inner_map_fd=" + _fd(t, a.inner_map_fd))
        if n <= 24:
            break
        if a.map_flags & 4:  # BPF_F_NUMA_NODE
            o.append("numa_node=" + _numa_node(a.numa_node))
        if n <= 28:
            break
        o.append("map_name=" + cstring_sz(t, a.map_name, min(16, n - 28)))
        if n <= 44:
            break
        o.append("map_ifindex=" + ifindex(a.map_ifindex))
        if n <= 48:
            break
        o += ["btf_fd=" + _fd(t, a.btf_fd), f"btf_key_type_id={a.btf_key_type_id}",
              f"btf_value_type_id={a.btf_value_type_id}"]
        if n <= 60:
            break
        o.append(f"btf_vmlinux_value_type_id={a.btf_vmlinux_value_type_id}")
        if n <= 64:
            break
        o.append(f"map_extra={a.map_extra}")
        break
    return "{" + ", ".join(o) + extra(t, raw, L.MAP_CREATE.size) + "}"


def _elem_head(t: Tracee, a: Any) -> list[str]:
    return ["map_fd=" + _fd(t, a.map_fd), "key=" + addr(a.key)]


def _map_lookup_elem(t: Tracee, raw: bytes, size: int) -> str:
    a, n = _fields(L.MAP_ELEM, raw)
    o = _elem_head(t, a) + ["value=" + addr(a.value)]
    if n > 24:
        o.append("flags=" + flags(a.flags, xlat("bpf_map_lookup_elem_flags"), "BPF_???"))
    return "{" + ", ".join(o) + extra(t, raw, 32) + "}"


def _map_update_elem(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.MAP_ELEM, raw)
    o = _elem_head(t, a) + ["value=" + addr(a.value),
                            "flags=" + xval(a.flags, xlat("bpf_map_update_elem_flags"), "BPF_???")]
    return "{" + ", ".join(o) + extra(t, raw, 32) + "}"


def _map_delete_elem(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.MAP_ELEM, raw)
    return "{" + ", ".join(_elem_head(t, a)) + extra(t, raw, 16) + "}"


def _map_get_next_key(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.MAP_ELEM, raw)
    o = _elem_head(t, a) + ["next_key=" + addr(a.value)]
    return "{" + ", ".join(o) + extra(t, raw, 24) + "}"


def _map_freeze(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.MAP_ELEM, raw)
    return "{map_fd=" + _fd(t, a.map_fd) + extra(t, raw, 4) + "}"


def _batch(with_batches: bool, with_values: bool) -> Entry:
    def entry(t: Tracee, raw: bytes, size: int) -> tuple[str, Any]:
        a, _ = _fields(L.MAP_BATCH, raw)
        o = []
        if with_batches:
            o += ["in_batch=" + addr(a.in_batch), "out_batch=" + addr(a.out_batch)]
        o.append("keys=" + addr(a.keys))
        if with_values:
            o.append("values=" + addr(a.values))
        o += [f"count={a.count}", "map_fd=" + _fd(t, a.map_fd),
              "elem_flags=" + flags(a.elem_flags, xlat("bpf_map_lookup_elem_flags"), "BPF_???"),
              "flags=" + _x(a.flags)]
        return "{batch={" + ", ".join(o) + "}" + extra(t, raw, L.MAP_BATCH.size) + "}", a.count

    return entry


def _batch_exit(t: Tracee, raw: bytes, size: int, count: int) -> str:
    a, _ = _fields(L.MAP_BATCH, raw)
    return "" if a.count == count else f" => {{batch={{count={a.count}}}}}"


# ------------------------------------------------------------------ programs
def _either(classic: str, extended: str, v: int) -> Any:
    """The table that names ``v``: classic BPF's, else eBPF's addition to it."""
    return xlat(extended) if xlat(classic).get(v) is None and xlat(extended).get(v) is not None else xlat(classic)


def _ebpf_code(code: int) -> str:
    """print_bpf_filter_code(code, extended): ``BPF_ALU64|BPF_K|BPF_MOV``."""
    cls = code & 7
    parts = [xval(cls, xlat("ebpf_class"), "BPF_???")]
    if cls <= 3:  # BPF_LD, BPF_LDX, BPF_ST, BPF_STX
        size = code & 0x18
        parts.append(xval(size, _either("bpf_size", "ebpf_size", size), "BPF_???"))
        parts.append(xval(code & 0xE0, xlat("ebpf_mode"), "BPF_???"))
    else:  # BPF_ALU, BPF_JMP, BPF_JMP32, BPF_ALU64
        parts.append(xval(code & 8, xlat("bpf_src"), "BPF_???"))
        op = code & 0xF0
        if cls in (4, 7):
            parts.append(xval(op, _either("bpf_op_alu", "ebpf_op_alu", op), "BPF_???"))
        else:
            parts.append(xval(op, xlat("bpf_op_jmp"), "BPF_???"))
    return "|".join(parts)


def _insn(raw: bytes) -> str:
    a = L.EBPF_INSN.unpack(raw)
    regs = xlat("ebpf_regs")
    return (f"{{code={_ebpf_code(a.code)}, dst_reg={xval(a.regs & 15, regs, 'BPF_REG_???')}, "
            f"src_reg={xval(a.regs >> 4, regs, 'BPF_REG_???')}, off={a.off}, imm={_x(a.imm & 0xFFFFFFFF)}}}")


def _insns(t: Tracee, a: int, n: int) -> str:
    if abbrev(t):
        return addr(a)
    text = print_array(t, a, min(n, _MAXINSNS + 1), 8, _insn)
    if n > _MAXINSNS and text.endswith("]") and not text.endswith("*/]"):
        parts = text[:-1].rsplit(", ", 1)
        text = parts[0] + ", ...]"
    return text


def _prog_load(t: Tracee, raw: bytes, size: int) -> str:
    a, n = _fields(L.PROG_LOAD, raw)
    o = [
        "prog_type=" + xval(a.prog_type, xlat("bpf_prog_types"), "BPF_PROG_TYPE_???"),
        f"insn_cnt={a.insn_cnt}", "insns=" + _insns(t, a.insns, a.insn_cnt),
        "license=" + cstr(t, a.license),
    ]
    while True:
        if n <= 24:
            break
        o += [f"log_level={a.log_level}", f"log_size={a.log_size}",
              "log_buf=" + str_ex(t, a.log_buf, a.log_size)]
        if n <= 40:
            break
        o.append("kern_version=" + _kernel_version(a.kern_version))
        if n <= 44:
            break
        o.append("prog_flags=" + flags(a.prog_flags, xlat("bpf_prog_flags"), "BPF_F_???"))
        if n <= 48:
            break
        o.append("prog_name=" + cstring_sz(t, a.prog_name, min(16, n - 48)))
        if n <= 64:
            break
        o.append("prog_ifindex=" + ifindex(a.prog_ifindex))
        if n <= 68:
            break
        o.append("expected_attach_type=" + xval(a.expected_attach_type, xlat("bpf_attach_type"), "BPF_???"))
        if n <= 72:
            break
        o += ["prog_btf_fd=" + _fd(t, a.prog_btf_fd), f"func_info_rec_size={a.func_info_rec_size}",
              "func_info=" + addr(a.func_info), f"func_info_cnt={a.func_info_cnt}",
              f"line_info_rec_size={a.line_info_rec_size}", "line_info=" + addr(a.line_info),
              f"line_info_cnt={a.line_info_cnt}"]
        if n <= 108:
            break
        o.append(f"attach_btf_id={a.attach_btf_id}")
        if n <= 112:
            break
        o.append("attach_prog_fd=" + _fd(t, a.attach_prog_fd))
        if n <= 120:
            break
        o.append("fd_array=" + addr(a.fd_array))
        break
    return "{" + ", ".join(o) + extra(t, raw, L.PROG_LOAD.size) + "}"


def _obj_pin(t: Tracee, raw: bytes, size: int) -> str:
    from ..printers import path

    a, n = _fields(L.OBJ_PIN, raw)
    o = ["pathname=" + path(t, a.pathname), "bpf_fd=" + _fd(t, a.bpf_fd)]
    if n > 12:
        o.append("file_flags=" + flags(a.file_flags, xlat("bpf_file_mode_flags"), "BPF_F_???"))
    return "{" + ", ".join(o) + extra(t, raw, 16) + "}"


def _prog_attach(t: Tracee, raw: bytes, size: int) -> str:
    a, n = _fields(L.PROG_ATTACH, raw)
    o = ["target_fd=" + _fd(t, a.target_fd), "attach_bpf_fd=" + _fd(t, a.attach_bpf_fd),
         "attach_type=" + xval(a.attach_type, xlat("bpf_attach_type"), "BPF_???"),
         "attach_flags=" + flags(a.attach_flags, xlat("bpf_attach_flags"), "BPF_F_???")]
    if n > 16:
        o.append("replace_bpf_fd=" + _fd(t, a.replace_bpf_fd))
    return "{" + ", ".join(o) + extra(t, raw, 20) + "}"


def _prog_detach(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.PROG_DETACH, raw)
    o = ["target_fd=" + _fd(t, a.target_fd),
         "attach_type=" + xval(a.attach_type, xlat("bpf_attach_type"), "BPF_???")]
    return "{" + ", ".join(o) + extra(t, raw, 12) + "}"


def _prog_test_run(t: Tracee, raw: bytes, size: int) -> str:
    a, n = _fields(L.PROG_TEST_RUN, raw)
    o = ["prog_fd=" + _fd(t, a.prog_fd), f"retval={a.retval}", f"data_size_in={a.data_size_in}",
         f"data_size_out={a.data_size_out}", "data_in=" + addr(a.data_in),
         "data_out=" + addr(a.data_out), f"repeat={a.repeat}", f"duration={a.duration}"]
    if n > 40:
        o += [f"ctx_size_in={a.ctx_size_in}", f"ctx_size_out={a.ctx_size_out}",
              "ctx_in=" + addr(a.ctx_in), "ctx_out=" + addr(a.ctx_out)]
    if n > 64:
        o += ["flags=" + flags(a.flags, xlat("bpf_test_run_flags"), "BPF_F_TEST_???"), f"cpu={a.cpu}"]
    if n > 72:
        o.append(f"batch_size={a.batch_size}")
    return "{test={" + ", ".join(o) + "}" + extra(t, raw, L.PROG_TEST_RUN.size) + "}"


# ------------------------------------------------------------------ ids and info
def _get_next_id(t: Tracee, raw: bytes, size: int) -> tuple[str, Any]:
    a, _ = _fields(L.GET_ID, raw)
    return f"{{start_id={a.id}, next_id={a.next_id}", a.next_id


def _get_next_id_exit(t: Tracee, raw: bytes, size: int, next_id: int) -> str:
    a, n = _fields(L.GET_ID, raw)
    text = "" if a.next_id == next_id else f" => {a.next_id}"
    if n > 8:
        text += ", open_flags=" + flags(a.open_flags, xlat("bpf_file_mode_flags"), "BPF_F_???")
    return text + extra(t, raw, 12) + "}"


def _get_fd_by_id(name: str) -> Entry:
    def entry(t: Tracee, raw: bytes, size: int) -> str:
        a, n = _fields(L.GET_ID, raw)
        text = f"{{{name}={a.id}, next_id={a.next_id}"
        if n > 8:
            text += ", open_flags=" + flags(a.open_flags, xlat("bpf_file_mode_flags"), "BPF_F_???")
        return text + extra(t, raw, 12) + "}"

    return entry


def _get_fd_by_id_short(name: str) -> Entry:
    def entry(t: Tracee, raw: bytes, size: int) -> str:
        a, _ = _fields(L.GET_FD_BY_ID_SHORT, raw)
        return f"{{{name}={a.id}" + extra(t, raw, 4) + "}"

    return entry


def _obj_get_info(t: Tracee, raw: bytes, size: int) -> tuple[str, Any]:
    a, _ = _fields(L.OBJ_INFO, raw)
    kind = None if abbrev(t) else _bpf_fd_kind(t, a.bpf_fd)
    saved = None
    if kind == "anon_inode:bpf-prog":
        # strace reads the info at entry too and prints "OLD => NEW" for the in/out fields;
        # unreadable at entry, the old values are zeros.
        data = _read_info(t, a.info, a.info_len)
        saved = _fields(PROG_INFO, data if data is not None else b"")[0]
    text = f"{{info={{bpf_fd={_fd(t, a.bpf_fd)}, info_len={a.info_len}"
    return text, (a.info_len, kind, saved)


def _read_info(t: Tracee, a: int, size: int) -> bytes | None:
    """fetch_bpf_obj_info: ``size`` bytes (1..page) read whole, or None."""
    return t.mem.read(a, size) if 0 < size <= _PAGE and a else None


def _bpf_fd_kind(t: Tracee, bpf_fd: int) -> str | None:
    from .fds import fd_path

    target = fd_path(t.pid, bpf_fd & 0xFFFFFFFF) if not bpf_fd & 0x80000000 else None
    return target if target in ("anon_inode:bpf-map", "anon_inode:bpf-prog") else None


def _obj_get_info_exit(t: Tracee, raw: bytes, size: int, state: Any) -> str:
    info_len, kind, saved = state
    a, _ = _fields(L.OBJ_INFO, raw)
    text = "" if a.info_len == info_len else f" => {a.info_len}"
    info = addr(a.info)
    if kind is not None:
        data = _read_info(t, a.info, a.info_len)
        if data is not None:
            info = _map_info(t, data) if kind == "anon_inode:bpf-map" else _prog_info(t, data, saved)
    return text + ", info=" + info + "}" + extra(t, raw, 16) + "}"


def _map_info(t: Tracee, data: bytes) -> str:
    a, n = _fields(L.MAP_INFO, data)
    o = ["type=" + xval(a.type, xlat("bpf_map_types"), "BPF_MAP_TYPE_???"), f"id={a.id}",
         f"key_size={a.key_size}", f"value_size={a.value_size}", f"max_entries={a.max_entries}",
         "map_flags=" + flags(a.map_flags, xlat("bpf_map_flags"), "BPF_F_???")]
    while True:
        if n <= 24:
            break
        o.append("name=" + cstring_sz(t, a.name, 16))
        if n <= 40:
            break
        o += ["ifindex=" + ifindex(a.ifindex),
              f"btf_vmlinux_value_type_id={a.btf_vmlinux_value_type_id}",
              "netns_dev=" + dev(a.netns_dev), f"netns_ino={a.netns_ino}"]
        if n <= 64:
            break
        o += [f"btf_id={a.btf_id}", f"btf_key_type_id={a.btf_key_type_id}",
              f"btf_value_type_id={a.btf_value_type_id}"]
        break
    return "{" + ", ".join(o) + "}"


# struct bpf_prog_info as strace 6.1 knows it: up to verified_insns (220 bytes; the kernel's
# attach_btf_obj_id and attach_btf_id are extra data to strace 6.1).
prog_info_decl = cs.Struct(
    "type" / cs.Int32ul, "id" / cs.Int32ul, "tag" / cs.Bytes(8), "jited_prog_len" / cs.Int32ul,
    "xlated_prog_len" / cs.Int32ul, "jited_prog_insns" / cs.Int64ul,
    "xlated_prog_insns" / cs.Int64ul, "load_time" / cs.Int64ul, "created_by_uid" / cs.Int32ul,
    "nr_map_ids" / cs.Int32ul, "map_ids" / cs.Int64ul, "name" / cs.Bytes(16),
    "ifindex" / cs.Int32ul, "gpl_compatible" / cs.Int32ul, "netns_dev" / cs.Int64ul,
    "netns_ino" / cs.Int64ul, "nr_jited_ksyms" / cs.Int32ul, "nr_jited_func_lens" / cs.Int32ul,
    "jited_ksyms" / cs.Int64ul, "jited_func_lens" / cs.Int64ul, "btf_id" / cs.Int32ul,
    "func_info_rec_size" / cs.Int32ul, "func_info" / cs.Int64ul, "nr_func_info" / cs.Int32ul,
    "nr_line_info" / cs.Int32ul, "line_info" / cs.Int64ul, "jited_line_info" / cs.Int64ul,
    "nr_jited_line_info" / cs.Int32ul, "line_info_rec_size" / cs.Int32ul,
    "jited_line_info_rec_size" / cs.Int32ul, "nr_prog_tags" / cs.Int32ul, "prog_tags" / cs.Int64ul,
    "run_time_ns" / cs.Int64ul, "run_cnt" / cs.Int64ul, "recursion_misses" / cs.Int64ul,
    "verified_insns" / cs.Int32ul,
)
PROG_INFO = Lowered(prog_info_decl)
_RTC_OFFSET: list[int] = []  # CLOCK_REALTIME - CLOCK_BOOTTIME, taken once as strace does


def _boottime(ns: int) -> str:
    """print_boottime: `` /* 2026-11-25T00:13:05+0000 */`` (seconds only), none under -X raw."""
    from .. import printers

    if printers.xlat_style == printers.STYLE_RAW:
        return ""
    if not _RTC_OFFSET:
        _RTC_OFFSET.append(time.clock_gettime_ns(time.CLOCK_REALTIME)
                           - time.clock_gettime_ns(time.CLOCK_BOOTTIME))
    try:
        tm = time.localtime((ns + _RTC_OFFSET[0]) // 1_000_000_000)
    except (OverflowError, OSError, ValueError):
        return ""
    return " /* " + time.strftime("%Y-%m-%dT%H:%M:%S%z", tm) + " */"


def _hex_str(t: Tracee, a: int, length: int) -> str:
    """printstr_ex(addr, len, QUOTE_FORCE_HEX): every byte as \\xNN, cut at -s."""
    if not a:
        return "NULL"
    if length <= 0:
        return '""'
    size = min(length, t.cfg.string_limit)
    data = t.mem.read(a, size)
    if data is None:
        return addr(a)
    return '"' + "".join([_HEX[c] for c in data]) + '"' + ("..." if length > size else "")


def _exit_array(t: Tracee, a: int, n: int, show: Callable[[], str]) -> str:
    """An array printed at exit: after a failed call strace's tfetch_mem reads nothing, so a
    non-empty array prints as its address."""
    if t.is_error and a and n > 0:
        return addr(a)
    return show()


def _uid(v: int) -> str:
    """PRINT_FIELD_ID: (uid_t) -1 prints as -1."""
    return "-1" if v == 0xFFFFFFFF else str(v)


def _prog_info(t: Tracee, data: bytes, saved: Any) -> str:
    """print_bpf_prog_info at exit: in/out counts print ``OLD => NEW`` when the kernel changed them."""
    a, n = _fields(PROG_INFO, data)

    def u(name: str) -> str:
        old, new = getattr(saved, name), getattr(a, name)
        return f"{name}={old} => {new}" if old != new else f"{name}={new}"

    def p(name: str) -> str:
        old, new = getattr(saved, name), getattr(a, name)
        return f"{name}={addr(old)} => {addr(new)}" if old != new else f"{name}={addr(new)}"

    o = ["type=" + xval(a.type, xlat("bpf_prog_types"), "BPF_PROG_TYPE_???"), f"id={a.id}",
         "tag=" + '"' + "".join([_HEX[c] for c in a.tag]) + '"', u("jited_prog_len"),
         "jited_prog_insns=" + _hex_str(t, a.jited_prog_insns, a.jited_prog_len),
         u("xlated_prog_len"),
         "xlated_prog_insns=" + _exit_array(t, a.xlated_prog_insns,
                                            min(saved.xlated_prog_len, a.xlated_prog_len) // 8,
                                            lambda: _insns(t, a.xlated_prog_insns,
                                                           min(saved.xlated_prog_len, a.xlated_prog_len) // 8))]
    end = ""
    while True:
        if n <= 40:
            break
        o += [f"load_time={a.load_time}{_boottime(a.load_time)}",
              "created_by_uid=" + _uid(a.created_by_uid), u("nr_map_ids"),
              "map_ids=" + _exit_array(t, a.map_ids, min(saved.nr_map_ids, a.nr_map_ids), lambda: print_array(
                  t, a.map_ids, min(saved.nr_map_ids, a.nr_map_ids), 4, _u32_elem)),
              "name=" + cstring_sz(t, a.name, 16)]
        if n <= 80:
            break
        o += ["ifindex=" + ifindex(a.ifindex), f"gpl_compatible={a.gpl_compatible & 1}",
              "netns_dev=" + dev(a.netns_dev), f"netns_ino={a.netns_ino}"]
        if n <= 104:
            break
        o += [u("nr_jited_ksyms"), u("nr_jited_func_lens"), p("jited_ksyms"), p("jited_func_lens")]
        if n <= 128:
            break
        o += [f"btf_id={a.btf_id}", u("func_info_rec_size"), "func_info=" + addr(a.func_info),
              u("nr_func_info"), u("nr_line_info"), "line_info=" + addr(a.line_info),
              p("jited_line_info"), u("nr_jited_line_info"), u("line_info_rec_size"),
              u("jited_line_info_rec_size"), u("nr_prog_tags"), "prog_tags=" + addr(a.prog_tags)]
        if n <= 192:
            break
        o += [f"run_time_ns={a.run_time_ns}", f"run_cnt={a.run_cnt}"]
        if n <= 208:
            break
        o.append(f"recursion_misses={a.recursion_misses}")
        if n <= 216:
            break
        o.append(f"verified_insns={a.verified_insns}")
        end = extra(t, data, PROG_INFO.size)
        break
    return "{" + ", ".join(o) + end + "}"


def _prog_query(t: Tracee, raw: bytes, size: int) -> tuple[str, Any]:
    a, _ = _fields(L.PROG_QUERY, raw)
    o = ["target_fd=" + _fd(t, a.target_fd),
         "attach_type=" + xval(a.attach_type, xlat("bpf_attach_type"), "BPF_???"),
         "query_flags=" + flags(a.query_flags, xlat("bpf_query_flags"), "BPF_F_QUERY_???"),
         "attach_flags=" + flags(a.attach_flags, xlat("bpf_attach_flags"), "BPF_F_???")]
    return "{query={" + ", ".join(o) + ", prog_ids=", a.prog_cnt


def _prog_query_exit(t: Tracee, raw: bytes, size: int, prog_cnt: int) -> str:
    a, _ = _fields(L.PROG_QUERY, raw)
    if t.is_error and a.prog_ids and a.prog_cnt:
        ids = addr(a.prog_ids)
    else:
        ids = print_array(t, a.prog_ids, a.prog_cnt, 4, _u32_elem)
    cnt = f"{prog_cnt} => {a.prog_cnt}" if prog_cnt != a.prog_cnt else str(a.prog_cnt)
    return ids + ", prog_cnt=" + cnt + "}" + extra(t, raw, L.PROG_QUERY.size) + "}"


def _raw_tracepoint_open(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.RAW_TRACEPOINT, raw)
    return ("{raw_tracepoint={name=" + str_ex(t, a.name, 128) + ", prog_fd=" + _fd(t, a.prog_fd)
            + "}" + extra(t, raw, L.RAW_TRACEPOINT.size) + "}")


def _btf_load(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.BTF_LOAD, raw)
    o = ["btf=" + buf(t, a.btf, a.btf_size), "btf_log_buf=" + addr(a.btf_log_buf),
         f"btf_size={a.btf_size}", f"btf_log_size={a.btf_log_size}", f"btf_log_level={a.btf_log_level}"]
    return "{" + ", ".join(o) + extra(t, raw, L.BTF_LOAD.size) + "}"


def _task_fd_query(t: Tracee, raw: bytes, size: int) -> tuple[str, Any]:
    a, _ = _fields(L.TASK_FD_QUERY, raw)
    pid = a.pid - (1 << 32) if a.pid & 0x80000000 else a.pid
    o = [f"pid={pid}", "fd=" + _fd(t, a.fd), f"flags={a.flags}", f"buf_len={a.buf_len}"]
    return "{task_fd_query={" + ", ".join(o), a.buf_len


def _task_fd_query_exit(t: Tracee, raw: bytes, size: int, buf_len: int) -> str:
    a, _ = _fields(L.TASK_FD_QUERY, raw)
    text = "" if a.buf_len == buf_len else f" => {a.buf_len}"
    o = ["buf=" + str_ex(t, a.buf, min(buf_len, a.buf_len)), f"prog_id={a.prog_id}",
         "fd_type=" + xval(a.fd_type, xlat("bpf_task_fd_type"), "BPF_FD_TYPE_???"),
         "probe_offset=" + _x(a.probe_offset), "probe_addr=" + _x(a.probe_addr)]
    return text + ", " + ", ".join(o) + "}" + extra(t, raw, 48) + "}"


# ------------------------------------------------------------------ links
_TRACE_ITER = xlat("bpf_attach_type").value_of("BPF_TRACE_ITER")
_PERF_EVENT = xlat("bpf_attach_type").value_of("BPF_PERF_EVENT")
_KPROBE_MULTI = xlat("bpf_attach_type").value_of("BPF_TRACE_KPROBE_MULTI")


def _iter_info_elem(t: Tracee) -> Callable[[bytes], str]:
    return lambda raw: "{map={map_fd=" + _fd(t, int.from_bytes(raw, "little")) + "}}"


def _link_create(t: Tracee, raw: bytes, size: int) -> str:
    a, n = _fields(L.LINK_CREATE, raw)
    o = ["prog_fd=" + _fd(t, a.prog_fd), "target_fd=" + _fd(t, a.target_fd),
         "attach_type=" + xval(a.attach_type, xlat("bpf_attach_type"), "BPF_???"),
         "flags=" + _x(a.flags)]
    if n <= 16:
        return "{link_create={" + ", ".join(o) + "}" + extra(t, raw, 48) + "}"
    union = raw[16:48].ljust(32, b"\0")
    typ = a.attach_type
    if typ == _TRACE_ITER:
        u = L.LINK_ITER.unpack(union)
        o += ["iter_info=" + print_array(t, u.iter_info, u.iter_info_len, 4, _iter_info_elem(t)),
              f"iter_info_len={u.iter_info_len}"]
        end = 28
    elif typ == _PERF_EVENT:
        o.append("perf_event={bpf_cookie=" + _x(a.u0) + "}")
        end = 24
    elif typ == _KPROBE_MULTI:
        k = L.LINK_KPROBE_MULTI.unpack(union)
        kflags = flags(k.flags, xlat("bpf_link_create_kprobe_multi_flags"), "BPF_F_KPROBE_MULTI_???")
        o.append(
            f"kprobe_multi={{flags={kflags}, cnt={k.cnt}, "
            f"syms={print_array(t, k.syms, k.cnt, 8, lambda r: cstr(t, int.from_bytes(r, 'little')))}, "
            f"addrs={print_array(t, k.addrs, k.cnt, 8, _x64_elem)}, "
            f"cookies={print_array(t, k.cookies, k.cnt, 8, _x64_elem)}}}")
        end = 48
    else:
        end = 16
    return "{link_create={" + ", ".join(o) + "}" + extra(t, raw, end) + "}"


def _x64_elem(raw: bytes) -> str:
    return _x(int.from_bytes(raw, "little"))


def _link_update(t: Tracee, raw: bytes, size: int) -> str:
    a, _ = _fields(L.LINK_UPDATE, raw)
    o = ["link_fd=" + _fd(t, a.link_fd), "new_prog_fd=" + _fd(t, a.new_prog_fd),
         "flags=" + flags(a.flags, xlat("bpf_attach_flags"), "BPF_F_???")]
    if a.flags & 4:  # BPF_F_REPLACE
        o.append("old_prog_fd=" + _fd(t, a.old_prog_fd))
    return "{link_update={" + ", ".join(o) + "}" + extra(t, raw, 16) + "}"


def _cmd(name: str) -> int:
    v = xlat("bpf_commands").value_of(name)
    assert v is not None
    return v


# command -> (entry, exit or None, returns an fd). strace 6.1 as installed decodes these; the
# later commands (LINK_DETACH, ENABLE_STATS, ITER_CREATE, PROG_BIND_MAP) print the address.
_NEXT_ID = (_get_next_id, _get_next_id_exit, False)
_BATCH_LOOKUP = (_batch(True, True), _batch_exit, False)
COMMANDS: dict[int, tuple[Entry, Exit | None, bool]] = {
    _cmd("BPF_MAP_CREATE"): (_map_create, None, True),
    _cmd("BPF_MAP_LOOKUP_ELEM"): (_map_lookup_elem, None, False),
    _cmd("BPF_MAP_UPDATE_ELEM"): (_map_update_elem, None, False),
    _cmd("BPF_MAP_DELETE_ELEM"): (_map_delete_elem, None, False),
    _cmd("BPF_MAP_GET_NEXT_KEY"): (_map_get_next_key, None, False),
    _cmd("BPF_PROG_LOAD"): (_prog_load, None, True),
    _cmd("BPF_OBJ_PIN"): (_obj_pin, None, True),
    _cmd("BPF_OBJ_GET"): (_obj_pin, None, True),
    _cmd("BPF_PROG_ATTACH"): (_prog_attach, None, False),
    _cmd("BPF_PROG_DETACH"): (_prog_detach, None, False),
    _cmd("BPF_PROG_TEST_RUN"): (_prog_test_run, None, False),
    _cmd("BPF_PROG_GET_NEXT_ID"): _NEXT_ID,
    _cmd("BPF_MAP_GET_NEXT_ID"): _NEXT_ID,
    _cmd("BPF_PROG_GET_FD_BY_ID"): (_get_fd_by_id("prog_id"), None, True),
    _cmd("BPF_MAP_GET_FD_BY_ID"): (_get_fd_by_id("map_id"), None, True),
    _cmd("BPF_OBJ_GET_INFO_BY_FD"): (_obj_get_info, _obj_get_info_exit, False),
    _cmd("BPF_PROG_QUERY"): (_prog_query, _prog_query_exit, False),
    _cmd("BPF_RAW_TRACEPOINT_OPEN"): (_raw_tracepoint_open, None, True),
    _cmd("BPF_BTF_LOAD"): (_btf_load, None, True),
    _cmd("BPF_BTF_GET_FD_BY_ID"): (_get_fd_by_id_short("btf_id"), None, True),
    _cmd("BPF_TASK_FD_QUERY"): (_task_fd_query, _task_fd_query_exit, False),
    _cmd("BPF_MAP_LOOKUP_AND_DELETE_ELEM"): (_map_lookup_elem, None, False),
    _cmd("BPF_MAP_FREEZE"): (_map_freeze, None, False),
    _cmd("BPF_BTF_GET_NEXT_ID"): _NEXT_ID,
    _cmd("BPF_MAP_LOOKUP_BATCH"): _BATCH_LOOKUP,
    _cmd("BPF_MAP_LOOKUP_AND_DELETE_BATCH"): _BATCH_LOOKUP,
    _cmd("BPF_MAP_UPDATE_BATCH"): (_batch(False, True), _batch_exit, False),
    _cmd("BPF_MAP_DELETE_BATCH"): (_batch(False, False), _batch_exit, False),
    _cmd("BPF_LINK_CREATE"): (_link_create, None, True),
    _cmd("BPF_LINK_UPDATE"): (_link_update, None, False),
    _cmd("BPF_LINK_GET_FD_BY_ID"): (_get_fd_by_id_short("link_id"), None, True),
    _cmd("BPF_LINK_GET_NEXT_ID"): _NEXT_ID,
}


@syscall("bpf", glue=True)
def bpf(t: Tracee) -> bool | None:
    a = t.args[1]
    size = t.args[2] & 0xFFFFFFFF
    if t.exiting:
        entry_exit, state = t.data
        raw = t.mem.read(a, size)
        t.out += [addr(a) if raw is None else entry_exit(t, raw, size, state), str(size)]
        return None
    cmd = t.args[0] & 0xFFFFFFFF
    out = t.out
    out.append(xval(cmd, xlat("bpf_commands"), "BPF_???"))
    spec = COMMANDS.get(cmd)
    raw = fetch(t, a, size) if spec is not None and 0 < size <= _PAGE else None
    if spec is None or raw is None:
        out += [addr(a), str(size)]
        return None
    entry, exit_fn, returns_fd = spec
    got = entry(t, raw, size)
    t.rfmt = RVAL_FD if returns_fd else RVAL_DECIMAL
    if isinstance(got, str):
        out += [got, str(size)]
        return None
    text, state = got
    out.append(text)
    t.data = (exit_fn, state)
    return True
