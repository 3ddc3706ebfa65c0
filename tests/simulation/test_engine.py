"""The event loop's rules on hand-worked cases: EDF, shifts, profiles, via chains, seeds."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from golden import assert_golden

import slalang
from slalang.simulation import simulate
from slalang.timeline import timeline_for

from .conftest import START, mmc_policy, mmc_scenario

HERE = os.path.dirname(__file__)
MIN = 60


def at(*minutes: float, day: str = "2026-01-05") -> list[str]:
    """Instants ``minutes`` after midnight UTC of ``day``."""
    out = []
    for m in minutes:
        h, rest = divmod(int(m), 60)
        out.append(f"{day}T{h:02d}:{rest:02d}:00+00:00")
    return out


EDF_POLICY = """
priorities urgent > normal
team desk { calendar always agents 1 }
sla fast { when priority urgent  first_response within 30m }
sla slow { first_response within 4h }
"""


def test_earliest_deadline_first_hand_worked():
    # One agent, 10 minutes per piece. A (slow) arrives at 0 and is served at once; B (slow,
    # due 4h01m) at 1m, C (fast, due 32m) at 2m, D (slow) at 3m. When A is done at 10m the
    # queue is served by deadline: C 10-20m, B 20-30m, D 30-40m (FIFO would serve B first).
    policy = slalang.loads(EDF_POLICY)
    scenario = {
        "start": START,
        "duration": "1d",
        "arrivals": [
            {"ticket": {"priority": "normal"}, "at": at(0, 1, 3)},
            {"ticket": {"priority": "urgent"}, "at": at(2)},
        ],
        "work": {"first_response": {"team": "desk", "time": {"dist": "fixed", "value": "10m"}}},
    }
    result = simulate(policy, scenario)
    by_stream = {run.stream: (run.arrivals_s / MIN).tolist() for run in result.raw.routes}
    stop_by_stream = {run.stream: (run.stops_s / MIN).tolist() for run in result.raw.routes}
    assert by_stream == {0: [0.0, 1.0, 3.0], 1: [2.0]}
    assert stop_by_stream == {0: [10.0, 30.0, 40.0], 1: [20.0]}
    fast = result.metric("fast", "first_response")
    assert (fast.tickets, fast.met, fast.p50_s) == (1, 1, 18 * MIN)
    slow = result.metric("slow", "first_response")
    assert slow.p50_s == 29 * MIN  # B: 1m -> 30m
    assert result.team("desk").p_wait == pytest.approx(3 / 4)


SHIFT_POLICY = """
calendar day_shift { timezone "UTC"  hours mon-fri 09:00-17:00 }
team desk { calendar day_shift agents 1 }
sla any { first_response within 2d }
"""


def test_shift_end_finishes_the_piece_in_hand_and_takes_no_new_work():
    # Monday: X arrives 16:50 (30m of work: done 17:20, past the end of the shift);
    # Y at 16:55 must wait for Tuesday 09:00 (done 09:30); Z at 20:00 follows (09:30-10:00);
    # W arrives Saturday 10:00 and waits for Monday 09:00.
    policy = slalang.loads(SHIFT_POLICY)
    scenario = {
        "start": START,
        "duration": "7d",
        "arrivals": [{"at": at(16 * 60 + 50, 16 * 60 + 55, 20 * 60) + at(10 * 60, day="2026-01-10")}],
        "work": {"first_response": {"team": "desk", "time": {"dist": "fixed", "value": "30m"}}},
    }
    result = simulate(policy, scenario)
    (run,) = result.raw.routes
    tuesday = 24 * 60
    next_monday = 7 * 24 * 60
    assert (run.stops_s / MIN).tolist() == [
        17 * 60 + 20,
        tuesday + 9 * 60 + 30,
        tuesday + 10 * 60,
        next_monday + 9 * 60 + 30,
    ]
    team = result.team("desk")
    assert team.pieces == 4
    assert team.p_wait == pytest.approx(3 / 4)
    # Utilisation counts the overtime against open hours only: 2h of work, 1 agent.
    assert result.end_s == pytest.approx((next_monday + 9 * 60 + 30) * MIN)


def test_profile_calendar_arrivals_only_while_open():
    policy = slalang.loads(SHIFT_POLICY)
    scenario = {
        "start": START,
        "duration": "28d",
        "seed": 3,
        "arrivals": [{"rate": "60/h", "profile": "day_shift"}],
        "work": {"first_response": {"team": "desk", "time": {"dist": "fixed", "value": "30s"}}},
    }
    result = simulate(policy, scenario)
    (run,) = result.raw.routes
    calendar = policy.model.calendars["day_shift"]
    timeline = timeline_for(calendar)
    start_utc = result.start_utc
    instants = start_utc + np.floor(run.arrivals_s).astype(np.int64)
    assert all(timeline.is_open(int(t)) for t in instants)
    open_s = timeline.open_seconds(start_utc, start_utc + 28 * 86400)
    expected = open_s / 60
    assert open_s == 20 * 8 * 3600
    assert abs(result.tickets - expected) < 5 * expected**0.5


TWO_TEAMS = """
team front { calendar always agents 2 }
team back  { calendar always agents 1 }
ola triage by front within 1h
ola fix    by back  within 4h
sla chained { resolution within 8h goal 90% via triage -> fix }
"""


def test_via_chain_passes_work_through_the_teams_in_order():
    policy = slalang.loads(TWO_TEAMS)
    scenario = {
        "start": START,
        "duration": "1d",
        "arrivals": [{"at": at(0, 5)}],
        "work": {
            "resolution": {
                "time": {"dist": "fixed", "value": "10m"},
                "steps": {"fix": {"dist": "fixed", "value": "1h"}},
            }
        },
    }
    result = simulate(policy, scenario)
    (run,) = result.raw.routes
    # Both triaged in parallel (2 agents): 0-10m and 5-15m; one fixer: 10m-70m, 70m-130m.
    assert (run.stops_s / MIN).tolist() == [70.0, 130.0]
    assert result.team("front").pieces == 2 and result.team("front").p_wait == 0.0
    assert result.team("back").pieces == 2 and result.team("back").p_wait == pytest.approx(0.5)
    assert result.served == {"front": ("chained.resolution",), "back": ("chained.resolution",)}


BUSINESS_SLA = """
calendar office { timezone "UTC"  hours mon-fri 09:00-17:00 }
team desk { calendar always agents 1 }
sla office_hours { calendar office  first_response within 1h }
"""


def test_time_to_stop_is_counted_on_the_slas_clock():
    # Arrives Monday 16:30, worked at once for 2h (done 18:30): 30 counted minutes only, met.
    # Arrives Monday 23:00 (closed), done 01:00: 0 counted, met. Arrives Tuesday 16:45, waits
    # nothing, done 18:45: 15 counted minutes, met; a 2h piece from 08:00 ends 10:00: 60m.
    policy = slalang.loads(BUSINESS_SLA)
    scenario = {
        "start": START,
        "duration": "3d",
        "arrivals": [{"at": at(16 * 60 + 30, 23 * 60) + at(16 * 60 + 45, day="2026-01-06") + at(8 * 60, day="2026-01-07")}],
        "work": {"first_response": {"team": "desk", "time": {"dist": "fixed", "value": "2h"}}},
    }
    result = simulate(policy, scenario)
    metric = result.metric("office_hours", "first_response")
    assert (metric.tickets, metric.met) == (4, 4)
    counted = sorted([30, 0, 15, 60])
    assert [metric.p50_s, metric.p99_s] == pytest.approx(
        [float(np.percentile(np.array(counted) * MIN, 50)), float(np.percentile(np.array(counted) * MIN, 99))]
    )


def test_same_seed_same_numbers_and_another_seed_others():
    policy = mmc_policy(3, target="10m")
    scenario = mmc_scenario("50/h", "3m", "5d", seed=11)
    first = simulate(policy, scenario)
    again = simulate(policy, scenario)
    assert first == again
    assert first.to_json() == again.to_json()
    assert np.array_equal(first.raw.teams[0].waits_s, again.raw.teams[0].waits_s)
    other = simulate(policy, scenario, seed=12)
    assert other.to_json() != first.to_json()
    # An explicit seed overrides the scenario's.
    assert simulate(policy, scenario, seed=11) == first


def test_head_count_does_not_change_the_tickets():
    # Common random numbers: the same arrivals and handling times whatever the staffing.
    policy = mmc_policy(3, target="10m")
    scenario = mmc_scenario("50/h", "3m", "5d", seed=5)
    three = simulate(policy, scenario)
    four = simulate(policy, scenario, staffing={"desk": 4})
    assert np.array_equal(three.raw.routes[0].arrivals_s, four.raw.routes[0].arrivals_s)
    assert three.raw.teams[0].busy_s == pytest.approx(four.raw.teams[0].busy_s)
    assert four.metric("only", "first_response").attainment >= three.metric("only", "first_response").attainment


GOLDEN = os.path.join(HERE, "data", "support_seed7.json")


def test_golden_result_is_the_same_on_every_machine():
    """A multi-team business-hours scenario; regenerate with SLALANG_UPDATE_GOLDEN=1."""
    policy = slalang.load(os.path.join(HERE, "data", "support.sla"))
    result = simulate(policy, os.path.join(HERE, "data", "support.yaml"))
    text = json.dumps(result.to_json(), indent=2, sort_keys=True) + "\n"
    assert_golden(GOLDEN, text)


@pytest.mark.parametrize(
    ("policy_text", "shortcut"),
    [
        # Same target everywhere: the in-order shortcut applies.
        ("priorities urgent > normal\nteam desk { calendar always agents 3 }\nsla a { first_response within 10m }\n", True),
        # Two targets at one team: deadlines fall out of arrival order, EDF differs from
        # FIFO, and the shortcut must step aside.
        (
            (
                "priorities urgent > normal\nteam desk { calendar always agents 3 }\n"
                "sla a { when priority urgent  first_response within 10m }\nsla b { first_response within 2h }\n"
            ),
            False,
        ),
    ],
)
def test_in_order_shortcut_equals_the_event_loop(policy_text, shortcut, monkeypatch):
    from slalang.simulation import fcfs

    calls = []
    original = fcfs.serve_in_order
    monkeypatch.setattr(fcfs, "serve_in_order", lambda *a: calls.append(1) or original(*a))
    policy = slalang.loads(policy_text)
    scenario = {
        "start": START,
        "duration": "4d",
        "seed": 9,
        "arrivals": [
            {"ticket": {"priority": "urgent"}, "rate": "20/h"},
            {"ticket": {"priority": "normal"}, "rate": "40/h"},
        ],
        "work": {"first_response": {"team": "desk", "time": {"dist": "lognormal", "mean": "2m30s", "sd": "2m"}}},
    }
    fast = simulate(policy, scenario)
    assert bool(calls) is shortcut
    loop = simulate(policy, scenario, method="events")
    assert fast.to_json() == loop.to_json()
    for a, b in zip(fast.raw.routes, loop.raw.routes, strict=True):
        assert np.array_equal(a.stops_s, b.stops_s)
    assert fast.teams[0].mean_queue == pytest.approx(loop.teams[0].mean_queue, rel=1e-12)
    assert fast.teams[0].utilisation == loop.teams[0].utilisation
