"""The compiled event loop gives exactly the Python loop's numbers, digit for digit.

``slalang/simulation/fast/loop.pyx`` is compiled by ``pip install .``; the Python loop
(``engine.event_loop``) is the definition. The tests run both loops on the same drawn
routes (random policies: several teams on shifts, priorities, OLA chains, patience,
head-counts, ties) and compare every number of the raw outcome, then whole results.

These tests are the contract of the compiled loop, so they do not quietly skip: where a C
compiler is present (as in CI, which installs with ``pip install '.[dev]'``), a missing or
stale compiled module is a failure. They use the module even under ``SLALANG_NATIVE=0``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from compiled_modules import require_compiled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slalang
from slalang.simulation import engine, fast, simulate
from slalang.simulation.plan import headcounts, plan_streams
from slalang.simulation.raw import RawRun
from slalang.simulation.simulator import as_scenario

from .conftest import START

COMPILED = fast.load(honour_switch=False)


@pytest.fixture(autouse=True)
def compiled_module():
    """Fails when the module could be built and is not; skips only where it cannot be built."""
    return require_compiled(COMPILED, fast.unusable_reason() if COMPILED is None else "")


CALENDARS = {
    "always": "",
    "office": 'calendar office { timezone "Europe/Amsterdam"  hours mon-fri 09:00-17:00 }\n',
    "night": 'calendar night { timezone "UTC"  hours mon,wed,fri 22:00-06:00 }\n',
    "split": 'calendar split { timezone "America/New_York"  hours mon-sat 08:00-12:00, 13:30-18:00 }\n',
}
DURATIONS = st.sampled_from(["fixed", "exponential", "lognormal", "empirical"])


def distribution(kind: str, mean_m: int) -> dict[str, Any]:
    if kind == "fixed":
        return {"dist": "fixed", "value": f"{mean_m}m"}
    if kind == "exponential":
        return {"dist": "exponential", "mean": f"{mean_m}m"}
    if kind == "lognormal":
        return {"dist": "lognormal", "mean": f"{mean_m}m", "sd": f"{max(1, mean_m // 2)}m"}
    return {"dist": "empirical", "values": [f"{mean_m}m", f"{mean_m * 2}m", "1m"]}


@st.composite
def cases(draw) -> tuple[Any, dict[str, Any]]:
    """A policy with 1-3 teams on random calendars, SLAs by priority with OLA chains, and a
    scenario of random or scripted arrivals (scripted ones tie on the minute) with patience
    and head-count overrides."""
    n_teams = draw(st.integers(1, 3))
    team_calendars = [draw(st.sampled_from(sorted(CALENDARS))) for _ in range(n_teams)]
    calendars = "".join(CALENDARS[c] for c in sorted(set(team_calendars)) if c != "always")
    teams = "".join(f"team t{q} {{ calendar {c} agents {draw(st.integers(1, 4))} }}\n" for q, c in enumerate(team_calendars))
    olas = "".join(f"ola o{q} by t{q} within {draw(st.integers(10, 240))}m\n" for q in range(n_teams))
    chain = draw(st.lists(st.integers(0, n_teams - 1), min_size=1, max_size=3))
    via = " via " + " -> ".join(f"o{q}" for q in chain)
    sla_calendar = draw(st.sampled_from(["always", "office"]))
    calendars += CALENDARS["office"] if sla_calendar == "office" and "office" not in team_calendars else ""
    urgent_target = draw(st.integers(5, 120))
    normal_target = draw(st.integers(30, 600))
    policy_text = (
        "priorities urgent > normal\n" + calendars + teams + olas
        + f"sla fast {{ when priority urgent  calendar {sla_calendar}  first_response within {urgent_target}m"
        + f"  resolution within {urgent_target * 4}m{via if draw(st.booleans()) else ''} }}\n"
        + f"sla slow {{ first_response within {normal_target}m  resolution within {normal_target * 3}m{via} }}\n"
    )
    days = draw(st.integers(1, 3))
    arrivals = []
    for _ in range(draw(st.integers(1, 3))):
        stream: dict[str, Any] = {"ticket": {"priority": draw(st.sampled_from(["urgent", "normal"]))}}
        if draw(st.booleans()):
            stream["rate"] = f"{draw(st.integers(1, 12))}/h"
            profile = draw(st.sampled_from([None, *sorted(set(team_calendars) - {'always'})]))
            if profile is not None:
                stream["profile"] = profile
        else:
            minutes = draw(st.lists(st.integers(0, days * 1440 - 1), min_size=1, max_size=40))
            stream["at"] = [f"2026-01-{5 + m // 1440:02d}T{m % 1440 // 60:02d}:{m % 60:02d}:00+00:00" for m in minutes]
        arrivals.append(stream)
    first: dict[str, Any] = {"team": f"t{draw(st.integers(0, n_teams - 1))}",
                             "time": distribution(draw(DURATIONS), draw(st.integers(1, 40)))}
    resolution: dict[str, Any] = {"team": f"t{draw(st.integers(0, n_teams - 1))}",
                                  "time": distribution(draw(DURATIONS), draw(st.integers(1, 90)))}
    if draw(st.booleans()):
        resolution["steps"] = {f"o{chain[0]}": distribution(draw(DURATIONS), draw(st.integers(1, 60)))}
    for work in (first, resolution):
        if draw(st.booleans()):
            work["patience"] = distribution(draw(DURATIONS), draw(st.integers(1, 120)))
    scenario: dict[str, Any] = {
        "start": START,
        "duration": f"{days}d",
        "seed": draw(st.integers(0, 2**32)),
        "arrivals": arrivals,
        "work": {"first_response": first, "resolution": resolution},
    }
    if draw(st.booleans()):
        scenario["staffing"] = {f"t{q}": draw(st.integers(1, 5)) for q in range(n_teams) if draw(st.booleans())}
    return slalang.loads(policy_text), scenario


def both_loops(policy, scenario_data: dict[str, Any], progress=None, progress_compiled=None) -> tuple[RawRun, RawRun]:
    """(Python loop's, compiled loop's) raw outcome on the same drawn routes."""
    model = policy.model
    scenario = as_scenario(scenario_data, model)
    plans = plan_streams(model, scenario)
    counts = headcounts(model, scenario, plans)
    team_names = list(counts)
    routes = engine.draw_routes(model, scenario, plans, team_names, int(scenario.seed or 0))
    assert fast.supports(routes)
    _, arrivals = engine.merged_arrivals(routes)
    python = engine.event_loop(model, scenario, routes, team_names, counts, arrivals, progress)
    compiled = fast.event_loop(model, scenario, routes, team_names, counts, arrivals, progress_compiled, COMPILED)
    return python, compiled


def assert_identical(python: RawRun, compiled: RawRun) -> None:
    """Every number equal, not close: the same floats, the same counts."""
    assert compiled.end_s == python.end_s
    assert compiled.arrivals == python.arrivals
    for a, b in zip(python.routes, compiled.routes, strict=True):
        assert (a.stream, a.plan_route) == (b.stream, b.plan_route)
        assert np.array_equal(a.stops_s, b.stops_s)
        assert np.array_equal(a.abandoned, b.abandoned) and b.abandoned.dtype == bool
    for a, b in zip(python.teams, compiled.teams, strict=True):
        assert (a.name, a.agents, a.immediate, a.abandoned) == (b.name, b.agents, b.immediate, b.abandoned)
        assert np.array_equal(a.enqueued_s, b.enqueued_s) and np.array_equal(a.waits_s, b.waits_s)
        assert (a.busy_s, a.queue_area) == (b.busy_s, b.queue_area)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_random_policies_and_scenarios_give_the_python_numbers(case):
    policy, scenario = case
    python, compiled = both_loops(policy, scenario)
    assert_identical(python, compiled)


def test_a_busy_run_with_shifts_chains_and_abandonment_gives_the_python_numbers():
    """A larger run than the random ones: queues long enough to abandon, shifts closing on
    queued work, pieces passed along a chain between teams on different calendars."""
    policy = slalang.loads(
        "priorities urgent > normal\n" + CALENDARS["office"] + CALENDARS["night"]
        + "team a { calendar office agents 8 }\nteam b { calendar night agents 2 }\nteam c { calendar always agents 1 }\n"
        + "ola first by a within 1h\nola second by b within 2h\nola third by c within 30m\n"
        + "sla fast { when priority urgent  first_response within 20m  resolution within 6h via first -> second -> third }\n"
        + "sla slow { first_response within 4h  resolution within 2d via first -> third }\n"
    )
    scenario = {
        "start": START,
        "duration": "7d",
        "seed": 11,
        "arrivals": [{"ticket": {"priority": "urgent"}, "rate": "1/h"}, {"ticket": {"priority": "normal"}, "rate": "2/h"}],
        "work": {
            "first_response": {"team": "a", "time": {"dist": "exponential", "mean": "12m"},
                               "patience": {"dist": "exponential", "mean": "3h"}},
            "resolution": {"time": {"dist": "lognormal", "mean": "20m", "sd": "15m"},
                           "patience": {"dist": "fixed", "value": "5h"}},
        },
    }
    python, compiled = both_loops(policy, scenario)
    assert sum(t.abandoned for t in python.teams) > 0 and all(len(t.waits_s) for t in python.teams)
    assert_identical(python, compiled)


def test_progress_is_reported_at_the_same_moments(monkeypatch):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 7)
    monkeypatch.setattr(fast, "PROGRESS_EVERY", 7)
    policy = slalang.loads("team desk { calendar always agents 2 }\nsla only { first_response within 10m }\n")
    scenario = {"start": START, "duration": "1d", "seed": 2, "arrivals": [{"rate": "6/h"}],
                "work": {"first_response": {"team": "desk", "time": {"dist": "exponential", "mean": "15m"}}}}
    seen_python: list[float] = []
    seen_compiled: list[float] = []
    both_loops(policy, scenario, seen_python.append, seen_compiled.append)
    assert len(seen_python) > 10 and seen_compiled == seen_python and seen_python[-1] == 1.0


SHIFTED = "calendar office { timezone \"UTC\"  hours mon-fri 09:00-17:00 }\nteam desk { calendar office agents 2 }\nsla only { first_response within 1h }\n"
SHIFTED_SCENARIO = {"start": START, "duration": "5d", "seed": 4, "arrivals": [{"rate": "4/h"}],
                    "work": {"first_response": {"team": "desk", "time": {"dist": "exponential", "mean": "20m"}}}}


def test_simulate_takes_the_compiled_loop_and_reports_the_same(monkeypatch):
    calls: list[int] = []
    original = fast.event_loop
    monkeypatch.setattr(fast, "compiled", COMPILED)
    monkeypatch.setattr(fast, "event_loop", lambda *a, **k: calls.append(1) or original(*a, **k))
    compiled = simulate(slalang.loads(SHIFTED), SHIFTED_SCENARIO)
    assert calls == [1]
    monkeypatch.setattr(fast, "compiled", None)  # as under SLALANG_NATIVE=0, or without a build
    python = simulate(slalang.loads(SHIFTED), SHIFTED_SCENARIO)
    assert calls == [1]
    assert compiled.to_json() == python.to_json()


def test_a_run_the_compiled_loop_does_not_support_takes_the_python_loop(monkeypatch):
    """A NaN among the drawn numbers (orders otherwise in C than in Python's tuples) keeps
    the whole run in Python, decided once before the loop starts."""
    original = engine.draw_routes

    def with_a_nan(*args):
        routes = original(*args)
        routes.deadlines[0][3] = np.nan
        return routes

    def refuse(*args, **kwargs):
        raise AssertionError("the compiled loop was used")

    monkeypatch.setattr(fast, "compiled", COMPILED)
    monkeypatch.setattr(engine, "draw_routes", with_a_nan)
    monkeypatch.setattr(fast, "event_loop", refuse)
    result = simulate(slalang.loads(SHIFTED), SHIFTED_SCENARIO)
    assert result.tickets > 3


def test_the_switch_turns_the_compiled_loop_off(monkeypatch):
    monkeypatch.setenv("SLALANG_NATIVE", "0")
    assert fast.load() is None and fast.load(honour_switch=False) is COMPILED
    monkeypatch.setenv("SLALANG_NATIVE", "1")
    assert fast.load() is COMPILED


def test_a_run_without_arrivals_gives_the_python_numbers():
    policy = slalang.loads(SHIFTED)
    python, compiled = both_loops(policy, {**SHIFTED_SCENARIO, "arrivals": [{"rate": "0/h"}]})
    assert python.arrivals == 0
    assert_identical(python, compiled)
