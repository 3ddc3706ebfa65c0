"""Simulation and the second wave of the language: a calendar chosen from the ticket is chosen
per arrival stream (its tickets share their attributes), a metric's own calendar is the one
its deadline counts on, and measures, which are not simulated, are named in the notes."""

from __future__ import annotations

import slalang
from slalang.simulation import simulate

from .conftest import START  # a Monday, UTC


def arrivals_at(*minutes: int) -> list[str]:
    return [f"2026-01-05T{m // 60:02d}:{m % 60:02d}:00+00:00" for m in minutes]

POLICY = """
calendar office { timezone "UTC"  hours mon-fri 09:00-17:00 }
team desk { calendar always agents 4 }
sla regional {
    calendar by customer.region { "emea" office  else always }
    first_response within 1h
    resolution within 1h { calendar always }
    measure agent_work within 8h
}
"""


def scenario() -> dict:
    # Two tickets, one per region, at 16:30 on a Monday; each worked at once for 2h.
    return {
        "start": START,
        "duration": "1d",
        "arrivals": [
            {"customer": {"region": "emea"}, "at": arrivals_at(16 * 60 + 30)},
            {"customer": {"region": "apac"}, "at": arrivals_at(16 * 60 + 30)},
        ],
        "work": {
            "first_response": {"team": "desk", "time": {"dist": "fixed", "value": "2h"}},
            "resolution": {"team": "desk", "time": {"dist": "fixed", "value": "2h"}},
        },
    }


def test_each_stream_counts_on_the_calendar_its_attributes_choose() -> None:
    result = simulate(slalang.loads(POLICY), scenario())
    first = result.metric("regional", "first_response")
    # emea counts on office: 30 open minutes by 18:30, met; apac on always: 2h, breached
    assert (first.tickets, first.met) == (2, 1)
    assert first.p50_s == (30 * 60 + 120 * 60) / 2  # the counted times are 30m and 2h


def test_a_metric_with_its_own_calendar_counts_on_it() -> None:
    resolution = simulate(slalang.loads(POLICY), scenario()).metric("regional", "resolution")
    assert (resolution.tickets, resolution.met) == (2, 0)  # 2h on `always` for both: breached


def test_measures_are_named_in_the_notes_as_not_simulated() -> None:
    result = simulate(slalang.loads(POLICY), scenario())
    assert "SLA regional: its measures (agent_work) are not simulated; only first_response and resolution are" in (
        result.notes
    )
