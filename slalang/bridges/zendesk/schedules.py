"""Zendesk business-hours schedules (with holidays) -> slalang calendars.

A schedule (``GET /api/v2/business_hours/schedules``) has a Rails ``time_zone`` and
``intervals``: open ranges in minutes from Sunday 00:00 local time (``1980``-``2460`` is
Monday 09:00-17:00), each within one calendar day (the API says they cannot span days; one
that does anyway is cut at midnight), so a holiday closes exactly the local date it names,
as ``closed`` does. Holidays
(``GET /schedules/{id}/holidays``: a name and inclusive ``start_date``..``end_date``)
become ``closed`` dates; their names and ids stay in the calendar's structured comment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..pages import Record
from ..problems import Problem, json_kind
from ..writer import calendar_text, lossy_comment, slug, structured_comment, unique_name
from ..zones import iana_zone

MINUTES_PER_WEEK = 7 * 1440
MAX_HOLIDAY_DAYS = 1000


@dataclass
class ImportedCalendar:
    name: str
    schedule_id: Any
    text: str
    problems: list[Problem] = field(default_factory=list)


def zendesk_weekday(day_index: int) -> int:
    """Zendesk's day 0 is Sunday; slalang's weekday 0 is Monday."""
    return (day_index + 6) % 7


def weekly_hours(intervals: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
    """Intervals in minutes from Sunday 00:00 -> open ranges per slalang weekday, cut at midnight."""
    weekly: dict[int, list[tuple[int, int]]] = {}
    for start, end in intervals:
        minute = start
        while minute < end:
            day = minute // 1440
            day_end = min(end, (day + 1) * 1440)
            weekly.setdefault(zendesk_weekday(day), []).append((minute - day * 1440, day_end - day * 1440))
            minute = day_end
    return {day: _merged(ranges) for day, ranges in weekly.items()}


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def import_schedule(record: Record, taken: set[str], holidays: list[Record]) -> ImportedCalendar:
    schedule = record.value
    problems: list[Problem] = []
    if not isinstance(schedule, dict):
        problem = record.problem(f"a schedule must be an object, got {json_kind(schedule)}")
        return ImportedCalendar(unique_name("schedule", taken), None, "", [problem])
    title = schedule.get("name") if isinstance(schedule.get("name"), str) and schedule.get("name") else None
    name = unique_name(slug(title, "schedule"), taken, "hours")
    note: dict[str, Any] = {}
    if "id" in schedule:
        note["id"] = schedule["id"]
    raw_zone = schedule.get("time_zone")
    zone = iana_zone(raw_zone)
    note["time_zone"] = raw_zone
    if zone is None:
        problems.append(record.problem(
            f"time_zone {raw_zone!r} is neither a Rails time-zone name nor an IANA zone; the calendar reads UTC",
            "use a name from the Rails table (slalang/bridges/rails_time_zones.json) or an IANA zone such as Europe/Amsterdam",
            "time_zone",
        ))
    intervals = _intervals(record, problems)
    closed, notes = _holidays(schedule, record, holidays, problems)
    if notes:
        note["holidays"] = notes
    comments = [structured_comment("zendesk", note)] + [lossy_comment(f"{p.pointer}: {p.reason}") for p in problems]
    text = calendar_text(name, title, zone or "UTC", weekly_hours(intervals), closed, comments)
    return ImportedCalendar(name, schedule.get("id"), text, problems)


def _intervals(record: Record, problems: list[Problem]) -> list[tuple[int, int]]:
    raw = record.value.get("intervals")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        problems.append(record.problem(f"`intervals` must be a list, got {json_kind(raw)}; the calendar has no hours", None, "intervals"))
        return []
    out: list[tuple[int, int]] = []
    for index, item in enumerate(raw):
        start = item.get("start_time") if isinstance(item, dict) else None
        end = item.get("end_time") if isinstance(item, dict) else None
        if not (isinstance(start, int) and isinstance(end, int) and _minute(start) and _minute(end)
                and 0 <= start < end <= MINUTES_PER_WEEK):
            problems.append(record.problem(
                f"interval {item!r} is not start_time < end_time in minutes 0..{MINUTES_PER_WEEK} from Sunday 00:00; it was left out",
                None, "intervals", index,
            ))
            continue
        out.append((start, end))
    return out


def _minute(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _holidays(
    schedule: dict[str, Any], record: Record, extra: list[Record], problems: list[Problem]
) -> tuple[list[str], list[dict[str, Any]]]:
    located: list[tuple[Record, tuple[Any, ...]]] = []
    embedded = schedule.get("holidays")
    if embedded is not None:
        if isinstance(embedded, list):
            located += [(record, ("holidays", i)) for i in range(len(embedded))]
        else:
            problems.append(record.problem(f"`holidays` must be a list, got {json_kind(embedded)}", None, "holidays"))
    located += [(holiday, ()) for holiday in extra]
    dates: set[str] = set()
    notes: list[dict[str, Any]] = []
    for owner, at in located:
        holiday = owner.value
        for part in at:
            holiday = holiday[part]
        span = _holiday_dates(holiday)
        if span is None:
            problems.append(owner.problem(
                "a holiday needs start_date and end_date (YYYY-MM-DD, start not after end, at most "
                f"{MAX_HOLIDAY_DAYS} days); it was left out", None, *at,
            ))
            continue
        dates.update(span)
        note = {k: holiday[k] for k in ("id", "name", "start_date", "end_date") if k in holiday}
        notes.append(note)
    return sorted(dates), notes


def _holiday_dates(holiday: Any) -> list[str] | None:
    if not isinstance(holiday, dict) or not isinstance(holiday.get("start_date"), str) or not isinstance(holiday.get("end_date"), str):
        return None
    try:
        start = dt.date.fromisoformat(str(holiday["start_date"]))
        end = dt.date.fromisoformat(str(holiday["end_date"]))
    except (TypeError, ValueError):
        return None
    days = (end - start).days
    if days < 0 or days >= MAX_HOLIDAY_DAYS:
        return None
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(days + 1)]
