"""The command line: strace's options, parsed as strace parses them, into a TraceConfig."""

from __future__ import annotations

import getopt
import os
import signal
import sys

from . import printers, timestamps
from .config import STATUS_ALL, XLAT_ABBREV, XLAT_RAW, XLAT_VERBOSE, TraceConfig
from .filters import FilterError, parse_signal_set, parse_status_set, parse_trace_set
from .getopt_long import getopt_long
from .quote import HEX_ALL, HEX_CHARS, HEX_NON_ASCII

SHORT = "a:Ab:cCdDe:E:fFhiI:kno:O:p:P:qrs:S:tTu:U:vVwxX:yYzZ"
LONG = [
    "output=",
    "append",
    "follow-forks",
    "output-separately",
    "summary-only",
    "summary",
    "summary-wall-clock",
    "summary-columns=",
    "string-limit=",
    "columns=",
    "attach=",
    "trace=",
    "signal=",
    "status=",
    "env=",
    "daemonize",
    "user=",
    "trace-path=",
    "pidns-translation",
    "syscall-number",
    "instruction-pointer",
    "decode-fds=",
    "decode-pids=",
    "no-abbrev",
    "abbrev=",
    "verbose=",
    "successful-only",
    "failed-only",
    "quiet=",
    "summary-sort-by=",
    "const-print-style=",
    "strings-in-hex=",
    "inject=",
    "fault=",
    "seccomp-bpf",
    "no-seccomp-bpf",
    "color=",
    "colour=",
    "json",
    "format=",
    "origin",
    "stack-traces",
    "ioctl-decoders=",
    "ioctl-dump",
    "netlink=",
    "netlink-rw",
    "help",
    "version",
]
# Long options whose argument is optional (strace's optional_argument): ``--NAME[=VALUE]``.
OPTIONAL = frozenset({"absolute-timestamps", "timestamps", "relative-timestamps", "syscall-times", "tips",
                      "quiet", "decode-fds", "strings-in-hex"})

USAGE = """\
Usage: pytrace [-ACdffhiqqrtttTvVwxxyyzZ] [-I N] [-b execve] [-e EXPR]... [-a COLUMN]
               [-o FILE] [-s STRSIZE] [-X FORMAT] [-O OVERHEAD] [-S SORTBY]
               [-P PATH]... [-p PID]... [-U COLUMNS] [--seccomp-bpf] [--origin]
               [--json] [--color=auto|always|never] [--netlink=deep|strace] [--netlink-rw]
               { -p PID | [-DDD] [-E VAR=VAL]... [-u USERNAME] PROG [ARGS] }
       pytrace diff A B | pytrace diff --run CMD_A --run CMD_B
       pytrace libc [OPTIONS] COMMAND | pytrace libc --demo

Options are strace's (see strace(1)); beyond strace: --json (JSON Lines events),
--color, --origin (who issued each syscall), --netlink=strace (netlink attributes as
strace 6.1 prints them, in hex, where pytrace names and types them), --netlink-rw (decode
netlink messages passed to read/write, which strace prints as strings), and the
subcommands above.
"""


_FD_KINDS = frozenset({"path", "socket", "dev", "pidfd"})


class UsageError(Exception):
    """A bad command line: the message, then a pointer to -h (strace's error_msg_and_help)."""

    help_hint = True


class FatalOptionError(UsageError):
    """A bad combination strace dies on without the -h pointer (its error_msg_and_die)."""

    help_hint = False


def _precision_arg(opt: str, val: str | None, default: int) -> int:
    """-r / -T precision: absent is ``default``; anything but s, ms, us, ns is an error."""
    if val is None:
        return default
    width = timestamps.precision(val)
    if width is None:
        raise UsageError(f"invalid {opt} argument: '{val}'")
    return width


def _tips_arg(val: str | None, show: bool) -> bool:
    """--tips[=[[id:]ID][,[format:]FORMAT]] as strace 6.1 parses it: whether a tip is asked for."""
    shown = True  # a --tips option turns tips on unless its format is none
    for low, as_id, as_format in timestamps.typed_tokens(val or "", "id", "format"):
        if as_id and (low == "random" or (low.isdigit() and int(low) <= 0x7FFFFFFF)):
            continue
        if as_format and low in ("none", "compact", "full"):
            shown = low != "none"
            continue
        raise UsageError(f"invalid --tips argument: '{val}'")
    return shown


def _int_arg(opt: str, val: str) -> int:
    try:
        n = int(val, 0)
    except ValueError:
        raise UsageError(f"invalid {opt} argument: '{val}'") from None
    if n < 0:
        raise UsageError(f"invalid {opt} argument: '{val}'")
    return n


def _qualify(cfg: TraceConfig, expr: str, pending: dict[str, str]) -> None:
    """-e EXPR: ``trace=...`` and friends; a bare set means trace=."""
    if "=" in expr:
        key, val = expr.split("=", 1)
    else:
        key, val = "trace", expr
    key = {"t": "trace", "s": "signal", "signals": "signal", "a": "abbrev", "v": "verbose", "x": "raw", "r": "read", "w": "write"}.get(key, key)
    if key in ("fault", "inject"):
        _inject(cfg, val, key == "fault")
        return
    if key == "kvm":
        # KVM exits are not implemented: say so rather than trace as if the option had been honoured.
        raise UsageError(f"-e {key}= is not supported by pytrace")
    if key in ("trace", "signal", "status", "abbrev", "verbose", "raw", "read", "write", "quiet", "decode-fds"):
        pending[key] = val
    else:
        raise UsageError(f"invalid filter action '{key}'")


def _inject(cfg: TraceConfig, expr: str, fault: bool) -> None:
    """-e inject=EXPR / -e fault=EXPR, checked at once as strace does; a later expression
    replaces an earlier one for the syscalls both name."""
    from .inject import InjectError, parse

    try:
        names, spec, warnings = parse(expr, fault)
    except InjectError as e:
        raise UsageError(str(e)) from None
    for w in warnings:
        sys.stderr.write(f"pytrace: {w}\n")
    if cfg.inject is None:
        cfg.inject = {}
    for name in names:
        cfg.inject[name] = spec


def parse_args(argv: list[str]) -> TraceConfig:
    cfg = TraceConfig()
    try:
        opts, rest = getopt_long(argv, SHORT, LONG, OPTIONAL)
    except getopt.GetoptError as e:
        raise UsageError(str(e)) from None
    pending: dict[str, str] = {}
    follow = 0
    t_short = 0  # -t count
    ts_long: tuple[str | None, int] | None = None  # --absolute-timestamps= (format, width)
    tips = False
    for opt, val in opts:
        if opt in ("-h", "--help"):
            sys.stdout.write(USAGE)
            raise SystemExit(0)
        if opt in ("-V", "--version"):
            from . import __version__

            sys.stdout.write(f"pytrace -- version {__version__}\n")
            raise SystemExit(0)
        if opt in ("-f", "--follow-forks"):
            follow += 1
        elif opt == "--output-separately":
            follow = max(follow, 1) + 1
        elif opt in ("-o", "--output"):
            cfg.output = val
        elif opt in ("-A", "--append"):
            cfg.append = True
        elif opt in ("-s", "--string-limit"):
            cfg.string_limit = _int_arg("-s", val)
        elif opt in ("-a", "--columns"):
            cfg.align_column = _int_arg("-a", val)
        elif opt == "-t":
            t_short += 1
        elif opt in ("--absolute-timestamps", "--timestamps"):
            fmt, width = ts_long or (None, 0)
            ts_long = timestamps.parse_absolute(timestamps.SHORT_T[0] if val is None else val, fmt, width)
            if ts_long is None:
                raise UsageError(f"invalid {opt} argument: '{val}'")
        elif opt in ("-r", "--relative-timestamps"):
            cfg.relative = True
            cfg.relative_width = _precision_arg("--relative-timestamps", None if opt == "-r" else val, 6)
        elif opt in ("-T", "--syscall-times"):
            cfg.syscall_times = True
            cfg.syscall_times_width = _precision_arg("--syscall-times", None if opt == "-T" else val, 6)
        elif opt == "--pidns-translation":  # as strace 6.1: replaces the -Y / --decode-pids= set
            cfg.decode_pids_comm, cfg.pidns_translation = False, True
        elif opt == "--tips":
            tips = _tips_arg(val, tips)
        elif opt == "-v" or opt == "--no-abbrev":
            pending["abbrev"] = "none"  # strace's -v is -e abbrev=none: the last of the two wins
        elif opt == "-x":
            cfg.xflag = HEX_ALL if cfg.xflag else HEX_NON_ASCII
        elif opt == "--strings-in-hex":
            modes = {"": HEX_ALL, "all": HEX_ALL, "non-ascii": HEX_NON_ASCII, "non-ascii-chars": HEX_CHARS, "none": 0}
            val = val or ""
            if val not in modes:
                raise UsageError(f"invalid --strings-in-hex argument: '{val}'")
            cfg.xflag = modes[val]
        elif opt in ("-X", "--const-print-style"):
            if val not in (XLAT_RAW, XLAT_ABBREV, XLAT_VERBOSE):
                raise UsageError(f"invalid -X argument: '{val}'")
            cfg.xlat_style = val
        elif opt == "-q":
            cfg.quiet += 1
        elif opt == "--quiet":
            val = val or ""  # bare --quiet: attach,personality (-q)
            cfg.quiet = 2 if "exit" in val or val == "all" else 1
        elif opt in ("-n", "--syscall-number"):
            cfg.print_syscall_number = True
        elif opt in ("-i", "--instruction-pointer"):
            cfg.print_ip = True
        elif opt == "-Y":  # replaces the --decode-pids= set, as in strace 6.1
            cfg.decode_pids_comm, cfg.pidns_translation = True, False
        elif opt == "--decode-pids":
            kinds = set(val.split(","))
            bad = kinds - {"comm", "pidns", "all", "none"}
            if bad:
                raise UsageError(f"invalid decode-pids '{sorted(bad)[0]}'")
            cfg.decode_pids_comm = bool(kinds & {"comm", "all"})
            cfg.pidns_translation = bool(kinds & {"pidns", "all"})
        elif opt == "-y":
            cfg.decode_fds += 1
            cfg.decode_fds_set = _FD_KINDS if cfg.decode_fds >= 2 else frozenset({"path"})
        elif opt == "--decode-fds":
            kinds = set()
            for item in (val or "path").split(","):
                if item == "all":
                    kinds |= _FD_KINDS
                elif item in _FD_KINDS:
                    kinds.add(item)
                elif item != "none":
                    raise UsageError(f"invalid --decode-fds argument: '{item}'")
            cfg.decode_fds_set = frozenset(kinds)
            cfg.decode_fds = (2 if kinds - {"path"} else 1) if kinds else 0
        elif opt == "-e":
            _qualify(cfg, val, pending)
        elif opt in ("--inject", "--fault"):
            _inject(cfg, val, opt == "--fault")
        elif opt in ("--trace", "--signal", "--status", "--abbrev", "--verbose"):
            pending[opt[2:]] = val
        elif opt in ("-z", "--successful-only"):
            pending["status"] = "successful"
        elif opt in ("-Z", "--failed-only"):
            pending["status"] = "failed"
        elif opt in ("-p", "--attach"):
            for p in val.replace(",", " ").split():
                try:
                    pid = int(p)
                except ValueError:
                    raise UsageError(f"Invalid process id: '{p}'") from None
                if pid <= 0:
                    raise UsageError(f"Invalid process id: '{p}'")
                cfg.attach_pids.append(pid)
        elif opt in ("-c", "--summary-only"):
            cfg.summary = True
        elif opt in ("-C", "--summary"):
            cfg.summary = True
            cfg.summary_and_trace = True
        elif opt in ("-S", "--summary-sort-by"):
            cfg.sort_by = val
        elif opt in ("-U", "--summary-columns"):
            from .render.summary import parse_columns

            try:
                parse_columns(val)
            except ValueError as e:
                raise UsageError(str(e)) from None
            cfg.summary_columns = val
        elif opt in ("-w", "--summary-wall-clock"):
            cfg.summary_wall = True
        elif opt in ("-D", "--daemonize"):
            cfg.daemonize += 1
        elif opt in ("-E", "--env"):
            cfg.env.append(val)
        elif opt in ("-u", "--user"):
            cfg.user = val
        elif opt == "-b":
            if val != "execve":
                raise UsageError(f"invalid -b argument: '{val}'")
            cfg.detach_on = val
        elif opt in ("-P", "--trace-path"):
            cfg.paths.append(val)
        elif opt in ("--color", "--colour"):
            cfg.color = val
        elif opt == "--json":
            cfg.fmt = "json"
            cfg.origin = True  # JSON Lines always carry each syscall's origin
        elif opt == "--format":
            cfg.fmt = val
        elif opt == "--origin":
            cfg.origin = True
        elif opt in ("-k", "--stack-traces"):
            cfg.stack_trace = True
        elif opt == "--ioctl-decoders":
            cfg.ioctl_decoders = val
        elif opt == "--ioctl-dump":
            cfg.ioctl_dump = True
        elif opt == "--netlink":
            if val not in ("deep", "strace"):
                raise UsageError(f"invalid --netlink argument: '{val}' (deep or strace)")
            cfg.netlink_strict = val == "strace"
        elif opt == "--netlink-rw":
            cfg.netlink_rw = True
        elif opt == "--seccomp-bpf":
            cfg.seccomp = True
        elif opt == "--no-seccomp-bpf":
            cfg.seccomp = False
        # -d -D -F -I -O -U -Y -w: accepted; -D and -I change nothing pytrace does differently.
    cfg.follow_forks = follow >= 1
    cfg.output_separately = follow >= 2
    cfg.command = rest
    if not cfg.command and not cfg.attach_pids:
        raise UsageError("must have PROG [ARGS] or -p PID")
    _apply_timestamps(cfg, t_short, ts_long)
    if tips:
        # strace's tips are its own prose, drawn at random: not ours to print.
        raise UsageError("--tips is not supported by pytrace (only --tips=format:none)")
    _apply_filters(cfg, pending)
    return cfg


def _apply_timestamps(cfg: TraceConfig, t_short: int, ts_long: tuple[str | None, int] | None) -> None:
    """-t counts and --absolute-timestamps= arguments into ts_format / ts_width (the two
    cannot be mixed, as in strace 6.1)."""
    if t_short:
        if ts_long is not None:
            raise FatalOptionError("-t and --absolute-timestamps cannot be provided simultaneously")
        ts_long = timestamps.parse_absolute(timestamps.SHORT_T[min(t_short, 3) - 1], None, 0)
    if ts_long is not None:
        cfg.ts_format, cfg.ts_width = ts_long
        cfg.timestamps = 0 if cfg.ts_format is None else max(min(t_short, 3), 1)


def _apply_filters(cfg: TraceConfig, pending: dict[str, str]) -> None:
    from .syscalls import table

    try:
        if "trace" in pending:
            names = parse_trace_set(pending["trace"], table("x86_64"), table("i386"))
            cfg.trace = None if names is None else frozenset(names)
        if "signal" in pending:
            cfg.signals = parse_signal_set(pending["signal"])
        if "status" in pending:
            cfg.status = parse_status_set(pending["status"])
        if "raw" in pending:
            cfg.raw = frozenset(parse_trace_set(pending["raw"], table("x86_64")) or table("x86_64").names())
        if "abbrev" in pending:
            a = parse_trace_set(pending["abbrev"], table("x86_64"), table("i386"))
            cfg.abbrev_set = None if a is None else frozenset(a)
        if "verbose" in pending:
            v = parse_trace_set(pending["verbose"], table("x86_64"), table("i386"))
            cfg.verbose_set = None if v is None else frozenset(v)
        for key in ("read", "write"):
            if key in pending:
                from .render.dump import parse_fd_set

                try:
                    fds = parse_fd_set(pending[key])
                except ValueError as e:
                    raise FilterError(str(e)) from None
                setattr(cfg, f"{key}_fds", False if fds == frozenset() else fds)
        if "quiet" in pending:
            cfg.quiet = 2 if "exit" in pending["quiet"] or pending["quiet"] == "all" else max(cfg.quiet, 1)
    except FilterError as e:
        raise UsageError(str(e)) from None
    if cfg.status != STATUS_ALL and cfg.status == frozenset():
        cfg.status = STATUS_ALL


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "diff":
        from .diff.cli import main as diff_main

        return diff_main(args[1:])
    if args and args[0] == "libc":
        from .origin.cli import main as libc_main

        return libc_main(args[1:])
    try:
        cfg = parse_args(args)
    except UsageError as e:
        hint = "Try 'pytrace -h' for more information.\n" if e.help_hint else ""
        sys.stderr.write(f"pytrace: {e}\n{hint}")
        return 1
    return run(cfg)


def run(cfg: TraceConfig) -> int:
    from .render import make_sink
    from .render.output import OutputError
    from .session import Session, TraceError

    printers.xlat_style = {XLAT_ABBREV: printers.STYLE_ABBREV, XLAT_RAW: printers.STYLE_RAW, XLAT_VERBOSE: printers.STYLE_VERBOSE}[cfg.xlat_style]
    try:
        sink = make_sink(cfg)
    except OutputError as e:
        sys.stderr.write(f"pytrace: {e}\n")
        return 1
    session = Session(cfg, sink)
    sink.bind(session)
    session.guard_signals()
    try:
        for pid in cfg.attach_pids:
            session.attach(pid)
        if cfg.command:
            session.spawn(cfg.command)
    except TraceError as e:
        sys.stderr.write(f"pytrace: {e}\n")
        for t in list(session.tracees.values()):
            session._detach(t)
        sink.close()
        return 1
    status = session.run()
    if session.exit_signal is not None:
        sig = session.exit_signal
        if sig not in (signal.SIGSTOP, signal.SIGTSTP):
            sys.stdout.flush()
            signal.signal(sig, signal.SIG_DFL)
            # A core-dumping signal would dump pytrace's own core: exit with the status instead.
            if sig not in (signal.SIGQUIT, signal.SIGILL, signal.SIGABRT, signal.SIGFPE, signal.SIGSEGV, signal.SIGBUS, signal.SIGSYS, signal.SIGTRAP, signal.SIGXCPU, signal.SIGXFSZ):
                os.kill(os.getpid(), sig)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
