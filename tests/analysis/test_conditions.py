"""Exact condition reasoning: the language's corner cases, each with its witness checked
by the evaluator's own ``holds``."""

from __future__ import annotations

from slalang.analysis.conditions import Fails, Governs, Holds, TicketSpace
from slalang.conditions import MISSING, holds, lookup
from slalang.model import All, Any_, Const, FieldCmp, FieldContains, FieldIn, Not, PriorityCmp, SegmentRef

from .model_builders import policy_with

PLAN = ("customer", "plan")
ARR = ("customer", "arr")
TAGS = ("customer", "tags")
COUNTRY = ("customer", "address", "country")
ADDRESS = ("customer", "address")


def space_for(*conditions, segments=None, whens=()):
    policy = policy_with(whens, segments)
    return policy, TicketSpace(policy, conditions)


def witness(policy, found, *conditions):
    attrs = found.attrs()[0]
    for condition in conditions:
        assert holds(condition, attrs, policy), (condition, attrs)
    return attrs


def test_missing_field_makes_both_comparisons_false():
    a = Not(FieldCmp(PLAN, "==", "pro"))
    b = Not(FieldCmp(PLAN, "!=", "pro"))
    policy, space = space_for(a, b)
    attrs = witness(policy, space.overlap(a, b), a, b)
    assert lookup(attrs, PLAN) is MISSING


def test_not_in_needs_a_present_value():
    a = FieldIn(PLAN, ("pro",), negated=True)
    b = Not(FieldIn(PLAN, ("pro",)))
    policy, space = space_for(a, b)
    # Not equivalent: a missing plan satisfies b only.
    counter = space.implies(b, a)
    attrs = witness(policy, counter, b, Not(a))
    assert lookup(attrs, PLAN) is MISSING
    assert space.implies(a, b) is None


def test_string_never_equals_a_number():
    a = FieldCmp(ARR, "==", 5)
    b = FieldCmp(ARR, "==", "5")
    _, space = space_for(a, b)
    assert space.overlap(a, b) is None


def test_other_kinds_are_not_in_a_numeric_not_in():
    # arr not in [5], yet neither >= 0 nor < 0: only a present non-number (string or bool) does that.
    c = All((FieldIn(ARR, (5,), negated=True), Not(FieldCmp(ARR, ">=", 0)), Not(FieldCmp(ARR, "<", 0))))
    policy, space = space_for(c)
    attrs = witness(policy, space.satisfiable(c), c)
    assert isinstance(lookup(attrs, ARR), (str, bool))


def test_booleans_have_no_order_and_are_not_numbers():
    flag = ("customer", "flag")
    a = FieldCmp(flag, "==", True)
    policy, space = space_for(a, FieldCmp(flag, ">", 0), FieldCmp(flag, "==", 1))
    assert space.overlap(a, FieldCmp(flag, "==", 1)) is None
    assert space.satisfiable(All((a, FieldCmp(flag, ">", False)))) is None


def test_priorities_follow_the_declared_order():
    policy, space = space_for(PriorityCmp(">", "urgent"), PriorityCmp(">=", "high"), PriorityCmp("==", "low"))
    assert space.satisfiable(PriorityCmp(">", "urgent")) is None
    assert space.implies(PriorityCmp(">=", "high"), Not(PriorityCmp("==", "low"))) is None
    found = space.implies(Not(PriorityCmp("==", "low")), PriorityCmp(">=", "high"))
    attrs = witness(policy, found, Not(PriorityCmp("==", "low")))
    assert lookup(attrs, ("ticket", "priority")) is MISSING  # no priority: neither


def test_priority_values_are_the_declared_ones():
    # A field comparison on ticket.priority can only see declared names (anything else is bad input).
    odd = FieldCmp(("ticket", "priority"), "==", "blocker")
    _, space = space_for(odd)
    assert space.satisfiable(odd) is None


def test_contains_and_list_membership():
    a = FieldContains(TAGS, "vip")
    b = FieldContains(TAGS, 1)
    c = Not(FieldContains(TAGS, True))
    policy, space = space_for(a, b, c)
    attrs = witness(policy, space.find(Holds(a), Holds(b), Holds(c)), a, b, c)
    assert set(map(repr, lookup(attrs, TAGS))) >= {"'vip'", "1"}
    assert space.overlap(a, Not(a)) is None


def test_contains_one_and_one_point_zero_are_the_same_value():
    a = FieldContains(TAGS, 1)
    b = Not(FieldContains(TAGS, 1.0))
    _, space = space_for(a, b)
    assert space.overlap(a, b) is None


def test_a_list_is_not_a_string():
    a = FieldContains(TAGS, "vip")
    b = FieldCmp(TAGS, "!=", "x")
    _, space = space_for(a, b)
    assert space.overlap(a, b) is None


def test_nested_paths_need_a_mapping_parent():
    a = FieldCmp(COUNTRY, "==", "NL")
    b = FieldCmp(ADDRESS, "==", "x")
    policy, space = space_for(a, b)
    assert space.overlap(a, b) is None
    attrs = witness(policy, space.satisfiable(a), a)
    assert attrs["customer"]["address"] == {"country": "NL"}


def test_gaps_between_literals():
    n = ("customer", "n")
    code = ("customer", "code")
    c = All((FieldCmp(n, ">", 1), FieldCmp(n, "<", 2), FieldCmp(code, ">", "a"), FieldCmp(code, "<", "b")))
    policy, space = space_for(c)
    witness(policy, space.satisfiable(c), c)


def test_no_value_between_adjacent_literals():
    n = ("customer", "n")
    code = ("customer", "code")
    tight_numbers = All((FieldCmp(n, ">", 1), FieldCmp(n, "<", 1.0000000000000002)))
    tight_strings = All((FieldCmp(code, ">", "a"), FieldCmp(code, "<", "a\x00")))
    below_empty = FieldCmp(code, "<", "")
    _, space = space_for(tight_numbers, tight_strings, below_empty)
    assert space.satisfiable(tight_numbers) is None
    assert space.satisfiable(tight_strings) is None
    assert space.satisfiable(below_empty) is None


def test_segments_expand():
    pro = FieldCmp(PLAN, "==", "pro")
    segments = {"pro": pro, "pro_eu": All((SegmentRef("pro"), FieldCmp(("customer", "region"), "==", "eu")))}
    c = All((SegmentRef("pro_eu"), Not(SegmentRef("pro"))))
    policy, space = space_for(c, segments=segments)
    assert space.satisfiable(c) is None
    assert space.implies(SegmentRef("pro_eu"), SegmentRef("pro")) is None


def test_or_and_constants():
    a = Any_((Const(False), FieldCmp(PLAN, "==", "a")))
    policy, space = space_for(a)
    attrs = witness(policy, space.satisfiable(a), a)
    assert attrs["customer"] == {"plan": "a"}
    assert space.satisfiable(All((a, Const(False)))) is None


def test_governs_respects_order():
    whens = (FieldCmp(PLAN, "==", "pro"), None, FieldCmp(PLAN, "==", "free"))
    policy, space = space_for(whens=whens)
    assert space.exists(Governs(0)) and space.exists(Governs(1))
    assert not space.exists(Governs(2))  # the catch-all takes everything first
    assert not space.exists(Governs(None))
    found = space.find(Governs(1), Holds(FieldCmp(PLAN, "!=", "pro")))
    attrs = found.attrs()[0]
    assert space.governing_index(attrs) == 1


def test_witnesses_are_trimmed():
    a = FieldCmp(PLAN, "==", "pro")
    others = [FieldCmp(("customer", f"f{i}"), "==", i) for i in range(5)]
    _, space = space_for(a, *others)
    found = space.find(Holds(a), Fails(others[0]))
    assert found.attrs()[0] == {"ticket": {}, "customer": {"plan": "pro"}}


def test_witness_ticket_has_the_evaluation_shape():
    a = FieldCmp(PLAN, "==", "pro")
    _, space = space_for(a)
    ticket = space.satisfiable(a).ticket(1767225600)
    assert ticket == {
        "id": "witness",
        "created_at": "2026-01-01T00:00:00Z",
        "ticket": {},
        "customer": {"plan": "pro"},
        "events": [],
    }
