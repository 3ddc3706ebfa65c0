"""The round trips of bridges.md, as properties.

- ``export(import(J)) == J`` up to ids, timestamps and key order (and the order of a
  policy's targets, a set) for every J that imports without a report;
- ``import(export(P))`` evaluates every ticket as ``P`` does, for every P that exports
  without a report: the same tickets are governed, with the same metrics to the second
  (SLA names differ: Zendesk has none, the import names them from the title).
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import assume, given
from hypothesis import strategies as st

from slalang import loads
from slalang.bridges.pages import parse_documents
from slalang.bridges.zendesk.export import export_zendesk
from slalang.bridges.zendesk.importer import import_zendesk

from ..helpers import property_settings
from .strategies import REPLY_METRICS, normalised_policies, normalised_schedules, schedules, sla_policies

SETTINGS = property_settings()


def _pages(key: str, value: list) -> list:
    return parse_documents(json.dumps({key: value}), f"{key}.json")


def _round_trip(policies: list, scheds: list) -> None:
    imported = import_zendesk(_pages("sla_policies", policies), _pages("schedules", scheds))
    assert imported.faithful, [str(p) for p in imported.problems]
    exported = export_zendesk(loads(imported.single_file("zendesk.sla"), "zendesk.sla"))
    assert exported.problems == (), [str(p) for p in exported.problems]
    assert normalised_policies(exported.body["sla_policies"]) == normalised_policies(policies)
    assert exported.body["schedules"] == normalised_schedules(scheds)


@SETTINGS
@given(st.data())
def test_export_of_import_is_the_input_for_reply_times(data):
    scheds = data.draw(schedules(max_count=1))
    policies = data.draw(sla_policies(REPLY_METRICS, business=bool(scheds), every_priority=True, mixed=False))
    _round_trip(policies, scheds)


@property_settings()
@given(st.data())
def test_export_of_import_is_the_input(data):
    scheds = data.draw(schedules())
    policies = data.draw(sla_policies(business=bool(scheds)))
    _round_trip(policies, scheds)


# --- import(export(P)) evaluates like P ----------------------------------------------------

PRIORITIES = ("urgent", "high", "normal", "low")
FILTERS = ('ticket.type == "incident"', 'not ticket.group_id == 5', 'ticket.tags contains "vip"',
           '(ticket.tags contains "vip" or ticket.tags contains "gold")', 'customer.organization_id == 7',
           '(ticket.type == "question" or ticket.group_id == 5)')
ZONES = ("Europe/Amsterdam", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns")


@st.composite
def partitions(draw) -> list[str]:
    """The four priorities cut into consecutive runs, each written as a priority condition."""
    cuts = sorted(draw(st.sets(st.integers(1, 3), max_size=3)))
    runs, start = [], 0
    for cut in [*cuts, 4]:
        runs.append(PRIORITIES[start:cut])
        start = cut
    out = []
    for run in runs:
        if len(run) == 1:
            out.append(f"priority {run[0]}")
        elif run[-1] == "low":
            out.append(f"priority <= {run[0]}")
        else:
            out.append("(" + " or ".join(f"priority {p}" for p in run) + ")")
    return out


@st.composite
def exportable_policies(draw, measures: bool = False) -> str:
    zone = draw(st.sampled_from(ZONES))
    start = draw(st.integers(0, 40)) * 15
    lines = ["priorities urgent > high > normal > low",
             f'calendar office "Office" {{ timezone "{zone}" hours mon-fri {start // 60:02d}:{start % 60:02d}-18:00 closed 2026-03-09 }}']
    for group in range(draw(st.integers(1, 3))):
        filt = draw(st.sampled_from(("",) + FILTERS))
        title = f"Policy {group}"
        for index, priority in enumerate(draw(partitions())):
            when = f"{filt} and {priority}" if filt else priority
            calendar = draw(st.sampled_from(["", "calendar office"]))
            metrics = [f"first_response within {draw(st.integers(1, 600))}m"]
            if draw(st.booleans()):
                metrics.append(f"next_response within {draw(st.integers(1, 600))}m")
            if measures and draw(st.booleans()):
                metrics.append(f"measure requester_wait_time within {draw(st.integers(1, 900))}m "
                               '{ resume on reopened pause when status == "pending" }')
            lines.append(f'sla p{group}_{index} "{title}" {{ when {when} {calendar} {" ".join(metrics)} }}')
    return "\n".join(lines) + "\n"


@st.composite
def tickets(draw) -> dict:
    created = dt.datetime(2026, 3, 2, tzinfo=dt.UTC) + dt.timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))
    ticket = {"priority": draw(st.sampled_from(PRIORITIES)), "status": "new"}
    if draw(st.booleans()):
        ticket["type"] = draw(st.sampled_from(["incident", "question"]))
    if draw(st.booleans()):
        ticket["group_id"] = draw(st.sampled_from([5, 6]))
    if draw(st.booleans()):
        ticket["tags"] = draw(st.lists(st.sampled_from(["vip", "gold", "spam"]), max_size=2, unique=True))
    customer = {"organization_id": 7} if draw(st.booleans()) else {}
    events, at = [], created
    for _ in range(draw(st.integers(0, 8))):
        at += dt.timedelta(minutes=draw(st.integers(0, 600)))
        kind = draw(st.sampled_from(["agent_reply", "customer_reply", "status", "priority"]))
        event: dict = {"at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "type": kind}
        if kind == "status":
            event["status"] = draw(st.sampled_from(["open", "pending", "solved"]))
        elif kind == "priority":
            event = {"at": event["at"], "type": "field", "field": "priority", "value": draw(st.sampled_from(PRIORITIES))}
        events.append(event)
    return {"id": 1, "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket": ticket, "customer": customer, "events": events}


def _evaluates_alike(text: str, cases: list) -> None:
    original = loads(text, "p.sla")
    exported = export_zendesk(original)
    assume(not exported.problems)
    pages = parse_documents(json.dumps({"sla_policies": exported.body["sla_policies"]}), "p.json")
    scheds = parse_documents(json.dumps({"schedules": exported.body["schedules"]}), "s.json")
    imported = import_zendesk(pages, scheds)
    assert imported.faithful, [str(p) for p in imported.problems]
    again = loads(imported.single_file("again.sla"), "again.sla")
    now = "2026-03-30T00:00:00Z"
    for ticket in cases:
        before, after = original.evaluate(ticket, now=now).to_json(), again.evaluate(ticket, now=now).to_json()
        assert (before["sla"] is None) == (after["sla"] is None), (ticket, before, after)
        assert before["metrics"] == after["metrics"], (ticket, before, after)


@SETTINGS
@given(exportable_policies(), st.lists(tickets(), min_size=1, max_size=8))
def test_import_of_export_evaluates_like_the_policy(text, cases):
    _evaluates_alike(text, cases)


@property_settings()
@given(exportable_policies(measures=True), st.lists(tickets(), min_size=1, max_size=8))
def test_import_of_export_evaluates_like_the_policy_with_measures(text, cases):
    _evaluates_alike(text, cases)
