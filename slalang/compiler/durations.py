"""Durations and percentages: checking them and converting durations to seconds.

``d`` is 24 hours and ``w`` 7 days of counted time (language.md). Units appear at most
once, larger first (``1h30m``). A target may not be zero; nothing may exceed 10 years.
"""

from __future__ import annotations

import math

from .. import ast
from ..diagnostics import Diagnostic, error
from ..units import UNIT_SECONDS

MAX_DURATION_S = 3650 * 86_400  # 10 years: anything longer is a typo, not a promise
MAX_STEP_PERCENT = 10_000.0  # an escalation at 100 times the target is a typo


def duration_seconds(duration: ast.Duration) -> int:
    return sum(n * UNIT_SECONDS[unit] for n, unit in duration.parts)


def check_duration(duration: ast.Duration, role: str, *, zero_ok: bool = False) -> list[Diagnostic]:
    """``role`` says what the duration is for in messages (``a target``, ``an offset``)."""
    text = duration.text
    order = list(UNIT_SECONDS)
    previous = -1
    for n, unit in duration.parts:
        if unit not in UNIT_SECONDS:
            return [
                error(
                    "bad-value",
                    f"unknown unit `{unit}` in duration `{text}`",
                    duration.span,
                    help="units are w (weeks), d (days), h, m and s, e.g. `1h30m`",
                )
            ]
        if order.index(unit) <= previous:
            canonical = _canonical(duration)
            return [
                error(
                    "bad-value",
                    f"the units of `{text}` are repeated or out of order",
                    duration.span,
                    help=f"write each unit once, larger units first (w d h m s), e.g. `{canonical}`",
                )
            ]
        previous = order.index(unit)
        if n < 0:
            return [error("bad-value", f"duration `{text}` is negative", duration.span, help="durations count up from zero")]
    seconds = duration_seconds(duration)
    if seconds == 0 and not zero_ok:
        return [
            error(
                "bad-value",
                f"{role} `{text}` is zero",
                duration.span,
                help="zero is not a target: give a positive duration such as `15m`",
            )
        ]
    if seconds > MAX_DURATION_S:
        return [
            error(
                "bad-value",
                f"duration `{text}` is {seconds // 86_400} days, longer than 10 years (3650d)",
                duration.span,
                help="targets and offsets are counted time; check the number and the unit",
            )
        ]
    return []


def _canonical(duration: ast.Duration) -> str:
    """The same total written with each unit once, larger first: ``30m1h`` -> ``1h30m``."""
    remaining = sum(n * UNIT_SECONDS.get(unit, 0) for n, unit in duration.parts)
    parts = []
    for unit, size in UNIT_SECONDS.items():
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


def check_goal(goal: ast.Percent) -> list[Diagnostic]:
    if not math.isfinite(goal.value) or goal.value <= 0:
        return [
            error(
                "bad-value",
                f"goal {goal.text}% is not a goal: it must be more than 0%",
                goal.span,
                help="a goal is the share of tickets that must meet the target, e.g. `goal 95%`",
            )
        ]
    if goal.value > 100:
        return [
            error(
                "bad-value",
                f"goal {goal.text}% is more than 100%",
                goal.span,
                help="a goal is a share of tickets, at most `goal 100%` (the default)",
            )
        ]
    return []


def check_step_percent(percent: ast.Percent) -> list[Diagnostic]:
    if not math.isfinite(percent.value) or percent.value < 0:
        return [
            error(
                "bad-value",
                f"escalation at {percent.text}% is below 0%",
                percent.span,
                help="a step fires at a share of the target from 0% up; use `- DURATION` for an earlier step",
            )
        ]
    if percent.value > MAX_STEP_PERCENT:
        return [
            error(
                "bad-value",
                f"escalation at {percent.text}% is more than {MAX_STEP_PERCENT:.0f}% of the target",
                percent.span,
                help="steps fire at a share of the target, e.g. `at 150%`; check the number",
            )
        ]
    return []
