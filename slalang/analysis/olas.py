"""OLA chains against their SLA targets, exactly over a year of start instants.

For a metric with ``via A -> B -> C``, the chain starts at the metric's start s: A counts
its target on its own calendar from s, B from A's end, C from B's end. The SLA deadline
counts the metric's target on the SLA's calendar from s. ``Deadlines.extremes`` gives the
largest and smallest ``chain_end(s) - deadline(s)`` over every start in the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Metric, Sla
from .context import Context
from .deadlines import Extremes


@dataclass(frozen=True)
class ChainCheck:
    sla: Sla
    metric: Metric
    extremes: Extremes  # of chain_end - deadline
    worst_chain_end_s: int | None
    worst_deadline_s: int | None

    @property
    def chain_text(self) -> str:
        return " -> ".join(self.metric.via)

    @property
    def always_late(self) -> bool:
        return self.extremes.min_diff > 0

    @property
    def sometimes_late(self) -> bool:
        return self.extremes.max_diff > 0


def chain_checks(ctx: Context) -> list[ChainCheck]:
    """Every metric with a ``via`` chain whose SLA deadline exists, compared (cached per run)."""
    return ctx.shared("ola-chains", lambda: list(_compute(ctx)))


def _compute(ctx: Context):
    from ..timeline import NO_DEADLINE

    for sla in ctx.model.slas:
        for metric in sla.metrics:
            if not metric.via:
                continue
            step = ctx.metric_step(sla, metric)
            if step is None:
                continue  # the ticket chooses the calendar: each choice is not compared (yet)
            chain = ctx.chain_steps(metric)
            deadline = [step]
            found = ctx.deadlines.extremes(chain, deadline)
            if found.max_diff == -np.inf or found.min_diff == -np.inf:
                continue  # the SLA's own calendar never opens: calendar-never-open says so
            starts = np.array([found.max_start], dtype=np.int64)
            chain_end = int(ctx.deadlines.ends(chain, starts)[0])
            deadline_s = int(ctx.deadlines.ends(deadline, starts)[0])
            yield ChainCheck(
                sla,
                metric,
                found,
                None if chain_end == NO_DEADLINE else chain_end,
                None if deadline_s == NO_DEADLINE else deadline_s,
            )
