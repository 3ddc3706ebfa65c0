"""What every rule sees: the model, its sources, the reference year, and shared answers.

The expensive parts (the ticket space, deadline comparisons, which SLAs govern) are built
on first use and shared by all rules of one run.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, Callable, Mapping

from ..model import Calendar, Metric, PolicySet, Sla
from ..source import Span
from .conditions import TicketSpace
from .deadlines import Deadlines, Step, Window
from .wording import excerpt

GOVERNS = "governs"
SHADOWED = "shadowed"
UNSATISFIABLE = "unsatisfiable"




class Context:
    def __init__(self, model: PolicySet, sources: Mapping[str, str], reference_date: dt.date) -> None:
        self.model = model
        self.sources = dict(sources)
        self.reference_date = reference_date
        self.window = Window.year_from(reference_date)
        self._status: list[str] | None = None
        self._shared: dict[str, Any] = {}

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """A result several rules use, computed once per run."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    @cached_property
    def space(self) -> TicketSpace:
        return TicketSpace(self.model)

    @cached_property
    def deadlines(self) -> Deadlines:
        return Deadlines(self.window)

    # --- the model --------------------------------------------------------------------

    def calendar(self, name: str) -> Calendar:
        return self.model.calendars[name]

    def metric_calendar(self, sla: Sla, metric: Metric) -> Calendar | None:
        """The one calendar a metric of ``sla`` counts on; None when the ticket chooses it
        (``calendar by``, ``NAME in PATH``), which the rules do not reason about yet."""
        return self.model.fixed_calendar(sla.calendar_of(metric))

    def metric_step(self, sla: Sla, metric: Metric) -> Step | None:
        """The metric's deadline as (calendar, target); None when the ticket chooses the calendar."""
        calendar = self.metric_calendar(sla, metric)
        return (calendar, metric.target_s) if calendar is not None else None

    def chain_steps(self, metric: Metric) -> list[Step]:
        steps = []
        for name in metric.via:
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
