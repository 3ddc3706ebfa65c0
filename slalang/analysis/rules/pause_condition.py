"""A `pause when` that no ticket of the SLA can satisfy, or that holds for all of them.

A pause that can never hold for the tickets the SLA governs is dead (often a status
spelled differently from the one the help desk sends). A pause that holds for every
ticket the SLA governs, as the ticket is created, stops its clocks from the start: they
would never start until a status event ends the pause. "Tickets of the SLA" are those it
governs; since `status` events do not re-decide the SLA, a ticket keeps its SLA while its
status changes, and the first check allows any later status.

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

from typing import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ..conditions import Fails, Governs, Holds
from ..conditions.domain import STATUS_PATH
from ..context import GOVERNS, Context

ID = "pause-condition"
SEVERITY = Severity.WARNING
LATER_STATUS = 2  # the ticket copy with a status of its own (set by a later status event)


def check(ctx: Context) -> Iterator[Diagnostic]:
    space = ctx.space
    with_pause = [(i, s) for i, s in enumerate(ctx.model.slas) if s.pause is not None]
    space.prepare(f for _, s in with_pause for f in (Holds(s.pause, LATER_STATUS), Holds(s.pause), Fails(s.pause)))
    status_testers = space.slas_testing(STATUS_PATH)
    for index, sla in with_pause:
        if ctx.status(index) != GOVERNS:
            continue
        span = sla.pause.span if sla.pause.span.line > 0 else sla.span
        # A pause on the status alone (the usual kind) can hold iff some status satisfies it,
        # since a later status event can set any status on a ticket the SLA governs.
        status_only = _tests_only_status(ctx, sla.pause)
        if status_only:
            can_hold = space.exists(Holds(sla.pause))
        else:
            can_hold = space.exists(Governs(index), Holds(sla.pause, LATER_STATUS))
        if not can_hold:
            yield warning(
                ID,
                f"sla `{sla.name}`: `pause when {ctx.text(sla.pause.span)}` holds for no ticket it governs, "
                "whatever status the ticket later gets, so its clocks never pause",
                span,
                help="check the field names and values against what your tickets carry, or remove the pause",
            )
            continue
        # Likewise, when no SLA up to this one looks at the status, any status can come with it.
        if status_only and (not status_testers or status_testers[0] > index):
            can_start = space.exists(Fails(sla.pause))
        else:
            can_start = space.exists(Governs(index), Fails(sla.pause))
        if not can_start:
            example = space.find(Governs(index), Holds(sla.pause))
            yield warning(
                ID,
                f"sla `{sla.name}`: `pause when {ctx.text(sla.pause.span)}` holds for every ticket it governs "
                "when the ticket is created, so its clocks would never start",
                span,
                help="narrow the pause (or the SLA's `when`) so that new tickets are counted",
                witness=example.ticket(ctx.created_at_s) if example is not None else None,
            )


def _tests_only_status(ctx: Context, condition) -> bool:
    paths = ctx.space.paths_of([Holds(condition)])
    return all(path[: len(STATUS_PATH)] == STATUS_PATH for path in paths)
