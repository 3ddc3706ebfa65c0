"""``explain``: condition traces agree with ``holds``; a run's trace agrees with its result."""

from __future__ import annotations

import os

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slalang
from slalang.conditions import compile_condition, holds
from slalang.evaluation.condition_trace import explain_condition
from slalang.evaluation.explain import explain_ticket
from slalang.evaluation.tickets import TicketError
from slalang.model import (
    All,
    Any_,
    Const,
    FieldCmp,
    FieldContains,
    FieldIn,
    Not,
    PolicySet,
    PriorityCmp,
    Segment,
    SegmentRef,
)
from slalang.report.tickets import render_explanation

from .helpers import ROOT
from .strategies import cases

PATHS = [("ticket", "priority"), ("ticket", "status"), ("customer", "plan"), ("customer", "arr"), ("customer", "tags"),
         ("customer", "address", "city")]
SCALARS = st.one_of(st.sampled_from(["urgent", "high", "pro", "vip", "Delft", "", "1"]), st.integers(-2, 200000),
                    st.floats(allow_nan=False, allow_infinity=False, width=32), st.booleans())
VALUES = st.one_of(st.none(), SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.sampled_from(["city"]), SCALARS))

leaves = st.one_of(
    st.builds(Const, st.booleans()),
    st.builds(PriorityCmp, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), st.sampled_from(["urgent", "high", "normal"])),
    st.builds(FieldCmp, st.sampled_from(PATHS), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), SCALARS),
    st.builds(FieldIn, st.sampled_from(PATHS), st.lists(SCALARS, min_size=1, max_size=3).map(tuple), st.booleans()),
    st.builds(FieldContains, st.sampled_from(PATHS), SCALARS),
    st.just(SegmentRef("big")),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(All, st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(Any_, st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(Not, inner),
    ),
    max_leaves=8,
)
POLICY = PolicySet(
    name=None, version=None, resolved_statuses=("solved",), priorities=("urgent", "high", "normal"), calendars={},
    segments={"big": Segment("big", Any_((FieldCmp(("customer", "arr"), ">=", 100000), FieldContains(("customer", "tags"), "vip"))))},
    teams={}, olas={}, chains={}, slas=(),
)


@st.composite
def attributes(draw):
    attrs: dict = {"ticket": {}, "customer": {}}
    for path in PATHS:
        if draw(st.booleans()):
            target = attrs
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = draw(VALUES)
    return attrs


@settings(max_examples=400, deadline=None)
@given(conditions, attributes())
def test_compiled_conditions_and_traces_agree_with_holds(condition, attrs):
    expected = holds(condition, attrs, POLICY)
    assert compile_condition(condition, POLICY)(attrs) is expected or compile_condition(condition, POLICY)(attrs) == expected
    trace = explain_condition(condition, attrs, POLICY)
    assert trace.result == expected

    def check(node_condition, node):
        if isinstance(node_condition, (All, Any_)):
            for c, n in zip(node_condition.items, node.children, strict=True):
                check(c, n)
        assert node.result == holds(node_condition, attrs, POLICY)

    check(condition, trace)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_an_explanation_adds_up_to_its_result(case):
    policy, (raw, ), now = case
    explanation = explain_ticket(policy, raw, now=now)
    result = explanation.result.to_json()
    assert explanation.sla == result["sla"] == explanation.decisions[-1].sla
    runs = {}
    for run in explanation.runs:
        runs.setdefault(run.metric, []).append(run)
        assert sum(s.seconds for s in run.stretches if s.counted) == run.counted_s
        assert sum(s.seconds for s in run.stretches if not s.counted) == run.paused_s
    fired = sorted((s.instant_s, r.metric) for r in explanation.runs for s in r.steps if s.fired)
    assert fired == sorted((e.at_s, e.metric) for e in explanation.result.escalations)
    planned = sorted((s.instant_s, r.metric) for r in explanation.runs for s in r.steps if s.planned)
    assert planned == sorted((e.at_s, e.metric) for e in getattr(explanation.result, "planned", ()))
    for name, metric in result["metrics"].items():
        traced = runs.get(name, [])
        expected = metric["cycles"] if name == "next_response" else [metric]
        assert [r.status for r in traced] == [m["status"] for m in expected]


def test_explaining_a_bad_ticket_raises(acme):
    with pytest.raises(TicketError, match="missing"):
        explain_ticket(acme, {"id": "x"}, now="2026-11-23T12:00:00Z")


def test_explaining_a_ticket_no_sla_governs(rules_policy):
    raw = {"id": "L", "created_at": "2026-03-02T09:00:00Z", "ticket": {"priority": "low"}}
    explanation = explain_ticket(rules_policy, raw, now="2026-03-02T12:00:00Z")
    assert explanation.sla is None and explanation.runs == ()
    assert [t.matched for t in explanation.decisions[0].trials] == [False, False, False]
    assert "No SLA governs" in render_explanation(explanation)


def test_explain_says_why_a_measure_started_stopped_and_resumed_and_which_calendar_was_chosen():
    policy = slalang.load(os.path.join(ROOT, "policies", "global", "global.sla"))
    with open(os.path.join(ROOT, "policies", "global", "tickets.jsonl"), "rb") as f:
        tickets = {t["id"]: t for t in map(orjson.loads, f)}
    explained = explain_ticket(policy, tickets["GL-2"], now="2026-11-23T12:00:00Z")
    assert explained.calendar_why == 'customer.region is "emea": the arm "emea" -> office; read in its own zone Europe/Amsterdam'
    work = next(run for run in explained.runs if run.metric == "agent_work")
    assert [(m.action, m.trigger, m.point) for m in work.moments] == [
        ("started", "on created", "created"), ("stopped", "on resolved", "event 2 (status)"),
        ("resumed", "on reopened", "event 3 (status)"),
    ]
    assert work.pause_rule.startswith('its own: ticket.status in ["pending_customer", "on_hold"]')
    resolution = next(run for run in explained.runs if run.metric == "resolution")
    assert (resolution.calendar, resolution.zone, resolution.calendar_why) == (
        "always", "UTC", "calendar always; always is open at every instant, read in UTC")
    kathmandu = explain_ticket(policy, tickets["GL-3"], now="2026-11-23T12:00:00Z")
    assert kathmandu.calendar_why.endswith('customer.timezone is "Asia/Kathmandu": read in Asia/Kathmandu')
    mars = explain_ticket(policy, tickets["GL-4"], now="2026-11-23T12:00:00Z")
    assert "not an IANA zone: read in the calendar's own zone Europe/Amsterdam" in mars.calendar_why
    text = render_explanation(explained)
    assert "resumed: on reopened, at event 3 (status)" in text and "chosen: customer.region" in text


def test_explain_says_what_is_planned_next_and_why(rules_policy):
    # urgent_sla: resolution 2h, steps at 50% (1h) and 100% - 10m. Solved at 10:00, the very
    # instant counted time reaches 1h, and reopened at 10:30: that step never fires.
    raw = {"id": "R", "created_at": "2026-03-02T09:00:00Z", "ticket": {"priority": "urgent", "status": "new"},
           "events": [{"at": "2026-03-02T09:05:00Z", "type": "agent_reply"},
                      {"at": "2026-03-02T10:00:00Z", "type": "status", "status": "solved"},
                      {"at": "2026-03-02T10:30:00Z", "type": "status", "status": "open"}]}
    explanation = explain_ticket(rules_policy, raw, now="2026-03-02T10:45:00Z")
    (resolution,) = [run for run in explanation.runs if run.metric == "resolution"]
    missed, later = resolution.steps
    assert not missed.fired and not missed.planned and "never fires" in missed.why
    assert later.planned and later.instant_s == explanation.result.next_at_s
    assert "1h 15m counted by now (2026-03-02T10:45:00Z)" in later.why and "35m more of counted time" in later.why
    text = render_explanation(explanation)
    planned_part = text.split("Planned next (if no further event happens)")[1]
    assert "2026-03-02T11:20:00Z  resolution step 2: reassign escalations and set priority urgent" in planned_part
    assert "next change: 2026-03-02T11:20:00Z (resolution step 2)" in planned_part
