"""What findings about measures and calendars chosen from the ticket say: the arm, the zone
a `NAME in PATH` is analysed in, the measure. Messages are part of the JSON, SARIF and
baseline contracts, so their wording is pinned here for one case of each kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from .analysis_helpers import findings

CASES = Path(__file__).parent / "cases"

EXPECTED = {
    ("days-on-business-calendar", "fires_each_business_arm.sla"): [
        "sla `regional` resolution target `2d` counts 48 open hours on calendar `office_us` (arm `\"amer\"` of "
        "`calendar by customer.region`), which is not open around the clock (1d = 24 open hours, not a working day)",
        "sla `regional` resolution target `2d` counts 48 open hours on calendar `office` (arms `\"emea\"`, `\"apac\"` "
        "of `calendar by customer.region`), which is not open around the clock (1d = 24 open hours, not a working day)",
    ],
    ("ola-may-exceed-target", "fires_customer_zone_in_own_zone.sla"): [
        "sla `standard` resolution on `office_ny in customer.timezone` (analysed in `office_ny`'s own zone "
        "America/New_York, not the zone `customer.timezone` names): the OLA chain fix can end after the 4h "
        "deadline: for a start at 2026-01-02T18:00:01Z by up to 2d10h (the chain ends 2026-01-05T08:00:01Z, "
        "the deadline is 2026-01-02T22:00:01Z)",
    ],
    ("priority-inversion", "fires_arms_paired_by_value.sla"): [
        "a ticket with priority urgent governed by `urgent` gets a later deadline than the same ticket with "
        "priority normal, governed by `normal`, for every start: resolution 8h on `office` (arm `\"emea\"` of "
        "`calendar by customer.region`) against 4h on `always` (arm `\"emea\"` of `calendar by customer.region`), "
        "at least 4h later",
    ],
    ("response-after-resolution", "fires_on_one_arm.sla"): [
        "sla `standard`: the first_response deadline, 10h on `always`, is later than the resolution deadline, "
        "8h on `always` (arm `else` of `calendar by customer.region`), for every start, by at least 2h",
    ],
    ("overlapping-slas", "fires_measure_earlier_lacks.sla"): [
        "tickets matching both `enterprise` (line 1) and `engineering` are governed by `enterprise`, but "
        "`engineering` promises them more: measure `with_engineering` 4h on `always` (`enterprise` has none)",
    ],
    ("measure-never-runs", "fires_start_excluded_by_the_sla.sla"): [
        "sla `enterprise` measure `onboarding` never starts: no ticket that `enterprise`'s `when` matches "
        "satisfies `start when customer.plan == \"free\"`",
    ],
}


@pytest.mark.parametrize(("rule", "case"), sorted(EXPECTED), ids=lambda v: v)
def test_message(rule: str, case: str) -> None:
    found = findings((CASES / rule / case).read_text(), rule)
    assert [d.message for d in found] == EXPECTED[(rule, case)]


def test_a_witness_chooses_the_arm_the_message_names() -> None:
    (found,) = findings((CASES / "priority-inversion" / "fires_arms_paired_by_value.sla").read_text(), "priority-inversion")
    assert found.witness["customer"] == {"region": "emea"} and found.witness["ticket"] == {"priority": "urgent"}
    (found,) = findings((CASES / "overlapping-slas" / "fires_on_one_arm.sla").read_text(), "overlapping-slas")
    assert found.witness["customer"] == {"plan": "enterprise", "region": "emea", "tier": "gold"}
