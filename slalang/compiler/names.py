"""Stage ``resolve_names``: every reference names something declared.

Checks calendars (``always`` is built in, and every arm of a ``calendar by``), teams, OLAs,
escalation chains, segments, priorities, metric, measure and event names, and the SLAs and
metrics a credit names, suggesting the closest known name; rejects a measure named like a
built-in metric or like another measure of its SLA, and segments that refer to themselves
through other segments, reporting the cycle's path.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from .. import ast
from ..diagnostics import Diagnostic, error
from ..model import ALWAYS, EVENTS, METRICS
from ..source import Span
from ..suggestions import name_hint
from .conditions import walk
from .declarations import where
from .state import CompileState, Declarations

_PRIORITIES_HELP = "declare them, most important first: `priorities urgent > high > normal > low`"


def resolve_names(state: CompileState) -> list[Diagnostic]:
    resolver = _Resolver(state.tables)
    tables = state.tables
    for team in tables.teams.values():
        for item in team.items:
            if item.kind == "calendar" and isinstance(item.value, ast.Name):
                resolver.calendar(item.value)
    for ola in tables.olas.values():
        resolver.known(ola.team, tables.teams, "team", "teams")
        if ola.on is not None:
            resolver.calendar(ola.on)
    for chain in tables.chains.values():
        resolver.steps(chain.steps)
    for segment in tables.segments.values():
        resolver.condition(segment.when)
    for sla in tables.slas.values():
        resolver.sla(sla)
    for credit in tables.credits.values():
        resolver.credit(credit)
    for availability in tables.availabilities.values():
        for line in availability.items:
            if isinstance(line, ast.ClockCalendarItem):
                resolver.calendar_choice(line.choice)
    return resolver.diagnostics + _segment_cycles(tables)


class _Resolver:
    def __init__(self, tables: Declarations):
        self.tables = tables
        self.calendars = dict.fromkeys([ALWAYS, *tables.calendars])  # ordered, for hints
        self.diagnostics: list[Diagnostic] = []

    def unknown(self, message: str, span: Span, help: str) -> None:
        self.diagnostics.append(error("unknown-name", message, span, help=help))

    def known(self, name: ast.Name, table: Collection[str], kind: str, plural: str) -> None:
        if name.text not in table:
            self.unknown(
                f"unknown {kind} `{name.text}`",
                name.span,
                name_hint(name.text, table, plural, f"declare the {kind} `{name.text}`"),
            )

    def calendar(self, name: ast.Name) -> None:
        self.known(name, self.calendars, "calendar", "calendars")

    def priority(self, name: ast.Name) -> None:
        declared = self.tables.priority_names
        if not declared:
            self.unknown(
                f"priority `{name.text}` is not declared: the policy set has no `priorities` line",
                name.span,
                _PRIORITIES_HELP,
            )
        else:
            self.known(name, declared, "priority", "priorities")

    def condition(self, condition: ast.Condition) -> None:
        for node in walk(condition):
            if isinstance(node, ast.SegmentCond):
                self.known(node.name, self.tables.segments, "segment", "segments")
            elif isinstance(node, ast.PriorityCond):
                self.priority(node.name)

    def steps(self, steps: Iterable[ast.Step]) -> None:
        for step in steps:
            for action in step.actions:
                if action.kind == "set_priority":
                    self.priority(ast.Name(action.target, last_word_span(action.span, action.target)))

    def metric(self, name: ast.Name) -> bool:
        if name.text in METRICS:
            return True
        self.unknown(
            f"unknown metric `{name.text}`",
            name.span,
            name_hint(name.text, METRICS, "metrics"),
        )
        return False

    def sla(self, sla: ast.SlaDecl) -> None:
        defined, measures = self.clocks(sla)
        for item in sla.items:
            if isinstance(item, ast.WhenItem):
                self.condition(item.condition)
            elif isinstance(item, ast.PauseItem):
                self.pause(item)
            elif isinstance(item, ast.ClockCalendarItem):
                self.calendar_choice(item.choice)
            elif isinstance(item, (ast.MetricItem, ast.MeasureItem)):
                for ola in item.via:
                    self.known(ola, self.tables.olas, "OLA", "OLAs")
                for block_item in item.block or ():
                    self.clock_item(block_item)
            elif isinstance(item, ast.EscalateItem):
                self.escalate(sla, item, defined, measures)

    def clocks(self, sla: ast.SlaDecl) -> tuple[set[str], dict[str, ast.MeasureItem]]:
        """The built-in metrics an SLA defines and its measures by name (clashes reported)."""
        defined: set[str] = set()
        measures: dict[str, ast.MeasureItem] = {}
        for item in sla.items:
            if isinstance(item, ast.MetricItem) and self.metric(item.metric):
                defined.add(item.metric.text)
            elif isinstance(item, ast.MeasureItem):
                name = item.name
                if name.text in METRICS:
                    self.diagnostics.append(error(
                        "duplicate-name",
                        f"measure `{name.text}` has the name of a built-in metric",
                        name.span,
                        help=f"give the measure its own name (e.g. `my_{name.text}`); to change the built-in "
                        f"metric's clock, give its line a block: `{name.text} within 8h {{ pause never }}`",
                    ))
                elif name.text in measures:
                    self.diagnostics.append(error(
                        "duplicate-name",
                        f"measure `{name.text}` is already defined in SLA `{sla.name.text}` at "
                        f"{where(measures[name.text].name.span)}",
                        name.span,
                        help="rename one of them: measure names are unique within an SLA",
                    ))
                else:
                    measures[name.text] = item
        return defined, measures

    def escalate(
        self, sla: ast.SlaDecl, item: ast.EscalateItem, defined: set[str], measures: dict[str, ast.MeasureItem]
    ) -> None:
        name = item.metric
        if name.text in METRICS:
            if name.text not in defined:
                have = ", ".join(f"`{k}`" for k in [*(k for k in METRICS if k in defined), *measures]) or "none"
                self.unknown(
                    f"SLA `{sla.name.text}` has no `{name.text}` metric to escalate",
                    name.span,
                    f"add `{name.text} within DURATION` to the SLA, or escalate one of its metrics ({have})",
                )
        elif name.text not in measures:
            if measures:
                self.unknown(
                    f"unknown metric or measure `{name.text}`",
                    name.span,
                    name_hint(name.text, [*METRICS, *measures], "metrics and measures of the SLA"),
                )
            else:
                self.metric(name)
        if item.chain is not None:
            self.known(item.chain, self.tables.chains, "escalation chain", "escalation chains")
        if item.steps is not None:
            self.steps(item.steps)

    def pause(self, item: ast.PauseItem) -> None:
        if item.condition is not None:
            self.condition(item.condition)

    def clock_item(self, item: ast.ClockItem) -> None:
        if isinstance(item, ast.PauseItem):
            self.pause(item)
        elif isinstance(item, ast.ClockCalendarItem):
            self.calendar_choice(item.choice)
        elif isinstance(item, ast.TriggerItem):
            if item.condition is not None:
                self.condition(item.condition)
            if item.event is not None and item.event.text not in EVENTS:
                self.unknown(
                    f"unknown event `{item.event.text}`",
                    item.event.span,
                    name_hint(item.event.text, EVENTS, "events"),
                )

    def calendar_choice(self, choice: ast.CalendarChoice) -> None:
        refs = [arm.calendar for arm in choice.arms] if isinstance(choice, ast.CalendarBy) else [choice]
        for ref in refs:
            self.calendar(ref.name)

    def credit(self, credit: ast.CreditDecl) -> None:
        listed: list[ast.SlaDecl] = []
        for item in credit.items:
            if isinstance(item, ast.NameListItem) and item.kind == "slas":
                for name in item.names:
                    self.known(name, self.tables.slas, "SLA", "SLAs")
                    if name.text in self.tables.slas:
                        listed.append(self.tables.slas[name.text])
        offered = dict.fromkeys(name for sla in listed for name in _clock_names(sla))
        for item in credit.items:
            if isinstance(item, ast.NameListItem) and item.kind == "metrics":
                for name in item.names:
                    if not listed or name.text in offered:  # no SLA known: fix that first
                        continue
                    slas = ", ".join(f"`{sla.name.text}`" for sla in listed)
                    self.unknown(
                        f"no SLA of credit `{credit.name.text}` defines a metric or measure `{name.text}`",
                        name.span,
                        name_hint(name.text, offered, f"metrics and measures of {slas}"),
                    )


def _clock_names(sla: ast.SlaDecl) -> list[str]:
    """The metric and measure names an SLA declaration defines, in the order written."""
    names = []
    for item in sla.items:
        if isinstance(item, ast.MetricItem):
            names.append(item.metric.text)
        elif isinstance(item, ast.MeasureItem):
            names.append(item.name.text)
    return names


def last_word_span(span: Span, word: str) -> Span:
    """The span of ``word`` ending ``span`` (the priority name of ``set priority NAME``)."""
    if span.end_column - len(word) < 1:
        return span
    return Span(span.file, span.end_line, span.end_column - len(word), span.end_line, span.end_column)


def _segment_refs(segment: ast.SegmentDecl, segments: dict) -> Iterator[ast.SegmentCond]:
    for node in walk(segment.when):
        if isinstance(node, ast.SegmentCond) and node.name.text in segments:
            yield node


def _segment_cycles(tables: Declarations) -> list[Diagnostic]:
    """A cycle through segment references, reported once at the reference that closes it."""
    diagnostics: list[Diagnostic] = []
    done: set[str] = set()
    for start in tables.segments:
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        frames = [iter(list(_segment_refs(tables.segments[start], tables.segments)))]
        while frames:
            ref = next(frames[-1], None)
            if ref is None:
                frames.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            target = ref.name.text
            if target in on_path:
                cycle = path[path.index(target) :] + [target]
                diagnostics.append(
                    error(
                        "bad-value",
                        f"segment `{target}` refers to itself: " + " -> ".join(cycle),
                        ref.span,
                        help="a segment may use other segments but not itself; "
                        "write this part of the condition out instead of referring back",
                    )
                )
            elif target not in done:
                path.append(target)
                on_path.add(target)
                frames.append(iter(list(_segment_refs(tables.segments[target], tables.segments))))
    return diagnostics
