"""Findings about calendars chosen from the ticket are true of their witnesses.

Random policies choose their calendars by ``calendar by customer.region`` (arms on office
hours in two zones, on ``always``, or read in the customer's zone) and by ``NAME in PATH``.
For every finding of ``priority-inversion``, ``overlapping-slas`` and
``response-after-resolution``, the witness ticket is governed as the finding says, and the
deadlines it claims hold for it: each computed from the calendar evaluation chooses for the
witness (``chosen_calendar``, evaluation's own definition) and the timeline engine, not from
the analysis's reading of the arms. A second test asks the same of the evaluator's output,
which needs evaluation of calendar choice (issue 13).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.analysis import analyse_model
from slalang.analysis.config import CheckConfig
from slalang.compiler import compile_text
from slalang.conditions import chosen_calendar, governing_sla
from slalang.evaluation import evaluate_ticket, parse_rfc3339
from slalang.model import PolicySet, Sla
from slalang.timeline import timeline_for

REFERENCE_DATE = dt.date(2026, 3, 1)
CALENDARS = """
priorities urgent > normal
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:00 }
calendar office_us { timezone "America/New_York" hours mon-fri 08:00-18:00 }
"""
NAMES = ("office", "office_us", "always", "office in customer.timezone", 'office_us in "Asia/Tokyo"')
TARGETS = ("2h", "4h", "8h", "10h", "16h", "30h")
# Starts other than the witness's own at which "for every start" claims are checked too.
OTHER_STARTS = [parse_rfc3339(t) for t in ("2026-03-06T16:30:00Z", "2026-03-28T23:00:00Z", "2026-10-25T01:30:00Z")]

calendar_names = st.sampled_from(NAMES)
choices = st.one_of(
    calendar_names,
    st.builds(lambda a, b, c: f'by customer.region {{ "emea" {a} "amer" {b} else {c} }}', calendar_names, calendar_names, calendar_names),
)
targets = st.sampled_from(TARGETS)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def analysed(text: str, rule: str):
    result = compile_text(CALENDARS + text, "case.sla")
    assert result.ok, [d.message for d in result.diagnostics]
    config = CheckConfig(reference_date=REFERENCE_DATE, select=frozenset([rule]))
    return result.model, analyse_model(result.model, result.sources, config)


def attrs_of(witness: dict[str, Any]) -> dict[str, Any]:
    return {"ticket": witness["ticket"], "customer": witness["customer"]}


def deadline_s(policy: PolicySet, sla: Sla, kind: str, attrs: dict[str, Any], start_s: int) -> int | None:
    """The metric's deadline for a ticket with these attributes, started at ``start_s``, on the
    calendar evaluation chooses for it."""
    metric = sla.metric(kind)
    assert metric is not None
    calendar = chosen_calendar(policy, sla.calendar_of(metric), attrs)
    return timeline_for(calendar).advance(start_s, metric.target_s)


def with_priority(witness: dict[str, Any], priority: str) -> dict[str, Any]:
    return {**witness, "ticket": {**witness["ticket"], "priority": priority}}


# --- priority-inversion ---------------------------------------------------------------


def inversion_policy(a: str, ta: str, b: str, tb: str) -> str:
    return (
        f"sla urgent {{ when priority urgent  calendar {a}  resolution within {ta} }}\n"
        f"sla normal {{ calendar {b}  resolution within {tb} }}\n"
    )


@SETTINGS
@given(choices, targets, choices, targets)
def test_priority_inversion_witnesses_are_later_for_every_start(a, ta, b, tb) -> None:
    policy, found = analysed(inversion_policy(a, ta, b, tb), "priority-inversion")
    for finding in found:
        urgent = finding.witness
        normal = with_priority(urgent, "normal")
        assert governing_sla(policy, attrs_of(urgent)).name == "urgent", finding.message
        assert governing_sla(policy, attrs_of(normal)).name == "normal", finding.message
        for start_s in [parse_rfc3339(urgent["created_at"]), *OTHER_STARTS]:
            late = deadline_s(policy, policy.sla("urgent"), "resolution", attrs_of(urgent), start_s)
            early = deadline_s(policy, policy.sla("normal"), "resolution", attrs_of(normal), start_s)
            assert late is not None and early is not None and late > early, (finding.message, start_s)


def test_the_generator_reaches_findings_on_arms() -> None:
    """The property above is not vacuous: arms and customer zones give findings it checks."""
    _, found = analysed(inversion_policy('by customer.region { "emea" office "amer" always else always }', "10h", "always", "8h"), "priority-inversion")
    assert [f.witness["customer"] for f in found] == [{"region": "emea"}]
    _, found = analysed(inversion_policy("office in customer.timezone", "16h", "office_us", "8h"), "priority-inversion")
    assert len(found) == 1 and "own zone Europe/Amsterdam" in found[0].message


# --- overlapping-slas -------------------------------------------------------------------


def overlap_policy(a: str, ta: str, b: str, tb: str) -> str:
    return (
        f'sla first {{ when customer.plan == "enterprise"  calendar {a}  resolution within {ta} }}\n'
        f'sla second {{ when customer.tier == "gold"  calendar {b}  resolution within {tb} }}\n'
        "sla everyone { resolution within 100h }\n"
    )


@SETTINGS
@given(choices, targets, choices, targets)
def test_overlap_witnesses_get_an_earlier_deadline_from_the_later_sla(a, ta, b, tb) -> None:
    policy, found = analysed(overlap_policy(a, ta, b, tb), "overlapping-slas")
    for finding in found:
        attrs = attrs_of(finding.witness)
        start_s = parse_rfc3339(finding.witness["created_at"])
        assert governing_sla(policy, attrs).name == "first"
        first = deadline_s(policy, policy.sla("first"), "resolution", attrs, start_s)
        second = deadline_s(policy, policy.sla("second"), "resolution", attrs, start_s)
        assert second is not None and (first is None or second < first), finding.message


# --- response-after-resolution -----------------------------------------------------------


def response_policy(a: str, tf: str, b: str, tr: str) -> str:
    return f"sla s {{ calendar {a}  first_response within {tf} {{ calendar {b} }}  resolution within {tr} }}\n"


@SETTINGS
@given(choices, targets, choices, targets)
def test_response_witnesses_answer_after_resolution_for_every_start(a, tf, b, tr) -> None:
    policy, found = analysed(response_policy(a, tf, b, tr), "response-after-resolution")
    sla = policy.sla("s")
    for finding in found:
        witness = finding.witness
        if witness is None:  # the same calendar: targets compared
            assert sla.metric("first_response").target_s > sla.metric("resolution").target_s
            continue
        attrs = attrs_of(witness) if "ticket" in witness else {"ticket": {}, "customer": {}}
        first = parse_rfc3339(witness.get("created_at") or witness["start"])
        for start_s in [first, *OTHER_STARTS]:
            response = deadline_s(policy, sla, "first_response", attrs, start_s)
            resolution = deadline_s(policy, sla, "resolution", attrs, start_s)
            assert response is not None and resolution is not None and response > resolution, finding.message


# --- the same claims under the evaluator ---------------------------------------------------

ARMS = 'by customer.region { "emea" office "amer" always else office in customer.timezone }'


def test_the_evaluator_agrees_with_a_priority_inversion_on_an_arm() -> None:
    policy, found = analysed(inversion_policy(ARMS, "10h", "always", "8h"), "priority-inversion")
    assert found
    for finding in found:
        urgent = finding.witness
        late = evaluate_ticket(policy, urgent, now=urgent["created_at"]).to_json()
        early = evaluate_ticket(policy, with_priority(urgent, "normal"), now=urgent["created_at"]).to_json()
        assert (late["sla"], early["sla"]) == ("urgent", "normal")
        assert late["metrics"]["resolution"]["deadline"] > early["metrics"]["resolution"]["deadline"]


def test_the_evaluator_agrees_with_an_overlap_on_an_arm() -> None:
    policy, found = analysed(overlap_policy("office", "8h", ARMS, "4h"), "overlapping-slas")
    assert found
    for finding in found:
        witness = finding.witness
        governed = evaluate_ticket(policy, witness, now=witness["created_at"]).to_json()
        assert governed["sla"] == "first"
        alone = compile_text(CALENDARS + f'sla second {{ calendar {ARMS}  resolution within 4h }}\n', "second.sla").model
        promised = evaluate_ticket(alone, witness, now=witness["created_at"]).to_json()
        assert promised["metrics"]["resolution"]["deadline"] < governed["metrics"]["resolution"]["deadline"]
