"""Zendesk's SLA metrics: what each is in slalang, and what Zendesk calls it in metric events.

One table, read by import (policy metric -> slalang metric or measure text), export
(slalang metric or measure -> policy metric, only when its definition is Zendesk's) and
reconcile (ticket metric events -> slalang result). The measures follow Zendesk's
documented statuses: requester wait time pauses in ``pending``; agent work time in
``pending`` and ``hold``; pausable update in ``pending``; total resolution time and periodic
update never pause. docs/bridges/zendesk.md quotes each definition with its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..writer import policy_duration, quote

PRIORITIES: tuple[str, ...] = ("urgent", "high", "normal", "low")
"""Zendesk's ticket priorities, most important first."""

STATUSES: tuple[str, ...] = ("new", "open", "pending", "hold", "solved", "closed")
RESOLVED: tuple[str, ...] = ("solved", "closed")


@dataclass(frozen=True)
class MeasureShape:
    """A measure's triggers and pause rule, as language.md writes them."""

    title: str
    starts: tuple[str, ...]  # events: created, agent_reply, ...
    stops: tuple[str, ...]
    resumes: tuple[str, ...] = ()
    pause_statuses: tuple[str, ...] = ()  # () = pause never
    cycles: bool = False

    def items(self) -> list[str]:
        lines = ["cycles"] if self.cycles else []
        lines += [f"start on {event}" for event in self.starts]
        lines += [f"stop on {event}" for event in self.stops]
        lines += [f"resume on {event}" for event in self.resumes]
        if not self.pause_statuses:
            lines.append("pause never")
        elif len(self.pause_statuses) == 1:
            lines.append(f"pause when status == {quote(self.pause_statuses[0])}")
        else:
            lines.append("pause when status in [" + ", ".join(quote(s) for s in self.pause_statuses) + "]")
        return lines


@dataclass(frozen=True)
class ZendeskMetric:
    name: str  # in policy_metrics
    slalang: str  # the built-in metric, or the measure (named like the Zendesk metric)
    event_metric: str  # in ticket metric events
    measure: MeasureShape | None = None  # None: a built-in metric

    def line(self, target_s: int, calendar_item: str | None, lossy: str | None = None) -> str:
        """The metric's line (and block) in an SLA; ``calendar_item`` when it differs from the SLA's."""
        within = policy_duration(target_s)
        if self.measure is None:
            head = f"{self.slalang} within {within}"
            return head + (f" {{ {calendar_item} }}" if calendar_item else "")
        items = ([calendar_item] if calendar_item else []) + self.measure.items()
        body = "\n".join("        " + item for item in items)
        return f"measure {self.slalang} {quote(self.measure.title)} within {within} {{\n{body}\n    }}"


_UPDATE = ("agent_reply",)
METRICS: tuple[ZendeskMetric, ...] = (
    ZendeskMetric("first_reply_time", "first_response", "reply_time"),
    ZendeskMetric("next_reply_time", "next_response", "reply_time"),
    ZendeskMetric(
        "periodic_update_time", "periodic_update_time", "periodic_update_time",
        MeasureShape("Periodic update", _UPDATE, ("agent_reply", "resolved"), cycles=True),
    ),
    ZendeskMetric(
        "pausable_update_time", "pausable_update_time", "pausable_update_time",
        MeasureShape("Pausable update", _UPDATE, ("agent_reply", "resolved"), pause_statuses=("pending",), cycles=True),
    ),
    ZendeskMetric(
        "requester_wait_time", "requester_wait_time", "requester_wait_time",
        MeasureShape("Requester wait time", ("created",), ("resolved",), ("reopened",), ("pending",)),
    ),
    ZendeskMetric(
        "agent_work_time", "agent_work_time", "agent_work_time",
        MeasureShape("Agent work time", ("created",), ("resolved",), ("reopened",), ("pending", "hold")),
    ),
    ZendeskMetric(
        "total_resolution_time", "total_resolution_time", "resolution_time",
        MeasureShape("Total resolution time", ("created",), ("resolved",), ("reopened",)),
    ),
)
BY_NAME: dict[str, ZendeskMetric] = {m.name: m for m in METRICS}
BY_SLALANG: dict[str, ZendeskMetric] = {m.slalang: m for m in METRICS}
ORDER: dict[str, int] = {m.name: i for i, m in enumerate(METRICS)}
