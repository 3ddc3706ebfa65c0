"""A first or next response target longer than the resolution target of the same SLA.

A ticket resolved by its resolution deadline is answered by then, so a longer response
target can never be the one that matters; it is almost always a typo (`48h` for `4h`).
A response metric with a calendar or pause rule of its own, different from the
resolution's, counts another clock: its target is not compared.

Bad:

```sla
sla standard {
    first_response within 48h
    resolution     within 24h
}
```

Good:

```sla
sla standard {
    first_response within 4h
    resolution     within 24h
}
```
"""

from __future__ import annotations

from typing import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ...model import Metric, Sla
from ..context import Context
from ..wording import target

ID = "response-after-resolution"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    for sla in ctx.model.slas:
        resolution = sla.metric("resolution")
        if resolution is None:
            continue
        for kind in ("first_response", "next_response"):
            metric = sla.metric(kind)
            if metric is None or not _same_clock(sla, metric, resolution):
                continue
            if metric.target_s > resolution.target_s:
                yield warning(
                    ID,
                    f"sla `{sla.name}`: the {kind} target {target(metric.target_s)} is longer than "
                    f"its resolution target {target(resolution.target_s)}",
                    metric.span,
                    help=f"a response target at most {target(resolution.target_s)} can matter; check for a typo",
                )


def _same_clock(sla: Sla, a: Metric, b: Metric) -> bool:
    return sla.calendar_of(a) == sla.calendar_of(b) and sla.pause_of(a) == sla.pause_of(b)
