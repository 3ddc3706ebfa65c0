"""Durations, rates and instants as a scenario writes them."""

from __future__ import annotations

import datetime as dt
import re

from ..evaluation.instants import EARLIEST_S, FIRST_YEAR, LAST_YEAR, LATEST_S
from ..units import parse_language_duration

_RATE = re.compile(r"^(\d+(?:\.\d+)?)\s*/\s*([a-z0-9]+)$")
_RATE_UNITS_S = {
    "s": 1, "sec": 1, "second": 1,
    "min": 60, "minute": 60,
    "h": 3600, "hr": 3600, "hour": 3600,
    "d": 86400, "day": 86400,
    "w": 7 * 86400, "wk": 7 * 86400, "week": 7 * 86400,
}


class QuantityError(ValueError):
    """A value that does not read as the quantity asked for; ``expected`` says what would."""

    def __init__(self, message: str, expected: str, hint: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.hint = hint


def parse_duration_s(text: str) -> int:
    """``1h30m`` -> 5400. Units w d h m s in that order; ``d`` is 24 hours, as in the language."""
    try:
        seconds = parse_language_duration(text)
    except ValueError:
        raise QuantityError(
            f"{text!r} is not a duration",
            "a duration such as 28d, 6m or 1h30m (units w d h m s, in that order)",
            "write a number with a unit, e.g. 15m",
        ) from None
    if seconds == 0:
        raise QuantityError(
            f"{text!r} is zero", "a duration longer than zero", "a time of zero is not a time; use at least 1s"
        )
    return seconds


def parse_rate_per_s(text: str) -> float:
    """``3/day`` -> 3/86400 per second; ``40/8h30m`` -> 40 per 8.5 hours."""
    match = _RATE.match(text.strip())
    expected = "a rate such as 3/day, 0.5/h or 10/min"
    hint = "tickets per unit of time: /s, /min, /h, /day, /week or a duration such as /8h30m"
    if match is None:
        raise QuantityError(f"{text!r} is not a rate", expected, hint)
    count = float(match.group(1))
    unit = match.group(2)
    per_s = _RATE_UNITS_S.get(unit)
    if per_s is None and unit.endswith("s"):
        per_s = _RATE_UNITS_S.get(unit[:-1])  # plurals: days, hours, mins
    if per_s is None:
        try:
            per_s = parse_duration_s(unit)
        except QuantityError:
            raise QuantityError(f"{text!r}: unknown unit {unit!r}", expected, hint) from None
    return count / per_s


def parse_instant_utc(text: str) -> int:
    """An RFC 3339 instant with an offset as int UTC epoch seconds (fractions dropped)."""
    expected = "an RFC 3339 instant with an offset, such as 2026-01-05T00:00:00+01:00"
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise QuantityError(f"{text!r} is not an RFC 3339 instant", expected, "use YYYY-MM-DDTHH:MM:SS+HH:MM") from None
    if moment.tzinfo is None:
        raise QuantityError(f"{text!r} has no offset", expected, "write the offset (+01:00) or Z for UTC")
    try:
        epoch_s = int(moment.timestamp() // 1)
    except (OverflowError, ValueError):
        epoch_s = LATEST_S if moment.year > 2000 else EARLIEST_S - 1
    if not EARLIEST_S <= epoch_s < LATEST_S:
        raise QuantityError(f"{text!r} is outside the supported years", SUPPORTED_YEARS,
                            "evaluation and simulation work on instants in these years")
    return epoch_s


SUPPORTED_YEARS = f"an instant in the years {FIRST_YEAR}-{LAST_YEAR} (UTC)"

