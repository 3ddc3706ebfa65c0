"""A `d` or `w` duration counted on a calendar that is not open around the clock.

Durations count open time: `1d` is 24 open hours and `1w` is 168, on any calendar. On
office hours of 8 a day, `2d` is six working days, not two. Write the hours (`48h`) to
say what is meant, or count on a calendar open around the clock. Checked for the targets
and escalation offsets of metrics and measures (on the calendar each counts on: its own,
or the SLA's; for a `calendar by`, on every arm, named in the finding) and for OLA
targets (on the OLA's). Whether a calendar is open around the clock is decided from its
open time in the year from the reference date, however its `hours` lines split the week
(`hours mon-sun 00:00-12:00, 12:00-24:00` is open around the clock).

Bad:

```sla
calendar office {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}

sla standard {
    calendar office
    resolution within 2d
}
```

Good:

```sla
calendar office {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:00
}

sla standard {
    calendar office
    resolution within 16h
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, info
from ...model import Calendar, Clock, Metric
from ...source import Span
from ...units import UNIT_SECONDS
from ..choices import clock_label, group_by_calendar, group_note
from ..context import Context
from ..suppression import comment_start
from ..wording import target

ID = "days-on-business-calendar"
SEVERITY = Severity.INFO

_WITHIN = re.compile(r"\bwithin\s+((?:\d+[wdhms])+)")
_OFFSET = re.compile(r"%\s*[+-]\s*((?:\d+[wdhms])+)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _code(ctx: Context, span: Span) -> str:
    """The span's source text (from its first column to its last) without strings and comments."""
    if span.line <= 0:
        return ""
    lines = ctx.lines(span.file)[span.line - 1 : span.end_line]
    cleaned = []
    for number, line in enumerate(lines, start=span.line):
        start = comment_start(line)
        end = len(line) if start is None else start
        if number == span.end_line:
            end = min(end, span.end_column - 1)
        begin = span.column - 1 if number == span.line else 0
        cleaned.append(_STRING.sub('""', line[begin:end]))
    return "\n".join(cleaned)


def _seconds(text: str) -> int:
    return sum(int(n) * UNIT_SECONDS[u] for n, u in re.findall(r"(\d+)([wdhms])", text))


def _has_days(text: str) -> bool:
    return bool(re.search(r"\d+[wd]", text))


def check(ctx: Context) -> Iterator[Diagnostic]:
    seen: set[tuple[Span, str]] = set()

    def report(span: Span, written: str, calendar: Calendar, note: str, what: str) -> Iterator[Diagnostic]:
        if (span, calendar.name) in seen:
            return
        seen.add((span, calendar.name))
        seconds = _seconds(written)
        where = f"calendar `{calendar.name}`" + (f" ({note})" if note else "")
        yield info(
            ID,
            f"{what} `{written}` counts {seconds // 3600} open hours on {where}, "
            f"which is not open around the clock (1d = 24 open hours, not a working day)",
            span,
            help=f"write `{target(seconds)}` to say it in hours, or count on a calendar open around the clock",
        )

    for sla in ctx.model.slas:
        for clock in sla.clocks:
            written = _days_written(ctx, clock)
            if not written:
                continue
            for calendar, options in group_by_calendar(ctx.clock_options(sla, clock)):
                if ctx.open_around_the_clock(calendar):
                    continue
                note = group_note(options)
                for span, text, what in written:
                    yield from report(span, text, calendar, note, f"sla `{sla.name}` {what}")
    for ola in ctx.model.olas.values():
        calendar = ctx.calendar(ola.calendar)
        if ctx.open_around_the_clock(calendar):
            continue
        match = _WITHIN.search(_code(ctx, ola.span))
        if match and _has_days(match.group(1)):
            yield from report(ola.span, match.group(1), calendar, "", f"ola `{ola.name}` target")


def _days_written(ctx: Context, clock: Clock) -> list[tuple[Span, str, str]]:
    """The clock's target and escalation offsets written with ``d`` or ``w``: (span, text, what)."""
    found = []
    match = _WITHIN.search(_code(ctx, clock.span))
    if match and _has_days(match.group(1)):
        found.append((clock.span, match.group(1), f"{clock_label(clock)} target"))
    offsets = "escalation offset" if isinstance(clock, Metric) else f"{clock_label(clock)} escalation offset"
    for step in clock.escalation:
        offset = _OFFSET.search(_code(ctx, step.span))
        if offset and _has_days(offset.group(1)):
            found.append((step.span, offset.group(1), offsets))
    return found
