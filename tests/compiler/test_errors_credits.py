"""Compile errors of `credit` and `availability` declarations (language.md, "Service credits",
"Availability objectives"), and what is left to the check rules of credits.md."""

from __future__ import annotations

import pytest

from slalang.model import Availability, Credit, CreditTier, Period

from .helpers import PRELUDE, Case, assert_case, compile_source

SLAS = PRELUDE + (
    "sla gold { when segment enterprise resolution within 4h measure agent within 2h }\n"
    "sla basic { first_response within 1h }\n"
)
REQUIRED = {
    "slas": "slas gold",
    "per": "per customer.id",
    "period": "period month",
    "below": "below 95% credit 5%",
}


def credit(*extra: str, leave_out: str = "") -> str:
    items = [line for key, line in REQUIRED.items() if key != leave_out]
    return "credit c { " + "  ".join([*items, *extra]) + " }"


def availability(*extra: str, leave_out: str = "") -> str:
    items = [line for key, line in {"objective": "objective 99.9%", "period": "period month"}.items() if key != leave_out]
    return "availability a { " + "  ".join([*items, *extra]) + " }"


CASES = [
    *(
        Case(f"credit-without-{key}", credit(leave_out=key), "bad-value", f"credit `c` has no `{key}` line", "c",
             f"add `{REQUIRED[key].split()[0]}", prelude=SLAS)
        for key in REQUIRED
    ),
    Case("unknown-sla", "credit c { slas gold, silver per customer.id period month below 95% credit 5% }",
         "unknown-name", "unknown SLA `silver`", "silver", "known SLAs", prelude=SLAS),
    Case("misspelt-sla", credit().replace("slas gold", "slas gld"), "unknown-name", "unknown SLA `gld`", "gld",
         "did you mean `gold`?", prelude=SLAS),
    Case("metric-no-listed-sla-defines", credit("metrics first_response"), "unknown-name",
         "no SLA of credit `c` defines a metric or measure `first_response`", "first_response",
         "metrics and measures of `gold`", prelude=SLAS),
    Case("misspelt-measure", credit("metrics agnet"), "unknown-name", "defines a metric or measure `agnet`", "agnet",
         "did you mean `agent`?", prelude=SLAS),
    Case("sla-listed-twice", credit().replace("slas gold", "slas gold, basic, gold"), "bad-value",
         "credit `c` lists `gold` twice in `slas`", "gold", "once", prelude=SLAS),
    Case("per-twice", credit("per customer.account"), "bad-value", "credit `c` gives `per` twice", "per customer.account",
         "keep one", prelude=SLAS),
    Case("per-a-bare-name", credit().replace("per customer.id", "per account"), "bad-value",
         "`per account`: `per` takes a field path", "account", "per customer.account", prelude=SLAS),
    Case("unknown-period", credit().replace("period month", "period monthly"), "bad-value",
         "`period monthly`: unknown period", "monthly", "did you mean `month`?", prelude=SLAS),
    Case("period-zone-unknown", credit().replace("period month", 'period month in "Europe/Amstrdam"'), "bad-value",
         '"Europe/Amstrdam" is not an IANA time zone', '"Europe/Amstrdam"', 'did you mean "Europe/Amsterdam"?',
         prelude=SLAS),
    Case("period-zone-from-a-field", credit().replace("period month", "period month in customer.timezone"),
         "bad-value", "period boundaries are read in one fixed zone", "customer.timezone", 'in "Europe/Amsterdam"',
         prelude=SLAS),
    Case("threshold-zero", credit("below 0% credit 10%"), "bad-value", "threshold 0% is not in (0%, 100%]", "0%",
         "above 0%", prelude=SLAS),
    Case("credit-above-100", credit("below 80% credit 100.5%"), "bad-value", "credit 100.5% is not in (0%, 100%]",
         "100.5%", "at most 100%", prelude=SLAS),
    Case("cap-above-100", credit("cap 120%"), "bad-value", "cap 120% is not in (0%, 100%]", "120%", "at most",
         prelude=SLAS),
    Case("minimum-zero", credit("minimum 0 runs"), "bad-value",
         "`minimum 0 runs`: the minimum is a whole number of runs, at least 1", "0", "leave the line out",
         prelude=SLAS),
    Case("minimum-fraction", credit("minimum 2.5 runs"), "bad-value", "a whole number of runs", "2.5", "minimum 5 runs",
         prelude=SLAS),
    Case("credit-declared-twice", credit() + "\n" + credit(), "duplicate-name", "credit `c` is already declared", "c",
         "rename", prelude=SLAS),
    # --- availability ---------------------------------------------------------------------------
    Case("availability-without-objective", availability(leave_out="objective"), "bad-value",
         "availability `a` has no `objective` line", "a", "objective 99.9%"),
    Case("availability-without-period", availability(leave_out="period"), "bad-value",
         "availability `a` has no `period` line", "a", 'period month in "UTC"'),
    Case("availability-calendar-by", availability("calendar by customer.region { else office }"), "bad-value",
         "availability `a` counts on one calendar: write `calendar NAME`", "by customer.region { else office }",
         "no ticket to choose"),
    Case("availability-calendar-in-zone", availability('calendar office in "UTC"'), "bad-value",
         "counts on one calendar", 'office in "UTC"', "declare a calendar with the zone you mean"),
    Case("availability-unknown-calendar", availability("calendar ofice"), "unknown-name", "unknown calendar `ofice`",
         "ofice", "did you mean `office`?"),
    Case("availability-objective-above-100", availability().replace("99.9%", "100.1%"), "bad-value",
         "objective 100.1% is not in (0%, 100%]", "100.1%", "at most"),
    Case("availability-objective-twice", availability("objective 99%"), "bad-value",
         "availability `a` gives `objective` twice", "objective 99%", "keep one"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_compile_error(case: Case) -> None:
    assert_case(case)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


def compiled(text: str):
    result = compile_source(SLAS + text + "\n")
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.model


def test_a_credit_compiles_to_the_model() -> None:
    model = compiled(
        'credit c "C" { slas gold, basic  metrics resolution, first_response  per customer.id\n'
        '  period quarter in "Europe/Amsterdam"  below 95% credit 5%  below 90% credit 10%  cap 25%  minimum 5 runs }'
    )
    c = model.credits["c"]
    assert c == Credit(
        "c", "C", ("gold", "basic"), ("resolution", "first_response"), ("customer", "id"),
        Period("quarter", "Europe/Amsterdam"), (CreditTier(95.0, 5.0), CreditTier(90.0, 10.0)), 25.0, 5,
    )
    # a metric is counted for the SLAs that define it; SLAs without it contribute no runs
    assert c.counts(model.sla("gold")) == ("resolution",)
    assert c.counts(model.sla("basic")) == ("first_response",)


def test_credit_defaults_every_metric_and_measure_and_utc() -> None:
    model = compiled(credit())
    c = model.credits["c"]
    assert (c.metrics, c.period, c.cap_pct, c.minimum_runs) == (None, Period("month", "UTC"), None, None)
    assert c.counts(model.sla("gold")) == ("resolution", "agent")
    assert c.counts(model.sla("basic")) == ()  # not listed


def test_tier_order_and_a_low_cap_are_left_to_the_credit_tiers_rule() -> None:
    # credits.md makes these `credit-tiers` findings of `slalang check`, not compile errors
    model = compiled(credit("below 99% credit 1%", "below 97% credit 1%", "cap 0.5%"))
    assert [t.below_pct for t in model.credits["c"].tiers] == [95.0, 99.0, 97.0]


def test_an_availability_compiles_to_the_model_with_always_by_default() -> None:
    model = compiled(availability("below 99.9% credit 10%") + "\n" + 'availability b { calendar office objective 99% period year in "Asia/Tokyo" }')
    assert model.availabilities["a"] == Availability(
        "a", None, "always", 99.9, Period("month", "UTC"), (CreditTier(99.9, 10.0),)
    )
    assert model.availabilities["b"].calendar == "office"
    assert model.availabilities["b"].period == Period("year", "Asia/Tokyo")
    assert model.availabilities["b"].tiers == ()
