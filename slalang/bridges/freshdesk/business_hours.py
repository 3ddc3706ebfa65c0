"""Freshdesk business hours -> slalang calendars, and back.

``GET /api/v2/business_hours`` answers calendars with a Rails ``time_zone`` and, per
weekday, ``{"start_time": "08:00:00 am", "end_time": "05:00:00 pm"}`` (older answers write
``8:00 am``). Freshdesk writes the end of the day as ``11:59:59 pm``: it is read as 24:00
and written back so. A weekday that is not listed is closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..pages import Record
from ..problems import Problem, json_kind
from ..writer import calendar_text, lossy_comment, slug, structured_comment, unique_name
from ..zones import iana_zone

DAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
END_OF_DAY = "11:59:59 pm"
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])\.?m\.?\s*\Z", re.IGNORECASE)


def clock_minutes(text: Any, is_end: bool) -> int | None:
    """``"08:00:00 am"`` -> 480; ``"11:59:59 pm"`` as an end -> 1440; None if unreadable."""
    if not isinstance(text, str):
        return None
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, second, half = int(match[1]), int(match[2]), int(match[3] or 0), match[4].lower()
    if not (1 <= hour <= 12 and minute < 60 and second < 60):
        return None
    if is_end and (hour, minute, second, half) == (11, 59, 59, "p"):
        return 1440
    if second:
        return None
    return (hour % 12 + (12 if half == "p" else 0)) * 60 + minute


def clock_text(minutes: int) -> str:
    """480 -> ``08:00:00 am``; 1440 -> ``11:59:59 pm``."""
    if minutes >= 1440:
        return END_OF_DAY
    hour, minute = divmod(minutes, 60)
    half = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12:02d}:{minute:02d}:00 {half}"


@dataclass
class ImportedCalendar:
    name: str
    calendar_id: Any
    is_default: bool
    text: str
    problems: list[Problem] = field(default_factory=list)


def import_business_hours(record: Record, taken: set[str]) -> ImportedCalendar:
    calendar = record.value
    problems: list[Problem] = []
    if not isinstance(calendar, dict):
        problem = record.problem(f"business hours must be an object, got {json_kind(calendar)}")
        return ImportedCalendar(unique_name("business_hours", taken), None, False, "", [problem])
    title = calendar.get("name") if isinstance(calendar.get("name"), str) and calendar.get("name") else None
    name = unique_name(slug(title, "business_hours"), taken, "hours")
    note = {k: calendar[k] for k in ("id", "description", "is_default") if k in calendar}
    raw_zone = calendar.get("time_zone")
    note["time_zone"] = raw_zone
    zone = iana_zone(raw_zone)
    if zone is None:
        problems.append(record.problem(
            f"time_zone {raw_zone!r} is neither a Rails time-zone name nor an IANA zone; the calendar reads UTC", None, "time_zone",
        ))
    for key in ("holidays", "holiday_list"):
        if calendar.get(key):
            problems.append(record.problem(
                "Freshdesk holidays recur every year on a month and day; slalang closes dates of a given year, so they "
                "were left out", "add `closed YYYY-MM-DD` lines for the years you need", key,
            ))
    weekly: dict[int, list[tuple[int, int]]] = {}
    hours = calendar.get("business_hours")
    if hours is None:
        hours = {}
    if not isinstance(hours, dict):
        problems.append(record.problem(f"`business_hours` must be an object of weekdays, got {json_kind(hours)}", None, "business_hours"))
        hours = {}
    for day, span in hours.items():
        if day not in DAYS:
            problems.append(record.problem(f"{day!r} is not a weekday name (monday..sunday); left out", None, "business_hours", day))
            continue
        start = clock_minutes(span.get("start_time") if isinstance(span, dict) else None, False)
        end = clock_minutes(span.get("end_time") if isinstance(span, dict) else None, True)
        if start is None or end is None or start >= end:
            problems.append(record.problem(
                f"{day}: expected start_time before end_time such as \"08:00:00 am\" and \"05:00:00 pm\", got {span!r}; left out",
                None, "business_hours", day,
            ))
            continue
        weekly[DAYS.index(day)] = [(start, end)]
    comments = [structured_comment("freshdesk", note)] + [lossy_comment(f"{p.pointer}: {p.reason}") for p in problems]
    text = calendar_text(name, title, zone or "UTC", weekly, (), comments)
    return ImportedCalendar(name, calendar.get("id"), calendar.get("is_default") is True, text, problems)
