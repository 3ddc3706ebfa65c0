"""Escalation steps: when each fires, and which of them did fire.

A step fires when the metric's counted time reaches ``percent x target`` shifted by its
offset. Instants are whole seconds, so the fire point is the smallest whole number of
counted seconds at or past that amount (``33.3%`` of 1h = 1198.8 s fires at 1199 s); a
point at or below zero fires at the metric's start. A step fires only if the metric is
still running at its instant (not stopped at or before it, not in a resolved period) and
the instant is not after ``now``. A step of a run not stopped whose instant lies after
``now`` is *planned* (``planned_at``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model import EscalationStep

Interval = tuple[int, int]


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


def running_at(instant: int, start_s: int, stop_s: int | None, idle: Sequence[Interval]) -> bool:
    """Whether a run that started at ``start_s`` was running at ``instant``: not before its
    start, not at or after its stop, and not inside an ``idle`` interval (a resolved period)."""
    if instant < start_s or (stop_s is not None and instant >= stop_s):
        return False
    for low, high in idle:
        if low <= instant < high:
            return False
        if low > instant:
            break
    return True


def fires(instant: int | None, start_s: int, stop_s: int | None, idle: Sequence[Interval], now_s: int) -> bool:
    """Whether a step with this fire instant fired on a run (evaluation.md, "Escalations"):
    the calendar reaches it, it is not after ``now``, and the run was running then."""
    return instant is not None and instant <= now_s and running_at(instant, start_s, stop_s, idle)


def planned_at(stop_s: int | None, instant: int | None, now_s: int) -> bool:
    """Whether a step with this fire instant is *planned* (evaluation.md, "What is due next"):
    its run has not stopped and the step's instant lies after ``now``.

    The instant comes from the run's history up to ``now`` and, past it, the clock going on
    with no further pause (``measure``), so after ``now`` it is exactly where the clock,
    running on from ``now``, reaches the step's point. A point reached at or before ``now``
    either fired then or never will (the run was not running at that instant, e.g. the ticket
    was resolved then and reopened since): it is not planned."""
    return stop_s is None and instant is not None and instant > now_s
