"""Hand-built models for tests that need conditions the compiler would reject
(comparing one field with a string and a number) or that need no policy text at all."""

from __future__ import annotations

from slalang.model import ALWAYS_CALENDAR, Metric, PolicySet, Segment, Sla, ZonedCalendar


def policy_with(
    whens=(), segments: dict | None = None, priorities=("urgent", "high", "low")
) -> PolicySet:
    """A policy set whose SLAs have the given ``when`` conditions, in order."""
    slas = tuple(
        Sla(name=f"s{i}", title=None, when=when, calendar=ZonedCalendar("always"), metrics=(Metric("resolution", 3600),))
        for i, when in enumerate(whens)
    )
    return PolicySet(
        name=None,
        version=None,
        resolved_statuses=("solved", "closed"),
        priorities=tuple(priorities),
        calendars={"always": ALWAYS_CALENDAR},
        segments={name: Segment(name, when) for name, when in (segments or {}).items()},
        teams={},
        olas={},
        chains={},
        slas=slas,
    )
