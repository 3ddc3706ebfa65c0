"""A first or next response target longer than the resolution target of the same SLA.

A ticket resolved by its resolution deadline is answered by then, so a longer response
target can never be the one that matters; it is almost always a typo (`48h` for `4h`).
When the response metric counts on another calendar than resolution (a calendar of its
own, or of resolution's), their deadlines are compared instead of their targets: the
finding is for a response deadline later than the resolution deadline for every start
instant in the year from the reference date. A calendar chosen from the ticket is
compared once per arm (the finding names the arms a ticket of the SLA can choose
together). A response metric with a pause rule of its own, different from the
resolution's, pauses at other times: it is not compared.

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

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ...model import Metric, Sla
from ..conditions import Holds
from ..context import Context
from ..wording import duration, instant, target

ID = "response-after-resolution"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    for sla in ctx.model.slas:
        resolution = sla.metric("resolution")
        if resolution is None:
            continue
        for kind in ("first_response", "next_response"):
            metric = sla.metric(kind)
            if metric is None or sla.pause_of(metric) != sla.pause_of(resolution):
                continue
            if sla.calendar_of(metric) != sla.calendar_of(resolution):
                yield from _deadlines_compared(ctx, sla, metric, resolution)
            elif metric.target_s > resolution.target_s:
                yield warning(
                    ID,
                    f"sla `{sla.name}`: the {kind} target {target(metric.target_s)} is longer than "
                    f"its resolution target {target(resolution.target_s)}",
                    metric.span,
                    help=f"a response target at most {target(resolution.target_s)} can matter; check for a typo",
                )


def _deadlines_compared(ctx: Context, sla: Sla, metric: Metric, resolution: Metric) -> Iterator[Diagnostic]:
    """On different calendars: a finding per pair of calendars (arms) some ticket of the SLA
    counts on, where the response deadline is later than the resolution's for every start."""
    for mine in ctx.clock_options(sla, metric):
        for theirs in ctx.clock_options(sla, resolution):
            ext = ctx.deadlines.extremes(
                [(mine.calendar, metric.target_s)], [(theirs.calendar, resolution.target_s)]
            )
            if not ext.min_diff > 0 or ext.min_diff == float("inf"):
                continue  # never later, or never a response deadline (calendar-never-open says so)
            arms = [Holds(o.condition) for o in (mine, theirs) if o.condition is not None]
            witness: dict | None = {"start": instant(ext.min_start)}
            if arms:
                example = ctx.space.find(Holds(sla.when), *arms)
                if example is None:
                    continue  # no ticket chooses both
                witness = example.ticket(ext.min_start)
            yield warning(
                ID,
                f"sla `{sla.name}`: the {metric.kind} deadline, {target(metric.target_s)} {mine.on()}, is later "
                f"than the resolution deadline, {target(resolution.target_s)} {theirs.on()}, for every start, "
                f"by at least {duration(ext.min_diff)}",
                metric.span,
                help="a response deadline after the resolution deadline cannot matter; "
                "check the target and the calendar for a typo",
                witness=witness,
            )
