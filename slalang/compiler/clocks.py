"""Metrics and measures in the compiler: their lines and blocks, checked and lowered.

A metric line may end with a block holding its own ``calendar`` and ``pause``; a measure
line (language.md, "Measures") may also hold ``start``/``stop``/``resume`` triggers and
``cycles``. A block holds at most one ``calendar`` and one ``pause``; ``cycles`` and
``resume`` exclude each other; triggers and ``cycles`` belong to measures only. Lowering
fills in a measure's defaults (start on ``created``, stop on ``resolved``).
"""

from __future__ import annotations

from .. import ast
from .. import model as m
from ..diagnostics import Diagnostic, error
from ..source import Span
from .calendar_choices import check_choice, lower_choice
from .conditions import lower_condition
from .declarations import once
from .durations import check_duration, check_goal, duration_seconds
from .field_types import FieldTypes

Steps = tuple[tuple[m.EscalationStep, ...], str | None]  # an escalation's steps and its chain's name


def _bad(message: str, span: Span, help: str) -> Diagnostic:
    return error("bad-value", message, span, help=help)


def check_pause(item: ast.PauseItem, types: FieldTypes) -> list[Diagnostic]:
    return types.check(item.condition) if item.condition is not None else []


def check_clock_line(item: ast.MetricItem | ast.MeasureItem, types: FieldTypes) -> list[Diagnostic]:
    """A metric's or measure's target, goal and block."""
    if isinstance(item, ast.MetricItem):
        name, owner = item.metric.text, f"`{item.metric.text}`"
    else:
        name, owner = item.name.text, f"measure `{item.name.text}`"
    diagnostics = check_duration(item.within, f"the `{name}` target")
    if item.goal is not None:
        diagnostics.extend(check_goal(item.goal))
    block = item.block or ()
    if not block:
        return diagnostics
    calendars = [i for i in block if isinstance(i, ast.ClockCalendarItem)]
    pauses = [i for i in block if isinstance(i, ast.PauseItem)]
    cycles = [i for i in block if isinstance(i, ast.CyclesItem)]
    resumes = [i for i in block if isinstance(i, ast.TriggerItem) and i.kind == "resume"]
    diagnostics += once(calendars, "`calendar`", owner, f"keep one `calendar` line: {owner} counts on one calendar")
    diagnostics += once(pauses, "`pause`", owner, "keep one `pause` line: join the conditions with `or`, or write `pause never`")
    diagnostics += once(cycles, "`cycles`", owner, "write `cycles` once")
    for calendar in calendars:
        diagnostics.extend(check_choice(calendar.choice, types))
    for pause in pauses:
        diagnostics.extend(check_pause(pause, types))
    for trigger in (i for i in block if isinstance(i, ast.TriggerItem)):
        if trigger.condition is not None:
            diagnostics.extend(types.check(trigger.condition))
    if isinstance(item, ast.MetricItem):
        diagnostics.extend(_measure_only_items(item, block))
    elif cycles:
        diagnostics.extend(
            _bad(
                f"measure `{name}` has `cycles`, so it cannot `resume`",
                resume.span,
                "with `cycles` every start opens a new cycle; without it, `resume` continues the one run: "
                "keep one of the two",
            )
            for resume in resumes
        )
    return diagnostics


def _measure_only_items(item: ast.MetricItem, block: tuple[ast.ClockItem, ...]) -> list[Diagnostic]:
    name = item.metric.text
    found = []
    for part in block:
        if isinstance(part, (ast.TriggerItem, ast.CyclesItem)):
            word = part.kind if isinstance(part, ast.TriggerItem) else "cycles"
            found.append(
                _bad(
                    f"`{word}` belongs to measures; the built-in metric `{name}` starts and stops by itself",
                    part.span,
                    f"a metric's block takes `calendar` and `pause` only; for a clock of your own, "
                    f"define `measure my_{name} within DURATION {{ {word} ... }}`",
                )
            )
    return found


# --- lowering -----------------------------------------------------------------------------


def lower_pause(item: ast.PauseItem) -> m.OwnPause:
    return m.OwnPause(lower_condition(item.condition) if item.condition is not None else None)


def _own_rules(block: tuple[ast.ClockItem, ...]) -> tuple[m.CalendarChoice | None, m.OwnPause | None]:
    calendar = next((lower_choice(i.choice) for i in block if isinstance(i, ast.ClockCalendarItem)), None)
    pause = next((lower_pause(i) for i in block if isinstance(i, ast.PauseItem)), None)
    return calendar, pause


def lower_metric(item: ast.MetricItem, escalation: Steps) -> m.Metric:
    calendar, pause = _own_rules(item.block) if item.block else (None, None)
    return m.Metric(
        kind=item.metric.text,
        target_s=duration_seconds(item.within),
        goal=float(item.goal.value) if item.goal is not None else 100.0,
        via=tuple(n.text for n in item.via),
        escalation=escalation[0],
        escalation_chain=escalation[1],
        span=item.span,
        calendar=calendar,
        pause=pause,
    )


def _trigger(item: ast.TriggerItem) -> m.Trigger:
    if item.event is not None:
        return m.EventTrigger(item.event.text, item.span)
    assert item.condition is not None
    return m.ConditionTrigger(lower_condition(item.condition), item.span)


def lower_measure(item: ast.MeasureItem, escalation: Steps) -> m.Measure:
    block = item.block or ()
    calendar, pause = _own_rules(block)
    triggers = {kind: tuple(_trigger(i) for i in block if isinstance(i, ast.TriggerItem) and i.kind == kind)
                for kind in ("start", "stop", "resume")}
    return m.Measure(
        name=item.name.text,
        title=item.title.value if item.title is not None else None,
        target_s=duration_seconds(item.within),
        goal=float(item.goal.value) if item.goal is not None else 100.0,
        via=tuple(n.text for n in item.via),
        starts=triggers["start"] or (m.EventTrigger("created"),),
        stops=triggers["stop"] or (m.EventTrigger("resolved"),),
        resumes=triggers["resume"],
        pause=pause,
        calendar=calendar,
        cycles=any(isinstance(i, ast.CyclesItem) for i in block),
        escalation=escalation[0],
        escalation_chain=escalation[1],
        span=item.span,
    )
