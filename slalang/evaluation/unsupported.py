"""The constructs evaluation does not support yet, refused in one clearly named place.

Measures, a metric's own ``calendar`` or ``pause``, and a calendar chosen from the ticket
(``calendar by``, ``NAME in PATH``) compile, check and format, but tickets are not yet
evaluated under them. Rather than evaluate such an SLA as if the construct were absent, an
evaluator for a policy set that uses one raises ``NotEvaluatedYet`` (a ``ValueError``, which
``slalang eval`` and the server report like any policy that cannot be evaluated); it is
raised where evaluation reads an SLA's calendar, ``clocks.calendar_of``. A calendar
read in a fixed zone (``office in "Asia/Tokyo"``) is supported: it is one calendar.
"""

from __future__ import annotations

from ..model import Sla
from ..source import NO_SPAN, Span


class NotEvaluatedYet(ValueError):
    """The policy set uses a construct that evaluation does not support yet (``span``: the SLA)."""

    def __init__(self, message: str, span: Span = NO_SPAN) -> None:
        super().__init__(message)
        self.span = span


def unsupported_constructs(sla: Sla) -> list[str]:
    """What ``sla`` uses that evaluation does not support yet, in words (empty: nothing)."""
    found = []
    if not sla.calendar.is_fixed:
        found.append(f"`calendar {sla.calendar.text}` (a calendar chosen from the ticket)")
    for metric in sla.metrics:
        if metric.calendar is not None:
            found.append(f"a calendar of its own on `{metric.kind}`")
        if metric.pause is not None:
            found.append(f"a pause rule of its own on `{metric.kind}`")
    if sla.measures:
        found.append("measures (" + ", ".join(f"`{m.name}`" for m in sla.measures) + ")")
    return found

