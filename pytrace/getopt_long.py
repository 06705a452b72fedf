"""getopt with GNU getopt_long's optional arguments (``--name`` or ``--name=VALUE``).

Python 3.11's getopt has no optional long arguments: a name declared ``name=`` takes the next
word when written without ``=``, and a name declared ``name`` refuses ``=VALUE``. strace 6.1
declares several options optional_argument (--timestamps, --relative-timestamps, ...); those
are parsed here, everything else by getopt itself (same messages, same abbreviations).
"""

from __future__ import annotations

import getopt
from collections.abc import Collection, Iterable


def _optional_name(word: str, optional: Collection[str], every: list[str]) -> str | None:
    """The optional-argument option ``word`` names (exactly or as its unique prefix), or None."""
    if word in optional:
        return word
    matches = [o for o in every if o.startswith(word)]
    if len(matches) == 1 and matches[0] in optional:
        return matches[0]
    return None


def getopt_long(
    args: list[str], shortopts: str, longopts: Iterable[str], optional: Collection[str] = ()
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """``getopt.getopt(args, shortopts, longopts)`` plus the long names in ``optional``, whose
    value is the text after ``=`` or None when the option is written without one."""
    longs = list(longopts) + list(optional)
    every = [o.rstrip("=") for o in longs]
    opts: list[tuple[str, str | None]] = []
    while args and args[0].startswith("-") and args[0] != "-":
        if args[0] == "--":
            args = args[1:]
            break
        if args[0].startswith("--"):
            word, eq, value = args[0][2:].partition("=")
            name = _optional_name(word, optional, every) if word else None
            if name is not None:
                opts.append(("--" + name, value if eq else None))
                args = args[1:]
            else:
                opts, args = getopt.do_longs(opts, args[0][2:], longs, args[1:])  # type: ignore[arg-type]
        else:
            opts, args = getopt.do_shorts(opts, args[0][1:], shortopts, args[1:])  # type: ignore[arg-type]
    return opts, args
