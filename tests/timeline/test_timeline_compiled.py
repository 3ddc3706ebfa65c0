"""The calendar of language.md, compiled by slalang, over the 2026 holidays, hour by hour."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import slalang
from slalang.timeline import timeline_for

SOURCE = """
calendar office "Amsterdam office hours" {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:30
    hours sat 10:00-14:00
    hours sun 10:00-12:00, 13:00-15:00
    hours fri 22:00-06:00
    holidays "NL"
    closed 2026-12-24 13:00-24:00
    closed 2026-12-31
    open 2026-12-27 10:00-14:00
}
"""
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> int:
    return int(dt.datetime(year, month, day, hour, minute, tzinfo=AMS).timestamp())


def test_the_language_example_calendar_around_christmas_2026():
    policy = slalang.loads(SOURCE, "calendars.sla")
    assert not policy.diagnostics
    timeline = timeline_for(policy.model.calendars["office"])
    expected = [
        (at(18, 9), at(18, 17, 30)),
        (at(18, 22), at(19, 6)),  # Friday night runs into Saturday
        (at(19, 10), at(19, 14)),
        (at(20, 10), at(20, 12)),
        (at(20, 13), at(20, 15)),
        (at(21, 9), at(21, 17, 30)),
        (at(22, 9), at(22, 17, 30)),
        (at(23, 9), at(23, 17, 30)),
        (at(24, 9), at(24, 13)),  # closed 13:00-24:00
        # Fri 25 and Sat 26 are holidays: their hours and Friday night's spill are closed.
        (at(27, 10), at(27, 15)),  # open 10-14 joins Sunday's 10-12 and 13-15
        (at(28, 9), at(28, 17, 30)),
        (at(29, 9), at(29, 17, 30)),
        (at(30, 9), at(30, 17, 30)),
        # Thu 31 closed all day; Fri 1 January is a holiday, its night's spill is not.
        (at(2, 0, month=1, year=2027), at(2, 6, month=1, year=2027)),
        (at(2, 10, month=1, year=2027), at(2, 14, month=1, year=2027)),
    ]
    assert timeline.open_intervals(at(18, 0), at(3, 0, month=1, year=2027)) == expected
