"""``chosen_calendar``: the calendar a choice picks on a ticket's attributes (language.md,
"Choosing the calendar from the ticket"; evaluation.md: matching an arm is ``==`` as in
conditions, a missing field takes ``else``, an invalid or missing zone keeps the calendar's
own zone, ``always`` is read in UTC)."""

from __future__ import annotations

import pytest

from slalang.compiler import compile_text
from slalang.conditions import chosen_calendar

POLICY = """
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:30 }
calendar office_us { timezone "America/New_York" hours mon-fri 08:00-18:00 }
sla by_region {
    calendar by customer.region { "emea" office  "amer" office_us in "America/Chicago"  else office in customer.timezone }
}
sla by_tier { when true calendar by customer.tier { 1 office_us  2.5 always  else office } }
sla fixed { when true calendar office in "Asia/Tokyo" }
"""


@pytest.fixture(scope="module")
def model():
    result = compile_text(POLICY, "p.sla")
    assert result.model is not None, result.diagnostics
    return result.model


def chosen(model, sla: str, **customer):
    calendar = chosen_calendar(model, model.sla(sla).calendar, {"ticket": {}, "customer": customer})
    return calendar.name, calendar.timezone


@pytest.mark.parametrize(
    "customer, expected",
    [
        ({"region": "emea"}, ("office", "Europe/Amsterdam")),
        ({"region": "amer"}, ("office_us", "America/Chicago")),
        ({"region": "apac", "timezone": "Asia/Kolkata"}, ("office", "Asia/Kolkata")),
        ({"timezone": "Australia/Sydney"}, ("office", "Australia/Sydney")),  # missing field: else
        ({"region": "EMEA", "timezone": "UTC"}, ("office", "UTC")),  # strings compare exactly
        ({"region": ["emea"]}, ("office", "Europe/Amsterdam")),  # a list is no region: else, own zone
        ({"region": "apac", "timezone": "europe/amsterdam"}, ("office", "Europe/Amsterdam")),  # not a zone
        ({"region": "apac", "timezone": "localtime"}, ("office", "Europe/Amsterdam")),
        ({"region": "apac", "timezone": ""}, ("office", "Europe/Amsterdam")),
        ({"region": "apac", "timezone": 5}, ("office", "Europe/Amsterdam")),
        ({"region": "apac", "timezone": None}, ("office", "Europe/Amsterdam")),
        ({"region": "apac", "timezone": "US/Eastern"}, ("office", "US/Eastern")),  # a link is a zone
    ],
)
def test_by_region(model, customer, expected) -> None:
    assert chosen(model, "by_region", **customer) == expected


@pytest.mark.parametrize(
    "tier, expected",
    [(1, "office_us"), (1.0, "office_us"), (2.5, "always"), ("1", "office"), (True, "office"), (3, "office")],
)
def test_arms_match_as_equality_in_conditions(model, tier, expected) -> None:
    # 1 and 1.0 are equal; a string or a boolean never equals a number
    assert chosen(model, "by_tier", tier=tier)[0] == expected


def test_always_is_read_in_utc_and_a_fixed_zone_ignores_the_ticket(model) -> None:
    assert chosen(model, "by_tier", tier=2.5) == ("always", "UTC")
    assert chosen(model, "fixed", timezone="Europe/Paris") == ("office", "Asia/Tokyo")
