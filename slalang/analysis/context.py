"""What every rule sees: the model, its sources, the reference year, and shared answers.

The expensive parts (the ticket space, deadline comparisons, which SLAs govern) are built
on first use and shared by all rules of one run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from functools import cached_property
from typing import Any

from ..model import (
    Calendar,
    CalendarChoice,
    Clock,
    Condition,
    ConditionTrigger,
    Measure,
    PolicySet,
    Sla,
    ZonedCalendar,
)
from ..source import Span
from ..timeline import timeline_for
from .choices import CalendarOption, calendar_options
from .conditions import Holds, TicketSpace
from .deadlines import Deadlines, Step, Window
from .wording import excerpt

GOVERNS = "governs"
SHADOWED = "shadowed"
UNSATISFIABLE = "unsatisfiable"


def clock_conditions(model: PolicySet) -> list[Condition]:
    """The conditions of the clocks (their own pause rules, measures' triggers) and of the
    calendars chosen from the ticket: the ticket space must tell their values apart too."""
    found: list[Condition] = []
    for sla in model.slas:
        choices = [sla.calendar] + [c.calendar for c in sla.clocks if c.calendar is not None]
        for choice in choices:
            if not isinstance(choice, ZonedCalendar) or choice.zone_path is not None:
                found += [o.condition for o in calendar_options(model, choice) if o.condition is not None]
        for clock in sla.clocks:
            if clock.pause is not None and clock.pause.condition is not None:
                found.append(clock.pause.condition)
            if isinstance(clock, Measure):
                triggers = (*clock.starts, *clock.stops, *clock.resumes)
                found += [t.condition for t in triggers if isinstance(t, ConditionTrigger)]
    return found


class Context:
    def __init__(
        self, model: PolicySet, sources: Mapping[str, str], reference_date: dt.date, known_ids: tuple[str, ...]
    ) -> None:
        self.model = model
        self.sources = dict(sources)
        self.reference_date = reference_date
        self.known_ids = known_ids  # every rule id and compile code a suppression comment may name
        self.window = Window.year_from(reference_date)
        self._status: list[str] | None = None
        self._shared: dict[Hashable, Any] = {}

    def shared(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A result several rules use, computed once per run."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    @cached_property
    def space(self) -> TicketSpace:
        return TicketSpace(self.model, clock_conditions(self.model))

    @cached_property
    def deadlines(self) -> Deadlines:
        return Deadlines(self.window)

    # --- the model --------------------------------------------------------------------

    def calendar(self, name: str) -> Calendar:
        return self.model.calendars[name]

    def options(self, choice: CalendarChoice) -> tuple[CalendarOption, ...]:
        """Every calendar a choice can pick (see ``choices``), computed once per choice."""
        return self.shared(("options", choice), lambda: calendar_options(self.model, choice))

    def clock_options(self, sla: Sla, clock: Clock) -> tuple[CalendarOption, ...]:
        """The calendars a metric or measure of ``sla`` can count on, each with the tickets
        that choose it; arms that no ticket ``sla`` matches can choose are left out."""
        return tuple(o for o in self.options(sla.calendar_of(clock)) if self.reachable(sla, o))

    def reachable(self, sla: Sla, option: CalendarOption) -> bool:
        """Whether some ticket that ``sla`` matches chooses the option."""
        if option.condition is None:
            return True
        return self.space.exists(Holds(sla.when), Holds(option.condition))

    def open_around_the_clock(self, calendar: Calendar) -> bool:
        """Open at every instant of the year from the reference date, decided from its open
        intervals (not from how its ``hours`` lines are written)."""
        if calendar.is_always:
            return True
        start_s, end_s = self.window.start_s, self.window.end_s
        return self.shared(
            ("around the clock", calendar),
            lambda: timeline_for(calendar).open_seconds(start_s, end_s) == end_s - start_s,
        )

    def chain_steps(self, clock: Clock) -> list[Step]:
        steps = []
        for name in clock.via:
            ola = self.model.olas[name]
            steps.append((self.calendar(ola.calendar), ola.target_s))
        return steps

    def lines(self, file: str) -> list[str]:
        """The lines of a source file (split once per run)."""
        return self.shared(f"lines:{file}", lambda: self.sources.get(file, "").splitlines())

    def text(self, span: Span, limit: int = 80) -> str:
        return excerpt(self.lines(span.file), span, limit)

    def when_span(self, sla: Sla) -> Span:
        return sla.when.span if sla.when is not None and sla.when.span.line > 0 else sla.span

    @property
    def created_at_s(self) -> int:
        """The creation instant witness tickets carry unless a finding names another."""
        return self.window.start_s

    # --- governance -------------------------------------------------------------------

    def status(self, index: int) -> str:
        """GOVERNS (some ticket), SHADOWED (matches some, governs none) or UNSATISFIABLE."""
        if self._status is None:
            self._status = [self._decide(i) for i in range(len(self.model.slas))]
        return self._status[index]

    def _decide(self, index: int) -> str:
        if self.space.governs_some(index):
            return GOVERNS
        return SHADOWED if self.space.holds_somewhere(self.model.slas[index].when) else UNSATISFIABLE
