"""One small policy per compile error: its code, message, the text it underlines and its hint.

Each snippet is added to a valid prelude and must produce exactly that one error.
"""

from __future__ import annotations

import pytest

from .helpers import PRELUDE, Case, assert_case, compile_source, sla

CASES = [
    # --- duplicate names ------------------------------------------------------------------
    Case("duplicate-calendar", 'calendar office { timezone "UTC" }', "duplicate-name",
         "calendar `office` is already declared at case.sla:2:10", "office", "unique"),
    Case("duplicate-always", 'calendar always { timezone "UTC" }', "duplicate-name",
         "calendar `always` is built in", "always", "choose another name"),
    Case("duplicate-segment", "segment enterprise when true", "duplicate-name",
         "segment `enterprise` is already declared at case.sla:3:9", "enterprise", "rename one of them"),
    Case("duplicate-team", "team tier1 { calendar office }", "duplicate-name",
         "team `tier1` is already declared", "tier1", "rename"),
    Case("duplicate-ola", "ola triage by tier1 within 1h", "duplicate-name",
         "OLA `triage` is already declared at case.sla:5:5", "triage", "rename"),
    Case("duplicate-chain", "escalation standard_chain { at 50% notify assignee }", "duplicate-name",
         "escalation chain `standard_chain` is already declared", "standard_chain", "rename"),
    Case("duplicate-sla", "sla a { resolution within 1h }\nsla a { resolution within 2h }", "duplicate-name",
         "SLA `a` is already declared at case.sla:7:5", "a", "rename"),
    Case("header-twice", 'policy "a"\npolicy "b" version "2"', "bad-value",
         "the policy header is given twice; the first is at case.sla:7:1", 'policy "b" version "2"', "keep one"),
    Case("resolved-twice", 'resolved when status in ["solved"]\nresolved when status in ["closed"]', "bad-value",
         "`resolved when` is given twice", 'resolved when status in ["closed"]', "keep one"),
    Case("priorities-twice", "priorities a > b", "bad-value",
         "`priorities` is declared twice; the first is at case.sla:1:1", "priorities a > b", "one line"),
    Case("priorities-repeat", "", "bad-value", "priority `high` is listed twice", "high", "once",
         prelude="priorities urgent > high > high\n"),
    # --- unknown names --------------------------------------------------------------------
    Case("unknown-calendar", sla("calendar ofice resolution within 1h"), "unknown-name",
         "unknown calendar `ofice`", "ofice", "did you mean `office`?"),
    Case("unknown-calendar-always", "team t2 { calendar alwys }", "unknown-name",
         "unknown calendar `alwys`", "alwys", "did you mean `always`?"),
    Case("unknown-segment", sla("when segment enterprize resolution within 1h"), "unknown-name",
         "unknown segment `enterprize`", "enterprize", "did you mean `enterprise`?"),
    Case("unknown-segment-no-match", sla("when segment zzz resolution within 1h"), "unknown-name",
         "unknown segment `zzz`", "zzz", "known segments: `enterprise`"),
    Case("unknown-team", "ola fix by tier2 within 1h", "unknown-name",
         "unknown team `tier2`", "tier2", "did you mean `tier1`?"),
    Case("unknown-ola", sla("resolution within 4h via triag"), "unknown-name",
         "unknown OLA `triag`", "triag", "did you mean `triage`?"),
    Case("unknown-ola-on", "ola fix by tier1 within 1h on offce", "unknown-name",
         "unknown calendar `offce`", "offce", "did you mean `office`?"),
    Case("unknown-chain", sla("resolution within 4h escalate resolution with standard_chian"), "unknown-name",
         "unknown escalation chain `standard_chian`", "standard_chian", "did you mean `standard_chain`?"),
    Case("unknown-priority", sla("when priority urgnt resolution within 1h"), "unknown-name",
         "unknown priority `urgnt`", "urgnt", "did you mean `urgent`?"),
    Case("unknown-priority-cmp", sla("when priority >= hihg resolution within 1h"), "unknown-name",
         "unknown priority `hihg`", "hihg", "did you mean `high`?"),
    Case("unknown-set-priority", "escalation bump { at 50% set priority urgnt }", "unknown-name",
         "unknown priority `urgnt`", "urgnt", "did you mean `urgent`?"),
    Case("no-priorities-declared", "sla s { when priority high resolution within 1h }", "unknown-name",
         "priority `high` is not declared: the policy set has no `priorities` line", "high",
         "priorities urgent > high", prelude=""),
    Case("unknown-metric", sla("first_reponse within 1h"), "unknown-name",
         "unknown metric `first_reponse`", "first_reponse", "did you mean `first_response`?"),
    Case("unknown-escalated-metric", sla("resolution within 1h escalate resolutoin { at 50% notify assignee }"),
         "unknown-name", "unknown metric `resolutoin`", "resolutoin", "did you mean `resolution`?"),
    Case("escalate-undefined-metric", sla("resolution within 1h escalate first_response with standard_chain"),
         "unknown-name", "SLA `s` has no `first_response` metric to escalate", "first_response",
         "add `first_response within DURATION`"),
    Case("segment-self-cycle", "segment loop when segment loop", "bad-value",
         "segment `loop` refers to itself: loop -> loop", "segment loop", "not itself"),
    Case("segment-cycle", "segment a when segment b\nsegment b when customer.x == 1 or segment a", "bad-value",
         "segment `a` refers to itself: a -> b -> a", "segment a", "not itself"),
    # --- calendars ------------------------------------------------------------------------
    Case("hour-25", 'calendar c { timezone "UTC" hours mon 25:00-23:00 }', "bad-value",
         "`25:00` is not a time of day: hour 25", "25:00", "00 to 23"),
    Case("minute-60", 'calendar c { timezone "UTC" hours mon 09:00-09:60 }', "bad-value",
         "`09:60` is not a time of day: minute 60", "09:60", "00 to 59"),
    Case("empty-range", 'calendar c { timezone "UTC" hours mon 09:00-09:00 }', "bad-value",
         "the range `09:00-09:00` is empty", "09:00-09:00", "00:00-24:00"),
    Case("start-2400", 'calendar c { timezone "UTC" hours mon 24:00-06:00 }', "bad-value",
         "`24:00` cannot start a range", "24:00", "start the range at 00:00"),
    Case("bad-zone", 'calendar c { timezone "Europe/Amsterdm" hours mon 09:00-10:00 }', "bad-value",
         "unknown time zone `Europe/Amsterdm`", '"Europe/Amsterdm"', "did you mean `Europe/Amsterdam`?"),
    Case("zone-case", 'calendar c { timezone "europe/london" }', "bad-value",
         "unknown time zone `europe/london`", '"europe/london"', "did you mean `Europe/London`?"),
    Case("missing-zone", "calendar c { hours mon 09:00-10:00 }", "bad-value",
         "calendar `c` has no timezone", "c", 'timezone "Europe/Amsterdam"'),
    Case("zone-twice", 'calendar c { timezone "UTC" timezone "Europe/Paris" }', "bad-value",
         "calendar `c` gives its timezone twice; the first is at case.sla:7:14", 'timezone "Europe/Paris"',
         "keep one `timezone` line"),
    Case("bad-subdivision", 'calendar c { timezone "UTC" holidays "US-XX" }', "bad-value",
         "unknown subdivision `XX` of `US`", '"US-XX"', "did you mean `US-"),
    Case("bad-country", 'calendar c { timezone "UTC" holidays "nl" }', "bad-value",
         "unknown holiday country `nl`", '"nl"', "did you mean `NL`?"),
    Case("bad-date", 'calendar c { timezone "UTC" closed 2026-02-30 }', "bad-value",
         "`2026-02-30` is not a date: February 2026 has 28 days", "2026-02-30", "01 to 28"),
    Case("bad-month", 'calendar c { timezone "UTC" closed 2026-13-01 }', "bad-value",
         "`2026-13-01` is not a date: there is no month 13", "2026-13-01", "01 to 12"),
    Case("overnight-closed", 'calendar c { timezone "UTC" closed 2026-12-31 22:00-02:00 }', "bad-value",
         "the range `22:00-02:00` runs past midnight, which a `closed` date cannot", "22:00-02:00",
         "`closed 2026-12-31 22:00-24:00` and `closed 2027-01-01 00:00-02:00`"),
    Case("overnight-open", 'calendar c { timezone "UTC" open 2026-12-27 20:00-01:00 }', "bad-value",
         "runs past midnight, which a `open` date cannot", "20:00-01:00", "`open 2026-12-28 00:00-01:00`"),
    # --- teams, OLAs, chains, durations, percentages --------------------------------------
    Case("agents-zero", "team t2 { calendar office agents 0 }", "bad-value",
         "team `t2` has `agents 0`; a team needs at least 1 agent", "agents 0", "head-count"),
    Case("agents-negative", "team t2 { calendar office agents -3 }", "bad-value",
         "team `t2` has `agents -3`", "agents -3", "head-count"),
    Case("team-no-calendar", "team t2 { agents 2 }", "bad-value",
         "team `t2` has no calendar", "t2", "calendar always"),
    Case("team-calendar-twice", "team t2 { calendar office calendar always }", "bad-value",
         "team `t2` gives its calendar twice", "calendar always", "keep one"),
    Case("zero-ola", "ola fix by tier1 within 0m", "bad-value",
         "the OLA target `0m` is zero", "0m", "zero is not a target"),
    Case("zero-target", sla("resolution within 0h"), "bad-value",
         "the `resolution` target `0h` is zero", "0h", "zero is not a target"),
    Case("huge-target", sla("resolution within 600w"), "bad-value",
         "duration `600w` is 4200 days, longer than 10 years", "600w", "check the number"),
    Case("huge-offset", sla("resolution within 1h escalate resolution { at 100% + 9999d notify assignee }"),
         "bad-value", "duration `9999d` is 9999 days", "9999d", "check the number"),
    Case("goal-zero", sla("resolution within 1h goal 0%"), "bad-value",
         "goal 0% is not a goal", "0%", "goal 95%"),
    Case("goal-101", sla("resolution within 1h goal 101%"), "bad-value",
         "goal 101% is more than 100%", "101%", "at most `goal 100%`"),
    Case("chain-no-steps", "escalation empty { }", "bad-value",
         "escalation chain `empty` has no steps", "empty", "at 100% notify team.lead"),
    # --- SLAs -----------------------------------------------------------------------------
    Case("metric-twice", sla("resolution within 1h resolution within 2h"), "bad-value",
         "SLA `s` gives `resolution` twice; the first is at case.sla:7:9", "resolution within 2h", "keep one"),
    Case("when-twice", sla("when true when false resolution within 1h"), "bad-value",
         "SLA `s` gives `when` twice", "when false", "one `when`"),
    Case("calendar-twice", sla("calendar office calendar always resolution within 1h"), "bad-value",
         "SLA `s` gives `calendar` twice", "calendar always", "keep one"),
    Case("pause-twice", sla('pause when status == "a" pause when status == "b" resolution within 1h'), "bad-value",
         "SLA `s` gives `pause` twice", 'pause when status == "b"', "one `pause when`"),
    Case("pause-never-twice", sla('pause never pause when status == "b" resolution within 1h'), "bad-value",
         "SLA `s` gives `pause` twice; the first is at case.sla:7:9", 'pause when status == "b"', "keep one"),
    Case("escalate-twice",
         sla("resolution within 1h escalate resolution with standard_chain escalate resolution with standard_chain"),
         "bad-value", "SLA `s` gives `escalate resolution` twice", "escalate resolution with standard_chain",
         "one `escalate` block"),
    # --- types ----------------------------------------------------------------------------
    Case("priority-ordered-as-text", sla('when ticket.priority >= "high" resolution within 1h'), "type-mismatch",
         "orders priority names as text", 'ticket.priority >= "high"', "write `priority >= high`"),
    Case("priority-undeclared-string", sla('when ticket.priority == "hihg" resolution within 1h'), "bad-value",
         "priority `hihg` is not declared", '"hihg"', "did you mean `high`?"),
    Case("priority-number", sla('when ticket.priority in ["high", 1] resolution within 1h'), "type-mismatch",
         "`ticket.priority` holds priority names (strings), but is compared with a number `1`", "1",
         "as a string"),
    Case("status-number", sla("when status == 3 resolution within 1h"), "type-mismatch",
         "`status` holds status names (strings), but is compared with a number `3`", "3", 'e.g. `"3"`'),
    Case("field-two-types", 'segment big when customer.arr >= 100000\nsegment odd when customer.arr >= "x"',
         "type-mismatch", "`customer.arr` is compared with a string here, but with a number at case.sla:7:34",
         '"x"', "always false"),
    Case("mixed-list", sla('when customer.plan in ["pro", 3] resolution within 1h'), "type-mismatch",
         "`customer.plan` is compared with a number here, but with a string", "3", "one type"),
    Case("list-and-scalar", 'segment vip when customer.tags contains "vip"\nsegment odd when customer.tags == "vip"',
         "type-mismatch", "`customer.tags` is used as a single value here, but as a list (`contains`)", '"vip"',
         "`contains` tests a list-valued field"),
    Case("bool-order", sla("when customer.active < true resolution within 1h"), "type-mismatch",
         "`customer.active < true` orders booleans", "customer.active < true", "`==` or `!=`"),
    Case("status-contains", sla('when status contains "open" resolution within 1h'), "type-mismatch",
         "`status` is a single value, not a list", '"open"', "`==` or `in`"),
    Case("resolved-number", 'resolved when status in ["solved", 7]', "type-mismatch",
         "`resolved when` lists 7, but statuses are strings", "7", '"7"'),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_compile_error(case: Case) -> None:
    assert_case(case)


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


def test_an_sla_without_metrics_is_an_explicit_exemption() -> None:
    # language.md: it governs its tickets and gives them no targets
    result = compile_source(PRELUDE + "sla exempt { when segment enterprise calendar office }\n")
    assert result.diagnostics == []
    assert result.model is not None and result.model.sla("exempt").clocks == ()


def test_prelude_compiles_cleanly() -> None:
    result = compile_source(PRELUDE)
    assert result.diagnostics == []
    assert result.model is not None


def test_edge_values_that_are_fine() -> None:
    text = PRELUDE + (
        'calendar edge { timezone "UTC" hours mon 00:00-24:00 hours tue 22:00-00:00 holidays "US-CA"\n'
        "  closed 2028-02-29 open 2028-03-01 23:00-24:00 }\n"
        "team t2 { calendar edge agents 1 }\n"
        "escalation edge_chain { at 0% notify assignee at 100% + 0m notify team.lead at 100% - 0s notify assignee }\n"
        "sla s { resolution within 3650d goal 100% first_response within 1s goal 0.1% }\n"
    )
    result = compile_source(text)
    assert result.diagnostics == []
    assert result.model is not None


def test_negative_escalation_percent_is_refused() -> None:
    # The grammar has no negative percentages; the check guards ASTs built by other tools.
    from slalang import ast
    from slalang.compiler.durations import check_step_percent
    from slalang.source import Span

    span = Span("x.sla", 3, 8, 3, 12)
    (d,) = check_step_percent(ast.Percent(-5.0, "-5", span))
    assert (d.code, d.message, d.span) == ("bad-value", "escalation at -5% is below 0%", span)
    assert "- DURATION" in d.help
    assert check_step_percent(ast.Percent(0.0, "0", span)) == []


def test_holiday_codes_known_without_loading_every_country_match_the_full_list():
    # The compiler checks a holiday code against the registry (kept by holiday_store) and
    # loads only the named country's module; the full list is read only to suggest a code.
    from slalang.compiler.calendars import _holiday_countries
    from slalang.timeline import holiday_store

    everything = _holiday_countries()
    assert holiday_store.country_codes() == frozenset(everything)
    for country in ("US", "NL", "DE", "GB", "UK", "AU", "JP"):
        assert holiday_store.subdivisions(country) == everything[country]
