"""strace text -> typed values: one printed argument (:func:`parse_value`), one output line
(:func:`parse_line`), and the top-level split of an argument list (:func:`split_args`).

Nothing here raises on odd input: what does not parse is returned as its text.
The value shapes are documented in docs/jsonl-schema.md.
"""

from __future__ import annotations

import re
from typing import Any

# ------------------------------------------------------------------ splitting

_SPECIAL = re.compile(r'["{}\[\]()<>,]|/\*')
_FAST = re.compile(r'["{\[(</]')

# One regex scan for the common argument lists: quoted strings (escapes as _string_end reads
# them) and braces/brackets nested up to three deep; comments, fd annotations and parentheses
# are left to the scanner below. Characters outside strings never include '/', '<', '>'.
_STR = r'"(?:[^"\\]++|\\.)*+"'
_PLAIN = r'[^"{}\[\]()<>/,]++'


def _nest(inner: str) -> str:
    return r"\{(?:%s|,)*+\}|\[(?:%s|,)*+\]" % (inner, inner)


_ATOM = f"{_STR}|{_PLAIN}"
for _ in range(3):
    _ATOM = f"{_STR}|{_PLAIN}|{_nest(_ATOM)}"
_PIECE = re.compile(f"(?:{_ATOM})++", re.S)  # one argument: a run without a top-level comma


def split_args(text: str) -> list[str]:
    """Split an argument list at top-level commas (not inside strings, braces, brackets,
    parentheses, comments or ``3</path>`` fd annotations)."""
    if not text:
        return []
    if _FAST.search(text) is None:
        return [a.strip() for a in text.split(",")]
    pieces = _PIECE.findall(text)
    if ",".join(pieces) == text:  # every top-level comma found by one regex scan
        return [a.strip() for a in pieces]
    return _split_scan(text)


def _split_scan(text: str) -> list[str]:
    """split_args by a character scan (comments, fd annotations, deep nesting)."""
    if not text:
        return []
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    search = _SPECIAL.search
    while True:
        m = search(text, i)
        if m is None:
            break
        j = m.start()
        c = text[j]
        if c == '"':
            k = j + 1
            while k < n:
                ch = text[k]
                if ch == "\\":
                    k += 2
                    continue
                if ch == '"':
                    break
                k += 1
            i = k + 1
        elif c == "/":
            k = text.find("*/", j + 2)
            i = n if k < 0 else k + 2
        elif c == "<":
            # an fd annotation: "3</path>" (digits right before); "1<<20" is not one
            if j > 0 and text[j - 1].isdigit() and text[j + 1 : j + 2] != "<":
                k = _fd_close(text, j + 1)
                i = n if k < 0 else k + 1
            else:
                i = j + 1
        elif c == ">":
            i = j + 1
        elif c in "{[(":
            depth += 1
            i = j + 1
        elif c in "}])":
            depth -= 1
            i = j + 1
        else:  # ","
            if depth <= 0:
                out.append(text[start:j].strip())
                start = j + 1
            i = j + 1
    out.append(text[start:].strip())
    return out


def _fd_close(text: str, i: int) -> int:
    """Index of the '>' closing an fd annotation opened before ``i`` (nested for -yy sockets)."""
    depth = 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


# --------------------------------------------------------------- C strings

_ESC = {"n": 10, "t": 9, "r": 13, "v": 11, "f": 12, "a": 7, "b": 8, "\\": 92, '"': 34, "'": 39}
_OCT = frozenset("01234567")
_HEXD = frozenset("0123456789abcdefABCDEF")


def unescape(body: str) -> bytes:
    """Undo strace's C escapes (``\\n``, ``\\x41``, ``\\101``) in a string's body."""
    if "\\" not in body:
        return body.encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c != "\\" or i + 1 >= n:
            out += c.encode("utf-8", "surrogateescape")
            i += 1
            continue
        d = body[i + 1]
        if d == "x":
            j = i + 2
            while j < n and j < i + 4 and body[j] in _HEXD:
                j += 1
            if j > i + 2:
                out.append(int(body[i + 2 : j], 16))
            i = j
        elif d in _OCT:
            j = i + 1
            while j < n and j < i + 4 and body[j] in _OCT:
                j += 1
            out.append(int(body[i + 1 : j], 8) & 0xFF)
            i = j
        else:
            out.append(_ESC.get(d, ord(d) & 0xFF))
            i += 2
    return bytes(out)


def _string_end(text: str, i: int) -> int:
    """Index of the closing quote of the string opening at ``i`` (-1 if none)."""
    n = len(text)
    k = i + 1
    while k < n:
        ch = text[k]
        if ch == "\\":
            k += 2
            continue
        if ch == '"':
            return k
        k += 1
    return -1


def _decode(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


# ------------------------------------------------------------------ values

_DEC = re.compile(r"-?\d+\Z")
_HEX = re.compile(r"-?0x[0-9a-fA-F]+\Z")
_OCTAL = re.compile(r"0[0-7]+\Z")
_SYM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_FLAGPART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?0x[0-9a-fA-F]+|-?\d+\Z")
_FD = re.compile(r"(-?\d+)<(.*)>\Z", re.S)
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\((.*)\)\Z", re.S)
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.\[\]]*)=(.*)\Z", re.S)
_COMMENT_TAIL = re.compile(r"(.*?)\s*/\* (.*) \*/\Z", re.S)


def _int(text: str) -> Any:
    """A number as strace printed it: decimal -> int; hex/octal -> {"int", "text"}."""
    if _DEC.match(text):
        if len(text) > 1 and text[0] == "0":
            return {"int": int(text, 8), "text": text}
        return int(text)
    if _HEX.match(text):
        return {"int": int(text, 16), "text": text}
    return None


def parse_value(text: str) -> Any:
    """One strace-printed argument -> a JSON-able typed value; unparseable -> the text."""
    try:
        return _value(text.strip(), 0)
    except (ValueError, IndexError, RecursionError):
        return text


def _value(s: str, level: int) -> Any:
    if not s:
        return s
    if level > 40:
        return s
    c = s[0]
    if c.isdigit() or (c == "-" and len(s) > 1 and s[1].isdigit()):
        if _DEC.match(s) or _HEX.match(s):
            return _int(s)
        m = _FD.match(s)
        if m is not None and "<" not in m.group(1):
            return {"fd": int(m.group(1)), "path": _decode(unescape(m.group(2)))}
    if s == "NULL":
        return None
    if c == '"':
        end = _string_end(s, 0)
        if end > 0:
            rest = s[end + 1 :]
            body = _decode(unescape(s[1:end]))
            if not rest:
                return body
            if rest == "...":
                return {"str": body, "truncated": True}
    if s.startswith("/*") and s.endswith("*/"):
        return {"comment": s[2:-2].strip()}
    if s.endswith("*/") and "/*" in s:
        m = _COMMENT_TAIL.match(s)
        if m is not None and m.group(1):
            return {"value": _value(m.group(1), level + 1), "comment": m.group(2)}
    if c == "{" and s.endswith("}"):
        return _struct(s[1:-1], level)
    if c == "[" and s.endswith("]"):
        return _list(s[1:-1], level)
    if c == "~" and s.startswith("~[") and s.endswith("]"):
        return {"sigset": s[2:-1].split(), "complement": True}
    if s == "...":
        return {"abbrev": True}
    if _SYM.match(s):
        return {"sym": s}
    if "|" in s and _FAST.search(s) is None:
        parts = s.split("|")
        if all(_FLAGPART.match(p) for p in parts):
            return {"flags": [p if _SYM.match(p) else _int(p) for p in parts]}
    m = _KEY.match(s)
    if m is not None:
        return {"name": m.group(1), "value": _value(m.group(2).strip(), level + 1)}
    m = _CALL.match(s)
    if m is not None:
        return {"call": m.group(1), "args": [_value(a, level + 1) for a in split_args(m.group(2))]}
    return s


def _struct(body: str, level: int) -> Any:
    out: dict[str, Any] = {}
    pos: list[Any] = []
    for item in split_args(body):
        if not item:
            continue
        if item == "...":
            out["..."] = True
            continue
        m = _KEY.match(item)
        if m is not None and not item.startswith(("{", "[", '"')):
            out[m.group(1)] = _value(m.group(2).strip(), level + 1)
        else:
            pos.append(_value(item, level + 1))
    if pos:
        if not out:
            return {"struct": pos}
        out["_items"] = pos
    return out


def _list(body: str, level: int) -> Any:
    items = split_args(body)
    if len(items) == 1 and " " in items[0] and _FAST.search(items[0]) is None:
        words = items[0].split()
        if all(_SYM.match(w) or _DEC.match(w) for w in words):
            return {"sigset": words}
    if items == [""]:
        return []
    return [_value(i, level + 1) for i in items]


# ------------------------------------------------------------------- lines

_PREFIX = re.compile(r"(?:\[pid +(\d+)\] |(\d+) +)")
_TIME = re.compile(r" *(\d+\.\d+|\d\d:\d\d:\d\d(?:\.\d+)?) ")
_IP = re.compile(r"\[([0-9a-f]{8,16})\] ")
_NR = re.compile(r"\[ *(\d+)\] ")
_NAME = re.compile(r"([A-Za-z_?][A-Za-z0-9_?]*)\(")
_RESUMED = re.compile(r"<\.\.\. ([A-Za-z0-9_?]+) resumed>")
_DURATION = re.compile(r" <(\d+\.\d+)>\Z")
_RET = re.compile(r"(-?\d+|0x[0-9a-f]+|\?)(?: |\Z|<)")
_ERRNO = re.compile(r"(-?\d+) (E[A-Z0-9_]+) \((.*)\)\Z")
_ERRNO_BARE = re.compile(r"(-?\d+) (E[A-Z0-9_]+)\Z")
_UNFINISHED = " <unfinished ...>"


def _close_paren(text: str, i: int) -> int:
    """Index of the ')' closing the argument list starting at ``i`` (-1 if none)."""
    depth = 0
    n = len(text)
    search = _SPECIAL.search
    while True:
        m = search(text, i)
        if m is None:
            return -1
        j = m.start()
        c = text[j]
        if c == '"':
            k = _string_end(text, j)
            if k < 0:
                return -1
            i = k + 1
        elif c == "/":
            k = text.find("*/", j + 2)
            if k < 0:
                return -1
            i = k + 2
        elif c == "<":
            if text.startswith(_UNFINISHED, j - 1):
                return -1 if depth else -2
            if j > 0 and text[j - 1].isdigit() and text[j + 1 : j + 2] != "<":
                k = _fd_close(text, j + 1)
                i = n if k < 0 else k + 1
            else:
                i = j + 1
        elif c in "{[(":
            depth += 1
            i = j + 1
        elif c in "}])":
            if depth == 0 and c == ")":
                return j
            depth -= 1
            i = j + 1
        else:
            i = j + 1


def parse_ret(text: str) -> dict[str, Any]:
    """What follows ``= ``: {"retval", "errno", "errmsg", "ret_aux"} (retval None for ``?``)."""
    if text.isdigit():  # the common case, as the general path below reads it
        return {"ret_text": text, "retval": int(text), "errno": None}
    r: dict[str, Any] = {"ret_text": text, "retval": None, "errno": None}
    m = _ERRNO.match(text) or _ERRNO_BARE.match(text)
    if m is not None:
        r["retval"] = int(m.group(1))
        r["errno"] = m.group(2)
        if m.lastindex == 3:
            r["errmsg"] = m.group(3)
        return r
    m = _RET.match(text)
    if m is None:
        return r
    tok = m.group(1)
    if tok != "?":
        r["retval"] = int(tok, 16) if tok.startswith("0x") else int(tok)
    rest = text[len(tok) :]
    if rest.startswith("<"):
        k = _fd_close(rest, 1)
        if k > 0:
            r["ret_path"] = _decode(unescape(rest[1:k]))
            rest = rest[k + 1 :]
    rest = rest.strip()
    if rest.startswith("(") and rest.endswith(")"):
        r["ret_aux"] = rest[1:-1]
    elif rest:
        r["ret_aux"] = rest
    return r


def parse_line(line: str) -> dict[str, Any] | None:
    """One line of strace output -> a dict (see docs/jsonl-schema.md), None for an empty line.

    Syscall halves are returned as they are: ``"unfinished": True`` on the first,
    ``"resumed": True`` on the second (merge them with pytrace.diff.inputs.merge_halves).
    """
    s = line.rstrip("\n")
    if not s.strip():
        return None
    try:
        return _parse_line(s)
    except (ValueError, IndexError, RecursionError):
        return {"type": "text", "text": s}


# The common complete syscall line in one match: optional pid and time prefixes (atomic, as the
# separate matches below take them), a plain name, an argument list _PIECE scans, and the tail.
_LINE = re.compile(
    r"(?>(?:\[pid +(\d+)\] |(\d+) +)?)(?>(?: *(\d+\.\d+|\d\d:\d\d:\d\d(?:\.\d+)?) )?)"
    r"([A-Za-z_][A-Za-z0-9_]*)\(((?:%s|,)*+)\)(.*)\Z" % _ATOM, re.S)


def _parse_line(s: str) -> dict[str, Any]:
    m = _LINE.match(s)
    if m is not None:
        pid, pid2, time_text, name, args, tail = m.groups()
        ev: dict[str, Any] = {}
        if pid is not None or pid2 is not None:
            ev["pid"] = int(pid or pid2)
        if time_text is not None:
            ev["time_text"] = time_text
        ev["type"] = "syscall"
        ev["name"] = name
        args = args.strip().rstrip(",")
        if args.startswith(","):
            args = args[1:].lstrip()
        ev["args_text"] = split_args(args) if args else []
        return _tail(ev, tail)
    return _parse_line_scan(s)


def _parse_line_scan(s: str) -> dict[str, Any]:
    ev: dict[str, Any] = {}
    pos = 0
    m = _PREFIX.match(s)
    if m is not None:
        ev["pid"] = int(m.group(1) or m.group(2))
        pos = m.end()
    m = _TIME.match(s, pos)
    if m is not None:
        ev["time_text"] = m.group(1)
        pos = m.end()
    m = _IP.match(s, pos)
    if m is not None:
        ev["ip"] = int(m.group(1), 16)
        pos = m.end()
    m = _NR.match(s, pos)
    if m is not None:
        ev["nr"] = int(m.group(1))
        pos = m.end()
    body = s[pos:]
    if body.startswith("--- ") and body.endswith(" ---"):
        inner = body[4:-4]
        if inner.startswith("stopped by "):
            ev.update(type="signal", signal=inner[11:], stopped=True, siginfo="")
        else:
            name, _, info = inner.partition(" ")
            ev.update(type="signal", signal=name, stopped=False, siginfo=info)
            if info.startswith("{"):
                ev["siginfo_value"] = parse_value(info)
        return ev
    if body.startswith("+++ ") and body.endswith(" +++"):
        inner = body[4:-4]
        if inner.startswith("exited with "):
            ev.update(type="exit", status=int(inner[12:]))
        elif inner.startswith("killed by "):
            sig = inner[10:]
            core = sig.endswith(" (core dumped)")
            ev.update(type="killed", signal=sig[:-14] if core else sig, core=core)
        elif inner.startswith("superseded by execve in pid "):
            ev.update(type="superseded", by=int(inner[28:]))
        else:
            ev.update(type="text", text=body)
        return ev
    m = _RESUMED.match(body)
    if m is not None:
        ev.update(type="syscall", name=m.group(1), resumed=True)
        rest = body[m.end() :]
        start = 0
    else:
        m = _NAME.match(body)
        if m is None:
            ev.update(type="text", text=body)
            return ev
        ev.update(type="syscall", name=m.group(1))
        rest = body
        start = m.end()
    end = _close_paren(rest, start)
    if end == -2 or (end < 0 and rest.endswith(_UNFINISHED)):
        cut = rest.rfind(_UNFINISHED)
        ev["args_text"] = split_args(rest[start:cut].rstrip().rstrip(","))
        ev["unfinished"] = True
        return ev
    if end < 0:
        ev.update(type="text", text=body)
        return ev
    args = rest[start:end]
    tail = rest[end + 1 :]
    lost = False
    if args.endswith(_UNFINISHED):  # "NAME(args <unfinished ...>) = ?" (the tracee went away)
        args = args[: -len(_UNFINISHED)]
        lost = True
    args = args.strip().rstrip(",")
    if args.startswith(","):  # "<... clone resumed>, child_tidptr=..."
        args = args[1:].lstrip()
    ev["args_text"] = split_args(args) if args else []
    if lost:
        ev["lost"] = True
    return _tail(ev, tail)


def _tail(ev: dict[str, Any], tail: str) -> dict[str, Any]:
    """What follows the argument list: `` = RET`` and an optional `` <DURATION>``."""
    m = _DURATION.search(tail) if tail.endswith(">") else None
    if m is not None:
        ev["duration"] = float(m.group(1))
        tail = tail[: m.start()]
    tail = tail.lstrip()
    if tail.startswith("="):
        ev.update(parse_ret(tail[1:].strip()))
    return ev
