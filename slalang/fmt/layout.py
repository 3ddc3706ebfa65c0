"""The canonical layout of every declaration, as a tree of output lines.

Each output line remembers where its code was written (``start``/``end`` source positions)
so that comments can be put back next to it (see ``comments.py``). A line is split into
``cells`` that consecutive lines of the same ``align`` kind pad to one column:
``segment vip        when ...``, ``ola fix    by engineering within 4h``,
``next_response  within 1h``, ``team tier1       { calendar office  agents 6 }``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .. import ast
from ..source import Span
from .conditions import quote, render_condition, render_literal_list, render_str

Pos = tuple[int, int]  # (line, column), 1-based as in spans

INDENT = "    "
TEAM_ITEM_GAP = "  "  # between the items of a one-line team, as in language.md


@dataclass(frozen=True)
class Line:
    """One output line of code (comments are attached later)."""

    cells: tuple[str, ...]
    start: Pos  # first character of its code in the source
    end: Pos  # just after its last character
    align: str | None = None  # consecutive lines of one kind align their cells


@dataclass(frozen=True)
class Block:
    """``header {`` / children, one per line, indented / ``}``."""

    header: Line
    children: tuple[Node, ...]
    close: Line


Node = Line | Block


class SourceIndex:
    """Line/column arithmetic on the original text, for the braces the AST does not keep."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.blank_lines = frozenset(
            n + 1 for n, line in enumerate(text.split("\n")) if not line.strip(" \t\r\f\ufeff")
        )

    def offset(self, pos: Pos) -> int:
        line, column = pos
        return self.line_starts[line - 1] + column - 1

    def position(self, offset: int) -> Pos:
        line = bisect.bisect_right(self.line_starts, offset)
        return (line, offset - self.line_starts[line - 1] + 1)

    def next_token(self, after: Pos, char: str) -> Pos:
        """The position of ``char``, the next token at or after ``after`` (comments skipped)."""
        i = self.offset(after)
        text = self.text
        while i < len(text):
            ch = text[i]
            if ch == "#":
                while i < len(text) and text[i] != "\n":
                    i += 1
                continue
            if ch.isspace() or ch == "\ufeff":
                i += 1
                continue
            if ch == char:
                return self.position(i)
            break
        raise ValueError(f"expected {char!r} at offset {i}")

    def closing_brace(self, span: Span) -> Pos:
        """The position of the ``}`` that ends a node."""
        i = self.offset((span.end_line, span.end_column)) - 1
        while i > 0 and self.text[i] != "}" and (self.text[i].isspace()):
            i -= 1
        if self.text[i] != "}":
            raise ValueError(f"expected '}}' before {span.end_line}:{span.end_column}")
        return self.position(i)

    def has_blank_between(self, first_line: int, last_line: int) -> bool:
        """Whether a blank source line lies strictly between the two lines."""
        return any(n in self.blank_lines for n in range(first_line + 1, last_line))


def start_of(span: Span) -> Pos:
    return (span.line, span.column)


def end_of(span: Span) -> Pos:
    return (span.end_line, span.end_column)


def _after(pos: Pos) -> Pos:
    return (pos[0], pos[1] + 1)


class LayoutBuilder:
    """Turns a parsed file into output nodes, one per top-level declaration."""

    def __init__(self, source: SourceIndex, comment_positions: list[Pos]) -> None:
        self.source = source
        self.comment_positions = comment_positions  # sorted

    def build(self, file: ast.File) -> tuple[Node, ...]:
        return tuple(self.declaration(d) for d in file.declarations)

    # --- helpers ------------------------------------------------------------------------

    def _line(self, text: str, span: Span) -> Line:
        return Line((text,), start_of(span), end_of(span))

    def _aligned(self, cells: tuple[str, ...], span: Span, align: str) -> Line:
        return Line(cells, start_of(span), end_of(span), align)

    def _block(
        self,
        header_text: str | tuple[str, ...],
        span: Span,
        last_header_span: Span,
        children: tuple[Node, ...],
        align: str | None = None,
    ) -> Block:
        """``header {`` / children / ``}``; a header given as cells aligns with lines of ``align``."""
        brace = self.source.next_token(end_of(last_header_span), "{")
        close = self.source.closing_brace(span)
        cells = (header_text,) if isinstance(header_text, str) else header_text
        header = Line((*cells[:-1], cells[-1] + " {"), start_of(span), _after(brace), align)
        return Block(header, children, Line(("}",), close, _after(close)))

    def _has_comment_between(self, first: Pos, last: Pos) -> bool:
        i = bisect.bisect_right(self.comment_positions, first)
        return i < len(self.comment_positions) and self.comment_positions[i] < last

    # --- declarations -------------------------------------------------------------------

    def declaration(self, d: ast.Declaration) -> Node:
        if isinstance(d, ast.PolicyHeader):
            text = f"policy {render_str(d.name)}"
            if d.version is not None:
                text += f" version {render_str(d.version)}"
            return self._line(text, d.span)
        if isinstance(d, ast.ResolvedDecl):
            return self._line(f"resolved when status in {render_literal_list(d.values)}", d.span)
        if isinstance(d, ast.Import):
            return self._line(f"import {render_str(d.path)}", d.span)
        if isinstance(d, ast.PrioritiesDecl):
            return self._line("priorities " + " > ".join(n.text for n in d.names), d.span)
        if isinstance(d, ast.SegmentDecl):
            cells: tuple[str, ...] = (f"segment {d.name.text}", f"when {render_condition(d.when)}")
            return self._aligned(cells, d.span, "segment")
        if isinstance(d, ast.CalendarDecl):
            return self.calendar(d)
        if isinstance(d, ast.TeamDecl):
            return self.team(d)
        if isinstance(d, ast.OlaDecl):
            last = f"within {d.within.text}" + (f" on {d.on.text}" if d.on is not None else "")
            cells = (f"ola {d.name.text}", f"by {d.team.text}", last)
            return self._aligned(cells, d.span, "ola")
        if isinstance(d, ast.ChainDecl):
            steps = tuple(self._line(render_step(s), s.span) for s in d.steps)
            return self._block(f"escalation {d.name.text}", d.span, d.name.span, steps)
        if isinstance(d, ast.SlaDecl):
            return self.sla(d)
        if isinstance(d, (ast.CreditDecl, ast.AvailabilityDecl)):
            return self.credit(d)
        raise TypeError(f"not a declaration node: {d!r}")

    def calendar(self, d: ast.CalendarDecl) -> Block:
        header = f"calendar {d.name.text}" + (f" {render_str(d.title)}" if d.title is not None else "")
        items = tuple(self._line(render_calendar_item(i), i.span) for i in d.items)
        return self._block(header, d.span, d.title.span if d.title is not None else d.name.span, items)

    def team(self, d: ast.TeamDecl) -> Node:
        """One line (``team tier1 { calendar office  agents 6 }``) unless comments sit inside."""
        brace = self.source.next_token(end_of(d.name.span), "{")
        close = self.source.closing_brace(d.span)
        if self._has_comment_between(brace, close):
            items = tuple(self._line(render_team_item(i), i.span) for i in d.items)
            return self._block(f"team {d.name.text}", d.span, d.name.span, items)
        body = TEAM_ITEM_GAP.join(render_team_item(i) for i in d.items)
        cells = (f"team {d.name.text}", "{ " + body + " }" if body else "{}")
        return self._aligned(cells, d.span, "team")

    def sla(self, d: ast.SlaDecl) -> Block:
        header = f"sla {d.name.text}" + (f" {render_str(d.title)}" if d.title is not None else "")
        items = tuple(self.sla_item(i) for i in d.items)
        return self._block(header, d.span, d.title.span if d.title is not None else d.name.span, items)

    def sla_item(self, item: ast.SlaItem) -> Node:
        if isinstance(item, ast.WhenItem):
            return self._line(f"when {render_condition(item.condition)}", item.span)
        if isinstance(item, (ast.MetricItem, ast.MeasureItem)):
            return self.clock_line(item)
        if isinstance(item, ast.EscalateItem):
            if item.chain is not None:
                return self._line(f"escalate {item.metric.text} with {item.chain.text}", item.span)
            steps = tuple(self._line(render_step(s), s.span) for s in item.steps or ())
            header = (f"escalate {item.metric.text}",)
            return self._one_line(header, item.span, item.metric.span, steps, None) or self._block(
                header, item.span, item.metric.span, steps
            )
        return self.clock_item(item)

    def _one_line(
        self, cells: tuple[str, ...], span: Span, last_header_span: Span, children: tuple[Node, ...], align: str | None
    ) -> Line | None:
        """``header { item }`` on one line, when the block holds one item and was written on
        one line with no comment inside; else None (the block is laid out one item per line)."""
        if len(children) != 1 or not isinstance(children[0], Line):
            return None
        brace = self.source.next_token(end_of(last_header_span), "{")
        close = self.source.closing_brace(span)
        if brace[0] != close[0] or self._has_comment_between(brace, close):
            return None
        text = f"{cells[-1]} {{ {' '.join(children[0].cells)} }}"
        return Line((*cells[:-1], text), start_of(span), end_of(span), align)

    def clock_item(self, item: ast.ClockItem) -> Node:
        """An item that an SLA and a metric or measure block share, or a block's own."""
        if isinstance(item, ast.ClockCalendarItem):
            return self.calendar_choice(item)
        if isinstance(item, ast.PauseItem):
            return self._line(render_pause(item), item.span)
        if isinstance(item, ast.TriggerItem):
            return self._line(render_trigger(item), item.span)
        if isinstance(item, ast.CyclesItem):
            return self._line("cycles", item.span)
        raise TypeError(f"not an SLA or clock item: {item!r}")

    def calendar_choice(self, item: ast.ClockCalendarItem) -> Node:
        choice = item.choice
        if isinstance(choice, ast.CalendarRef):
            return self._line(f"calendar {render_calendar_ref(choice)}", item.span)
        arms = tuple(
            self._aligned(
                (arm.value.text if arm.value is not None else "else", render_calendar_ref(arm.calendar)), arm.span, "arm"
            )
            for arm in choice.arms
        )
        return self._block(f"calendar by {choice.path.text}", item.span, choice.path.span, arms)

    def clock_line(self, item: ast.MetricItem | ast.MeasureItem) -> Node:
        """A metric line (aligned with the SLA's other metric lines) or a measure line, with its
        block: left out when empty, kept on the line when it holds one item and was written
        so (``next_response within 1h { pause never }``), else one item per line."""
        rest = f"within {item.within.text}"
        if item.goal is not None:
            rest += f" goal {item.goal.text}%"
        if item.via:
            rest += " via " + " -> ".join(n.text for n in item.via)
        cells: tuple[str, ...]
        align: str | None
        if isinstance(item, ast.MetricItem):
            cells, align = (item.metric.text, rest), "metric"
        else:
            title = f" {render_str(item.title)}" if item.title is not None else ""
            cells, align = (f"measure {item.name.text}{title} {rest}",), None
        block = item.block or ()
        if not block:
            return Line(cells, start_of(item.span), end_of(item.span), align)
        last = _last_of_line(item)
        children = tuple(self.clock_item(i) for i in block)
        return self._one_line(cells, item.span, last, children, align) or self._block(
            cells, item.span, last, children, align
        )

    def credit(self, d: ast.CreditDecl | ast.AvailabilityDecl) -> Block:
        keyword = "credit" if isinstance(d, ast.CreditDecl) else "availability"
        header = f"{keyword} {d.name.text}" + (f" {render_str(d.title)}" if d.title is not None else "")
        items = tuple(self.credit_item(i) for i in d.items)
        return self._block(header, d.span, d.title.span if d.title is not None else d.name.span, items)

    def credit_item(self, item: ast.CreditItem | ast.AvailabilityItem) -> Node:
        if isinstance(item, ast.ClockCalendarItem):
            return self.calendar_choice(item)
        return self._line(render_credit_item(item), item.span)


def _last_of_line(item: ast.MetricItem | ast.MeasureItem) -> Span:
    """The span of the last thing written on a metric or measure line, before its block."""
    spans = [item.within.span]
    if item.goal is not None:
        spans.append(item.goal.span)
    if item.via:
        spans.append(item.via[-1].span)
    return max(spans, key=lambda s: (s.end_line, s.end_column))


# --- leaf items ---------------------------------------------------------------------------


def render_day_range(r: ast.DayRange) -> str:
    return r.first.text if r.last is None else f"{r.first.text}-{r.last.text}"


def render_time_range(r: ast.TimeRange) -> str:
    return f"{r.start.text}-{r.end.text}"


def render_calendar_item(item: ast.CalendarItem) -> str:
    if isinstance(item, ast.TimezoneItem):
        return f"timezone {render_str(item.zone)}"
    if isinstance(item, ast.HoursItem):
        days = ",".join(render_day_range(r) for r in item.days)
        return f"hours {days} " + ", ".join(render_time_range(r) for r in item.ranges)
    if isinstance(item, ast.HolidaysItem):
        return f"holidays {render_str(item.code)}"
    if isinstance(item, ast.DateItem):
        text = f"{item.kind} {item.date.text}"
        if item.ranges:
            text += " " + ", ".join(render_time_range(r) for r in item.ranges)
        return text
    raise TypeError(f"not a calendar item: {item!r}")


def render_team_item(item: ast.TeamItem) -> str:
    value = item.value
    if isinstance(value, ast.Str):
        return f"{item.kind} {render_str(value)}"
    if isinstance(value, ast.Name):
        return f"{item.kind} {value.text}"
    return f"{item.kind} {value}"


def render_action(action: ast.Action) -> str:
    verb = "set priority" if action.kind == "set_priority" else action.kind
    target = quote(action.target) if action.quoted else action.target
    return f"{verb} {target}"


def render_calendar_ref(ref: ast.CalendarRef) -> str:
    zone = ref.zone
    if zone is None:
        return ref.name.text
    if isinstance(zone, ast.Str):
        return f"{ref.name.text} in {render_str(zone)}"
    return f"{ref.name.text} in {zone.text}"


def render_pause(item: ast.PauseItem) -> str:
    return "pause never" if item.condition is None else f"pause when {render_condition(item.condition)}"


def render_trigger(item: ast.TriggerItem) -> str:
    if item.event is not None:
        return f"{item.kind} on {item.event.text}"
    assert item.condition is not None
    return f"{item.kind} when {render_condition(item.condition)}"


def render_credit_item(item: ast.CreditItem | ast.AvailabilityItem) -> str:
    if isinstance(item, ast.BelowItem):
        return f"below {item.threshold.text}% credit {item.credit.text}%"
    if isinstance(item, ast.NameListItem):
        return f"{item.kind} " + ", ".join(n.text for n in item.names)
    if isinstance(item, ast.PerItem):
        return f"per {item.path.text}"
    if isinstance(item, ast.PeriodItem):
        zone = item.zone
        where = "" if zone is None else f" in {render_str(zone) if isinstance(zone, ast.Str) else zone.text}"
        return f"period {item.unit.text}{where}"
    if isinstance(item, ast.PercentItem):
        return f"{item.kind} {item.value.text}%"
    if isinstance(item, ast.MinimumItem):
        return f"minimum {item.runs.text} runs"
    raise TypeError(f"not a credit or availability item: {item!r}")


def render_step(step: ast.Step) -> str:
    text = f"at {step.percent.text}%"
    if step.offset is not None:
        text += f" {step.offset_sign or '+'} {step.offset.text}"
    return text + " " + " and ".join(render_action(a) for a in step.actions)
