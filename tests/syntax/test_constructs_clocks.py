"""The second wave of the language parses to the expected AST: rules per metric, measures,
calendars chosen from the ticket, credits and availability (spans are not compared here;
``test_spans`` and the last tests below look at them). Keywords added for these constructs
still read as names wherever only a name can stand, as they did before they were keywords."""

from __future__ import annotations

import pytest

from slalang import ast

from .helpers import parse_errors, parse_ok, underlined, walk
from .test_constructs import D, L, N, P, Q, S, one, path

ZONE_PATH = path("customer", "timezone")


def ref(name: str, zone=None) -> ast.CalendarRef:
    return ast.CalendarRef(N(name), zone, S)


def cal(choice) -> ast.ClockCalendarItem:
    return ast.ClockCalendarItem(choice, S)


def items(text: str) -> tuple:
    return one(f"sla s {{ {text} }}").items


# --- pause never, metric blocks -------------------------------------------------------------


def test_pause_never_at_sla_level_and_pause_when():
    assert items("pause never") == (ast.PauseItem(None, S),)
    assert items('pause when status == "x"')[0].condition == ast.CompareCond(
        path("ticket", "status", text="status"), "==", L("x"), S
    )


def test_a_metric_line_may_end_with_a_block_of_its_own_rules():
    (item,) = items('resolution within 24h goal 90% { calendar always  pause when status == "on_hold" }')
    assert item == ast.MetricItem(
        N("resolution"),
        D((24, "h")),
        P("90"),
        (),
        S,
        (cal(ref("always")), ast.PauseItem(ast.CompareCond(path("ticket", "status", text="status"), "==", L("on_hold"), S), S)),
    )
    (bare,) = items("next_response within 4h { pause never }")
    assert bare.block == (ast.PauseItem(None, S),)
    assert items("first_response within 1h {}")[0].block == ()
    assert items("first_response within 1h")[0].block is None


def test_a_block_follows_goal_and_via_in_either_order():
    first = items("resolution within 4h via a -> b goal 90% { pause never }")[0]
    second = items("resolution within 4h goal 90% via a -> b { pause never }")[0]
    assert first == second
    assert (first.goal, first.via, first.block) == (P("90"), (N("a"), N("b")), (ast.PauseItem(None, S),))


# --- measures ---------------------------------------------------------------------------------


def test_a_measure_with_every_item():
    (item,) = items(
        """measure agent_work "Agent work time" within 8h goal 90% via triage {
            start on created
            start when ticket.group == "engineering"
            stop on resolved
            resume on reopened
            pause when status in ["pending_customer"]
            calendar office
            cycles
        }"""
    )
    group = path("ticket", "group")
    assert item == ast.MeasureItem(
        N("agent_work"),
        Q("Agent work time"),
        D((8, "h")),
        P("90"),
        (N("triage"),),
        (
            ast.TriggerItem("start", N("created"), None, S),
            ast.TriggerItem("start", None, ast.CompareCond(group, "==", L("engineering"), S), S),
            ast.TriggerItem("stop", N("resolved"), None, S),
            ast.TriggerItem("resume", N("reopened"), None, S),
            ast.PauseItem(ast.InCond(path("ticket", "status", text="status"), (L("pending_customer"),), False, S), S),
            cal(ref("office")),
            ast.CyclesItem(S),
        ),
        S,
    )


def test_a_measure_needs_no_title_no_goal_and_no_block():
    (item,) = items("measure quick within 1h")
    assert item == ast.MeasureItem(N("quick"), None, D((1, "h")), None, (), None, S)
    assert items("measure quick within 1h via a goal 50% { }")[0].block == ()


def test_a_trigger_condition_ends_where_the_next_item_starts():
    (item,) = items('measure m within 1h { start when ticket.group == "eng" and not status == "x" stop on resolved }')
    start, stop = item.block
    assert isinstance(start.condition, ast.AndCond) and stop.event == N("resolved")


def test_escalate_names_a_measure_like_a_metric():
    assert items("escalate agent_work with chain")[0] == ast.EscalateItem(N("agent_work"), None, N("chain"), S)


# --- calendar choices --------------------------------------------------------------------------


def test_a_calendar_read_in_a_zone_from_a_field_or_a_fixed_zone():
    assert items("calendar office in customer.timezone")[0] == cal(ref("office", ZONE_PATH))
    assert items('calendar office in "Asia/Tokyo"')[0] == cal(ref("office", Q("Asia/Tokyo")))
    # a bare name after `in` parses, so that the compiler can explain what `in` takes
    assert items("calendar office in timezone")[0] == cal(ref("office", N("timezone")))


def test_calendar_by_a_field_with_arms_and_else():
    (item,) = items(
        """calendar by customer.region {
            "emea" office
            1.5    office_us in "America/Chicago"
            true   always
            else   office in customer.timezone
        }"""
    )
    arms = (
        ast.CalendarArm(L("emea"), ref("office"), S),
        ast.CalendarArm(L(1.5), ref("office_us", Q("America/Chicago")), S),
        ast.CalendarArm(L(True), ref("always"), S),
        ast.CalendarArm(None, ref("office", ZONE_PATH), S),
    )
    assert item == cal(ast.CalendarBy(path("customer", "region"), arms, S))
    # the compiler, not the parser, reports a missing or misplaced `else`
    assert items("calendar by status { }")[0] == cal(ast.CalendarBy(path("ticket", "status", text="status"), (), S))


def test_a_metric_block_may_choose_its_calendar_by_a_field():
    (item,) = items('resolution within 1h { calendar by ticket.tier { "gold" always else office } }')
    (choice,) = item.block
    assert isinstance(choice.choice, ast.CalendarBy) and [a.value for a in choice.choice.arms] == [L("gold"), None]


# --- credits and availability -----------------------------------------------------------------


def test_credit_with_every_item():
    credit = one(
        """credit terms "Terms" {
            slas a, b
            metrics first_response, agent_work
            per customer.id
            period month in "Europe/Amsterdam"
            below 95% credit 5%
            below 90.5% credit 10%
            cap 25%
            minimum 5 runs
        }"""
    )
    assert credit == ast.CreditDecl(
        N("terms"),
        Q("Terms"),
        (
            ast.NameListItem("slas", (N("a"), N("b")), S),
            ast.NameListItem("metrics", (N("first_response"), N("agent_work")), S),
            ast.PerItem(path("customer", "id"), S),
            ast.PeriodItem(N("month"), Q("Europe/Amsterdam"), S),
            ast.BelowItem(P("95"), P("5"), S),
            ast.BelowItem(P("90.5"), P("10"), S),
            ast.PercentItem("cap", P("25"), S),
            ast.MinimumItem(L(5), S),
        ),
        S,
    )


def test_availability_with_every_item():
    availability = one(
        """availability public_api "Public API" {
            calendar always
            objective 99.9%
            period week
            below 99.9% credit 10%
        }"""
    )
    assert availability == ast.AvailabilityDecl(
        N("public_api"),
        Q("Public API"),
        (
            cal(ref("always")),
            ast.PercentItem("objective", P("99.9"), S),
            ast.PeriodItem(N("week"), None, S),
            ast.BelowItem(P("99.9"), P("10"), S),
        ),
        S,
    )


def test_an_empty_credit_parses_and_the_compiler_says_what_is_missing():
    assert one("credit c {}") == ast.CreditDecl(N("c"), None, (), S)
    assert one("availability a {}") == ast.AvailabilityDecl(N("a"), None, (), S)


# --- new keywords do not take names away -------------------------------------------------------

NEW_KEYWORDS = [
    "measure", "start", "stop", "resume", "cycles", "never", "else", "credit", "availability", "slas",
    "metrics", "per", "period", "below", "cap", "minimum", "runs", "objective", "by",
]


@pytest.mark.parametrize("word", NEW_KEYWORDS)
def test_a_new_keyword_is_still_a_name_where_only_a_name_can_stand(word: str):
    text = f"""segment {word} when segment {word}
calendar {word} {{ timezone "UTC" }}
team {word} {{ calendar {word} agents 2 }}
ola {word} by {word} within 1h on {word}
escalation {word} {{ at 100% set priority {word} }}
sla {word} {{
    calendar {word}
    resolution within 1h via {word} -> {word}
    escalate resolution with {word}
    measure {word} within 1h {{ calendar {word} start on {word} }}
    escalate {word} with {word}
}}
credit {word} {{ slas {word}, {word} metrics {word} period {word} }}
availability {word} {{ calendar {word} period {word} }}
"""
    file = parse_ok(text)
    names = [n.text for n in walk(file.declarations) if isinstance(n, ast.Name)]
    assert names.count(word) == 27  # every place above where a name stands


def test_calendar_by_names_a_calendar_called_by_unless_a_field_follows():
    assert items("calendar by resolution within 1h")[0] == cal(ref("by"))
    assert items("calendar by in customer.timezone")[0] == cal(ref("by", ZONE_PATH))
    assert isinstance(items("calendar by ticket.tz { else by }")[0].choice, ast.CalendarBy)


def test_calendar_by_a_bare_name_is_explained():
    (d,) = parse_errors('sla s { calendar by region { "x" office else always } }')
    assert "`calendar by` chooses by a field" in d.help and "customer.region" in d.help


def test_a_metric_block_item_that_does_not_exist_is_a_syntax_error_listing_the_items():
    (d,) = parse_errors("sla s { resolution within 1h { bogus } }")
    assert d.message.startswith("unexpected `bogus`: expected a trigger (`start`, `stop` or `resume`")
    (d,) = parse_errors("sla s { measure m within 1h { start } }")
    assert d.message == "unexpected `}`: expected `on` or `when`"


# --- spans --------------------------------------------------------------------------------------

TEXT = """sla s {
    calendar by customer.region {
        "emea" office
        else   office in customer.timezone
    }
    resolution within 16h goal 95% {
        pause never
    }
    measure m "M" within 8h { start when ticket.group == "eng" }
}
credit c { slas s  below 95% credit 5%  minimum 5 runs  period month in "UTC" }
"""


def test_spans_of_the_new_nodes():
    file = parse_ok(TEXT)
    nodes = list(walk(file.declarations))

    def texts(cls: type) -> list[str]:
        found = sorted((n for n in nodes if isinstance(n, cls)), key=lambda n: (n.span.line, n.span.column))
        return [underlined(TEXT, n.span) for n in found]

    assert texts(ast.CalendarArm) == ['"emea" office', "else   office in customer.timezone"]
    assert texts(ast.CalendarRef) == ["office", "office in customer.timezone"]
    assert texts(ast.CalendarBy)[0].startswith("by customer.region {") and texts(ast.CalendarBy)[0].endswith("}")
    assert texts(ast.MetricItem) == ["resolution within 16h goal 95% {\n        pause never\n    }"]
    assert texts(ast.MeasureItem) == ['measure m "M" within 8h { start when ticket.group == "eng" }']
    assert texts(ast.TriggerItem) == ['start when ticket.group == "eng"']
    assert texts(ast.PauseItem) == ["pause never"]
    assert texts(ast.BelowItem) == ["below 95% credit 5%"]
    assert texts(ast.MinimumItem) == ["minimum 5 runs"]
    assert texts(ast.PeriodItem) == ['period month in "UTC"']
