"""Instants: RFC 3339 text in, int UTC epoch seconds inside, ``...Z`` text out.

Every timestamp a ticket carries must be RFC 3339 with an offset (``Z``, ``+01:00``);
fractional seconds are truncated to the second. Parsing is on the hot path of ``slalang
eval`` (a ticket carries several timestamps), so a ``TimestampParser`` memoises the date
and the time-of-day parts separately; each parser owns its memo (no module-level state).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import time
from collections.abc import Callable
from typing import Any

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z",
    re.ASCII,
)
_NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?\Z", re.ASCII)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MEMO_LIMIT = 100_000
FIRST_YEAR, LAST_YEAR = 1900, 2999
"""Years a ticket's instants (and ``now``) may fall in; anything else is a data error."""
EARLIEST_S = -2208988800  # 1900-01-01T00:00:00Z
LATEST_S = 32503680000  # 3000-01-01T00:00:00Z (exclusive)


class InstantError(ValueError):
    """A timestamp that is not RFC 3339 with an offset; the message says what is wrong."""


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The inverse of :func:`days_from_civil`."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    mp = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return year_of_era + era * 400 + (month <= 2), month, day


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse_rfc3339(text: Any) -> int:
    """Epoch seconds of an RFC 3339 timestamp with an offset; raises InstantError."""
    if not isinstance(text, str):
        raise InstantError(f"expected an RFC 3339 timestamp string, got {_describe(text)}")
    match = _RFC3339.match(text)
    if match is None:
        raise InstantError(_explain_bad_timestamp(text))
    year, month, day, hour, minute, second, _fraction, zulu, sign, off_h, off_m = match.groups()
    y, mo, d = int(year), int(month), int(day)
    h, mi, s = int(hour), int(minute), int(second)
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise InstantError(f"{text!r}: year {y} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}")
    if not 1 <= mo <= 12:
        raise InstantError(f"{text!r}: month {mo} is out of range 1-12")
    last_day = 29 if mo == 2 and _is_leap(y) else _DAYS_IN_MONTH[mo - 1]
    if not 1 <= d <= last_day:
        raise InstantError(f"{text!r}: day {d} is out of range for {y:04d}-{mo:02d}")
    if h > 23 or mi > 59 or s > 59:
        raise InstantError(f"{text!r}: time of day {hour}:{minute}:{second} is out of range")
    offset_s = 0
    if zulu is None:
        oh, om = int(off_h), int(off_m)
        if oh > 23 or om > 59:
            raise InstantError(f"{text!r}: offset {sign}{off_h}:{off_m} is out of range")
        offset_s = (oh * 3600 + om * 60) * (1 if sign == "+" else -1)
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset_s


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return type(value).__name__


def _explain_bad_timestamp(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    if _NAIVE.match(text):
        return (
            f"timestamp {shown!r} has no UTC offset; write it as RFC 3339 with an offset, "
            f"e.g. {text[:19]}Z or {text[:19]}+01:00"
        )
    return f"timestamp {shown!r} is not RFC 3339 with an offset (expected e.g. 2026-11-20T16:55:00+01:00)"


_SECONDS = {f":{second:02d}": second for second in range(60)}  # ":05" -> 5, the seconds part of "Thh:mm:ss"


class TimestampParser:
    """Parses RFC 3339 timestamps, memoising the date, ``Thh:mm`` and offset parts.

    Each part is validated by a full parse before it enters its memo (and the seconds
    ``:00`` to ``:59`` are known), so a hit on every part is a valid timestamp. Not shared between threads: each run makes its own.
    """

    __slots__ = ("_days", "_minutes", "_tails")

    def __init__(self) -> None:
        self._days: dict[str, int] = {}  # "2026-11-20" -> epoch seconds of its midnight
        self._minutes: dict[str, int] = {}  # "T16:55" -> seconds into the day
        self._tails: dict[str, int] = {}  # ".5+01:00" -> offset seconds

    def parse(self, text: Any) -> int:
        """Epoch seconds; raises InstantError with a clear reason."""
        if type(text) is str and len(text) >= 20:
            day = self._days.get(text[:10])
            minutes = self._minutes.get(text[10:16])
            seconds = _SECONDS.get(text[16:19])
            offset = self._tails.get(text[19:])
            if day is not None and minutes is not None and seconds is not None and offset is not None:
                return day + minutes + seconds - offset
            value = parse_rfc3339(text)
            for memo in (self._days, self._minutes, self._tails):
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
            day = days_from_civil(int(text[:4]), int(text[5:7]), int(text[8:10])) * 86400
            minutes = int(text[11:13]) * 3600 + int(text[14:16]) * 60
            self._days[text[:10]] = day
            self._minutes[text[10:16]] = minutes
            self._tails[text[19:]] = day + minutes + int(text[17:19]) - value
            return value
        return parse_rfc3339(text)


_CLOCK_MINUTES = tuple(f"T{h:02d}:{m:02d}:" for h in range(24) for m in range(60))
_CLOCK_SECONDS = tuple(f"{s:02d}Z" for s in range(60))


@functools.lru_cache(maxsize=4096)
def _date_text(days: int) -> str:
    """``2026-11-20`` for days since 1970-01-01; kept for the dates in use (a one-ticket
    result formats half a dozen instants, mostly on the same few days)."""
    year, month, day = civil_from_days(days)
    return f"{year:04d}-{month:02d}-{day:02d}"


def format_utc(epoch_s: int) -> str:
    """``2026-11-20T15:55:00Z``."""
    days, second_of_day = divmod(epoch_s, 86400)
    minute, second = divmod(second_of_day, 60)
    return _date_text(days) + _CLOCK_MINUTES[minute] + _CLOCK_SECONDS[second]


def utc_formatter() -> Callable[[int], str]:
    """``format_utc`` with memos of date texts and of minute texts. Each call makes a new
    formatter with its own memos: one per run, not shared between threads."""
    minutes: dict[int, str] = {}
    dates: dict[int, str] = {}
    clock_minutes = _CLOCK_MINUTES
    clock_seconds = _CLOCK_SECONDS

    def format_instant(epoch_s: int) -> str:
        minute, second = divmod(epoch_s, 60)
        text = minutes.get(minute)
        if text is None:
            if len(minutes) >= _MEMO_LIMIT:
                minutes.clear()
            days, minute_of_day = divmod(minute, 1440)
            date = dates.get(days)
            if date is None:
                if len(dates) >= _MEMO_LIMIT:
                    dates.clear()
                date = dates[days] = _date_text(days)
            text = minutes[minute] = date + clock_minutes[minute_of_day]
        return text + clock_seconds[second]

    return format_instant


def resolve_now(now: Any = None) -> int:
    """``now`` as epoch seconds: None (the time of evaluation), epoch seconds, an aware
    datetime, or RFC 3339 text. Raises InstantError for anything else."""
    if isinstance(now, str):  # text obeys the rule of every timestamp: its written year is 1900-2999
        return parse_rfc3339(now.strip())
    value = _now_seconds(now)
    if not EARLIEST_S <= value < LATEST_S:
        raise InstantError(f"now ({value}) is outside the supported years {FIRST_YEAR}-{LAST_YEAR}")
    return value


def _now_seconds(now: Any) -> int:
    if now is None:
        return int(time.time())
    if isinstance(now, bool):
        raise InstantError("now must be a timestamp, not a boolean")
    if isinstance(now, int):
        return now
    if isinstance(now, float):
        if not math.isfinite(now):
            raise InstantError(f"now must be a finite timestamp, got {now!r}")
        return math.floor(now)
    if isinstance(now, dt.datetime):
        if now.tzinfo is None or now.utcoffset() is None:
            raise InstantError("now must be an aware datetime (with a UTC offset)")
        return math.floor(now.timestamp())
    if isinstance(now, str):
        return parse_rfc3339(now.strip())
    raise InstantError(f"now must be RFC 3339 text, epoch seconds or a datetime, got {_describe(now)}")
