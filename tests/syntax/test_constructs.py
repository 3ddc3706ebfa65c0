"""Every construct of the language parses to the expected AST (spans are not compared here)."""

from __future__ import annotations

import pytest

from slalang import ast
from slalang.source import Span

from .helpers import EXAMPLES, parse_ok

S = Span("t.sla", 0, 0, 0, 0)  # spans never take part in equality


def N(text: str) -> ast.Name:
    return ast.Name(text, S)


def Q(value: str) -> ast.Str:
    return ast.Str(value, S)


def D(*parts: tuple[int, str]) -> ast.Duration:
    return ast.Duration(tuple(parts), S)


def P(text: str) -> ast.Percent:
    return ast.Percent(float(text), text, S)


def T(h: int, m: int) -> ast.TimeOfDay:
    return ast.TimeOfDay(h, m, S)


def R(a: tuple[int, int], b: tuple[int, int]) -> ast.TimeRange:
    return ast.TimeRange(T(*a), T(*b), S)


def L(value, text: str | None = None) -> ast.Literal:
    if text is None:
        text = f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return ast.Literal(value, text, S)


def path(*parts: str, text: str | None = None) -> ast.Path:
    return ast.Path(tuple(parts), text or ".".join(parts), S)


def one(text: str):
    file = parse_ok(text)
    assert len(file.declarations) == 1
    return file.declarations[0]


def cond(text: str):
    return one(f"segment s when {text}").when


# --- header, imports, priorities --------------------------------------------------------


def test_policy_header_with_and_without_version():
    assert one('policy "acme-support" version "2026.11"') == ast.PolicyHeader(Q("acme-support"), Q("2026.11"), S)
    assert one('policy "acme"') == ast.PolicyHeader(Q("acme"), None, S)


def test_resolved_and_import():
    assert one('resolved when status in ["solved", "closed"]') == ast.ResolvedDecl((L("solved"), L("closed")), S)
    assert one('import "shared/calendars.sla"') == ast.Import(Q("shared/calendars.sla"), S)


def test_priorities_most_important_first():
    assert one("priorities urgent > high > normal > low") == ast.PrioritiesDecl(
        (N("urgent"), N("high"), N("normal"), N("low")), S
    )


# --- durations, percentages, dates, times ----------------------------------------------


@pytest.mark.parametrize(
    "text, parts",
    [
        ("15m", ((15, "m"),)),
        ("1h30m", ((1, "h"), (30, "m"))),
        ("2d", ((2, "d"),)),
        ("1w2d3h4m5s", ((1, "w"), (2, "d"), (3, "h"), (4, "m"), (5, "s"))),
        ("0m", ((0, "m"),)),  # parses; the compiler rejects a zero target
        ("90s", ((90, "s"),)),
    ],
)
def test_durations(text, parts):
    assert one(f"ola o by t within {text}").within == ast.Duration(parts, S)


@pytest.mark.parametrize("text, value", [("95%", 95.0), ("99.9%", 99.9), ("101%", 101.0), ("0%", 0.0)])
def test_percentages(text, value):
    sla = one(f"sla s {{ resolution within 1h goal {text} }}")
    assert sla.items[0].goal == ast.Percent(value, text[:-1], S)


def test_times_dates_and_ranges_parse_even_when_invalid():
    cal = one("calendar c { closed 2026-02-30 25:00-24:00  open 2026-12-27 22:00-06:00 }")
    closed, opened = cal.items
    assert closed == ast.DateItem("closed", ast.Date(2026, 2, 30, S), (R((25, 0), (24, 0)),), S)
    assert opened == ast.DateItem("open", ast.Date(2026, 12, 27, S), (R((22, 0), (6, 0)),), S)


# --- calendars -----------------------------------------------------------------------------


def test_calendar_with_every_item():
    cal = one(
        """
        calendar office "Amsterdam office hours" {
            timezone "Europe/Amsterdam"
            hours mon-fri 09:00-17:30
            hours sat 10:00-14:00
            hours sun 10:00-12:00, 13:00-15:00
            hours mon,wed,fri 22:00-06:00
            holidays "US-CA"
            closed 2026-12-24 13:00-24:00
            closed 2026-12-31
            open 2026-12-27 10:00-14:00
        }
        """
    )
    def day(a, b=None):
        return ast.DayRange(N(a), N(b) if b else None, S)
    assert cal == ast.CalendarDecl(
        N("office"),
        Q("Amsterdam office hours"),
        (
            ast.TimezoneItem(Q("Europe/Amsterdam"), S),
            ast.HoursItem((day("mon", "fri"),), (R((9, 0), (17, 30)),), S),
            ast.HoursItem((day("sat"),), (R((10, 0), (14, 0)),), S),
            ast.HoursItem((day("sun"),), (R((10, 0), (12, 0)), R((13, 0), (15, 0))), S),
            ast.HoursItem((day("mon"), day("wed"), day("fri")), (R((22, 0), (6, 0)),), S),
            ast.HolidaysItem(Q("US-CA"), S),
            ast.DateItem("closed", ast.Date(2026, 12, 24, S), (R((13, 0), (24, 0)),), S),
            ast.DateItem("closed", ast.Date(2026, 12, 31, S), (), S),
            ast.DateItem("open", ast.Date(2026, 12, 27, S), (R((10, 0), (14, 0)),), S),
        ),
        S,
    )


def test_calendar_without_title_and_spaced_ranges():
    cal = one("calendar c { hours mon - fri 09:00 - 17:00 , 18:00-19:00 }")
    assert cal.title is None
    assert cal.items[0] == ast.HoursItem(
        (ast.DayRange(N("mon"), N("fri"), S),), (R((9, 0), (17, 0)), R((18, 0), (19, 0))), S
    )


# --- conditions ----------------------------------------------------------------------------


def test_and_binds_tighter_than_or():
    a, b, c = (ast.SegmentCond(N(x), S) for x in "abc")
    assert cond("segment a or segment b and segment c") == ast.OrCond((a, ast.AndCond((b, c), S)), S)
    assert cond("segment a and segment b or segment c") == ast.OrCond((ast.AndCond((a, b), S), c), S)
    assert cond("(segment a or segment b) and segment c") == ast.AndCond((ast.OrCond((a, b), S), c), S)


def test_chains_are_flat():
    items = tuple(ast.SegmentCond(N(x), S) for x in "abcd")
    assert cond("segment a or segment b or segment c or segment d") == ast.OrCond(items, S)
    assert cond("segment a and segment b and segment c and segment d") == ast.AndCond(items, S)


def test_not_binds_tightest():
    a, b = (ast.SegmentCond(N(x), S) for x in "ab")
    assert cond("not segment a and segment b") == ast.AndCond((ast.NotCond(a, S), b), S)
    assert cond("not (segment a and segment b)") == ast.NotCond(ast.AndCond((a, b), S), S)
    assert cond("not not segment a") == ast.NotCond(ast.NotCond(a, S), S)


def test_true_false_and_redundant_parentheses():
    assert cond("true") == ast.BoolCond(True, S)
    assert cond("((false))") == ast.BoolCond(False, S)


def test_priority_forms():
    assert cond("priority urgent") == ast.PriorityCond("==", N("urgent"), True, S)
    for op in ("==", "!=", "<", "<=", ">", ">="):
        assert cond(f"priority {op} high") == ast.PriorityCond(op, N("high"), False, S)


@pytest.mark.parametrize("word", ["true", "false", "when", "and"])
def test_a_keyword_after_a_priority_comparison_is_a_priority_name(word):
    # found by hypothesis: `true` after `priority ==` used to lex as the literal (LALR shared `cmp`)
    assert cond(f"priority == {word}") == ast.PriorityCond("==", N(word), False, S)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('customer.plan == "enterprise"', ast.CompareCond(path("customer", "plan"), "==", L("enterprise"), S)),
        ("customer.arr >= 100000", ast.CompareCond(path("customer", "arr"), ">=", L(100000), S)),
        ("ticket.score < -2.5", ast.CompareCond(path("ticket", "score"), "<", L(-2.5), S)),
        ("ticket.count != -3", ast.CompareCond(path("ticket", "count"), "!=", L(-3), S)),
        ("ticket.flag == true", ast.CompareCond(path("ticket", "flag"), "==", L(True), S)),
        ("ticket.flag != false", ast.CompareCond(path("ticket", "flag"), "!=", L(False), S)),
        ("ticket.a.b.c > 1", ast.CompareCond(path("ticket", "a", "b", "c"), ">", L(1), S)),
        ('status == "new"', ast.CompareCond(path("ticket", "status", text="status"), "==", L("new"), S)),
        ('ticket.status == "new"', ast.CompareCond(path("ticket", "status"), "==", L("new"), S)),
        ('customer.tags contains "vip"', ast.ContainsCond(path("customer", "tags"), L("vip"), S)),
        ('customer.plan in ["free", "trial"]', ast.InCond(path("customer", "plan"), (L("free"), L("trial")), False, S)),
        ("ticket.x not in [1, 2.5, true]", ast.InCond(path("ticket", "x"), (L(1), L(2.5), L(True)), True, S)),
        ('status in ["a"]', ast.InCond(path("ticket", "status", text="status"), (L("a"),), False, S)),
    ],
)
def test_field_conditions(text, expected):
    assert cond(text) == expected


def test_keywords_are_field_names_after_a_dot():
    assert cond("ticket.priority == 1").path == path("ticket", "priority")
    assert cond("customer.segment.sla == 1").path == path("customer", "segment", "sla")


def test_string_escapes():
    lit = cond(r'ticket.x == "a \"quoted\" back\\slash\n"').value
    assert lit.value == 'a "quoted" back\\slash\n'
    assert lit.text == r'"a \"quoted\" back\\slash\n"'


# --- teams, OLAs, escalation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'team tier1 { calendar office  agents 6  lead "lead@acme.example" }',
        'team tier1 {\n  lead "lead@acme.example"\n  agents 6\n  calendar office\n}',
    ],
)
def test_team_items_in_any_order_on_one_or_many_lines(text):
    team = one(text)
    assert team.name == N("tier1")
    assert {(i.kind, i.value) for i in team.items} == {
        ("calendar", N("office")),
        ("agents", 6),
        ("lead", Q("lead@acme.example")),
    }


def test_ola_with_and_without_on():
    assert one("ola triage by tier1 within 30m") == ast.OlaDecl(N("triage"), N("tier1"), D((30, "m")), None, S)
    assert one("ola deploy by sysadmins within 8h on always") == ast.OlaDecl(
        N("deploy"), N("sysadmins"), D((8, "h")), N("always"), S
    )


def test_escalation_chain_steps_and_actions():
    chain = one(
        """escalation standard_chain {
            at 75% notify assignee
            at 100% notify team.lead
            at 100% + 4h notify "head@acme.example" and reassign "escalations"
            at 100% - 30m set priority urgent
        }"""
    )
    assert chain == ast.ChainDecl(
        N("standard_chain"),
        (
            ast.Step(P("75"), None, None, (ast.Action("notify", "assignee", False, S),), S),
            ast.Step(P("100"), None, None, (ast.Action("notify", "team.lead", False, S),), S),
            ast.Step(
                P("100"),
                "+",
                D((4, "h")),
                (ast.Action("notify", "head@acme.example", True, S), ast.Action("reassign", "escalations", True, S)),
                S,
            ),
            ast.Step(P("100"), "-", D((30, "m")), (ast.Action("set_priority", "urgent", False, S),), S),
        ),
        S,
    )


# --- SLAs ----------------------------------------------------------------------------------


def test_sla_with_every_item():
    sla = one(
        """sla enterprise_urgent "Enterprise outages" {
            when segment enterprise and priority urgent
            calendar always
            first_response within 15m
            next_response  within 1h goal 99.5%
            resolution     within 12h goal 95% via triage -> fix -> deploy
            pause when status in ["pending_customer", "on_hold"]
            escalate resolution {
                at 50% notify assignee
            }
            escalate first_response with standard_chain
        }"""
    )
    when = ast.AndCond((ast.SegmentCond(N("enterprise"), S), ast.PriorityCond("==", N("urgent"), True, S)), S)
    status = path("ticket", "status", text="status")
    assert sla == ast.SlaDecl(
        N("enterprise_urgent"),
        Q("Enterprise outages"),
        (
            ast.WhenItem(when, S),
            ast.ClockCalendarItem(ast.CalendarRef(N("always"), None, S), S),
            ast.MetricItem(N("first_response"), D((15, "m")), None, (), S),
            ast.MetricItem(N("next_response"), D((1, "h")), P("99.5"), (), S),
            ast.MetricItem(N("resolution"), D((12, "h")), P("95"), (N("triage"), N("fix"), N("deploy")), S),
            ast.PauseItem(ast.InCond(status, (L("pending_customer"), L("on_hold")), False, S), S),
            ast.EscalateItem(
                N("resolution"),
                (ast.Step(P("50"), None, None, (ast.Action("notify", "assignee", False, S),), S),),
                None,
                S,
            ),
            ast.EscalateItem(N("first_response"), None, N("standard_chain"), S),
        ),
        S,
    )


def test_via_may_come_before_goal():
    item = one("sla s { resolution within 4h via a -> b goal 90% }").items[0]
    assert item == ast.MetricItem(N("resolution"), D((4, "h")), P("90"), (N("a"), N("b")), S)


def test_empty_sla_and_unknown_metric_names_parse():
    assert one("sla s {}") == ast.SlaDecl(N("s"), None, (), S)
    # the compiler, not the parser, knows the metric names
    assert one("sla s { resolutoin within 1h }").items[0].metric == N("resolutoin")


def test_empty_escalate_block_parses():
    assert one("sla s { escalate resolution { } }").items[0] == ast.EscalateItem(N("resolution"), (), None, S)


# --- files ---------------------------------------------------------------------------------


def test_empty_and_comment_only_files():
    assert parse_ok("").declarations == ()
    file = parse_ok("# just a comment\n\n   # another\n")
    assert file.declarations == ()
    assert [c.text for c in file.comments] == ["# just a comment", "# another"]


def test_comments_everywhere_are_collected_in_order():
    text = "sla s { # after brace\n  when true # after condition\n} # after decl\n# last"
    file = parse_ok(text)
    assert [c.text for c in file.comments] == ["# after brace", "# after condition", "# after decl", "# last"]


def test_crlf_tabs_and_byte_order_mark():
    file = parse_ok('\ufeffpolicy "p"\r\n\tola o by t within 1h\r\n# c\r\n')
    assert len(file.declarations) == 2
    assert [c.text for c in file.comments] == ["# c"]


@pytest.mark.parametrize("name", ["acme.sla", "calendars.sla"])
def test_example_policies_parse(name):
    text = (EXAMPLES / name).read_text()
    file = parse_ok(text, name)
    kinds = [type(d).__name__ for d in file.declarations]
    if name == "acme.sla":
        assert kinds.count("SlaDecl") == 4 and kinds[:3] == ["PolicyHeader", "ResolvedDecl", "Import"]
    else:
        assert kinds == ["CalendarDecl"] * 3
    assert file.path == name
    assert len(file.comments) == 1
