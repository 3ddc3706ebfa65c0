"""Stage ``check_values``: every value is well-formed and every item appears as often as allowed.

Calendars (times, ranges, dates, zones, holiday codes) are checked in ``calendars``,
durations and percentages in ``durations``, the types of condition fields in
``field_types``, metric and measure lines and their blocks in ``clocks``, calendar choices
in ``calendar_choices``, credits and availabilities in ``credits``; this module walks the
declarations and checks what each may contain.
"""

from __future__ import annotations

from collections import defaultdict

from .. import ast
from ..conditions import kind_of
from ..diagnostics import Diagnostic, error
from ..source import Span
from .calendar_choices import check_choice
from .calendars import check_calendar
from .clocks import check_clock_line, check_pause
from .credits import check_availability, check_credit
from .declarations import once
from .durations import check_duration, check_step_percent
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
        elif isinstance(declaration, ast.CreditDecl):
            diagnostics.extend(check_credit(declaration))
        elif isinstance(declaration, ast.AvailabilityDecl):
            diagnostics.extend(check_availability(declaration))
    return diagnostics


def _bad(message: str, span: Span, help: str) -> Diagnostic:
    return error("bad-value", message, span, help=help)


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
    diagnostics += once(by_kind["calendar"], "its calendar", owner, "keep one `calendar` line: a team works on one calendar")
    diagnostics += once(by_kind["agents"], "its agents", owner, "keep one `agents` line with the team's head-count")
    diagnostics += once(by_kind["lead"], "its lead", owner, "keep one `lead` line with the lead's address")
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
    calendars = [i for i in sla.items if isinstance(i, ast.ClockCalendarItem)]
    pauses = [i for i in sla.items if isinstance(i, ast.PauseItem)]
    metrics = [i for i in sla.items if isinstance(i, ast.MetricItem)]
    measures = [i for i in sla.items if isinstance(i, ast.MeasureItem)]
    escalations = [i for i in sla.items if isinstance(i, ast.EscalateItem)]
    diagnostics += once(whens, "`when`", owner, "join the conditions into one `when` with `and` or `or`")
    diagnostics += once(calendars, "`calendar`", owner, "keep one `calendar` line: an SLA counts on one calendar")
    diagnostics += once(
        pauses, "`pause`", owner, "keep one `pause` line: join the conditions into one `pause when` with `or`"
    )
    for kind in dict.fromkeys(i.metric.text for i in metrics):
        same = [i for i in metrics if i.metric.text == kind]
        diagnostics += once(same, f"`{kind}`", owner, f"keep one `{kind}` line: each metric has one target")
    for kind in dict.fromkeys(i.metric.text for i in escalations):
        blocks = [i for i in escalations if i.metric.text == kind]
        diagnostics += once(blocks, f"`escalate {kind}`", owner, "put every step of the metric in one `escalate` block")
    for when in whens:
        diagnostics.extend(types.check(when.condition))
    for pause in pauses:
        diagnostics.extend(check_pause(pause, types))
    for calendar in calendars:
        diagnostics.extend(check_choice(calendar.choice, types))
    clocks: list[ast.MetricItem | ast.MeasureItem] = [*metrics, *measures]
    for clock in clocks:
        diagnostics.extend(check_clock_line(clock, types))
    for escalation in escalations:
        if escalation.steps is not None:
            diagnostics.extend(_check_steps(escalation.steps, f"`escalate {escalation.metric.text}`", escalation.span))
    return diagnostics
