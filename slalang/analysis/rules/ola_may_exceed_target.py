"""An OLA chain that ends after its metric's target for some start instants.

Like `ola-exceeds-target`, but only for some start instants: typically a chain counted
on office hours behind an SLA counted around the clock overruns for tickets created on a
Friday evening or before a holiday. The message gives the worst start instant in the
year from the reference date and the overrun there, computed exactly (every opening and
closing instant of the calendars involved is evaluated, nothing is sampled).

The same holds for a measure with `via`, and for a metric or measure with a calendar of
its own (its deadline counts on that calendar). A calendar chosen from the ticket is
checked once per arm of its `calendar by` (arms that choose the same calendar together),
and the finding names the arm; `office in customer.timezone` is checked in `office`'s own
zone, and the finding says so.

Bad:

```sla
calendar office {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}
team support { calendar office agents 2 }
ola fix by support within 4h

sla standard {
    calendar always
    resolution within 8h via fix
}
```

Good:

```sla
calendar office {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}
team support { calendar office agents 2 }
ola fix by support within 4h

sla standard {
    calendar office
    resolution within 8h via fix
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ..context import Context
from ..olas import chain_checks
from ..wording import duration, instant, target

ID = "ola-may-exceed-target"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    for found in chain_checks(ctx):
        if found.always_late or not found.sometimes_late:
            continue
        ext = found.extremes
        if found.worst_chain_end_s is None:
            detail = "it never ends"
        else:
            assert found.worst_deadline_s is not None  # a clock whose calendar never opens is not checked
            detail = (
                f"by up to {duration(ext.max_diff)} (the chain ends {instant(found.worst_chain_end_s)}, "
                f"the deadline is {instant(found.worst_deadline_s)})"
            )
        yield warning(
            ID,
            f"{found.where}: the OLA chain {found.chain_text} can end after the "
            f"{target(found.clock.target_s)} deadline: for a start at {instant(ext.max_start)} {detail}",
            found.clock.span,
            help="shorten the OLA targets, give the teams calendars that cover the SLA's hours, "
            "or count the SLA on a calendar the teams work",
            witness={"start": instant(ext.max_start)},
        )
