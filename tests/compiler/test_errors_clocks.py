"""Compile errors of rules per metric, measures and calendar choices (language.md, "Readings
for the constructs above"): one small policy per error, with its code, message, the text it
underlines and its hint; and what compiles although it looks odd."""

from __future__ import annotations

import pytest

from slalang import ast
from slalang.compiler.calendar_choices import check_zone
from slalang.source import Span

from .helpers import PRELUDE, Case, assert_case, compile_source, only_error, sla

BY_REGION = 'calendar by customer.region {{ {} }} resolution within 1h'

CASES = [
    # --- names --------------------------------------------------------------------------------
    Case("unknown-event", sla("measure m within 1h { start on agent_replied }"), "unknown-name",
         "unknown event `agent_replied`", "agent_replied", "did you mean `agent_reply`?"),
    Case("measure-named-like-a-metric", sla("measure resolution within 1h"), "duplicate-name",
         "measure `resolution` has the name of a built-in metric", "resolution", "resolution within 8h { pause never }"),
    Case("measure-twice", sla("measure m within 1h measure m within 2h"), "duplicate-name",
         "measure `m` is already defined in SLA `s` at case.sla:7:17", "m", "unique within an SLA"),
    Case("escalate-unknown-measure", sla("measure agent within 1h escalate agnet with standard_chain"), "unknown-name",
         "unknown metric or measure `agnet`", "agnet", "did you mean `agent`?"),
    Case("unknown-calendar-in-arm", sla(BY_REGION.format('"emea" ofice else office')), "unknown-name",
         "unknown calendar `ofice`", "ofice", "did you mean `office`?"),
    Case("unknown-calendar-in-else", sla(BY_REGION.format('"emea" office else ofice in customer.tz')),
         "unknown-name", "unknown calendar `ofice`", "ofice", "did you mean `office`?"),
    Case("unknown-calendar-in-metric-block", sla("resolution within 1h { calendar alwys }"), "unknown-name",
         "unknown calendar `alwys`", "alwys", "did you mean `always`?"),
    Case("unknown-segment-in-trigger", sla("measure m within 1h { start when segment enterprize }"), "unknown-name",
         "unknown segment `enterprize`", "enterprize", "did you mean `enterprise`?"),
    Case("unknown-segment-in-metric-pause", sla("resolution within 1h { pause when segment enterprize }"),
         "unknown-name", "unknown segment `enterprize`", "enterprize", "did you mean `enterprise`?"),
    Case("unknown-ola-in-measure-via", sla("measure m within 1h via triag"), "unknown-name",
         "unknown OLA `triag`", "triag", "did you mean `triage`?"),
    # --- blocks -------------------------------------------------------------------------------
    Case("cycles-with-resume", sla("measure m within 1h { cycles resume on reopened }"), "bad-value",
         "measure `m` has `cycles`, so it cannot `resume`", "resume on reopened", "keep one of the two"),
    Case("block-calendar-twice", sla("resolution within 1h { calendar office calendar always }"), "bad-value",
         "`resolution` gives `calendar` twice; the first is at case.sla:7:32", "calendar always", "keep one"),
    Case("block-pause-twice", sla('measure m within 1h { pause never pause when status == "x" }'), "bad-value",
         "measure `m` gives `pause` twice", 'pause when status == "x"', "`pause never`"),
    Case("cycles-twice", sla("measure m within 1h { cycles cycles }"), "bad-value",
         "measure `m` gives `cycles` twice", "cycles", "once"),
    Case("trigger-on-a-metric", sla("first_response within 1h { start on created }"), "bad-value",
         "`start` belongs to measures; the built-in metric `first_response` starts and stops by itself",
         "start on created", "measure my_first_response within DURATION"),
    Case("cycles-on-a-metric", sla("next_response within 1h { cycles }"), "bad-value",
         "`cycles` belongs to measures", "cycles", "`calendar` and `pause` only"),
    Case("measure-zero-target", sla("measure m within 0m"), "bad-value",
         "the `m` target `0m` is zero", "0m", "zero is not a target"),
    Case("measure-goal-above-100", sla("measure m within 1h goal 101%"), "bad-value",
         "goal 101% is more than 100%", "101%", "at most"),
    Case("trigger-condition-types", sla("measure m within 1h { start when status == 3 }"), "type-mismatch",
         "`status` holds status names (strings)", "3", '"3"'),
    # --- calendar choices ---------------------------------------------------------------------
    Case("by-without-else", sla(BY_REGION.format('"emea" office')), "bad-value",
         "`calendar by customer.region` has no `else` line", "by customer.region", "add `else CALENDAR`"),
    Case("by-empty", sla(BY_REGION.format("")), "bad-value",
         "has no `else` line", "by customer.region", "the last line"),
    Case("else-not-last", sla(BY_REGION.format('else always "emea" office')), "bad-value",
         "`else` must be the last line of `calendar by customer.region`", "else always", "move the `else` line"),
    Case("else-twice", sla(BY_REGION.format("else always else office")), "bad-value",
         "gives `else` twice; the first is at case.sla:7:39", "else office", "keep one `else` line"),
    Case("equal-arms", sla("calendar by customer.tier { 1 office 1.0 always else office } resolution within 1h"),
         "bad-value", "`calendar by customer.tier` gives the value 1.0 twice (as 1 at case.sla:7:37)", "1.0",
         "give each value one line"),
    Case("equal-string-arms", sla(BY_REGION.format('"emea" office "emea" always else office')), "bad-value",
         'gives the value "emea" twice', '"emea"', "one line"),
    Case("by-status", sla("calendar by status { else office } resolution within 1h"), "bad-value",
         "`calendar by status`: this takes a `ticket.` or `customer.` field, not `status`", "status",
         "customer.region"),
    Case("in-status", sla("calendar office in status resolution within 1h"), "bad-value",
         "`office in status`: this takes a `ticket.` or `customer.` field", "status", "customer.timezone"),
    Case("in-a-bare-name", sla("calendar office in timezone resolution within 1h"), "bad-value",
         "`office in timezone`: `in` takes a field path or a zone in quotes", "timezone", "in customer.timezone"),
    Case("in-an-unknown-zone", sla('calendar office in "Europe/Amsterdm" resolution within 1h'), "bad-value",
         '"Europe/Amsterdm" is not an IANA time zone', '"Europe/Amsterdm"', 'did you mean "Europe/Amsterdam"?'),
    Case("in-a-zone-in-the-wrong-case", sla('resolution within 1h { calendar office in "europe/amsterdam" }'),
         "bad-value", '"europe/amsterdam" is not an IANA time zone', '"europe/amsterdam"',
         'did you mean "Europe/Amsterdam"?'),
    Case("in-an-empty-zone", sla('calendar office in "" resolution within 1h'), "bad-value",
         '"" is not an IANA time zone', '""', "name an IANA zone"),
    Case("in-localtime", sla('calendar office in "localtime" resolution within 1h'), "bad-value",
         '"localtime" is not an IANA time zone', '"localtime"', "the machine's own zone or a file is not a zone"),
    Case("in-a-path", sla('calendar office in "/usr/share/zoneinfo/UTC" resolution within 1h'), "bad-value",
         "is not an IANA time zone", '"/usr/share/zoneinfo/UTC"', "a file is not a zone"),
    Case("arm-of-the-wrong-type", sla(BY_REGION.format("5 office else always")).replace("region", "plan"),
         "type-mismatch", "`customer.plan` is compared with a number here, but with a string", "5", "one type"),
    Case("sla-calendar-twice", sla("calendar office calendar by customer.x { else always } resolution within 1h"),
         "bad-value", "SLA `s` gives `calendar` twice", "calendar by customer.x { else always }", "keep one"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_compile_error(case: Case) -> None:
    assert_case(case)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


def compiles(body: str):
    result = compile_source(PRELUDE + body + "\n")
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    return result.model


def test_what_compiles_although_it_looks_odd() -> None:
    compiles(
        """sla s {
            calendar by ticket.status { "open" office else always }  # written `ticket.status`: a ticket field
            resolution within 1h { calendar office in "US/Eastern" }  # a tzdata link is a zone
            first_response within 1h { calendar by customer.tier { 1 office 2.5 always else office } }
            measure m within 1h { stop on created }  # stops nothing: for a lint, not an error
            measure n within 1h { start on created start on created }  # a repeated trigger changes nothing
        }"""
    )


def test_escalate_reaches_metrics_and_measures_alike() -> None:
    model = compiles(
        "sla s { resolution within 1h measure agent within 2h escalate agent with standard_chain "
        "escalate resolution { at 50% notify assignee } }"
    )
    sla_s = model.sla("s")
    assert sla_s.measure("agent").escalation_chain == "standard_chain"
    assert sla_s.metric("resolution").escalation[0].percent == 50.0


def test_two_slas_may_define_measures_of_the_same_name() -> None:
    model = compiles("sla a { measure m within 1h }\nsla b { when true measure m within 2h }")
    assert [s.measure("m").target_s for s in model.slas] == [3600, 7200]


def test_an_escalate_naming_a_metric_the_sla_lacks_lists_its_measures_too() -> None:
    result = compile_source(PRELUDE + sla("measure agent within 1h escalate resolution with standard_chain") + "\n")
    d = only_error(result)
    assert d.message == "SLA `s` has no `resolution` metric to escalate"
    assert "(`agent`)" in d.help


def test_one_run_reports_every_calendar_choice_error() -> None:
    result = compile_source(
        PRELUDE + sla('calendar by status { "a" office "a" always } resolution within 1h { calendar office in "x" }') + "\n"
    )
    messages = sorted(d.message for d in result.diagnostics)
    assert len(messages) == 4, messages
    assert any("has no `else`" in m for m in messages) and any("twice" in m for m in messages)
    assert any("not `status`" in m for m in messages) and any('"x" is not an IANA' in m for m in messages)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Amsterdam", "US/Eastern", "Etc/GMT+5", "America/Argentina/Buenos_Aires"])
def test_a_fixed_zone_is_a_key_of_the_bundled_tzdata(zone: str) -> None:
    assert check_zone(ast.Str(zone, Span("x.sla", 1, 1, 1, 2))) == []


@pytest.mark.parametrize("zone", ["", " ", "utc", "localtime", "/etc/localtime", "../UTC", "Europe\\Amsterdam", "Mars/Olympus"])
def test_anything_else_is_not_a_zone(zone: str) -> None:
    (d,) = check_zone(ast.Str(zone, Span("x.sla", 1, 1, 1, 2)))
    assert d.code == "bad-value" and "is not an IANA time zone" in d.message
