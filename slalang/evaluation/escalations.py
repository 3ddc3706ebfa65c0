"""Escalation steps: when each fires, and which of them did fire.

A step fires when the metric's counted time reaches ``percent x target`` shifted by its
offset. Instants are whole seconds, so the fire point is the smallest whole number of
counted seconds at or past that amount (``33.3%`` of 1h = 1198.8 s fires at 1199 s); a
point at or below zero fires at the metric's start. A step fires only if the metric is
still running at its instant (not stopped at or before it, not in a resolved period) and
the instant is not after ``now``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from ..model import EscalationStep
from .history import Interval
from .result import Escalation

METRIC_ORDER = {"first_response": 0, "next_response": 1, "resolution": 2}


@dataclass(frozen=True, slots=True)
class StepPlan:
    """One step of a metric's chain, with its fire point for that metric's target."""

    index: int  # position in the chain
    fire_after_s: int  # counted seconds from the run's start
    actions: tuple[str, ...]  # canonical
    exact_s: Fraction  # percent x target + offset, before rounding (for explanations)
    percent: float
    offset_s: int


def plan_steps(steps: Sequence[EscalationStep], target_s: int) -> tuple[StepPlan, ...]:
    plans = []
    for index, step in enumerate(steps):
        exact = Fraction(repr(float(step.percent))) * target_s / 100 + step.offset_s
        fire = max(0, math.ceil(exact))
        plans.append(StepPlan(index, fire, tuple(a.canonical for a in step.actions), exact, step.percent, step.offset_s))
    return tuple(plans)


def running_at(instant: int, start_s: int, stop_s: int | None, resolved: Sequence[Interval]) -> bool:
    """Whether a run that started at ``start_s`` was still running at ``instant``."""
    if instant < start_s or (stop_s is not None and instant >= stop_s):
        return False
    for low, high in resolved:
        if low <= instant < high:
            return False
        if low > instant:
            break
    return True


def fired(
    metric: str,
    steps: Sequence[StepPlan],
    instants: Sequence[int | None],
    start_s: int,
    stop_s: int | None,
    resolved: Sequence[Interval],
    now_s: int,
) -> list[tuple[tuple[int, int, int], Escalation]]:
    """The steps of one run that fired, each with its sort key (instant, metric, step)."""
    out = []
    order = METRIC_ORDER[metric]
    for step, instant in zip(steps, instants, strict=True):
        if instant is None or instant > now_s:
            continue
        if running_at(instant, start_s, stop_s, resolved):
            out.append(((instant, order, step.index), Escalation(metric, instant, step.actions)))
    return out
