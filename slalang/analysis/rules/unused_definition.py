"""A calendar, segment, team, OLA or escalation chain that nothing uses.

Usage is followed from the SLAs: an SLA uses its calendars (every one a `calendar by` can
choose, and those of its metrics and measures), the segments of its `when`, of its pause
rules and of its measures' triggers (and the segments those refer to), the OLAs of its
`via` chains and its named escalation chains; an OLA in use uses its team and calendar; a
team in use uses its calendar; an availability uses its calendar. Whatever is not reached
is reported, so a team named only by an unused OLA is reported too. The built-in `always`
calendar is never reported.

Bad:

```sla
calendar night_ops {
    timezone "UTC"
    hours mon-fri 22:00-06:00
}

sla standard {
    first_response within 4h
}
```

Good:

```sla
calendar night_ops {
    timezone "UTC"
    hours mon-fri 22:00-06:00
}

sla standard {
    calendar night_ops
    first_response within 4h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, info
from ...model import ALWAYS, All, Any_, Clock, Condition, ConditionTrigger, Measure, Not, SegmentRef
from ..context import Context

ID = "unused-definition"
SEVERITY = Severity.INFO


def _segments_in(condition: Condition | None) -> Iterator[str]:
    stack = [condition] if condition is not None else []
    while stack:
        c = stack.pop()
        if isinstance(c, (All, Any_)):
            stack.extend(c.items)
        elif isinstance(c, Not):
            stack.append(c.item)
        elif isinstance(c, SegmentRef):
            yield c.name


def _clock_conditions(clock: Clock) -> Iterator[Condition]:
    """The conditions of a metric's or measure's own pause rule and of a measure's triggers."""
    if clock.pause is not None and clock.pause.condition is not None:
        yield clock.pause.condition
    if isinstance(clock, Measure):
        for trigger in (*clock.starts, *clock.stops, *clock.resumes):
            if isinstance(trigger, ConditionTrigger):
                yield trigger.condition


def check(ctx: Context) -> Iterator[Diagnostic]:
    model = ctx.model
    calendars: set[str] = set()
    segments: set[str] = set()
    olas: set[str] = set()
    teams: set[str] = set()
    chains: set[str] = set()
    pending: list[str] = []
    for sla in model.slas:
        calendars.update(sla.calendar_names())
        pending.extend(_segments_in(sla.when))
        pending.extend(_segments_in(sla.pause))
        for clock in sla.clocks:
            olas.update(clock.via)
            if clock.escalation_chain:
                chains.add(clock.escalation_chain)
            for condition in _clock_conditions(clock):
                pending.extend(_segments_in(condition))
    calendars.update(a.calendar for a in model.availabilities.values())
    while pending:
        name = pending.pop()
        if name not in segments and name in model.segments:
            segments.add(name)
            pending.extend(_segments_in(model.segments[name].when))
    for name in olas:
        ola = model.olas[name]
        teams.add(ola.team)
        calendars.add(ola.calendar)
    for name in teams:
        calendars.add(model.teams[name].calendar)

    unused = [
        ("calendar", c.name, c.span, "no SLA, team or OLA in use counts on it")
        for c in model.calendars.values()
        if c.name not in calendars and c.name != ALWAYS
    ]
    unused += [
        ("segment", s.name, s.span, "no SLA condition refers to it, directly or through other segments")
        for s in model.segments.values()
        if s.name not in segments
    ]
    unused += [
        ("team", t.name, t.span, "no OLA of an SLA's `via` chain is done by it")
        for t in model.teams.values()
        if t.name not in teams
    ]
    unused += [("ola", o.name, o.span, "no SLA's `via` chain names it") for o in model.olas.values() if o.name not in olas]
    unused += [
        ("escalation chain", c.name, c.span, "no `escalate ... with` names it")
        for c in model.chains.values()
        if c.name not in chains
    ]
    for kind, name, span, why in unused:
        yield info(ID, f"{kind} `{name}` is not used: {why}", span, help="delete it, or use it")
