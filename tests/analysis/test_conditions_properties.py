"""Analysis and evaluation agree: for random pairs of conditions, every witness the analysis
returns satisfies what it claims under the evaluator's own ``holds``, and when the analysis
says no ticket satisfies both, random tickets never do."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.analysis.conditions import TicketSpace
from slalang.conditions import holds
from slalang.model import All, Any_, Const, FieldCmp, FieldContains, FieldIn, Not, PriorityCmp, SegmentRef

from .model_builders import policy_with

PRIORITIES = ("urgent", "high", "low")
PATHS = (("customer", "plan"), ("customer", "arr"), ("ticket", "status"), ("customer", "tags"))
VALUES = ("pro", "free", "open", "vip", 0, 5, 100000, 2.5, True, False)
OPS = ("==", "!=", "<", "<=", ">", ">=")
SEGMENTS = {"big": FieldCmp(("customer", "arr"), ">=", 5), "paid": FieldIn(("customer", "plan"), ("pro",))}

values = st.sampled_from(VALUES)
atoms = st.one_of(
    st.builds(FieldCmp, st.sampled_from(PATHS), st.sampled_from(OPS), values),
    st.builds(FieldIn, st.sampled_from(PATHS), st.lists(values, min_size=1, max_size=3).map(tuple), st.booleans()),
    st.builds(FieldContains, st.sampled_from(PATHS), values),
    st.builds(PriorityCmp, st.sampled_from(OPS), st.sampled_from(PRIORITIES)),
    st.builds(SegmentRef, st.sampled_from(sorted(SEGMENTS))),
    st.builds(Const, st.booleans()),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.lists(inner, min_size=2, max_size=3).map(lambda items: All(tuple(items))),
        st.lists(inner, min_size=2, max_size=3).map(lambda items: Any_(tuple(items))),
    ),
    max_leaves=5,
)
field_values = st.one_of(st.none(), values, st.lists(values, max_size=3))
tickets = st.fixed_dictionaries({
    "ticket": st.fixed_dictionaries({"status": field_values, "priority": st.one_of(st.none(), st.sampled_from(PRIORITIES))}),
    "customer": st.fixed_dictionaries({"plan": field_values, "arr": field_values, "tags": field_values}),
})


def _clean(attrs: dict) -> dict:
    """A None value stands for a missing field."""
    return {part: {k: v for k, v in fields.items() if v is not None} for part, fields in attrs.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, conditions, st.lists(tickets, min_size=20, max_size=20))
def test_overlap_witnesses_hold_and_disjointness_is_true(a, b, random_tickets) -> None:
    policy = policy_with(segments=SEGMENTS, priorities=PRIORITIES)
    space = TicketSpace(policy, (a, b))
    found = space.overlap(a, b)
    if found is not None:
        attrs = found.attrs()[0]
        assert holds(a, attrs, policy) and holds(b, attrs, policy), (a, b, attrs)
    else:
        for attrs in map(_clean, random_tickets):
            assert not (holds(a, attrs, policy) and holds(b, attrs, policy)), (a, b, attrs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, conditions, st.lists(tickets, min_size=20, max_size=20))
def test_containment_counterexamples_hold_and_containment_is_true(a, b, random_tickets) -> None:
    policy = policy_with(segments=SEGMENTS, priorities=PRIORITIES)
    space = TicketSpace(policy, (a, b))
    counterexample = space.implies(a, b)  # a ticket where a holds and b does not, or None
    if counterexample is not None:
        attrs = counterexample.attrs()[0]
        assert holds(a, attrs, policy) and not holds(b, attrs, policy), (a, b, attrs)
    else:
        for attrs in map(_clean, random_tickets):
            assert not holds(a, attrs, policy) or holds(b, attrs, policy), (a, b, attrs)
