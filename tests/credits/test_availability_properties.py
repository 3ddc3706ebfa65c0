"""Invariants of availability, against a slow reference that walks quarter-hours: overlapping
outages count once, adding outages never raises uptime, the order of the file does not
matter (nor does sorting through the disk), and the periods' open time sums to the range's."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import slalang
from slalang.credits import Outage, compute_availability
from slalang.evaluation import parse_rfc3339

POLICY = """
calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }
availability api { objective 99.9% period week in "UTC" below 99.9% credit 10% }
availability portal { calendar office objective 99% period week in "UTC" below 99% credit 5% }
"""
MODEL = slalang.loads(POLICY).model
START = parse_rfc3339("2026-11-02T00:00:00Z")  # a Monday
STEP = 900
SLOTS = 3 * 7 * 86400 // STEP  # three weeks of quarter-hours
NOW = START + SLOTS * STEP - 5 * 3600  # within the third week

outage_lists = st.lists(
    st.tuples(st.sampled_from(["api", "portal"]), st.integers(0, SLOTS - 1), st.one_of(st.none(), st.integers(0, 200))),
    max_size=12,
)


def outages(drawn) -> list[Outage]:
    return [Outage(s, START + a * STEP, None if n is None else START + (a + n) * STEP) for s, a, n in drawn]


def report(items, **kw):
    return compute_availability(MODEL, items, NOW, START, **kw)


def open_reference(service: str, instant: int) -> bool:
    if service == "api":
        return True
    moment = dt.datetime.fromtimestamp(instant, dt.UTC)
    return moment.weekday() < 5 and 9 <= moment.hour < 17


def down_reference(service: str, items: list[Outage], low: int, high: int) -> int:
    """Quarter-hours in [low, min(high, now)) open and covered by any outage of the service."""
    covered = 0
    for slot in range(SLOTS):
        t = START + slot * STEP
        if not low <= t < min(high, NOW) or not open_reference(service, t):
            continue
        if any(o.service == service and o.start_s <= t and (o.end_s is None or t < o.end_s) for o in items):
            covered += 1
    return covered * STEP


@settings(max_examples=40, deadline=None)
@given(outage_lists)
def test_down_time_is_the_open_time_of_the_union(drawn) -> None:
    items = outages(drawn)
    for row in report(items).rows:
        assert row.down_s == down_reference(row.service, items, row.start_s, row.end_s), row


@settings(max_examples=40, deadline=None)
@given(outage_lists, outage_lists)
def test_adding_outages_never_raises_uptime(drawn, more) -> None:
    before = {(r.service, r.period): r for r in report(outages(drawn)).rows}
    for row in report(outages(drawn + more)).rows:
        old = before[(row.service, row.period)]
        assert row.down_s >= old.down_s
        assert row.uptime is None or row.uptime <= old.uptime
        assert row.credit_pct >= old.credit_pct


@settings(max_examples=30, deadline=None)
@given(outage_lists, st.randoms(use_true_random=False))
def test_order_and_chunking_do_not_matter(drawn, rng) -> None:
    items = outages(drawn)
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert report(shuffled, chunk=2, fan_in=2).to_json() == report(items).to_json()


def test_the_periods_open_time_sums_to_the_whole_range() -> None:
    from slalang.timeline import timeline_for

    since = parse_rfc3339("2026-03-01T00:00:00Z")
    text = POLICY.replace('period week in "UTC"', 'period week in "Europe/Amsterdam"').replace(
        'timezone "UTC"', 'timezone "Europe/Amsterdam"')
    model = slalang.loads(text).model
    found = compute_availability(model, [], "2026-11-10T12:00:00Z", since)
    for name in ("api", "portal"):
        rows = [r for r in found.rows if r.service == name]
        timeline = timeline_for(model.calendars[model.availabilities[name].calendar])
        whole = timeline.open_seconds(rows[0].start_s, found.now_s)
        assert sum(r.open_s for r in rows) == whole
        assert all(a.end_s == b.start_s for a, b in zip(rows, rows[1:], strict=False))
