"""Writers over the event model: strace text (default), JSON Lines, the -c summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import TraceConfig
    from ..session import Session


class BoundSink:
    """A sink plus the session it reads tracee counts from (for the [pid N] prefix)."""

    def bind(self, session: Session) -> None:  # pragma: no cover - overridden
        pass


def make_sink(cfg: TraceConfig):  # type: ignore[no-untyped-def]
    from .output import Output

    out = Output(cfg)
    out.check()
    if cfg.summary and not cfg.summary_and_trace:
        from .summary import SummaryWriter

        return SummaryWriter(cfg, out, None)
    if cfg.fmt == "json":
        from .jsonl import JsonWriter

        writer = JsonWriter(cfg, out)
    else:
        from .text import TextWriter

        writer = TextWriter(cfg, out)
    if cfg.summary_and_trace:
        from .summary import SummaryWriter

        return SummaryWriter(cfg, out, writer)
    return writer
