"""The name index, in process: every kind of name, and constructs it was not written for."""

from __future__ import annotations

from dataclasses import dataclass, field

from slalang import ast
from slalang.lsp.completion import Cursor, complete
from slalang.lsp.hover import HoverContext, describe, open_minutes_a_week
from slalang.lsp.outline import document_symbols
from slalang.lsp.positions import UTF8, UTF16, UTF32, LineIndex
from slalang.lsp.symbols import Definition, Reference, SymbolIndex
from slalang.model import Calendar, WeeklyRange
from slalang.source import Span
from slalang.syntax import parse_partial

from .conftest import CALENDARS, MAIN


def _index(*texts: str) -> SymbolIndex:
    return SymbolIndex([parse_partial(text, f"f{i}.sla")[0] for i, text in enumerate(texts)])


def test_every_use_resolves_to_its_declaration():
    index = _index(MAIN, CALENDARS)
    unresolved = [(r.name, r.span.line) for r in index.references
                  if not index.resolve(r) and not index.is_builtin(r)]
    assert unresolved == []
    kinds = {(r.kind, r.name) for r in index.references}
    assert {("calendar", "office"), ("team", "tier1"), ("OLA", "fix"), ("escalation chain", "chain1"),
            ("segment", "enterprise"), ("priority", "urgent")} <= kinds


# Constructs the language may grow (the index must not need to know them).
@dataclass(frozen=True)
class MeasureItem:
    name: ast.Name
    via: tuple[ast.Name, ...]
    span: Span = field(compare=False)


@dataclass(frozen=True)
class ZonedCalendar:
    name: ast.Name
    zone_path: ast.Path | None
    span: Span = field(compare=False)


@dataclass(frozen=True)
class CreditDecl:
    name: ast.Name
    slas: tuple[ast.Name, ...]
    metrics: tuple[ast.Name, ...]
    span: Span = field(compare=False)


def _name(text: str, line: int, column: int = 5) -> ast.Name:
    return ast.Name(text, Span("new.sla", line, column, line, column + len(text)))


def test_new_constructs_are_indexed_by_their_shape():
    base = parse_partial(MAIN, "main.sla")[0]
    gold = next(d for d in base.declarations if isinstance(d, ast.SlaDecl) and d.name.text == "gold")
    span = Span("new.sla", 1, 1, 9, 2)
    measure = MeasureItem(_name("agent_work", 2), (_name("triage", 3), _name("fix", 4)), span)
    zoned = ZonedCalendar(_name("office", 5), None, span)
    escalate = ast.EscalateItem(_name("agent_work", 6), None, _name("chain1", 6, 30), span)
    new_sla = ast.SlaDecl(_name("platinum", 1), None, (measure, zoned, escalate), span)
    credit = CreditDecl(_name("terms", 7), (_name("gold", 8), _name("platinum", 8, 20)), (_name("resolution", 9),), span)
    extra = ast.File("new.sla", (new_sla, credit), (), span)
    index = SymbolIndex([base, parse_partial(CALENDARS, "calendars.sla")[0], extra])

    def target(name: str, line: int) -> list[tuple[str, str, str]]:
        found = index.at("new.sla", line, 6 if name != "platinum" or line != 8 else 21)
        return [(d.kind, d.name, d.span.file) for d in index.target(found)]

    assert target("agent_work", 2) == [("measure", "agent_work", "new.sla")]  # a named block declares
    assert target("triage", 3) == [("OLA", "triage", "main.sla")]  # found by its text
    assert target("office", 5) == [("calendar", "office", "calendars.sla")]  # `calendar` in the class name
    assert target("agent_work", 6) == [("measure", "agent_work", "new.sla")]  # escalate a measure
    assert target("terms", 7) == [("credit", "terms", "new.sla")]
    assert target("gold", 8) == [("SLA", "gold", "main.sla")]  # `slas` field
    assert target("platinum", 8) == [("SLA", "platinum", "new.sla")]
    assert index.at("new.sla", 9, 6) is not None and target("resolution", 9) == []  # a metric of another SLA
    assert [d.name for d in index.children(index.lookup("SLA", "platinum"))] == ["agent_work"]
    assert gold in [d.node for d in index.definitions]
    assert "terms" in describe(index.lookup("credit", "terms"), HoverContext(index, {}))


def test_a_duplicate_resolves_to_the_first_declaration_in_policy_set_order():
    index = _index("segment a when status == \"x\"\n", "segment a when status == \"y\"\nsla s { when segment a }\n")
    [use] = [r for r in index.references if r.name == "a"]
    [first] = index.resolve(use)
    assert first.span.file == "f0.sla"
    second = [d for d in index.definitions if d.name == "a"][1]
    assert index.first_of(second) is first


def test_every_prefix_of_a_policy_gives_an_index_an_outline_and_completions():
    text = MAIN + CALENDARS
    for end in range(len(text) + 1):
        prefix = text[:end]
        tree, _ = parse_partial(prefix, "p.sla")
        index = SymbolIndex([tree])
        lines = LineIndex(prefix)
        document_symbols(index, "p.sla", lines)
        complete(Cursor(prefix, end, "p.sla", lines), index)
        for d in index.definitions:
            assert isinstance(d, Definition)
            describe(d, HoverContext(index, {"p.sla": prefix}))
        assert all(isinstance(r, Reference) for r in index.references)


def test_positions_in_each_encoding():
    text = 'a "é🎉" b\r\nsecond'
    for encoding, column in ((UTF16, 7), (UTF32, 6), (UTF8, 10)):
        lines = LineIndex(text, encoding)
        position = lines.position(1, 8)  # the `b`, 1-based character column 8
        assert (position.line, position.character) == (0, column + 1)
        assert lines.line_column(position) == (1, 8)
        assert lines.offset(position) == text.index("b")
    lines = LineIndex(text)
    assert lines.line(0) == 'a "é🎉" b'  # the \r is no column
    assert (lines.position(9, 1).line, lines.position(1, 99).character) == (1, 9)  # clamped
    assert (lines.end().line, lines.end().character) == (1, 6)


def test_weekly_open_time_counts_overlaps_once_and_wraps_sunday_night():
    calendar = Calendar("c", None, "UTC", (
        WeeklyRange(0, 9 * 60, 17 * 60),
        WeeklyRange(0, 12 * 60, 18 * 60),  # overlaps Monday's first range by 5h
        WeeklyRange(6, 22 * 60, 30 * 60),  # Sunday 22:00 to Monday 06:00
    ))
    assert open_minutes_a_week(calendar) == (9 + 8) * 60


def test_the_second_wave_as_parsed_is_indexed() -> None:
    # The real syntax of measures, calendar choices and credits (the test above uses stand-ins).
    text = """calendar office { timezone "UTC" }
calendar office_us { timezone "UTC" }
segment eng when ticket.group == "engineering"
team t { calendar office }
ola fix by t within 1h
sla gold {
    calendar by customer.region { "emea" office else office_us in customer.timezone }
    resolution within 1h { calendar always }
    measure agent_work within 2h via fix { start when segment eng stop on resolved }
    escalate agent_work { at 100% notify assignee }
}
credit terms { slas gold metrics agent_work per customer.id period month below 90% credit 5% }
availability api { calendar office objective 99% period month }
"""
    index = _index(text)
    unresolved = [(r.name, r.span.line) for r in index.references if not index.resolve(r) and not index.is_builtin(r)]
    assert unresolved == [("agent_work", 12)]  # a credit's metric belongs to another declaration: not followed
    resolved = {(r.name, r.span.line): [(d.kind, d.name) for d in index.resolve(r)] for r in index.references}
    assert resolved[("office", 7)] == [("calendar", "office")]
    assert resolved[("office_us", 7)] == [("calendar", "office_us")]
    assert resolved[("fix", 9)] == [("OLA", "fix")]
    assert resolved[("eng", 9)] == [("segment", "eng")]
    assert resolved[("agent_work", 10)] == [("measure", "agent_work")]
    assert resolved[("gold", 12)] == [("SLA", "gold")]
    assert resolved[("office", 13)] == [("calendar", "office")]
    names = {r.name for r in index.references}
    assert {"resolved", "month"}.isdisjoint(names)  # an event and a period unit are words, not names
