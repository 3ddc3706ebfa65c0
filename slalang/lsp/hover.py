"""What hovering a name shows: the facts about what it names, in Markdown.

A calendar shows its zone and hours (and, when they are valid, its open time a week), an
SLA its metrics with targets, goals and OLA chains, an OLA chain the sum of its steps'
targets, a segment its condition with the segments it uses spelled out. Items are shown as
written (comments left out), so a construct this module does not know is still shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import ast
from ..analysis.suppression import comment_start
from ..analysis.wording import target
from ..compiler.calendars import check_calendar, lower_calendar
from ..compiler.durations import duration_seconds
from ..diagnostics import has_errors
from ..model import Calendar
from ..source import Span
from .symbols import METRIC, PRIORITY, Definition, Reference, SymbolIndex, nodes

MAX_SEGMENT_DEPTH = 4
"""Segments used by a segment are spelled out this many levels deep."""


@dataclass(frozen=True)
class HoverContext:
    index: SymbolIndex
    texts: Mapping[str, str]  # file name as in the index's spans -> text

    def written(self, node: Any, limit: int = 160) -> str:
        """A node's source text on one line, comments left out."""
        return excerpt(self.texts.get(node.span.file, ""), node.span, limit)

    def head(self, node: Any) -> str:
        """A node's first line (a block is shown as ``escalate resolution { … }``)."""
        span = node.span
        if span.line == span.end_line:
            return self.written(node)
        first = Span(span.file, span.line, span.column, span.line, 10**6)
        text = excerpt(self.texts.get(span.file, ""), first, 100)
        return text + (" … }" if text.endswith("{") else " …")


def hover_markdown(found: Definition | Reference, ctx: HoverContext) -> str | None:
    """The hover text for a declared name or a use of one (None: nothing to say)."""
    if isinstance(found, Reference):
        if ctx.index.is_builtin(found):
            return _builtin_always()
        targets = ctx.index.resolve(found)
        if not targets:
            return None
        text = "\n\n---\n\n".join(describe(d, ctx) for d in targets)
        chain = _chain_of_reference(found, ctx)
        return text + ("\n\n---\n\n" + chain if chain else "")
    return describe(found, ctx)


def describe(d: Definition, ctx: HoverContext) -> str:
    node = d.node
    if isinstance(node, ast.CalendarDecl):
        return _calendar(node, ctx)
    if isinstance(node, ast.SlaDecl):
        return _sla(node, ctx)
    if isinstance(node, ast.SegmentDecl):
        return _segment(node, ctx)
    if isinstance(node, ast.OlaDecl):
        return _ola(node, ctx)
    if isinstance(node, ast.TeamDecl):
        return _team(node, ctx)
    if isinstance(node, ast.ChainDecl):
        return _chain_decl(node, ctx)
    if d.kind == PRIORITY and isinstance(node, ast.PrioritiesDecl):
        return _priority(d.name, node)
    if d.kind == METRIC and isinstance(node, ast.MetricItem) and d.parent is not None:
        return _metric(node, d.parent, ctx)
    title = _title(node)
    head = f"**{d.kind} `{d.name}`**" + (f' "{title}"' if title else "")
    owner = f" of {d.parent.kind} `{d.parent.name}`" if d.parent is not None else ""
    return head + owner + "\n\n```slalang\n" + ctx.written(node, 400) + "\n```"


# --- calendars ----------------------------------------------------------------------------


def _builtin_always() -> str:
    return "**calendar `always`** (built in)\n\nOpen at every instant, counted in UTC: `1d` on it is 24 wall-clock hours."


def _calendar(node: ast.CalendarDecl, ctx: HoverContext) -> str:
    lines = [f"**calendar `{node.name.text}`**" + (f' "{node.title.value}"' if node.title else "")]
    zone = next((i.zone.value for i in node.items if isinstance(i, ast.TimezoneItem)), None)
    lines.append(f"time zone **{zone}**" if zone else "no `timezone` (required)")
    items = [ctx.written(i) for i in node.items if not isinstance(i, ast.TimezoneItem)]
    if items:
        lines.append("\n".join(f"- `{text}`" for text in items))
    if not has_errors(check_calendar(node)):  # the compiler's reading of the hours
        lines.append(f"Open {target(open_minutes_a_week(lower_calendar(node)) * 60)} a week (hours lines only).")
    return "\n\n".join(lines)


def open_minutes_a_week(calendar: Calendar) -> int:
    """Minutes a week the weekly ``hours`` lines open (overlaps counted once)."""
    return sum(end - start for start, end in calendar.weekly_open_minutes())


# --- SLAs, metrics and OLA chains ---------------------------------------------------------


def _sla(node: ast.SlaDecl, ctx: HoverContext) -> str:
    head = f"**sla `{node.name.text}`**" + (f' "{node.title.value}"' if node.title else "")
    facts = []
    when = next((i for i in node.items if isinstance(i, ast.WhenItem)), None)
    facts.append(f"when `{ctx.written(when.condition)}`" if when else "applies to every ticket (no `when`)")
    calendar = next((i for i in node.items if isinstance(i, ast.ClockCalendarItem)), None)
    facts.append(f"counts on `{ctx.head(calendar.choice)}`" if calendar else "counts on `always` (no `calendar`)")
    rows = []
    others = []
    for item in node.items:
        if isinstance(item, ast.MetricItem):
            goal = f"{item.goal.text}%" if item.goal else "100%"
            via = _chain_summary(item, ctx) if item.via else ""
            rows.append(f"| {item.metric.text} | {item.within.text} | {goal} | {via} |")
        elif not isinstance(item, (ast.WhenItem, ast.ClockCalendarItem)):
            others.append(f"- `{ctx.head(item)}`")
    parts = [head, "  \n".join(facts)]
    if rows:
        parts.append("| metric | within | goal | via OLAs |\n| --- | --- | --- | --- |\n" + "\n".join(rows))
    else:
        parts.append("No targets: it governs its tickets and gives them none.")
    if others:
        parts.append("\n".join(others))
    return "\n\n".join(parts)


def _metric(node: ast.MetricItem, sla: Definition, ctx: HoverContext) -> str:
    goal = f"{node.goal.text}%" if node.goal else "100% (the default)"
    text = f"**{node.metric.text}** of sla `{sla.name}`: within {node.within.text}, goal {goal}"
    if node.via:
        text += "\n\n" + _chain_table(node, ctx)
    return text


@dataclass(frozen=True)
class _Step:
    name: str
    team: str
    within_s: int | None
    within: str
    calendar: str


def _steps(item: ast.MetricItem, ctx: HoverContext) -> list[_Step]:
    steps = []
    for name in item.via:
        ola = ctx.index.lookup("OLA", name.text)
        if ola is None or not isinstance(ola.node, ast.OlaDecl):
            steps.append(_Step(name.text, "?", None, "?", "?"))
            continue
        node: ast.OlaDecl = ola.node
        steps.append(_Step(name.text, node.team.text, seconds(node.within), node.within.text, _ola_calendar(node, ctx)))
    return steps


def _chain_summary(item: ast.MetricItem, ctx: HoverContext) -> str:
    steps = _steps(item, ctx)
    names = " → ".join(s.name for s in steps)
    total = _total(steps)
    return f"{names} = {total}" if total else names


def _total(steps: list[_Step]) -> str | None:
    if not steps or any(s.within_s is None for s in steps):
        return None
    return target(sum(s.within_s or 0 for s in steps))


def _chain_table(item: ast.MetricItem, ctx: HoverContext) -> str:
    steps = _steps(item, ctx)
    rows = "\n".join(f"| {s.name} | {s.team} | {s.within} | {s.calendar} |" for s in steps)
    lines = [
        "OLA chain " + " → ".join(s.name for s in steps),
        "| OLA | team | within | counted on |\n| --- | --- | --- | --- |\n" + rows,
    ]
    total = _total(steps)
    if total:
        target_s = seconds(item.within)
        against = f", against the target {item.within.text}" if target_s else ""
        over = " (more than the target)" if target_s and sum(s.within_s or 0 for s in steps) > target_s else ""
        lines.append(
            f"Summed OLA targets: **{total}**{against}{over}. Each step counts on its own calendar, "
            "so the chain's wall-clock end also depends on their hours (`slalang check` compares them)."
        )
    return "\n\n".join(lines)


def _chain_of_reference(reference: Reference, ctx: HoverContext) -> str | None:
    """For an OLA named in a ``via``: the whole chain of that metric."""
    if reference.scope is None:
        return None
    for node in nodes(reference.scope.node):
        if isinstance(node, ast.MetricItem) and any(n.span == reference.span for n in node.via):
            return _chain_table(node, ctx)
    return None


def _ola(node: ast.OlaDecl, ctx: HoverContext) -> str:
    calendar = _ola_calendar(node, ctx)
    source = "named by `on`" if node.on is not None else "the team's calendar"
    return (
        f"**ola `{node.name.text}`**: by team `{node.team.text}` within {node.within.text}, "
        f"counted on `{calendar}` ({source})"
    )


def _ola_calendar(node: ast.OlaDecl, ctx: HoverContext) -> str:
    if node.on is not None:
        return node.on.text
    team = ctx.index.lookup("team", node.team.text)
    if team is not None and isinstance(team.node, ast.TeamDecl):
        for item in team.node.items:
            if item.kind == "calendar" and isinstance(item.value, ast.Name):
                return item.value.text
    return "?"


# --- the rest -----------------------------------------------------------------------------


def _segment(node: ast.SegmentDecl, ctx: HoverContext) -> str:
    lines = [f"**segment `{node.name.text}`** when `{ctx.written(node.when)}`"]
    seen = {node.name.text}
    frontier = [node]
    for _ in range(MAX_SEGMENT_DEPTH):
        following = []
        for current in frontier:
            for ref in nodes(current.when):
                if isinstance(ref, ast.SegmentCond) and ref.name.text not in seen:
                    seen.add(ref.name.text)
                    used = ctx.index.lookup("segment", ref.name.text)
                    if used is not None and isinstance(used.node, ast.SegmentDecl):
                        lines.append(f"- segment `{ref.name.text}`: `{ctx.written(used.node.when)}`")
                        following.append(used.node)
        frontier = following
    return "\n\n".join(lines[:1]) + ("\n\nwhere\n" + "\n".join(lines[1:]) if len(lines) > 1 else "")


def _team(node: ast.TeamDecl, ctx: HoverContext) -> str:
    items = [ctx.written(i) for i in node.items]
    olas = [d.name for d in ctx.index.named("OLA") if isinstance(d.node, ast.OlaDecl) and d.node.team.text == node.name.text]
    text = f"**team `{node.name.text}`**" + (": " + ", ".join(f"`{i}`" for i in items) if items else "")
    if olas:
        text += "\n\nOLAs: " + ", ".join(f"`{o}`" for o in olas)
    return text


def _chain_decl(node: ast.ChainDecl, ctx: HoverContext) -> str:
    steps = "\n".join(f"- `{ctx.written(step)}`" for step in node.steps) or "(no steps)"
    return f"**escalation `{node.name.text}`**\n\n{steps}"


def _priority(name: str, node: ast.PrioritiesDecl) -> str:
    order = [n.text for n in node.names]
    rank = order.index(name) + 1
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(rank if rank < 20 else rank % 10, "th")
    return f"**priority `{name}`**: {rank}{suffix} most important of " + " > ".join(f"`{p}`" for p in order)


def _title(node: Any) -> str | None:
    title = getattr(node, "title", None)
    return title.value if isinstance(title, ast.Str) else None


# --- helpers ------------------------------------------------------------------------------


def seconds(duration: ast.Duration) -> int | None:
    """A duration's seconds, or None when it has a unit the compiler rejects."""
    try:
        return duration_seconds(duration)
    except KeyError:
        return None


def excerpt(text: str, span: Span, limit: int = 160) -> str:
    """The text of a span on one line, comments left out, shortened to ``limit`` characters."""
    lines = text.split("\n")
    if not 1 <= span.line <= len(lines):
        return ""
    parts = []
    for number in range(span.line, min(span.end_line, len(lines)) + 1):
        line = lines[number - 1].rstrip("\r")
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(line)
        piece = line[start:end]
        cut = comment_start(piece)
        parts.append(piece[:cut] if cut is not None else piece)
    piece = " ".join(" ".join(parts).split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"

