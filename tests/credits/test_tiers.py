"""The tier that applies and the credit it earns (credits.md, rule 5): strictly below a
threshold, compared exactly, the largest credit that applies, limited by the cap."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from slalang.credits.tiers import earned, tier_name
from slalang.model import CreditTier
from slalang.units import exact_share

SPEC = (CreditTier(95.0, 5.0), CreditTier(90.0, 10.0), CreditTier(80.0, 25.0))


def credit(share: Fraction, tiers=SPEC, cap=None) -> tuple[float, str | None]:
    found = earned(tiers, share, cap)
    return found.credit_pct, tier_name(found.tier)


def test_exactly_at_a_threshold_earns_nothing_from_that_line() -> None:
    assert credit(Fraction(95, 100)) == (0.0, None)
    assert credit(Fraction(9499, 10000)) == (5.0, "below 95%")
    assert credit(Fraction(90, 100)) == (5.0, "below 95%")
    assert credit(Fraction(80, 100)) == (10.0, "below 90%")
    assert credit(Fraction(0)) == (25.0, "below 80%")


def test_thresholds_compare_exactly_not_as_floats() -> None:
    # 999/1000 is exactly 99.9%: no credit, though 0.999 * 100 is 99.9000000001 as floats
    tiers = (CreditTier(99.9, 10.0),)
    assert credit(Fraction(999, 1000), tiers) == (0.0, None)
    assert credit(Fraction(998_999, 1_000_000), tiers) == (10.0, "below 99.9%")
    assert exact_share(99.9) == Fraction(999, 1000)
    assert exact_share(0.1) == Fraction(1, 1000)


def test_the_cap_limits_the_credit_but_the_tier_is_the_line_that_applied() -> None:
    assert credit(Fraction(1, 2), cap=20.0) == (20.0, "below 80%")
    assert credit(Fraction(93, 100), cap=20.0) == (5.0, "below 95%")


def test_no_share_earns_nothing() -> None:
    assert credit(None) == (0.0, None)  # type: ignore[arg-type]


def test_tiers_out_of_order_still_pay_the_largest_credit_that_applies() -> None:
    # a `credit-tiers` error in `slalang check`; evaluation still pays what applies
    tiers = (CreditTier(80.0, 25.0), CreditTier(95.0, 5.0), CreditTier(90.0, 10.0))
    assert credit(Fraction(85, 100), tiers) == (10.0, "below 90%")
    assert credit(Fraction(70, 100), tiers) == (25.0, "below 80%")


@given(
    st.fractions(min_value=0, max_value=1),
    st.fractions(min_value=0, max_value=1),
    st.one_of(st.none(), st.sampled_from([5.0, 12.5, 25.0])),
)
def test_credit_never_decreases_as_attainment_decreases(a: Fraction, b: Fraction, cap: float | None) -> None:
    low, high = min(a, b), max(a, b)
    assert earned(SPEC, low, cap).credit_pct >= earned(SPEC, high, cap).credit_pct
