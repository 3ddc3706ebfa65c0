"""Calendars in the compiler: checking their values and lowering them to the model.

Times of day become minutes after local midnight. A weekly range whose end is not after
its start runs past midnight (``22:00-06:00`` is 1320..1800). ``closed`` and ``open``
ranges stay within their date, so they may not run past midnight.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from functools import lru_cache
from zoneinfo import available_timezones

from .. import ast
from .. import model as m
from ..diagnostics import Diagnostic, error
from ..source import Span
from ..suggestions import closest
from ..timeline import holiday_store
from .declarations import where

MINUTES_PER_DAY = 1440


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def _holiday_countries() -> dict[str, list[str]]:
    """Every country code (aliases too) with its subdivisions; loads every country's module,
    so it is read only to suggest a code for an unknown country."""
    import holidays

    return holidays.list_supported_countries()


def _bad(message: str, span: Span, help: str) -> Diagnostic:
    return error("bad-value", message, span, help=help)


def expand_days(day_range: ast.DayRange) -> list[int]:
    """Weekday numbers (0 = Monday) of ``mon``, ``mon-fri``; a range may wrap (``fri-mon``)."""
    first = m.WEEKDAYS.index(day_range.first.text)
    if day_range.last is None:
        return [first]
    last = m.WEEKDAYS.index(day_range.last.text)
    return [(first + k) % 7 for k in range((last - first) % 7 + 1)]


def minutes(time: ast.TimeOfDay) -> int:
    return time.hour * 60 + time.minute


def check_calendar(decl: ast.CalendarDecl) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    zones = [item for item in decl.items if isinstance(item, ast.TimezoneItem)]
    if not zones:
        diagnostics.append(
            _bad(
                f"calendar `{decl.name.text}` has no timezone",
                decl.name.span,
                'add a `timezone "Europe/Amsterdam"` line (any IANA zone; hours are local times in it)',
            )
        )
    for extra in zones[1:]:
        diagnostics.append(
            _bad(
                f"calendar `{decl.name.text}` gives its timezone twice; the first is at {where(zones[0].span)}",
                extra.span,
                "keep one `timezone` line: a calendar has a single zone",
            )
        )
    for item in decl.items:
        if isinstance(item, ast.TimezoneItem):
            diagnostics.extend(_check_zone(item.zone))
        elif isinstance(item, ast.HoursItem):
            for day_range in item.days:
                diagnostics.extend(_check_days(day_range))
            for time_range in item.ranges:
                diagnostics.extend(_check_range(time_range, overnight=None))
        elif isinstance(item, ast.HolidaysItem):
            diagnostics.extend(_check_holidays(item.code))
        elif isinstance(item, ast.DateItem):
            diagnostics.extend(_check_date_item(item))
    return diagnostics


def _check_zone(zone: ast.Str) -> list[Diagnostic]:
    if zone.value in _zones():
        return []
    match = closest(zone.value, _zones())
    hint = f"did you mean `{match}`?" if match else "use an IANA zone name such as `Europe/Amsterdam` or `UTC`"
    return [_bad(f"unknown time zone `{zone.value}`", zone.span, hint)]


def _check_days(day_range: ast.DayRange) -> list[Diagnostic]:
    diagnostics = []
    for day in (day_range.first, day_range.last):
        if day is not None and day.text not in m.WEEKDAYS:
            match = closest(day.text, m.WEEKDAYS)
            hint = f"did you mean `{match}`?" if match else "days are mon tue wed thu fri sat sun"
            diagnostics.append(_bad(f"`{day.text}` is not a day", day.span, hint))
    return diagnostics


def _check_time(time: ast.TimeOfDay, is_end: bool) -> list[Diagnostic]:
    if not 0 <= time.minute <= 59:
        return [_bad(f"`{time.text}` is not a time of day: minute {time.minute}", time.span, "minutes run from 00 to 59")]
    if time.hour == 24 and time.minute == 0:
        if is_end:
            return []
        return [
            _bad(
                "`24:00` cannot start a range",
                time.span,
                "24:00 is the end of the day; start the range at 00:00 (on the next day)",
            )
        ]
    if not 0 <= time.hour <= 23:
        return [
            _bad(
                f"`{time.text}` is not a time of day: hour {time.hour}",
                time.span,
                "hours run from 00 to 23; `24:00` may only end a range",
            )
        ]
    return []


def _check_range(time_range: ast.TimeRange, overnight: ast.DateItem | None) -> list[Diagnostic]:
    """Checks one range; ``overnight`` is the date line when the range may not pass midnight."""
    diagnostics = _check_time(time_range.start, False) + _check_time(time_range.end, True)
    if diagnostics:
        return diagnostics
    text = f"{time_range.start.text}-{time_range.end.text}"
    start, end = minutes(time_range.start), minutes(time_range.end)
    if start == end:
        return [
            _bad(
                f"the range `{text}` is empty",
                time_range.span,
                "give different start and end times; `00:00-24:00` is the whole day",
            )
        ]
    if overnight is not None and end < start:
        date = overnight.date
        help = "a date line covers one date; end it at 24:00 and add a line for the next date"
        try:
            first = dt.date(date.year, date.month, date.day)
            second = first + dt.timedelta(days=1)
            help = (
                f"split it over two dates: `{overnight.kind} {first.isoformat()} {time_range.start.text}-24:00` "
                f"and `{overnight.kind} {second.isoformat()} 00:00-{time_range.end.text}`"
            )
        except ValueError:
            pass
        return [_bad(f"the range `{text}` runs past midnight, which a `{overnight.kind}` date cannot", time_range.span, help)]
    return []


def _check_date_item(item: ast.DateItem) -> list[Diagnostic]:
    diagnostics = check_date(item.date)
    if item.kind == "open" and not item.ranges:
        diagnostics.append(
            _bad(
                f"`open {item.date.text}` gives no hours",
                item.span,
                f"say which hours are open, e.g. `open {item.date.text} 10:00-14:00`",
            )
        )
    for time_range in item.ranges:
        diagnostics.extend(_check_range(time_range, overnight=item))
    return diagnostics


def check_date(date: ast.Date) -> list[Diagnostic]:
    if not 1 <= date.month <= 12:
        return [_bad(f"`{date.text}` is not a date: there is no month {date.month}", date.span, "months run from 01 to 12")]
    days = month_calendar.monthrange(date.year, date.month)[1] if 1 <= date.year <= 9999 else 0
    if not days:
        return [_bad(f"`{date.text}` is not a date: year {date.year}", date.span, "years run from 0001 to 9999")]
    if not 1 <= date.day <= days:
        name = month_calendar.month_name[date.month]
        return [
            _bad(
                f"`{date.text}` is not a date: {name} {date.year} has {days} days",
                date.span,
                f"days of {name} {date.year} run from 01 to {days:02d}",
            )
        ]
    return []


def _check_holidays(code: ast.Str) -> list[Diagnostic]:
    country, _, subdivision = code.value.partition("-")
    if country not in holiday_store.country_codes():
        countries = _holiday_countries()
        match = closest(code.value, [*countries, *(f"{c}-{s}" for c, subs in countries.items() for s in subs)])
        hint = (
            f"did you mean `{match}`?"
            if match
            else 'use an ISO 3166 country code such as "NL", or a country and subdivision such as "US-CA"'
        )
        return [_bad(f"unknown holiday country `{country}` in `{code.value}`", code.span, hint)]
    if subdivision and subdivision not in holiday_store.subdivisions(country):
        known = [f"{country}-{s}" for s in holiday_store.subdivisions(country)]
        match = closest(code.value, known)
        if match:
            hint = f"did you mean `{match}`?"
        elif known:
            hint = f"subdivisions of {country}: " + ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        else:
            hint = f'{country} has no subdivisions in the holidays data; use "{country}"'
        return [_bad(f"unknown subdivision `{subdivision}` of `{country}` in `{code.value}`", code.span, hint)]
    return []


def lower_calendar(decl: ast.CalendarDecl) -> m.Calendar:
    zone = next(item.zone.value for item in decl.items if isinstance(item, ast.TimezoneItem))
    hours: set[m.WeeklyRange] = set()
    holidays: list[m.HolidaySource] = []
    closed: list[m.DateHours] = []
    opened: list[m.DateHours] = []
    for item in decl.items:
        if isinstance(item, ast.HoursItem):
            for day_range in item.days:
                for weekday in expand_days(day_range):
                    for time_range in item.ranges:
                        start, end = minutes(time_range.start), minutes(time_range.end)
                        if end <= start:
                            end += MINUTES_PER_DAY
                        hours.add(m.WeeklyRange(weekday, start, end))
        elif isinstance(item, ast.HolidaysItem):
            country, _, subdivision = item.code.value.partition("-")
            source = m.HolidaySource(country, subdivision or None, item.span)
            if source not in holidays:
                holidays.append(source)
        elif isinstance(item, ast.DateItem):
            date = dt.date(item.date.year, item.date.month, item.date.day)
            ranges = tuple(sorted((minutes(r.start), minutes(r.end)) for r in item.ranges))
            (closed if item.kind == "closed" else opened).append(m.DateHours(date, ranges, item.span))
    return m.Calendar(
        name=decl.name.text,
        title=decl.title.value if decl.title is not None else None,
        timezone=zone,
        hours=tuple(sorted(hours, key=lambda r: (r.weekday, r.start_min, r.end_min))),
        holidays=tuple(holidays),
        closed=tuple(sorted(closed, key=lambda d: (d.date, d.ranges))),
        open=tuple(sorted(opened, key=lambda d: (d.date, d.ranges))),
        span=decl.span,
    )
