"""Durations and percentages, read and written one way.

A duration **for people** (tables, reports, ``explain``, ``simulate``) is written in days,
hours, minutes and seconds, largest first, separated by spaces, zero units left out:
``1d 16h``, ``4h 30m``, ``45s``, ``0s``. ``d`` is 24 hours, as in the language (24 hours
of counted time where the duration counts open time). An exact figure (a target, the
counted and paused time of a ticket, an escalation's fire point) is written in full:
``1d 16h 5m 3s``, with any fraction of a second (``9h 29m 25.8s``, to the millisecond). A statistic (a
percentile, a mean, a simulated wait) is rounded to the second and written to the unit
below its largest (``3h 12m``, ``2d 3h``, ``7m 30s``); under a minute to a tenth of a
second (``8.4s``). No value is an em dash (``—``).

A duration in the **policy language's notation** (``15m``, ``1h30m``, ``3d8h``) is what a
policy writes and what ``slalang check`` quotes and suggests in its findings, so that it
can be searched for and pasted back: units ``w d h m s``, largest first, each at most once,
no spaces.

A percentage is written with one decimal (``95.0%``); a goal as the policy wrote it
(``99.9%``); a difference in percentage points with its sign (``+2.5 pp``).

A percentage the policy wrote (a goal, a credit threshold, an objective) is compared
**exactly**: ``exact_share(99.9)`` is the fraction 999/1000 that ``99.9%`` means, not the
binary float nearest to 0.999. A share computed from counts (an attainment, an uptime) is
kept as a ``Fraction`` and rounded only when written, half to even, by ``round_share``.

An instant for people is RFC 3339 to the second: in UTC with ``Z`` (``2026-11-20T15:55:00Z``,
as machine formats always write it), or, where a person asked for a zone (``--tz``), in that
zone with its offset (``2026-11-20T16:55:00+01:00``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from fractions import Fraction
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UNIT_SECONDS: dict[str, int] = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
"""The language's duration units: ``d`` is 24 hours and ``w`` 7 days (of counted time)."""

_PEOPLE_UNITS: tuple[tuple[str, int], ...] = (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1))
_LANGUAGE = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
NO_VALUE = "—"

Seconds = int | float | Fraction


def format_duration(seconds: Seconds | None, *, approximate: bool = False) -> str:
    """A duration for people: ``1d 16h``, ``4h 30m``, ``45s`` (see the module docstring).

    Exact by default (every non-zero unit, and a fraction of a second when there is one, to
the millisecond);
    ``approximate`` for a statistic: rounded to the second and cut to the unit below the
    largest (``2d 3h``), or to a tenth of a second under a minute (``8.4s``).
    """
    if seconds is None:
        return NO_VALUE
    if seconds < 0:
        return "-" + format_duration(-seconds, approximate=approximate)
    if isinstance(seconds, float) and not math.isfinite(seconds):
        return "never"
    if approximate:
        if seconds < 60:
            tenths = round(float(seconds), 1)
            if tenths < 60:
                return _seconds_text(tenths)
        return _whole_units(round(seconds), limit=2)
    milliseconds = round(Fraction(seconds) * 1000)
    whole, fraction_ms = divmod(milliseconds, 1000)
    if not fraction_ms:
        return _whole_units(whole)
    minutes = whole - whole % 60
    tail = _seconds_text(Fraction(whole % 60 * 1000 + fraction_ms, 1000))
    return f"{_whole_units(minutes)} {tail}" if minutes else tail


def _whole_units(seconds: int, limit: int | None = None) -> str:
    """``seconds`` (>= 0) in ``d h m s``; with ``limit``, only that many units from the largest."""
    if seconds == 0:
        return "0s"
    parts: list[str] = []
    started = 0
    remaining = seconds
    for suffix, size in _PEOPLE_UNITS:
        amount, remaining = divmod(remaining, size)
        if amount or started:
            started += 1
            if amount:
                parts.append(f"{amount}{suffix}")
        if limit is not None and started == limit:
            break
    return " ".join(parts)


def _seconds_text(seconds: float | Fraction) -> str:
    """Seconds under a minute, to the millisecond at most: ``45s``, ``8.4s``, ``25.125s``."""
    return f"{float(seconds):.3f}".rstrip("0").rstrip(".") + "s"


def format_language_duration(seconds: int, largest_unit: str = "d") -> str:
    """Whole ``seconds`` in the policy language's notation: ``15m``, ``1h30m``, ``3d8h``,
    ``-30m``, ``0s``; units up to ``largest_unit`` (``"h"``: ``48h`` rather than ``2d``)."""
    if seconds < 0:
        return "-" + format_language_duration(-seconds, largest_unit)
    if seconds == 0:
        return "0s"
    units = list(UNIT_SECONDS.items())
    units = units[[unit for unit, _ in units].index(largest_unit):]
    parts = []
    remaining = seconds
    for unit, size in units:
        amount, remaining = divmod(remaining, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)


def parse_language_duration(text: str) -> int:
    """Seconds of a duration in the policy language's notation (``1h30m`` -> 5400): units
    ``w d h m s`` in that order, each at most once. Raises ValueError for anything else."""
    match = _LANGUAGE.fullmatch(text.strip())
    if match is None or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration")
    return sum(int(amount) * size for amount, size in zip(match.groups(), UNIT_SECONDS.values(), strict=False) if amount)


def format_percent(value: float | None, digits: int = 1) -> str:
    """``95.0%``; ``None`` (no decided ticket) is an em dash."""
    if value is None:
        return NO_VALUE
    return f"{value:.{digits}f}%"


def exact_share(percent: float) -> Fraction:
    """The share a written percentage means, exactly: ``99.9`` -> 999/1000.

    A percentage reaches the model as the float nearest to what the policy wrote; its
    shortest decimal text (``repr``) is that text again, so this undoes the float's error.
    """
    return Fraction(repr(float(percent))) / 100


def round_share(share: Fraction, digits: int) -> float:
    """``share`` rounded to ``digits`` decimals, half to even, as the float nearest to that
    decimal (``Fraction(12, 13)``, 4 -> 0.9231; ``Fraction(1, 8)``, 2 -> 0.12)."""
    scale = 10**digits
    whole, rest = divmod(share.numerator * scale, share.denominator)
    twice = 2 * rest
    if twice > share.denominator or (twice == share.denominator and whole % 2 == 1):
        whole += 1
    return whole / scale


def format_goal(goal_pct: float) -> str:
    """A goal as the policy wrote it: ``95%``, ``99.9%``."""
    return f"{goal_pct:g}%"


def format_points(delta_pp: float | None) -> str:
    """A signed difference in percentage points: ``+2.5 pp``, ``−3.0 pp``, ``±0.0 pp``."""
    if delta_pp is None:
        return NO_VALUE
    rounded = round(delta_pp, 1)
    if rounded == 0:
        return "±0.0 pp"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{abs(rounded):.1f} pp"


def format_instant(epoch_s: int | float, zone: dt.tzinfo | None = None) -> str:
    """An instant for people: ``2026-11-20T15:55:00Z`` in UTC (``zone`` None or UTC), else
    ``2026-11-20T16:55:00+01:00`` in ``zone``; to the second (a fraction is dropped)."""
    moment = dt.datetime.fromtimestamp(math.floor(epoch_s), dt.UTC)
    if zone is None or zone_name(zone) == "UTC":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.astimezone(zone).isoformat()


def rezone(instant: str | None, zone: dt.tzinfo | None = None) -> str | None:
    """An RFC 3339 instant (``2026-11-20T15:55:00Z``, as results carry them) written as
    ``format_instant`` writes it in ``zone``; None stays None, and text that is not an
    instant is returned as it is."""
    if instant is None or zone is None:
        return instant
    try:
        moment = dt.datetime.fromisoformat(instant)
    except ValueError:
        return instant
    if moment.tzinfo is None:
        return instant
    return format_instant(moment.timestamp(), zone)


_UTC_INSTANT = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\b")


def rezone_text(text: str, zone: dt.tzinfo | None) -> str:
    """``text`` with every UTC instant in it (``2026-11-20T15:55:00Z``) written in ``zone``."""
    if zone is None:
        return text
    return _UTC_INSTANT.sub(lambda match: rezone(match.group(0), zone) or match.group(0), text)


def zone_name(zone: dt.tzinfo) -> str:
    """The IANA name of a zone (``Europe/Amsterdam``), ``UTC``, or its ``str`` otherwise."""
    key = getattr(zone, "key", None)
    if key in ("UTC", "Etc/UTC", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal") or zone is dt.UTC:
        return "UTC"
    return key or str(zone)


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (``UTC``, ``Europe/Amsterdam``); ValueError naming the closest
    zones when there is none by that name."""
    text = name.strip()
    if text.upper() in ("UTC", "Z"):
        return ZoneInfo("UTC")
    try:
        if text and not text.startswith(("/", ".")) and ".." not in text:
            return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    close = difflib.get_close_matches(text, sorted(available_timezones()), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else " (an IANA name such as Europe/Amsterdam, or UTC)"
    raise ValueError(f"unknown time zone {name!r}{hint}")
