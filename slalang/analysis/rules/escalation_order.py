"""Escalation steps not in increasing order of firing, or firing before 0%.

Steps fire when the metric's counted time reaches `percent × target ± offset`. A step
listed after another but firing before it reads wrong and usually hides a mistake
(`100% - 2h` on a 1h target fires at -1h); a step before 0% fires the moment the clock
starts, or never means what was intended. Steps firing at the same instant are fine.
For a named chain, the order depends on the target of each metric that uses it.
Measures' escalations are checked as metrics' are (with `cycles`, per cycle: the same
order).

Bad:

```sla
sla standard {
    resolution within 8h
    escalate resolution {
        at 100% notify team.lead
        at 75% notify assignee
    }
}
```

Good:

```sla
sla standard {
    resolution within 8h
    escalate resolution {
        at 75% notify assignee
        at 100% notify team.lead
    }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ..choices import clock_label
from ..context import Context
from ..wording import target

ID = "escalation-order"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    for sla in ctx.model.slas:
        for clock in sla.clocks:
            where = f"sla `{sla.name}` {clock_label(clock)}"
            if clock.escalation_chain:
                where += f" (chain `{clock.escalation_chain}`)"
            latest: tuple[float, int] | None = None  # (fires at, step number) of the latest so far
            for number, step in enumerate(clock.escalation, start=1):
                fires_s = step.fire_after_s(clock.target_s)
                if fires_s < 0:
                    yield warning(
                        ID,
                        f"{where}: step {number} fires at {target(fires_s)} of counted time, "
                        f"before the clock starts (target {target(clock.target_s)})",
                        step.span,
                        help="a step cannot fire before 0%; shorten its `- offset` or raise its percentage",
                    )
                elif latest is not None and fires_s < latest[0]:
                    yield warning(
                        ID,
                        f"{where}: step {number} fires at {target(fires_s)} of counted time, "
                        f"before step {latest[1]} at {target(latest[0])} (target {target(clock.target_s)})",
                        step.span,
                        help="list the steps in the order they fire",
                    )
                if latest is None or fires_s > latest[0]:
                    latest = (fires_s, number)
