"""The evaluator (both paths) against the minute-stepping reference, on random calendars,
policies and tickets: every output field must agree."""

from __future__ import annotations

import os

import orjson
from hypothesis import HealthCheck, given, note, settings

from slalang.evaluation import evaluate_ticket
from slalang.evaluation.batch import BatchEvaluator

from .reference import MinuteReference
from .strategies import cases, rich_cases

EXAMPLES = int(os.environ.get("SLALANG_REFERENCE_EXAMPLES", "140"))  # e.g. 3000 for a long hunt


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_the_evaluator_agrees_with_the_minute_reference(case):
    policy, (raw,), now = case
    note(f"calendars: {[c for c in policy.calendars.values() if c.name != 'always']}")
    note(f"ticket: {raw}, now: {now}")
    expected = MinuteReference(policy).evaluate(raw, now)
    simple = evaluate_ticket(policy, raw, now=now).to_json()
    assert simple == expected
    batch = BatchEvaluator(policy).evaluate([(1, raw)], now)[0]
    assert orjson.dumps(batch) == orjson.dumps(simple)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rich_cases())
def test_measures_own_rules_and_chosen_calendars_agree_with_the_minute_reference(case):
    policy, (raw,), now = case
    note(f"slas: {policy.slas}")
    note(f"calendars: {[c for c in policy.calendars.values() if c.name != 'always']}")
    note(f"ticket: {raw}, now: {now}")
    expected = MinuteReference(policy).evaluate(raw, now)
    simple = evaluate_ticket(policy, raw, now=now).to_json()
    assert simple == expected
    batch = BatchEvaluator(policy).evaluate([(1, raw)], now)[0]
    assert orjson.dumps(batch) == orjson.dumps(simple)
