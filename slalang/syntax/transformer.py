"""Parse-tree callbacks that build the AST while the LALR parser reduces.

The transformer is handed to Lark as ``transformer=``, so no parse tree is ever built:
each rule's callback receives its children (Lark tokens and AST nodes already built) and
returns an AST node. Every terminal of the grammar is named, so every token is kept and a
node's span runs from its first child to its last.

Per-parse state (the file name, diagnostics found while building, comments, condition
depths) lives in a ``ParseState`` held by a context variable, so one Lark instance can be
shared by every thread.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from lark import Token

from .. import ast
from ..diagnostics import Diagnostic
from ..limits import MAX_DECLARATION_TOKENS, MAX_NESTING, MAX_TOKENS, limit
from ..source import Span
from .values import (
    report,
    string_value,
    to_duration,
    to_int,
    to_literal,
    to_name,
    to_percent,
    to_str,
    to_time,
    token_span,
)

MAX_CONDITION_DEPTH = MAX_NESTING.default
"""Deepest condition nesting accepted by default; deeper trees would overflow the recursive
stages. ``SLALANG_MAX_NESTING`` raises it (slalang/limits.py)."""

@dataclass
class ParseState:
    """What one parse collects besides the AST."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    comments: list[ast.Comment] = field(default_factory=list)
    # id(condition node) -> nesting depth, and -> span including enclosing parentheses
    depths: dict[int, int] = field(default_factory=dict)
    outer_spans: dict[int, Span] = field(default_factory=dict)
    depth_reported: bool = False
    tokens: int = 0  # read so far in this file, against the bounds of slalang/limits.py
    max_depth: int = field(default_factory=lambda: nesting_limit())

    def token_bounds(self) -> tuple[int, int]:
        """(tokens per file, tokens per declaration) in force."""
        return limit(MAX_TOKENS), limit(MAX_DECLARATION_TOKENS)


def nesting_limit() -> int:
    """The deepest condition nesting accepted (``MAX_CONDITION_DEPTH`` unless raised)."""
    return limit(MAX_NESTING)


@dataclass(frozen=True)
class LiteralList:
    """``[a, b]`` while parsing; the nodes that hold it keep only the values."""

    values: tuple[ast.Literal, ...]
    span: Span


@dataclass(frozen=True)
class ClockBlock:
    """``{ items }`` after a metric or measure line while parsing; the line keeps the items."""

    items: tuple
    span: Span


CURRENT: ContextVar[ParseState] = ContextVar("slalang_parse_state")


# --- spans --------------------------------------------------------------------------------


def _span(children: list, state: ParseState) -> Span:
    """From the start of the first child to the end of the last (this runs once per node)."""
    first, last = children[0], children[-1]
    if isinstance(first, Token):
        line, column = first.line, first.column
    else:
        start = _node_span(first, state)
        line, column = start.line, start.column
    if isinstance(last, Token):
        end_line, end_column = last.end_line, last.end_column
    else:
        end = _node_span(last, state)
        end_line, end_column = end.end_line, end.end_column
    return Span(state.path, line, column, end_line, end_column)  # type: ignore[arg-type]  # the lexer sets every position


def _node_span(item: Any, state: ParseState) -> Span:
    if type(item) is tuple:  # a ("goal" | "via", value, span) clause
        return item[2]
    if state.outer_spans:  # a condition written in parentheses spans them
        outer = state.outer_spans.get(id(item))
        if outer is not None:
            return outer
    return item.span


def _tokens(children: list, kind: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type == kind]


def _first(children: list, kind: str) -> Token | None:
    for c in children:
        if isinstance(c, Token) and c.type == kind:
            return c
    return None


def _nodes(children: list, cls: type) -> list:
    return [c for c in children if isinstance(c, cls)]


def _clock_line_parts(children: list) -> tuple[ast.Percent | None, tuple[ast.Name, ...], tuple | None]:
    """The goal, the via chain and the block items (None: no block) of a metric or measure line."""
    goal = next((x[1] for x in children if isinstance(x, tuple) and x[0] == "goal"), None)
    via = next((x[1] for x in children if isinstance(x, tuple) and x[0] == "via"), ())
    block = next((x.items for x in children if isinstance(x, ClockBlock)), None)
    return goal, via, block


def _title(children: list, state: ParseState) -> ast.Str | None:
    token = _first(children, "STRING")
    return to_str(token, state) if token is not None else None


# --- the callbacks ------------------------------------------------------------------------


class AstBuilder:
    """Lark calls one method per grammar rule with the rule's children."""

    # -- file

    def start(self, children: list) -> list:
        return children

    # -- header

    def policy_header(self, c: list) -> ast.PolicyHeader:
        s = CURRENT.get()
        strings = _tokens(c, "STRING")
        version = to_str(strings[1], s) if len(strings) > 1 else None
        return ast.PolicyHeader(to_str(strings[0], s), version, _span(c, s))

    def resolved_decl(self, c: list) -> ast.ResolvedDecl:
        s = CURRENT.get()
        return ast.ResolvedDecl(c[-1].values, _span(c, s))

    def import_decl(self, c: list) -> ast.Import:
        s = CURRENT.get()
        return ast.Import(to_str(c[1], s), _span(c, s))

    def priorities_decl(self, c: list) -> ast.PrioritiesDecl:
        s = CURRENT.get()
        return ast.PrioritiesDecl(tuple(to_name(t, s) for t in _tokens(c, "NAME")), _span(c, s))

    def segment_decl(self, c: list) -> ast.SegmentDecl:
        s = CURRENT.get()
        return ast.SegmentDecl(to_name(c[1], s), c[3], _span(c, s))

    # -- calendars

    def calendar_decl(self, c: list) -> ast.CalendarDecl:
        s = CURRENT.get()
        items = tuple(x for x in c if not isinstance(x, Token))
        return ast.CalendarDecl(to_name(c[1], s), _title(c, s), items, _span(c, s))

    def timezone_item(self, c: list) -> ast.TimezoneItem:
        s = CURRENT.get()
        return ast.TimezoneItem(to_str(c[1], s), _span(c, s))

    def hours_item(self, c: list) -> ast.HoursItem:
        s = CURRENT.get()
        return ast.HoursItem(tuple(_nodes(c, ast.DayRange)), tuple(_nodes(c, ast.TimeRange)), _span(c, s))

    def holidays_item(self, c: list) -> ast.HolidaysItem:
        s = CURRENT.get()
        return ast.HolidaysItem(to_str(c[1], s), _span(c, s))

    def _date_item(self, kind: str, c: list) -> ast.DateItem:
        s = CURRENT.get()
        token: Token = c[1]
        year, month, day = (int(p) for p in str(token).split("-"))
        date = ast.Date(year, month, day, token_span(token, s.path))
        return ast.DateItem(kind, date, tuple(_nodes(c, ast.TimeRange)), _span(c, s))

    def closed_item(self, c: list) -> ast.DateItem:
        return self._date_item("closed", c)

    def open_item(self, c: list) -> ast.DateItem:
        return self._date_item("open", c)

    def day_range(self, c: list) -> ast.DayRange:
        s = CURRENT.get()
        days = _tokens(c, "DAY")
        last = to_name(days[1], s) if len(days) > 1 else None
        return ast.DayRange(to_name(days[0], s), last, _span(c, s))

    def time_range(self, c: list) -> ast.TimeRange:
        s = CURRENT.get()
        return ast.TimeRange(to_time(c[0], s), to_time(c[2], s), _span(c, s))

    # -- teams and OLAs

    def team_decl(self, c: list) -> ast.TeamDecl:
        s = CURRENT.get()
        items = tuple(_nodes(c, ast.TeamItem))
        return ast.TeamDecl(to_name(c[1], s), items, _span(c, s))

    def team_calendar(self, c: list) -> ast.TeamItem:
        s = CURRENT.get()
        return ast.TeamItem("calendar", to_name(c[1], s), _span(c, s))

    def team_agents(self, c: list) -> ast.TeamItem:
        s = CURRENT.get()
        token: Token = c[1]
        text = str(token)
        if "." in text:
            report(
                s,
                f"`agents {text}`: the head-count is a whole number",
                token_span(token, s.path),
                "write e.g. `agents 6`",
            )
            value = 0
        else:
            value = to_int(text, token, s)
        return ast.TeamItem("agents", value, _span(c, s))

    def team_lead(self, c: list) -> ast.TeamItem:
        s = CURRENT.get()
        return ast.TeamItem("lead", to_str(c[1], s), _span(c, s))

    def ola_decl(self, c: list) -> ast.OlaDecl:
        s = CURRENT.get()
        names = _tokens(c, "NAME")
        on = to_name(names[2], s) if len(names) > 2 else None
        duration = to_duration(_first(c, "DURATION"), s)  # type: ignore[arg-type]  # the grammar requires the DURATION
        return ast.OlaDecl(to_name(names[0], s), to_name(names[1], s), duration, on, _span(c, s))

    # -- escalation

    def chain_decl(self, c: list) -> ast.ChainDecl:
        s = CURRENT.get()
        return ast.ChainDecl(to_name(c[1], s), tuple(_nodes(c, ast.Step)), _span(c, s))

    def step(self, c: list) -> ast.Step:
        s = CURRENT.get()
        sign_token = _first(c, "PLUS") or _first(c, "MINUS")
        duration_token = _first(c, "DURATION")
        offset = to_duration(duration_token, s) if duration_token is not None else None
        return ast.Step(
            to_percent(c[1], s),
            str(sign_token) if sign_token is not None else None,
            offset,
            tuple(_nodes(c, ast.Action)),
            _span(c, s),
        )

    def notify_assignee(self, c: list) -> ast.Action:
        return ast.Action("notify", "assignee", False, _span(c, CURRENT.get()))

    def notify_team_lead(self, c: list) -> ast.Action:
        return ast.Action("notify", "team.lead", False, _span(c, CURRENT.get()))

    def notify_address(self, c: list) -> ast.Action:
        s = CURRENT.get()
        return ast.Action("notify", string_value(c[1], s), True, _span(c, s))

    def reassign(self, c: list) -> ast.Action:
        s = CURRENT.get()
        return ast.Action("reassign", string_value(c[1], s), True, _span(c, s))

    def set_priority(self, c: list) -> ast.Action:
        s = CURRENT.get()
        return ast.Action("set_priority", str(c[2]), False, _span(c, s))

    # -- SLAs

    def sla_decl(self, c: list) -> ast.SlaDecl:
        s = CURRENT.get()
        items = tuple(x for x in c if not isinstance(x, Token))
        return ast.SlaDecl(to_name(c[1], s), _title(c, s), items, _span(c, s))

    def when_item(self, c: list) -> ast.WhenItem:
        return ast.WhenItem(c[1], _span(c, CURRENT.get()))

    def clock_calendar(self, c: list) -> ast.ClockCalendarItem:
        return ast.ClockCalendarItem(c[1], _span(c, CURRENT.get()))

    def calendar_ref(self, c: list) -> ast.CalendarRef:
        s = CURRENT.get()
        zone: ast.Path | ast.Str | ast.Name | None = None
        if len(c) > 1:
            target = c[2]
            if isinstance(target, ast.Path):
                zone = target
            elif target.type == "STRING":
                zone = to_str(target, s)
            else:
                zone = to_name(target, s)
        return ast.CalendarRef(to_name(c[0], s), zone, _span(c, s))

    def calendar_by(self, c: list) -> ast.CalendarBy:
        s = CURRENT.get()
        return ast.CalendarBy(c[1], tuple(_nodes(c, ast.CalendarArm)), _span(c, s))

    def calendar_arm(self, c: list) -> ast.CalendarArm:
        s = CURRENT.get()
        value = None if c[0].type == "ELSE" else to_literal(c[0], s)
        return ast.CalendarArm(value, c[1], _span(c, s))

    def metric_item(self, c: list) -> ast.MetricItem:
        s = CURRENT.get()
        goal, via, block = _clock_line_parts(c)
        return ast.MetricItem(to_name(c[0], s), to_duration(c[2], s), goal, via, _span(c, s), block)

    def measure_item(self, c: list) -> ast.MeasureItem:
        s = CURRENT.get()
        goal, via, block = _clock_line_parts(c)
        return ast.MeasureItem(
            to_name(c[1], s), _title(c, s), to_duration(_first(c, "DURATION"), s), goal, via, block, _span(c, s)  # type: ignore[arg-type]  # the grammar requires the DURATION
        )

    def clock_block(self, c: list) -> ClockBlock:
        s = CURRENT.get()
        return ClockBlock(tuple(x for x in c if not isinstance(x, Token)), _span(c, s))

    def trigger_item(self, c: list) -> ast.TriggerItem:
        s = CURRENT.get()
        kind = str(c[0])
        if c[1].type == "ON":
            return ast.TriggerItem(kind, to_name(c[2], s), None, _span(c, s))
        return ast.TriggerItem(kind, None, c[2], _span(c, s))

    def cycles_item(self, c: list) -> ast.CyclesItem:
        return ast.CyclesItem(_span(c, CURRENT.get()))

    def goal_clause(self, c: list) -> tuple:
        s = CURRENT.get()
        return ("goal", to_percent(c[1], s), _span(c, s))

    def via_clause(self, c: list) -> tuple:
        s = CURRENT.get()
        return ("via", tuple(to_name(t, s) for t in _tokens(c, "NAME")), _span(c, s))

    def pause_item(self, c: list) -> ast.PauseItem:
        condition = None if c[1].type == "NEVER" else c[2]
        return ast.PauseItem(condition, _span(c, CURRENT.get()))

    def escalate_steps(self, c: list) -> ast.EscalateItem:
        s = CURRENT.get()
        return ast.EscalateItem(to_name(c[1], s), tuple(_nodes(c, ast.Step)), None, _span(c, s))

    def escalate_chain(self, c: list) -> ast.EscalateItem:
        s = CURRENT.get()
        return ast.EscalateItem(to_name(c[1], s), None, to_name(c[3], s), _span(c, s))

    # -- service credits and availability

    def credit_decl(self, c: list) -> ast.CreditDecl:
        s = CURRENT.get()
        items = tuple(x for x in c if not isinstance(x, Token))
        return ast.CreditDecl(to_name(c[1], s), _title(c, s), items, _span(c, s))

    def availability_decl(self, c: list) -> ast.AvailabilityDecl:
        s = CURRENT.get()
        items = tuple(x for x in c if not isinstance(x, Token))
        return ast.AvailabilityDecl(to_name(c[1], s), _title(c, s), items, _span(c, s))

    def name_list_item(self, c: list) -> ast.NameListItem:
        s = CURRENT.get()
        return ast.NameListItem(str(c[0]), tuple(to_name(t, s) for t in _tokens(c, "NAME")), _span(c, s))

    def per_item(self, c: list) -> ast.PerItem:
        s = CURRENT.get()
        target = c[1]
        return ast.PerItem(target if isinstance(target, ast.Path) else to_name(target, s), _span(c, s))

    def period_item(self, c: list) -> ast.PeriodItem:
        s = CURRENT.get()
        zone: ast.Path | ast.Str | ast.Name | None = None
        if len(c) > 2:
            target = c[3]
            if isinstance(target, ast.Path):
                zone = target
            elif target.type == "STRING":
                zone = to_str(target, s)
            else:
                zone = to_name(target, s)
        return ast.PeriodItem(to_name(c[1], s), zone, _span(c, s))

    def below_item(self, c: list) -> ast.BelowItem:
        s = CURRENT.get()
        return ast.BelowItem(to_percent(c[1], s), to_percent(c[3], s), _span(c, s))

    def cap_item(self, c: list) -> ast.PercentItem:
        s = CURRENT.get()
        return ast.PercentItem("cap", to_percent(c[1], s), _span(c, s))

    def objective_item(self, c: list) -> ast.PercentItem:
        s = CURRENT.get()
        return ast.PercentItem("objective", to_percent(c[1], s), _span(c, s))

    def minimum_item(self, c: list) -> ast.MinimumItem:
        s = CURRENT.get()
        return ast.MinimumItem(to_literal(c[1], s), _span(c, s))

    # -- conditions

    def _composite(self, node: Any, children: list, s: ParseState) -> Any:
        depth = 1 + max((s.depths.get(id(x), 1) for x in children), default=0)
        s.depths[id(node)] = depth
        if depth > s.max_depth and not s.depth_reported:
            s.depth_reported = True  # once per file: every enclosing level is deeper still
            start = node.span
            report(
                s,
                f"this condition nests more than {s.max_depth} levels deep",
                Span(s.path, start.line, start.column, start.line, start.column + 1),
                "split it into named segments and refer to them with `segment NAME`",
            )
        return node

    def or_cond(self, c: list) -> ast.OrCond:
        s = CURRENT.get()
        items = tuple(x for x in c if not isinstance(x, Token))
        return self._composite(ast.OrCond(items, _span(c, s)), list(items), s)

    def and_cond(self, c: list) -> ast.AndCond:
        s = CURRENT.get()
        items = tuple(x for x in c if not isinstance(x, Token))
        return self._composite(ast.AndCond(items, _span(c, s)), list(items), s)

    def negation(self, c: list) -> ast.NotCond:
        s = CURRENT.get()
        return self._composite(ast.NotCond(c[1], _span(c, s)), [c[1]], s)

    def paren_cond(self, c: list) -> Any:
        s = CURRENT.get()
        inner = c[1]
        s.outer_spans[id(inner)] = _span(c, s)
        return inner

    def bool_cond(self, c: list) -> ast.BoolCond:
        s = CURRENT.get()
        return ast.BoolCond(c[0].type == "TRUE", _span(c, s))

    def segment_cond(self, c: list) -> ast.SegmentCond:
        s = CURRENT.get()
        return ast.SegmentCond(to_name(c[1], s), _span(c, s))

    def priority_bare(self, c: list) -> ast.PriorityCond:
        s = CURRENT.get()
        return ast.PriorityCond("==", to_name(c[1], s), True, _span(c, s))

    def priority_cmp(self, c: list) -> ast.PriorityCond:
        s = CURRENT.get()
        return ast.PriorityCond(str(c[1]), to_name(c[2], s), False, _span(c, s))

    def compare_cond(self, c: list) -> ast.CompareCond:
        s = CURRENT.get()
        return ast.CompareCond(c[0], str(c[1]), to_literal(c[2], s), _span(c, s))

    def in_cond(self, c: list) -> ast.InCond:
        s = CURRENT.get()
        return ast.InCond(c[0], c[-1].values, False, _span(c, s))

    def not_in_cond(self, c: list) -> ast.InCond:
        s = CURRENT.get()
        return ast.InCond(c[0], c[-1].values, True, _span(c, s))

    def contains_cond(self, c: list) -> ast.ContainsCond:
        s = CURRENT.get()
        return ast.ContainsCond(c[0], to_literal(c[2], s), _span(c, s))

    def path(self, c: list) -> ast.Path:
        s = CURRENT.get()
        if len(c) == 1:
            return ast.Path(("ticket", "status"), "status", _span(c, s))
        parts = tuple(str(t) for t in c if t.type != "DOT")
        return ast.Path(parts, ".".join(parts), _span(c, s))

    def literal_list(self, c: list) -> LiteralList:
        s = CURRENT.get()
        values = tuple(to_literal(t, s) for t in c if t.type not in ("LSQB", "RSQB", "COMMA"))
        return LiteralList(values, _span(c, s))
