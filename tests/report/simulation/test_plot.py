"""The simulation chart: the queue chart's axis shows dates, and series with equal values
(several goals at 100%) stay visible beside each other."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import matplotlib.dates as mdates

import slalang
from slalang.report.simulation.plot import simulation_figure
from slalang.simulation import simulate
from slalang.simulation.staffing import sweep

POLICY = """
team desk { calendar always agents 4 }
sla a { when ticket.type == "a"  first_response within 1d goal 90% }
sla b { first_response within 1d goal 95% }
"""
SCENARIO = {
    "start": "2026-03-27T00:00:00+00:00",
    "duration": "3d",
    "seed": 1,
    "arrivals": [{"ticket": {"type": "a"}, "rate": "2/h"}, {"ticket": {"type": "b"}, "rate": "2/h"}],
    "work": {"first_response": {"team": "desk", "time": {"dist": "exponential", "mean": "5m"}}},
}


def figure(zone=None):
    policy = slalang.loads(POLICY)
    result = simulate(policy, SCENARIO)
    return simulation_figure(result, sweep(policy, SCENARIO, around=1, base=result), zone)


def test_the_queue_chart_shows_dates_in_the_zone_asked_for():
    fig = figure(ZoneInfo("Europe/Amsterdam"))
    queue = fig.axes[-1]
    assert isinstance(queue.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    first = mdates.num2date(queue.lines[0].get_xdata()[0])
    assert first.astimezone(dt.UTC) == dt.datetime(2026, 3, 27, tzinfo=dt.UTC)
    fig.canvas.draw()
    labels = [label.get_text() for label in queue.get_xticklabels()]
    assert "Mar-28" in labels, labels  # dates, not days after the start
    assert "Europe/Amsterdam" in queue.get_xlabel()


def test_series_at_the_same_values_are_drawn_apart_with_their_own_markers():
    (attainment, *_rest) = figure().axes
    a, b = [line for line in attainment.lines if line.get_marker() not in ("None", "", None)]
    assert list(a.get_ydata()) == list(b.get_ydata()) == [100.0] * 3  # both goals met at every count
    assert a.get_marker() != b.get_marker()
    assert all(xa != xb for xa, xb in zip(a.get_xdata(), b.get_xdata(), strict=True))
