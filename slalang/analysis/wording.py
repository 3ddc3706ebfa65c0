"""How findings phrase their numbers: durations, instants, steps and source excerpts."""

from __future__ import annotations

from ..evaluation.instants import format_utc
from ..source import Span

_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def duration(seconds: float, days: bool = True) -> str:
    """Exact, in the language's notation: ``15m``, ``24h``, ``1h30m``, ``3d8h``, ``-30m``.

    With ``days``, whole days are used from 48 hours on (for wall-clock spans); without,
    hours are the largest unit (for targets, as they are usually written: ``48h``).
    """
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return "never" if seconds > 0 else "-never"
    remaining = int(seconds)
    if remaining < 0:
        return "-" + duration(-remaining, days)
    if remaining == 0:
        return "0s"
    parts = []
    for unit, size in _UNITS:
        if unit == "d" and (not days or remaining < 2 * 86400):
            continue
        amount, remaining = divmod(remaining, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)


def instant(epoch_s: int) -> str:
    return format_utc(epoch_s)


def place_in(span: Span, relative_to: Span) -> str:
    if span.file == relative_to.file:
        return f"line {span.line}"
    return f"{span.file}:{span.line}"


def excerpt(lines: list[str], span: Span, limit: int = 80) -> str:
    """The source text of a span (``lines``: its file's lines), on one line, shortened to ``limit`` characters."""
    if span.line <= 0 or span.line > len(lines):
        return ""
    if span.end_line == span.line:
        piece = lines[span.line - 1][span.column - 1 : span.end_column - 1]
    else:
        chunk = [lines[span.line - 1][span.column - 1 :]]
        chunk += lines[span.line : min(span.end_line - 1, len(lines))]
        if span.end_line <= len(lines):
            chunk.append(lines[span.end_line - 1][: span.end_column - 1])
        piece = " ".join(part.strip() for part in chunk)
    piece = " ".join(piece.split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def target(seconds: int) -> str:
    """A target or offset of counted time, hours at most: ``15m``, ``48h``, ``1h30m``."""
    return duration(seconds, days=False)
