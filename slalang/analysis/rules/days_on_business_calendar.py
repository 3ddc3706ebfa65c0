"""A `d` or `w` duration counted on a calendar that is not open around the clock.

Durations count open time: `1d` is 24 open hours and `1w` is 168, on any calendar. On
office hours of 8 a day, `2d` is six working days, not two. Write the hours (`48h`) to
say what is meant, or count on a calendar open around the clock. Checked for SLA
targets and escalation offsets (on the SLA's calendar) and OLA targets (on the OLA's).

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
from typing import Iterator

from ...diagnostics import Diagnostic, Severity, info
from ...source import Span
from ...units import UNIT_SECONDS
from ..context import Context
from ..suppression import comment_start
from ..wording import target

ID = "days-on-business-calendar"
SEVERITY = Severity.INFO

_WITHIN = re.compile(r"\bwithin\s+((?:\d+[wdhms])+)")
_OFFSET = re.compile(r"%\s*[+-]\s*((?:\d+[wdhms])+)")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _code(ctx: Context, span: Span) -> str:
    """The span's source text without strings and comments."""
    all_lines = ctx.lines(span.file)
    lines = all_lines[span.line - 1 : span.end_line] if span.line > 0 else []
    cleaned = []
    for line in lines:
        start = comment_start(line)
        cleaned.append(_STRING.sub('""', line if start is None else line[:start]))
    return "\n".join(cleaned)


def _seconds(text: str) -> int:
    return sum(int(n) * UNIT_SECONDS[u] for n, u in re.findall(r"(\d+)([wdhms])", text))


def _has_days(text: str) -> bool:
    return bool(re.search(r"\d+[wd]", text))


def check(ctx: Context) -> Iterator[Diagnostic]:
    seen: set[tuple[Span, str]] = set()

    def report(span: Span, written: str, calendar_name: str, what: str) -> Iterator[Diagnostic]:
        if (span, calendar_name) in seen:
            return
        seen.add((span, calendar_name))
        seconds = _seconds(written)
        yield info(
            ID,
            f"{what} `{written}` counts {seconds // 3600} open hours on calendar `{calendar_name}`, "
            f"which is not open around the clock (1d = 24 open hours, not a working day)",
            span,
            help=f"write `{target(seconds)}` to say it in hours, or count on a calendar open around the clock",
        )

    for sla in ctx.model.slas:
        for metric in sla.metrics:
            calendar = ctx.metric_calendar(sla, metric)
            if calendar is None or calendar.is_always:
                continue  # None: the ticket chooses the calendar, not judged here (yet)
            match = _WITHIN.search(_code(ctx, metric.span))
            if match and _has_days(match.group(1)):
                yield from report(metric.span, match.group(1), calendar.name, f"sla `{sla.name}` {metric.kind} target")
            for step in metric.escalation:
                offset = _OFFSET.search(_code(ctx, step.span))
                if offset and _has_days(offset.group(1)):
                    yield from report(step.span, offset.group(1), calendar.name, f"sla `{sla.name}` escalation offset")
    for ola in ctx.model.olas.values():
        calendar = ctx.calendar(ola.calendar)
        if calendar.is_always:
            continue
        match = _WITHIN.search(_code(ctx, ola.span))
        if match and _has_days(match.group(1)):
            yield from report(ola.span, match.group(1), calendar.name, f"ola `{ola.name}` target")
