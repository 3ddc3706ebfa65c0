"""A `pause when` that no ticket of the SLA can satisfy, or that holds for all of them.

A pause that can never hold for the tickets the SLA governs is dead (often a status
spelled differently from the one the help desk sends). A pause that holds for every
ticket the SLA governs, as the ticket is created, stops its clocks from the start: they
would never start until a status event ends the pause. "Tickets of the SLA" are those it
governs; since `status` events do not re-decide the SLA, a ticket keeps its SLA while its
status changes, and the first check allows any later status.

A metric's or measure's own `pause when` is checked the same way; the second check only
for the clocks that start when the ticket is created (`first_response`, `resolution`, a
measure that starts `on created`).

Bad:

```sla
sla standard {
    when status == "new"
    first_response within 4h
    pause when status in ["new", "open"]
}
```

Good:

```sla
sla standard {
    when status == "new"
    first_response within 4h
    pause when status == "pending_customer"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...diagnostics import Diagnostic, Severity, warning
from ...model import Condition, EventTrigger, Measure
from ..choices import clock_label
from ..conditions import Fails, Governs, Holds
from ..conditions.domain import STATUS_PATH
from ..context import GOVERNS, Context

ID = "pause-condition"
SEVERITY = Severity.WARNING
LATER_STATUS = 2  # the ticket copy with a status of its own (set by a later status event)


@dataclass(frozen=True)
class _Pause:
    """One ``pause when`` written in an SLA: its own, or a metric's or measure's."""

    index: int  # the SLA's
    condition: Condition
    owner: str  # ``sla `gold```, ``sla `gold` resolution``, ``sla `gold` measure `agent_work```
    what: str  # what would never start: ``its clocks``, ``resolution``, ``measure `agent_work```
    starts_at_creation: bool  # whether its clocks start when the ticket is created

    @property
    def never_pauses(self) -> str:
        return "its clocks never pause" if self.what == "its clocks" else f"{self.what} never pauses"


def _pauses(ctx: Context) -> Iterator[_Pause]:
    for index, sla in enumerate(ctx.model.slas):
        if sla.pause is not None:
            yield _Pause(index, sla.pause, f"sla `{sla.name}`", "its clocks", True)
        for clock in sla.clocks:
            if clock.pause is None or clock.pause.condition is None:
                continue
            if isinstance(clock, Measure):
                at_creation = any(isinstance(t, EventTrigger) and t.event == "created" for t in clock.starts)
            else:
                at_creation = clock.kind != "next_response"  # next_response starts at a customer reply
            label = clock_label(clock)
            yield _Pause(index, clock.pause.condition, f"sla `{sla.name}` {label}", label, at_creation)


def check(ctx: Context) -> Iterator[Diagnostic]:
    space = ctx.space
    pauses = list(_pauses(ctx))
    space.prepare(
        f for p in pauses for f in (Holds(p.condition, LATER_STATUS), Holds(p.condition), Fails(p.condition))
    )
    status_testers = space.slas_testing(STATUS_PATH)
    for pause in pauses:
        index, condition = pause.index, pause.condition
        if ctx.status(index) != GOVERNS:
            continue
        sla = ctx.model.slas[index]
        span = condition.span if condition.span.line > 0 else sla.span
        # A pause on the status alone (the usual kind) can hold iff some status satisfies it,
        # since a later status event can set any status on a ticket the SLA governs.
        status_only = _tests_only_status(ctx, condition)
        if status_only:
            can_hold = space.exists(Holds(condition))
        else:
            can_hold = space.exists(Governs(index), Holds(condition, LATER_STATUS))
        if not can_hold:
            yield warning(
                ID,
                f"{pause.owner}: `pause when {ctx.text(condition.span)}` holds for no ticket it governs, "
                f"whatever status the ticket later gets, so {pause.never_pauses}",
                span,
                help="check the field names and values against what your tickets carry, or remove the pause",
            )
            continue
        if not pause.starts_at_creation:
            continue
        # Likewise, when no SLA up to this one looks at the status, any status can come with it.
        if status_only and (not status_testers or status_testers[0] > index):
            can_start = space.exists(Fails(condition))
        else:
            can_start = space.exists(Governs(index), Fails(condition))
        if not can_start:
            example = space.find(Governs(index), Holds(condition))
            yield warning(
                ID,
                f"{pause.owner}: `pause when {ctx.text(condition.span)}` holds for every ticket it governs "
                f"when the ticket is created, so {pause.what} would never start",
                span,
                help="narrow the pause (or the SLA's `when`) so that new tickets are counted",
                witness=example.ticket(ctx.created_at_s) if example is not None else None,
            )


def _tests_only_status(ctx: Context, condition: Condition | None) -> bool:
    paths = ctx.space.paths_of([Holds(condition)])
    return all(path[: len(STATUS_PATH)] == STATUS_PATH for path in paths)
