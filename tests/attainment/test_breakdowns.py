"""The reports people ask for, on real evaluation: attainment by month and by customer, the
breached tickets with their ids, breaches by weekday and hour, business against wall-clock
time, and breakdowns in the policy's declared order."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest

import slalang
from slalang.attainment import report_tickets
from slalang.attainment.aggregation import check_field
from slalang.report.attainment import render_breaches_csv, render_report

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
POLICY = """
priorities urgent > high > normal > low
calendar office {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}
sla desk {
    calendar office
    first_response within 1h goal 90%
    next_response  within 1h
    resolution     within 8h goal 80%
}
"""
NOW = "2026-12-10T12:00:00Z"


def ticket(tid, created, *, customer=None, priority="normal", events=()):
    return {
        "id": tid,
        "created_at": created,
        "ticket": {"priority": priority, "status": "new"},
        "customer": {} if customer is None else {"id": customer},
        "events": list(events),
    }


def reply(at):
    return {"at": at, "type": "agent_reply"}


def customer_reply(at):
    return {"at": at, "type": "customer_reply"}


def solved(at):
    return {"at": at, "type": "status", "status": "solved"}


TICKETS = [
    # Monday 30 November, 23:30 UTC: still November in UTC, already December in Amsterdam.
    ticket("late-night", "2026-11-30T23:30:00Z", customer="acme",
           events=[reply("2026-12-01T09:10:00+01:00"), solved("2026-12-01T09:20:00+01:00")]),
    # Replied the next morning: 1h of office time, but 16h of the customer's waiting.
    ticket("overnight", "2026-12-01T16:30:00+01:00", customer="acme", priority="high",
           events=[reply("2026-12-02T09:30:00+01:00"), solved("2026-12-02T10:00:00+01:00")]),
    # Breached: the first reply came 3h into office hours (deadline Mon 7 Dec 10:00 Amsterdam).
    ticket("slow", "2026-12-07T09:00:00+01:00", customer="globex",
           events=[reply("2026-12-07T12:00:00+01:00"), customer_reply("2026-12-07T12:05:00+01:00"),
                   reply("2026-12-07T14:00:00+01:00"), solved("2026-12-07T16:00:00+01:00")]),
    # Never answered: breached and still open at now; no customer id.
    ticket("ignored", "2026-12-08T10:00:00+01:00"),
]


@pytest.fixture(scope="module")
def policy():
    return slalang.loads(POLICY)


def report(policy, zone=None, fields=("customer.id",)):
    return report_tickets(policy, TICKETS, now=NOW, zone=zone, fields=fields)


def test_months_are_read_in_the_zone_asked_for(policy):
    utc = report(policy).metric("desk", "first_response")
    amsterdam = report(policy, AMSTERDAM).metric("desk", "first_response")
    assert {r.group: r.stats.tickets for r in utc.by_month} == {"2026-11": 1, "2026-12": 3}
    assert {r.group: r.stats.tickets for r in amsterdam.by_month} == {"2026-12": 4}


def test_attainment_by_customer(policy):
    first = report(policy).metric("desk", "first_response")
    ((path, rows),) = first.by_field
    assert path == "customer.id"
    by_customer = {r.group: r.stats for r in rows}
    assert list(by_customer) == ["(none)", "acme", "globex"]
    assert (by_customer["acme"].met, by_customer["acme"].breached) == (2, 0)
    assert (by_customer["globex"].met, by_customer["globex"].breached) == (0, 1)
    assert (by_customer["(none)"].met, by_customer["(none)"].breached) == (0, 1)


def test_bad_field_paths_are_refused():
    assert check_field("customer.id") == "customer.id"
    for bad in ("id", "customer", "events.0", "customer."):
        with pytest.raises(ValueError):
            check_field(bad)


def test_every_breach_is_listed_with_its_ticket_and_how_late(policy):
    breaches = report(policy, AMSTERDAM).breaches
    listed = [(b.id, b.metric, b.cycle) for b in breaches]
    assert listed == [("slow", "first_response", None), ("slow", "next_response", 1), ("ignored", "first_response", None),
                      ("ignored", "resolution", None)]
    slow = breaches[0]
    assert (slow.deadline, slow.stop, slow.late_s) == ("2026-12-07T09:00:00Z", "2026-12-07T11:00:00Z", 2 * 3600)
    ignored = breaches[2]
    assert ignored.stop is None
    assert ignored.late_s == 2 * 86400 + 2 * 3600  # from its deadline (Tue 8 Dec 10:00 UTC) to now


def test_breaches_by_weekday_and_hour_of_the_missed_deadline(policy):
    amsterdam = report(policy, AMSTERDAM).breach_heatmap
    utc = report(policy).breach_heatmap
    assert sum(map(sum, amsterdam)) == sum(map(sum, utc)) == 4
    assert amsterdam[0][10] == 1 and utc[0][9] == 1  # slow's first response: Monday 10:00 Amsterdam, 09:00 UTC
    assert amsterdam[1][11] == 1  # ignored's first response: Tuesday 11:00 Amsterdam


def test_business_time_and_wall_clock_time_side_by_side(policy):
    stats = report(policy).metric("desk", "first_response").by_field[0][1][1].stats  # acme
    assert stats.p90_s == 3600  # overnight: one counted hour (16:30-17:00, 09:00-09:30)
    assert stats.wall_p90_s == 17 * 3600  # the customer waited 17 hours


def test_breakdowns_follow_the_declared_priority_order(policy):
    # The first metric's rows hold normal before high; the report orders by declaration.
    built = report(policy)
    assert built.groups("priority") == ["high", "normal"]
    html = render_report(built, "html")
    assert html.index('data-group="high"') < html.index('data-group="normal"')
    assert "breach-heatmap" in html and "<table class=\"breaches\">" in html
    for b in built.breaches:
        assert f"<code>{b.id}</code>" in html


def test_breaches_as_csv(policy):
    rows = list(csv.DictReader(io.StringIO(render_breaches_csv(report(policy)))))
    assert [r["id"] for r in rows] == ["slow", "slow", "ignored", "ignored"]
    assert rows[1]["cycle"] == "1" and rows[0]["cycle"] == ""
    assert rows[2]["stop"] == "" and rows[2]["deadline"].endswith("Z")


def test_tables_and_markdown_show_instants_in_the_zone(policy):
    built = report(policy, AMSTERDAM)
    text = render_report(built, "table", width=140, zone=AMSTERDAM)
    assert "2026-12-07T10:00:00+01:00" in text and "Evaluated at 2026-12-10T13:00:00+01:00" in text
    markdown = render_report(built, "markdown", zone=AMSTERDAM)
    assert "2026-12-07T10:00:00+01:00" in markdown and "## By month of creation (Europe/Amsterdam)" in markdown
    assert "2026-12-07T09:00:00Z" in render_report(built, "json")  # machine formats stay UTC
