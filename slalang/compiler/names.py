"""Stage ``resolve_names``: every reference names something declared.

Checks calendars (``always`` is built in), teams, OLAs, escalation chains, segments,
priorities and metric names, suggesting the closest known name; rejects segments that
refer to themselves through other segments, reporting the cycle's path.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from .. import ast
from ..diagnostics import Diagnostic, error
from ..model import ALWAYS, METRICS
from ..source import Span
from .conditions import walk
from .state import CompileState, Declarations
from .suggestions import name_hint

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
        defined = set()
        for item in sla.items:
            if isinstance(item, ast.MetricItem) and self.metric(item.metric):
                defined.add(item.metric.text)
        for item in sla.items:
            if isinstance(item, (ast.WhenItem, ast.PauseItem)):
                self.condition(item.condition)
            elif isinstance(item, ast.SlaCalendarItem):
                self.calendar(item.name)
            elif isinstance(item, ast.MetricItem):
                for ola in item.via:
                    self.known(ola, self.tables.olas, "OLA", "OLAs")
            elif isinstance(item, ast.EscalateItem):
                if self.metric(item.metric) and item.metric.text not in defined:
                    have = ", ".join(f"`{k}`" for k in METRICS if k in defined) or "none"
                    self.unknown(
                        f"SLA `{sla.name.text}` has no `{item.metric.text}` metric to escalate",
                        item.metric.span,
                        f"add `{item.metric.text} within DURATION` to the SLA, or escalate one of its "
                        f"metrics ({have})",
                    )
                if item.chain is not None:
                    self.known(item.chain, self.tables.chains, "escalation chain", "escalation chains")
                if item.steps is not None:
                    self.steps(item.steps)


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
