"""What the user asked for: the strace options, parsed into one object the tracer reads."""

from __future__ import annotations

from typing import Any

from .quote import HEX_NONE

# -e status= classes
STATUS_SUCCESSFUL = "successful"
STATUS_FAILED = "failed"
STATUS_UNFINISHED = "unfinished"
STATUS_UNAVAILABLE = "unavailable"
STATUS_DETACHED = "detached"
STATUS_ALL = frozenset(
    {STATUS_SUCCESSFUL, STATUS_FAILED, STATUS_UNFINISHED, STATUS_UNAVAILABLE, STATUS_DETACHED}
)

XLAT_ABBREV = "abbrev"
XLAT_RAW = "raw"
XLAT_VERBOSE = "verbose"


class TraceConfig:
    """Every option, with strace's default. ``TraceConfig(output="x", follow_forks=True)``
    sets some; an unknown name is a TypeError. (A plain class: the dataclass machinery
    costs ~5 ms of start-up, paid on every pytrace run.)"""

    command: list[str] = []  # each instance gets its own list
    attach_pids: list[int] = []  # each instance gets its own list
    follow_forks: bool = False  # -f
    output_separately: bool = False  # -ff
    output: str | None = None  # -o
    append: bool = False  # -A
    string_limit: int = 32  # -s
    align_column: int = 40  # -a
    timestamps: int = 0  # -t (1), -tt (2), -ttt (3); ts_format, when set, takes precedence
    ts_format: str | None = None  # --timestamps= format: "time" or "unix"; None: as -t says
    ts_width: int = 0  # digits after the point of --timestamps= (precision s 0, ms 3, us 6, ns 9)
    relative: bool = False  # -r
    relative_width: int = 6  # --relative-timestamps= precision, digits after the point
    syscall_times: bool = False  # -T
    syscall_times_width: int = 6  # --syscall-times= precision, digits after the point
    pidns_translation: bool = False  # --pidns-translation / --decode-pids=pidns
    xflag: int = HEX_NONE  # -x / -xx
    xlat_style: str = XLAT_ABBREV  # -X
    quiet: int = 0  # -q / -qq
    print_syscall_number: bool = False  # -n
    print_ip: bool = False  # -i
    decode_fds: int = 0  # -y (1) / -yy (2): nonzero when any of decode_fds_set is on
    decode_fds_set: frozenset[str] = frozenset()  # --decode-fds= kinds: path, socket, dev, pidfd
    decode_pids_comm: bool = False  # -Y / --decode-pids=comm
    trace: frozenset[str] | None = None  # syscall names to print; None = all
    trace_numbers: frozenset[int] | None = None  # unknown numbers selected by number
    signals: frozenset[int] | None = None  # -e signal=; None = all
    status: frozenset[str] = STATUS_ALL  # -e status=
    raw: frozenset[str] = frozenset()  # -e raw=
    abbrev_set: frozenset[str] | None = None  # -e abbrev= / -v (abbrev=none); None = all
    verbose_set: frozenset[str] | None = None  # -e verbose=; None = all
    summary: bool = False  # -c
    summary_and_trace: bool = False  # -C
    sort_by: str = "time"  # -S
    summary_wall: bool = False  # -w
    summary_columns: str | None = None  # -U
    daemonize: int = 0  # -D (1), -DD (2: own session)
    env: list[str] = []  # -E (each instance gets its own list)
    user: str | None = None  # -u
    detach_on: str | None = None  # -b execve
    paths: list[str] = []  # -P (each instance gets its own list)
    color: str = "auto"  # --color
    fmt: str = "text"  # --json / --format
    origin: bool = False  # --origin
    stack_trace: bool = False  # -k
    seccomp: bool | None = None  # --seccomp-bpf / --no-seccomp-bpf; None = automatic
    ioctl_decoders: str | None = None  # --ioctl-decoders FILE (user construct layouts)
    read_fds: frozenset[int] | None | bool = False  # -e read=: False none, None all
    write_fds: frozenset[int] | None | bool = False  # -e write=
    ioctl_dump: bool = False  # --ioctl-dump: hex dump of undecoded sized ioctl payloads
    netlink_strict: bool = False  # --netlink=strace: strace 6.1's text where pytrace goes deeper
    netlink_rw: bool = False  # --netlink-rw: decode netlink messages in read/write too
    inject: dict[str, Any] | None = None  # -e inject=/fault=: syscall name -> pytrace.inject.InjectSpec

    _LISTS = ("command", "attach_pids", "env", "paths")

    def __init__(self, **options: Any) -> None:
        for name in self._LISTS:
            setattr(self, name, [])
        for name, value in options.items():
            if name.startswith("_") or not hasattr(TraceConfig, name) or callable(getattr(TraceConfig, name)):
                raise TypeError(f"TraceConfig has no option {name!r}")
            setattr(self, name, value)

    def __repr__(self) -> str:
        fields = (n for n in TraceConfig.__annotations__ if not n.startswith("_"))
        return "TraceConfig(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in fields) + ")"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TraceConfig):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in TraceConfig.__annotations__)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    @property
    def verbose(self) -> bool:
        """-v: no call abbreviated (``abbrev_set`` empty); setting it sets ``abbrev_set``."""
        return self.abbrev_set == frozenset()

    @verbose.setter
    def verbose(self, value: bool) -> None:
        self.abbrev_set = frozenset() if value else None

    def traced(self, name: str) -> bool:
        return self.trace is None or name in self.trace
