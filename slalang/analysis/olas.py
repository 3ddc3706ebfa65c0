"""OLA chains against their SLA targets, exactly over a year of start instants.

For a metric or measure with ``via A -> B -> C``, the chain starts at the clock's start s:
A counts its target on its own calendar from s, B from A's end, C from B's end. The
deadline counts the clock's target on the calendar it counts on (its own, or the SLA's)
from s; a calendar chosen from the ticket is compared once per calendar it can choose
(arms on one calendar together; see ``choices``). ``Deadlines.extremes`` gives the
largest and smallest ``chain_end(s) - deadline(s)`` over every start in the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..model import Clock, Sla
from .choices import CalendarOption, clock_label, group_by_calendar, group_note
from .context import Context
from .deadlines import Extremes


@dataclass(frozen=True)
class ChainCheck:
    sla: Sla
    clock: Clock
    options: tuple[CalendarOption, ...]  # the calendars of the clock compared (one, or arms on one)
    extremes: Extremes  # of chain_end - deadline
    worst_chain_end_s: int | None
    worst_deadline_s: int | None

    @property
    def chain_text(self) -> str:
        return " -> ".join(self.clock.via)

    @property
    def where(self) -> str:
        """``sla `gold` resolution``, with the calendar when the ticket chooses it."""
        note = group_note(self.options)
        on = f" on `{self.options[0].written}` ({note})" if note else ""
        return f"sla `{self.sla.name}` {clock_label(self.clock)}{on}"

    @property
    def always_late(self) -> bool:
        return self.extremes.min_diff > 0

    @property
    def sometimes_late(self) -> bool:
        return self.extremes.max_diff > 0


def chain_checks(ctx: Context) -> list[ChainCheck]:
    """Every metric or measure with a ``via`` chain whose deadline exists, compared once per
    calendar it can count on (cached per run)."""
    return ctx.shared("ola-chains", lambda: list(_compute(ctx)))


def _compute(ctx: Context) -> Iterator[ChainCheck]:
    from ..timeline import NO_DEADLINE

    for sla in ctx.model.slas:
        for clock in sla.clocks:
            if not clock.via:
                continue
            chain = ctx.chain_steps(clock)
            for calendar, options in group_by_calendar(ctx.clock_options(sla, clock)):
                deadline = [(calendar, clock.target_s)]
                found = ctx.deadlines.extremes(chain, deadline)
                if found.max_diff == -np.inf or found.min_diff == -np.inf:
                    continue  # the clock's calendar never opens: calendar-never-open says so
                chain_end = ctx.deadlines.end_at(chain, found.max_start)
                deadline_s = ctx.deadlines.end_at(deadline, found.max_start)
                yield ChainCheck(
                    sla,
                    clock,
                    options,
                    found,
                    None if chain_end == NO_DEADLINE else chain_end,
                    None if deadline_s == NO_DEADLINE else deadline_s,
                )
