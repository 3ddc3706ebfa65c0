"""How findings phrase their numbers: durations, instants, steps and source excerpts."""

from __future__ import annotations

from ..evaluation.instants import format_utc
from ..source import Span, span_text
from ..units import format_language_duration


def duration(seconds: float, days: bool = True) -> str:
    """Exact, in the language's notation (findings quote and suggest policy text, and their
    bytes are a contract of JSON, SARIF, annotations and baselines): ``15m``, ``24h``,
    ``1h30m``, ``3d8h``, ``-30m``.

    With ``days``, whole days are used from 48 hours on (for wall-clock spans); without,
    hours are the largest unit (for targets, as they are usually written: ``48h``).
    """
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return "never" if seconds > 0 else "-never"
    whole = int(seconds)
    return format_language_duration(whole, "d" if days and abs(whole) >= 2 * 86400 else "h")


def instant(epoch_s: int) -> str:
    return format_utc(epoch_s)


def place_in(span: Span, relative_to: Span) -> str:
    if span.file == relative_to.file:
        return f"line {span.line}"
    return f"{span.file}:{span.line}"


def excerpt(lines: list[str], span: Span, limit: int = 80) -> str:
    """The source text of a span (``lines``: its file's lines), on one line, shortened to ``limit`` characters."""
    piece = " ".join(span_text(lines, span).split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def target(seconds: float) -> str:
    """A target or offset of counted time, hours at most: ``15m``, ``48h``, ``1h30m``."""
    return duration(seconds, days=False)
