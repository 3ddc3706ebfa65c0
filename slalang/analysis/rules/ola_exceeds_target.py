"""An OLA chain that can never finish within its metric's target.

For every start instant in a year from the reference date, the chain of OLAs (each step
counted on its own team's calendar, starting when the previous one ends) ends after the
SLA deadline (the target counted on the SLA's calendar from the same start). The promise
cannot be kept by the internal commitments that are meant to deliver it. The check is
exact: the worst and best cases lie at the calendars' opening and closing instants, and
every one of them in the year is evaluated.

The same holds for a measure with `via`, and for a metric or measure with a calendar of
its own (its deadline counts on that calendar). A calendar chosen from the ticket is
checked once per arm of its `calendar by` (arms that choose the same calendar together),
and the finding names the arm; `office in customer.timezone` is checked in `office`'s own
zone, and the finding says so.

Bad:

```sla
team support { calendar always agents 2 }
ola fix by support within 8h

sla standard {
    resolution within 4h via fix
}
```

Good:

```sla
team support { calendar always agents 2 }
ola fix by support within 3h

sla standard {
    resolution within 4h via fix
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, error
from ..context import Context
from ..olas import chain_checks
from ..wording import duration, instant, target

ID = "ola-exceeds-target"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Diagnostic]:
    for found in chain_checks(ctx):
        if not found.always_late:
            continue
        ext = found.extremes
        where = f"{found.where}: the OLA chain {found.chain_text}"
        deadline = f"the {target(found.clock.target_s)} deadline"
        if ext.min_diff == float("inf"):
            message = (
                f"{where} never finishes (an OLA's calendar has no open time after the start), "
                f"so it never meets {deadline}"
            )
        elif ext.max_diff == ext.min_diff:
            message = (
                f"{where} always ends after {deadline}, by {duration(ext.min_diff)} for every start "
                f"in the year from {ctx.reference_date.isoformat()}"
            )
        else:
            worst = "never finishes" if found.worst_chain_end_s is None else f"by up to {duration(ext.max_diff)}"
            message = (
                f"{where} always ends after {deadline} for every start in the year from "
                f"{ctx.reference_date.isoformat()}: by at least {duration(ext.min_diff)} "
                f"(start {instant(ext.min_start)}) and {worst} (start {instant(ext.max_start)})"
            )
        yield error(
            ID,
            message,
            found.clock.span,
            help="shorten the OLA targets, give the teams calendars that cover the SLA's, or widen the target",
            witness={"start": instant(ext.min_start)},
        )
