"""A calendar with no open time in the 366 days from the reference date.

Every target counted on such a calendar is unreachable: its clock never runs, so
tickets never breach and never meet. Usually `hours` lines are missing, or `closed`
dates and holidays cover every open day.

Bad:

```sla
calendar office {
    timezone "Europe/Amsterdam"
    closed 2026-01-01
}

sla standard {
    calendar office
    first_response within 4h
}
```

Good:

```sla
calendar office {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
    closed 2026-01-01
}

sla standard {
    calendar office
    first_response within 4h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, error
from ...model import ALWAYS
from ...timeline import timeline_for
from ..context import Context
from ..deadlines import DAY_S

ID = "calendar-never-open"
SEVERITY = Severity.ERROR
DAYS = 366


def check(ctx: Context) -> Iterator[Diagnostic]:
    start = ctx.window.start_s
    for calendar in ctx.model.calendars.values():
        if calendar.name == ALWAYS:
            continue  # the built-in calendar
        if not timeline_for(calendar).open_intervals(start, start + DAYS * DAY_S):
            yield error(
                ID,
                f"calendar `{calendar.name}` has no open time in the {DAYS} days from {ctx.reference_date.isoformat()}",
                calendar.span,
                help="add `hours` lines, or check its `closed` dates and holidays; every target on it is unreachable",
            )
