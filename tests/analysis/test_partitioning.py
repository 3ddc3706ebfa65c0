"""The shortcuts that keep large policy sets fast give the answers of the plain methods: the box
index finds exactly the pairs ``may_overlap`` finds, and deciding governance with a built
ticket agrees with asking the solver, whose tickets the evaluator confirms."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.analysis.conditions import Governs, Holds, TicketSpace, governance
from slalang.analysis.conditions.boxes import may_overlap
from slalang.analysis.conditions.domain import PRIORITY_PATH
from slalang.analysis.conditions.index import members
from slalang.conditions import holds
from slalang.model import All, FieldCmp, PriorityCmp, SegmentRef

from .model_builders import policy_with
from .test_conditions_properties import PRIORITIES, SEGMENTS, conditions

whens = st.lists(st.one_of(st.none(), conditions), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(whens)
def test_box_index_finds_exactly_the_overlapping_pairs(conditions_in_order) -> None:
    policy = policy_with(conditions_in_order, segments=SEGMENTS, priorities=PRIORITIES)
    space = TicketSpace(policy)
    boxes = [space.boxes.of(sla.when) for sla in policy.slas]
    for box in boxes:
        for ignore in (None, PRIORITY_PATH):
            expected = [j for j, other in enumerate(boxes) if may_overlap(box, other, ignore=ignore)]
            assert members(space.sla_index.overlapping(box, ignore=ignore)) == expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(whens)
def test_governance_decided_with_built_tickets_agrees_with_the_solver(conditions_in_order) -> None:
    policy = policy_with(conditions_in_order, segments=SEGMENTS, priorities=PRIORITIES)
    fast, plain = TicketSpace(policy), TicketSpace(policy)
    for index, sla in enumerate(policy.slas):
        built = fast.tickets.governed_by(index)
        if built is not None:
            assert fast.governing_index(built) == index, (index, built)
        assert fast.governs_some(index) == plain.exists(Governs(index)), index
        matching = fast.tickets.holding(sla.when)
        if matching is not None:
            assert holds(sla.when, matching, policy), (sla.when, matching)
        assert fast.holds_somewhere(sla.when) == plain.exists(Holds(sla.when)), sla.when


def test_only_the_shadowed_sla_needs_the_solver() -> None:
    plans = [All((FieldCmp(("customer", "plan"), "==", f"plan{i}"), PriorityCmp("==", PRIORITIES[i % 3]))) for i in range(30)]
    shadowed = All((SegmentRef("paid"), PriorityCmp("==", "high")))
    policy = policy_with([SegmentRef("paid"), *plans, shadowed, None], segments=SEGMENTS, priorities=PRIORITIES)
    space = TicketSpace(policy)
    decided = [space.governs_some(i) for i in range(len(policy.slas))]
    assert decided == [True] * 31 + [False, True]
    assert space.solver_calls == 1  # the shadowed SLA: "governs no ticket" is only ever the solver's answer


def reference_codes(builder, cube, rivals: list[dict]) -> dict:
    """The codes a governance ticket gets, computed the plain way: every rival box looked at, in order."""
    mentions: dict = {}
    for number, box in enumerate(rivals):
        for path, mask in box.items():
            mentions.setdefault(path, []).append((number, mask))
    paths = dict.fromkeys(cube.masks)
    paths.update(dict.fromkeys(mentions))
    standing = [True] * len(rivals)
    codes = {}
    for path in paths:
        allowed = cube.masks.get(path, (1 << builder.domains.domains[path].size) - 1)
        here = [(number, mask) for number, mask in mentions.get(path, ()) if standing[number]]
        taken = 0
        for _, mask in here:
            taken |= mask
        free = allowed & ~taken or allowed
        code = (free & -free).bit_length() - 1
        codes[path] = code
        for number, mask in here:
            if not (mask >> code) & 1:
                standing[number] = False
    return codes


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), conditions), min_size=1, max_size=8))
def test_governance_tickets_take_the_codes_of_the_plain_construction(conditions_in_order) -> None:
    """The index's bit sets pick, path by path and in the same path order, the codes that looking
    at every earlier SLA's box in turn picks (so the same SLAs are decided without the solver),
    whether codes are tried one by one or the rivals' masks are joined at once."""
    for tried in (0, 1, governance._CODES_TRIED):
        with patch.object(governance, "_CODES_TRIED", tried):
            _check_codes(conditions_in_order)


def _check_codes(conditions_in_order) -> None:
    policy = policy_with(conditions_in_order, segments=SEGMENTS, priorities=PRIORITIES)
    space = TicketSpace(policy)
    builder, index = space.tickets, space.sla_index
    for number, sla in enumerate(policy.slas):
        for cube in builder.cubes.of(sla.when) or ():
            rivals = index.overlapping(cube.masks) & ((1 << number) - 1)
            boxes = [index.boxes[j] for j in members(rivals)]
            expected = reference_codes(builder, cube, boxes)
            codes = builder._codes(cube, rivals)
            assert list(codes.items()) == list(expected.items()), (number, cube)
