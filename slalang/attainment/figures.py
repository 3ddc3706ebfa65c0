"""The attainment report: what share of tickets met each SLA metric, against its goal.

Counting rules (docs/reports.md):

- A ticket counts once per metric of the SLA that governed it at the end (``"sla"`` in its
  result). ``met`` and ``breached`` tickets are *decided*; attainment is
  ``met / (met + breached)``. ``running`` and ``paused`` tickets are not decided yet and are
  counted apart, never in attainment. ``next_response`` with no cycle counts as ``no_cycle``.
- A goal is met when attainment >= the metric's ``goal`` (exactly, no rounding); with no
  decided ticket there is no data to judge.
- Time to stop is the counted seconds from start to stop of stopped metrics
  (``counted_s`` where ``stop`` is set); for ``next_response`` each stopped cycle is a sample.
  Beside it, the wall-clock time from start to stop of the same samples (``wall_p50_s``,
  ``wall_p90_s``): business time against the time the customer waited.
- Breakdowns by month and by ``--by`` fields place a ticket as it was created: its month of
  creation in the report's zone, its field values at creation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from .breaches import WEEKDAYS, Breach
from .distribution import HistogramBin


class GoalMark(str, Enum):
    MET = "met"
    MISSED = "missed"
    NO_DATA = "no data"


@dataclass(frozen=True)
class GroupStats:
    """Counts and time-to-stop percentiles for one group of tickets on one SLA metric."""

    met: int = 0
    breached: int = 0
    running: int = 0
    paused: int = 0
    no_cycle: int = 0
    stops: int = 0  # number of time-to-stop samples (cycles for next_response)
    p50_s: int | None = None
    p90_s: int | None = None
    wall_p50_s: int | None = None  # wall-clock seconds from start to stop, same samples
    wall_p90_s: int | None = None

    @property
    def decided(self) -> int:
        return self.met + self.breached

    @property
    def open(self) -> int:
        """Tickets still running or paused: not counted in attainment."""
        return self.running + self.paused

    @property
    def tickets(self) -> int:
        return self.met + self.breached + self.running + self.paused + self.no_cycle

    @property
    def attainment_pct(self) -> float | None:
        """Met as a percentage of decided tickets; None when none is decided."""
        return 100.0 * self.met / self.decided if self.decided else None

    def mark(self, goal_pct: float) -> GoalMark:
        if not self.decided:
            return GoalMark.NO_DATA
        # Exact comparison: 999 of 1000 meets a 99.9% goal.
        return GoalMark.MET if Fraction(self.met * 100, self.decided) >= Fraction(str(goal_pct)) else GoalMark.MISSED

    def to_json(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "breached": self.breached,
            "running": self.running,
            "paused": self.paused,
            "no_cycle": self.no_cycle,
            "decided": self.decided,
            "attainment_pct": self.attainment_pct,
            "stops": self.stops,
            "p50_s": self.p50_s,
            "p90_s": self.p90_s,
            "wall_p50_s": self.wall_p50_s,
            "wall_p90_s": self.wall_p90_s,
        }


@dataclass(frozen=True)
class GroupRow:
    """One breakdown row: a segment, a priority, a month or a field value on one SLA metric."""

    group: str
    stats: GroupStats
    mark: GoalMark

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "mark": self.mark.value, **self.stats.to_json()}


@dataclass(frozen=True)
class MetricReport:
    """One metric of one SLA: the whole population, its distribution and its breakdowns."""

    sla: str
    sla_title: str | None
    metric: str
    target_s: int
    goal_pct: float
    stats: GroupStats
    mark: GoalMark
    histogram: tuple[HistogramBin, ...]
    # Groups with at least one ticket: segments in declaration order then "(no segment)";
    # priorities in declared order then "(none)".
    by_segment: tuple[GroupRow, ...]
    by_priority: tuple[GroupRow, ...]
    by_month: tuple[GroupRow, ...] = ()  # "2026-11", in order
    by_field: tuple[tuple[str, tuple[GroupRow, ...]], ...] = ()  # (field path, rows by value, sorted)

    @property
    def key(self) -> tuple[str, str]:
        return (self.sla, self.metric)

    def to_json(self) -> dict[str, Any]:
        return {
            "sla": self.sla,
            "sla_title": self.sla_title,
            "metric": self.metric,
            "target_s": self.target_s,
            "goal_pct": self.goal_pct,
            "mark": self.mark.value,
            **self.stats.to_json(),
            "histogram": [b.to_json() for b in self.histogram],
            "by_segment": [r.to_json() for r in self.by_segment],
            "by_priority": [r.to_json() for r in self.by_priority],
            "by_month": [r.to_json() for r in self.by_month],
            "by_field": {path: [r.to_json() for r in rows] for path, rows in self.by_field},
        }

    def rows(self, breakdown: str) -> tuple[GroupRow, ...]:
        """The rows of a breakdown: ``segment``, ``priority``, ``month`` or a field path."""
        if breakdown in ("segment", "priority", "month"):
            return getattr(self, f"by_{breakdown}")
        return dict(self.by_field).get(breakdown, ())


@dataclass(frozen=True)
class MeasureRollup:
    """A measure name that several SLAs declare: the tickets of all of them counted together
    (counts summed, percentiles over every sample). Its goal is the SLAs' goal when they all
    set the same one; otherwise there is none and attainment is not judged against a goal."""

    measure: str
    slas: tuple[str, ...]  # in policy order
    goal_pct: float | None
    stats: GroupStats
    mark: GoalMark | None

    def to_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "slas": list(self.slas),
            "goal_pct": self.goal_pct,
            "mark": None if self.mark is None else self.mark.value,
            **self.stats.to_json(),
        }


@dataclass(frozen=True)
class TicketError:
    """A ticket the evaluator could not evaluate (bad input)."""

    id: str | None
    line: int | None
    error: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "line": self.line, "error": self.error}


@dataclass(frozen=True)
class AttainmentReport:
    policy_name: str | None
    policy_version: str | None
    now: str | None  # the evaluation instant, RFC 3339 UTC, when known
    tickets: int  # results read, failed ones included
    failed: int  # results with an error
    no_sla: int  # evaluated tickets no SLA governs
    per_sla: tuple[tuple[str, int], ...]  # tickets governed by each SLA, policy order
    metrics: tuple[MetricReport, ...]  # SLAs in policy order, metrics in METRICS order
    errors: tuple[TicketError, ...]  # the first few failures, in input order
    zone: str = "UTC"  # where months, weekdays and hours are read
    segment_order: tuple[str, ...] = ()  # declared segments, then "(no segment)"
    priority_order: tuple[str, ...] = ()  # declared priorities, most important first, then "(none)"
    fields: tuple[str, ...] = ()  # the --by field paths
    breaches: tuple[Breach, ...] = ()  # in input order
    breach_heatmap: tuple[tuple[int, ...], ...] = ()  # [weekday Mon..Sun][hour 0..23] of the missed deadline
    measure_rollups: tuple[MeasureRollup, ...] = ()  # measure names several SLAs declare, first declared first

    def groups(self, breakdown: str) -> list[str]:
        """The groups of a breakdown that some metric has, in their order: segments and
        priorities as declared, months in time order, field values sorted."""
        present = {r.group for m in self.metrics for r in m.rows(breakdown)}
        if breakdown == "segment":
            return [g for g in self.segment_order if g in present] + sorted(present - set(self.segment_order))
        if breakdown == "priority":
            return [g for g in self.priority_order if g in present] + sorted(present - set(self.priority_order))
        return sorted(present)

    @property
    def evaluated(self) -> int:
        return self.tickets - self.failed

    @property
    def goals_missed(self) -> tuple[MetricReport, ...]:
        return tuple(m for m in self.metrics if m.mark is GoalMark.MISSED)

    def metric(self, sla: str, metric: str) -> MetricReport:
        for m in self.metrics:
            if m.key == (sla, metric):
                return m
        raise KeyError((sla, metric))

    def to_json(self) -> dict[str, Any]:
        rollups = {"measure_rollups": [r.to_json() for r in self.measure_rollups]} if self.measure_rollups else {}
        return {
            "policy": {"name": self.policy_name, "version": self.policy_version},
            "now": self.now,
            "tickets": self.tickets,
            "evaluated": self.evaluated,
            "failed": self.failed,
            "no_sla": self.no_sla,
            "per_sla": {name: count for name, count in self.per_sla},
            "goals_missed": len(self.goals_missed),
            "metrics": [m.to_json() for m in self.metrics],
            "errors": [e.to_json() for e in self.errors],
            "zone": self.zone,
            "breaches": [b.to_json() for b in self.breaches],
            "breach_heatmap": {
                "zone": self.zone,
                "weekdays": list(WEEKDAYS),
                "counts": [list(row) for row in self.breach_heatmap],
            },
            **rollups,  # only when some measure name is declared by several SLAs
        }
