"""Stage ``check_values``: every value is well-formed and every item appears as often as allowed.

Calendars (times, ranges, dates, zones, holiday codes) are checked in ``calendars``,
durations and percentages in ``durations``, the types of condition fields in
``field_types``; this module walks the declarations and checks what each may contain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .. import ast
from ..diagnostics import Diagnostic, error
from ..evaluation.conditions import kind_of
from ..source import Span
from .calendars import check_calendar
from .declarations import where
from .durations import check_duration, check_goal, check_step_percent
from .field_types import FieldTypes
from .state import CompileState

NOTIFY_KEYWORDS = ("assignee", "team.lead")
MAX_AGENTS = 100_000  # a larger head-count is a typo (and would stall the simulator)


def check_values(state: CompileState) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    types = FieldTypes(state.tables.priority_names)
    for declaration in state.declarations:
        if isinstance(declaration, ast.ResolvedDecl):
            diagnostics.extend(_check_resolved(declaration))
        elif isinstance(declaration, ast.CalendarDecl):
            diagnostics.extend(check_calendar(declaration))
        elif isinstance(declaration, ast.SegmentDecl):
            diagnostics.extend(types.check(declaration.when))
        elif isinstance(declaration, ast.TeamDecl):
            diagnostics.extend(_check_team(declaration))
        elif isinstance(declaration, ast.OlaDecl):
            diagnostics.extend(check_duration(declaration.within, "the OLA target"))
        elif isinstance(declaration, ast.ChainDecl):
            diagnostics.extend(_check_steps(declaration.steps, f"escalation chain `{declaration.name.text}`", declaration.name.span))
        elif isinstance(declaration, ast.SlaDecl):
            diagnostics.extend(_check_sla(declaration, types))
    return diagnostics


def _bad(message: str, span: Span, help: str) -> Diagnostic:
    return error("bad-value", message, span, help=help)


def _once(items: Iterable[Any], what: str, owner: str, help: str) -> list[Diagnostic]:
    """An error at every repeat of an item that may appear once."""
    items = list(items)
    return [_bad(f"{owner} gives {what} twice; the first is at {where(items[0].span)}", item.span, help) for item in items[1:]]


def _check_resolved(declaration: ast.ResolvedDecl) -> list[Diagnostic]:
    return [
        error(
            "type-mismatch",
            f"`resolved when` lists {value.text}, but statuses are strings",
            value.span,
            help=f'write the status in quotes, e.g. `"{value.value}"`',
        )
        for value in declaration.values
        if kind_of(value.value) != "string"
    ]


def _check_team(team: ast.TeamDecl) -> list[Diagnostic]:
    owner = f"team `{team.name.text}`"
    by_kind: dict[str, list[ast.TeamItem]] = defaultdict(list)
    for item in team.items:
        by_kind[item.kind].append(item)
    diagnostics = []
    diagnostics += _once(by_kind["calendar"], "its calendar", owner, "keep one `calendar` line: a team works on one calendar")
    diagnostics += _once(by_kind["agents"], "its agents", owner, "keep one `agents` line with the team's head-count")
    diagnostics += _once(by_kind["lead"], "its lead", owner, "keep one `lead` line with the lead's address")
    if not by_kind["calendar"]:
        diagnostics.append(
            _bad(
                f"{owner} has no calendar",
                team.name.span,
                "add `calendar NAME` with the hours the team works (`calendar always` for around the clock)",
            )
        )
    for item in by_kind["agents"]:
        value = item.value
        if isinstance(value, bool) or not isinstance(value, int):
            diagnostics.append(_bad(f"{owner} has `agents {value}`, not a whole number", item.span, "give the head-count as a whole number, e.g. `agents 3`"))
        elif value <= 0:
            diagnostics.append(_bad(f"{owner} has `agents {value}`; a team needs at least 1 agent", item.span, "give the team's head-count, e.g. `agents 3`"))
        elif value > MAX_AGENTS:
            diagnostics.append(_bad(f"{owner} has `agents {value}`, more than {MAX_AGENTS}", item.span, "give the team's head-count; check the number"))
    for item in by_kind["lead"]:
        if isinstance(item.value, ast.Str) and not item.value.value.strip():
            diagnostics.append(_bad(f"{owner} has an empty lead address", item.span, 'give an address, e.g. `lead "lead@example.com"`'))
    return diagnostics


def _check_steps(steps: tuple[ast.Step, ...], owner: str, span: Span) -> list[Diagnostic]:
    if not steps:
        return [_bad(f"{owner} has no steps", span, "add a step such as `at 100% notify team.lead`")]
    diagnostics: list[Diagnostic] = []
    for step in steps:
        diagnostics.extend(check_step_percent(step.percent))
        if step.offset is not None:
            diagnostics.extend(check_duration(step.offset, "an escalation offset", zero_ok=True))
        for action in step.actions:
            diagnostics.extend(_check_action(action))
    return diagnostics


def _check_action(action: ast.Action) -> list[Diagnostic]:
    if action.kind == "notify" and not action.quoted and action.target not in NOTIFY_KEYWORDS:
        return [
            _bad(
                f"`notify {action.target}`: unknown recipient",
                action.span,
                'notify `assignee`, `team.lead`, or an address in quotes: `notify "duty@example.com"`',
            )
        ]
    if action.kind in ("notify", "reassign") and action.quoted and not action.target.strip():
        what = "an address" if action.kind == "notify" else "a group"
        return [_bad(f"`{action.kind}` is given an empty string", action.span, f"give {what} in the quotes")]
    if action.kind not in ("notify", "reassign", "set_priority"):
        return [_bad(f"unknown action `{action.kind}`", action.span, "actions are `notify`, `reassign` and `set priority`")]
    return []


def _check_sla(sla: ast.SlaDecl, types: FieldTypes) -> list[Diagnostic]:
    owner = f"SLA `{sla.name.text}`"
    diagnostics: list[Diagnostic] = []
    whens = [i for i in sla.items if isinstance(i, ast.WhenItem)]
    calendars = [i for i in sla.items if isinstance(i, ast.SlaCalendarItem)]
    pauses = [i for i in sla.items if isinstance(i, ast.PauseItem)]
    metrics = [i for i in sla.items if isinstance(i, ast.MetricItem)]
    escalations = [i for i in sla.items if isinstance(i, ast.EscalateItem)]
    diagnostics += _once(whens, "`when`", owner, "join the conditions into one `when` with `and` or `or`")
    diagnostics += _once(calendars, "`calendar`", owner, "keep one `calendar` line: an SLA counts on one calendar")
    diagnostics += _once(pauses, "`pause when`", owner, "join the conditions into one `pause when` with `or`")
    if not metrics:
        diagnostics.append(
            _bad(
                f"{owner} has no metric",
                sla.name.span,
                "add at least one of `first_response`, `next_response`, `resolution`, e.g. `resolution within 24h`",
            )
        )
    for kind in dict.fromkeys(i.metric.text for i in metrics):
        same = [i for i in metrics if i.metric.text == kind]
        diagnostics += _once(same, f"`{kind}`", owner, f"keep one `{kind}` line: each metric has one target")
    for kind in dict.fromkeys(i.metric.text for i in escalations):
        same = [i for i in escalations if i.metric.text == kind]
        diagnostics += _once(same, f"`escalate {kind}`", owner, "put every step of the metric in one `escalate` block")
    for item in whens + pauses:
        diagnostics.extend(types.check(item.condition))
    for item in metrics:
        diagnostics.extend(check_duration(item.within, f"the `{item.metric.text}` target"))
        if item.goal is not None:
            diagnostics.extend(check_goal(item.goal))
    for item in escalations:
        if item.steps is not None:
            diagnostics.extend(_check_steps(item.steps, f"`escalate {item.metric.text}`", item.span))
    return diagnostics
