"""Units for people: durations in counted time and percentages, written one way."""

from __future__ import annotations

_UNITS: tuple[tuple[str, int], ...] = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def format_duration(seconds: int | float | None) -> str:
    """``45s``, ``7m 30s``, ``1h 30m``, ``2d 3h``: the two largest non-zero units, truncated.

    ``None`` (no sample) is an em dash. ``d`` is 24 hours of counted time, as in the language.
    """
    if seconds is None:
        return "—"
    remaining = int(seconds)
    if remaining < 0:
        return "-" + format_duration(-remaining)
    if remaining == 0:
        return "0s"
    parts: list[str] = []
    for suffix, size in _UNITS:
        amount, remaining = divmod(remaining, size)
        if amount or parts:
            parts.append(f"{amount}{suffix}")
        if len(parts) == 2:
            break
    return " ".join(p for p in parts if not p.startswith("0")) or "0s"


def format_percent(value: float | None, digits: int = 1) -> str:
    """``95.0%``; ``None`` (no decided ticket) is an em dash."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}%"


def format_goal(goal_pct: float) -> str:
    """A goal as the policy wrote it: ``95%``, ``99.9%``."""
    return f"{goal_pct:g}%"


def format_points(delta_pp: float | None) -> str:
    """A signed difference in percentage points: ``+2.5 pp``, ``−3.0 pp``, ``±0.0 pp``."""
    if delta_pp is None:
        return "—"
    rounded = round(delta_pp, 1)
    if rounded == 0:
        return "±0.0 pp"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{abs(rounded):.1f} pp"
