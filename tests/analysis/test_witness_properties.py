"""Witness properties over a wider vocabulary than test_conditions_properties: nested paths
and their mapping parents, lists holding values of every kind, values of every kind where
a literal of another kind is compared, and conditions that must fail. Every witness
satisfies its claim under ``holds``; an empty verdict survives 150 random tickets."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.analysis.conditions import Fails, Holds, TicketSpace
from slalang.conditions import holds
from slalang.model import All, Any_, Const, FieldCmp, FieldContains, FieldIn, Not, PriorityCmp, SegmentRef

from .model_builders import policy_with

PRIORITIES = ("urgent", "high", "low")
LITERALS = ("a", "b", "", 0, 1, 2.5, -1, True, False)
SCALAR_PATHS = (("customer", "plan"), ("customer", "n"), ("ticket", "status"), ("customer", "address"))
NESTED = ("customer", "address", "country")
TAGS = ("customer", "tags")
OPS = ("==", "!=", "<", "<=", ">", ">=")
SEGMENTS = {
    "seg_a": FieldCmp(("customer", "plan"), "==", "a"),
    "seg_nested": All((SegmentRef("seg_a"), FieldCmp(NESTED, "!=", "NL"))),
}

literal = st.sampled_from(LITERALS)
path = st.sampled_from(SCALAR_PATHS + (NESTED,))
atoms = st.one_of(
    st.builds(FieldCmp, path, st.sampled_from(OPS), literal),
    st.builds(FieldIn, path, st.lists(literal, min_size=1, max_size=3).map(tuple), st.booleans()),
    st.builds(FieldContains, st.just(TAGS), literal),
    st.builds(PriorityCmp, st.sampled_from(OPS), st.sampled_from(PRIORITIES)),
    st.builds(SegmentRef, st.sampled_from(sorted(SEGMENTS))),
    st.builds(Const, st.booleans()),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(All, st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(Any_, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    ),
    max_leaves=6,
)


def random_attrs(rng: random.Random) -> dict:
    """A ticket drawn near the literals: missing fields, every kind, lists and mappings."""

    def value():
        return rng.choice(
            [
                rng.choice(LITERALS),
                rng.choice(["c", "aa", "zz", "a_other"]),
                rng.choice([0.5, 1.5, 3, -2, 100]),
                [rng.choice(LITERALS) for _ in range(rng.randrange(3))],
                {"country": rng.choice(["NL", "DE", 1])},
            ]
        )

    attrs = {"ticket": {}, "customer": {}}
    for p in SCALAR_PATHS + (TAGS,):
        if rng.random() < 0.7:
            attrs[p[0]][p[1]] = value()
    if rng.random() < 0.5:
        attrs["ticket"]["priority"] = rng.choice(PRIORITIES)
    if rng.random() < 0.3:
        attrs["customer"]["address"] = {"country": rng.choice(["NL", "DE", "", 2])}
    return attrs


def check_claim(policy, found, facts):
    attrs = found.attrs()[0]
    for fact in facts:
        result = holds(fact.condition, attrs, policy)
        assert result == isinstance(fact, Holds), (fact, attrs)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, conditions, st.integers(0, 2**32 - 1))
def test_witnesses_hold_and_empty_verdicts_survive_random_tickets(a, b, seed):
    policy = policy_with((), SEGMENTS, PRIORITIES)
    space = TicketSpace(policy, [a, b])
    rng = random.Random(seed)
    samples = [random_attrs(rng) for _ in range(150)]
    for facts in ((Holds(a), Holds(b)), (Holds(a), Fails(b)), (Fails(a), Holds(b)), (Holds(a),)):
        found = space.find(*facts)
        if found is not None:
            check_claim(policy, found, facts)
        else:
            for attrs in samples:
                assert not all(holds(f.condition, attrs, policy) == isinstance(f, Holds) for f in facts), (
                    "the analysis says no ticket exists, but this one does",
                    facts,
                    attrs,
                )
