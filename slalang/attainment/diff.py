"""Replay the same tickets under two policy versions and say what changes.

A ticket changes when its governing SLA, a metric's deadline (one per ``next_response``
cycle) or a metric's status differs between the two versions, or when it fails under one
version and not the other (or fails differently). Attainment per SLA metric is compared
before and after, in percentage points.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..evaluation import format_utc
from .aggregation import CYCLE_METRIC, ReportBuilder, ResultShapeError, format_instant, result_dict
from .figures import AttainmentReport, GoalMark, MeasureRollup, MetricReport
from .replay import evaluate_stream, fix_now

METRIC_ORDER = ("first_response", "next_response", "resolution")


@dataclass(frozen=True)
class MetricChange:
    """One metric of one ticket whose status or deadline differs.

    A status is None when the metric is not in that version's result (another SLA, no SLA,
    or a failed ticket). ``*_deadlines`` has one instant per metric, or one per cycle for
    ``next_response``.
    """

    metric: str
    old_status: str | None
    new_status: str | None
    old_deadlines: tuple[str | None, ...]
    new_deadlines: tuple[str | None, ...]

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status

    @property
    def deadline_changed(self) -> bool:
        return self.old_deadlines != self.new_deadlines

    @property
    def newly_breached(self) -> bool:
        return self.new_status == "breached" and self.old_status != "breached"

    @property
    def no_longer_breached(self) -> bool:
        return self.old_status == "breached" and self.new_status != "breached"

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "old_status": self.old_status,
            "new_status": self.new_status,
            "old_deadlines": list(self.old_deadlines),
            "new_deadlines": list(self.new_deadlines),
        }


@dataclass(frozen=True)
class TicketChange:
    id: str
    old_sla: str | None  # None: no SLA governs it, or it failed (then old_error says why)
    new_sla: str | None
    metrics: tuple[MetricChange, ...]  # the metrics that differ, in metric order (none when one side failed)
    old_error: str | None = None
    new_error: str | None = None

    @property
    def sla_changed(self) -> bool:
        """Both versions evaluated the ticket and another SLA governs it."""
        return self.old_error is None and self.new_error is None and self.old_sla != self.new_sla

    @property
    def deadline_changed(self) -> bool:
        return any(m.deadline_changed for m in self.metrics)

    @property
    def status_changed(self) -> bool:
        return any(m.status_changed for m in self.metrics)

    @property
    def newly_breached(self) -> bool:
        return any(m.newly_breached for m in self.metrics)

    @property
    def no_longer_breached(self) -> bool:
        return any(m.no_longer_breached for m in self.metrics)

    @property
    def error_changed(self) -> bool:
        return self.old_error != self.new_error

    @property
    def rank(self) -> int:
        """For showing the most consequential changes first: 0 a breach appears or goes,
        1 another status, SLA or failure change, 2 deadlines only."""
        if self.newly_breached or self.no_longer_breached:
            return 0
        if self.status_changed or self.sla_changed or self.error_changed:
            return 1
        return 2

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "old_sla": self.old_sla,
            "new_sla": self.new_sla,
            "metrics": [m.to_json() for m in self.metrics],
        }
        if self.error_changed:
            data["old_error"] = self.old_error
            data["new_error"] = self.new_error
        return data


def _change_pp(before: MetricReport | MeasureRollup | None, after: MetricReport | MeasureRollup | None) -> float | None:
    """The change of attainment in percentage points, None unless both versions have one."""
    if before is None or after is None:
        return None
    a, b = before.stats.attainment_pct, after.stats.attainment_pct
    return None if a is None or b is None else b - a


@dataclass(frozen=True)
class AttainmentDelta:
    """One SLA metric's attainment under each version (None where that version lacks it)."""

    sla: str
    metric: str
    before: MetricReport | None
    after: MetricReport | None

    @property
    def delta_pp(self) -> float | None:
        return _change_pp(self.before, self.after)

    @property
    def changed(self) -> bool:
        def facts(m: MetricReport | None) -> tuple[Any, ...] | None:
            return None if m is None else (m.goal_pct, m.target_s, m.stats.met, m.stats.breached, m.mark)

        return facts(self.before) != facts(self.after)

    def to_json(self) -> dict[str, Any]:
        def side(m: MetricReport | None) -> dict[str, Any] | None:
            if m is None:
                return None
            return {
                "goal_pct": m.goal_pct,
                "target_s": m.target_s,
                "attainment_pct": m.stats.attainment_pct,
                "met": m.stats.met,
                "breached": m.stats.breached,
                "open": m.stats.open,
                "mark": m.mark.value,
            }

        return {
            "sla": self.sla,
            "metric": self.metric,
            "before": side(self.before),
            "after": side(self.after),
            "delta_pp": self.delta_pp,
        }


@dataclass(frozen=True)
class RollupDelta:
    """A measure name several SLAs declare (in either version), rolled up across them under
    each version: the SLAs that declare it there, even one; None where no SLA declares it."""

    measure: str
    before: MeasureRollup | None
    after: MeasureRollup | None

    @property
    def delta_pp(self) -> float | None:
        return _change_pp(self.before, self.after)

    @property
    def changed(self) -> bool:
        def facts(r: MeasureRollup | None) -> tuple[Any, ...] | None:
            return None if r is None else (r.slas, r.goal_pct, r.stats.met, r.stats.breached, r.mark)

        return facts(self.before) != facts(self.after)

    def to_json(self) -> dict[str, Any]:
        def side(r: MeasureRollup | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {
                "slas": list(r.slas),
                "goal_pct": r.goal_pct,
                "attainment_pct": r.stats.attainment_pct,
                "met": r.stats.met,
                "breached": r.stats.breached,
                "open": r.stats.open,
                "mark": None if r.mark is None else r.mark.value,
            }

        return {"measure": self.measure, "before": side(self.before), "after": side(self.after),
                "delta_pp": self.delta_pp}


@dataclass(frozen=True)
class PolicyDiff:
    old_label: str
    new_label: str
    now: str | None
    tickets: int
    changes: tuple[TicketChange, ...]  # input order
    attainment: tuple[AttainmentDelta, ...]  # new version's order, then SLA metrics only the old has
    old_version: str | None = None
    new_version: str | None = None
    measure_rollups: tuple[RollupDelta, ...] = ()  # the new version's roll-ups first, then the old's

    def count(self, predicate: str) -> int:
        """Changed tickets for which a TicketChange property holds, e.g. ``count("sla_changed")``."""
        return sum(1 for c in self.changes if getattr(c, predicate))

    @property
    def goals_newly_missed(self) -> tuple[AttainmentDelta, ...]:
        return tuple(
            d
            for d in self.attainment
            if d.after is not None
            and d.after.mark is GoalMark.MISSED
            and (d.before is None or d.before.mark is not GoalMark.MISSED)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "old": {"label": self.old_label, "version": self.old_version},
            "new": {"label": self.new_label, "version": self.new_version},
            "now": self.now,
            "tickets": self.tickets,
            "changed": len(self.changes),
            "sla_changed": self.count("sla_changed"),
            "deadline_changed": self.count("deadline_changed"),
            "status_changed": self.count("status_changed"),
            "newly_breached": self.count("newly_breached"),
            "no_longer_breached": self.count("no_longer_breached"),
            "error_changed": self.count("error_changed"),
            "changes": [c.to_json() for c in self.changes],
            "attainment": [d.to_json() for d in self.attainment],
            # only when some measure name is declared by several SLAs in either version, as in report
            **({"measure_rollups": [r.to_json() for r in self.measure_rollups]} if self.measure_rollups else {}),
        }


def diff_policies(
    old: Any,
    new: Any,
    tickets: Iterable[Any],
    now: str | int | dt.datetime | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> PolicyDiff:
    """Evaluate ``tickets`` under two policies (``slalang.Policy`` or ``PolicySet``) at the
    same ``now`` (None: the current second) and compare.

    ``tickets`` are ticket dicts or ``(line, ticket)`` pairs, read once and streamed.
    """
    now_s = fix_now(now)
    old_tickets, new_tickets = itertools.tee(tickets)
    return diff_results(
        old,
        new,
        evaluate_stream(old, old_tickets, now_s),
        evaluate_stream(new, new_tickets, now_s),
        now=format_utc(now_s),
        old_label=old_label,
        new_label=new_label,
    )


def diff_results(
    old: Any,
    new: Any,
    old_results: Iterable[Any],
    new_results: Iterable[Any],
    now: str | dt.datetime | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> PolicyDiff:
    """Compare two result streams of the same tickets, in the same order (one per ticket)."""
    before, after = ReportBuilder(old), ReportBuilder(new)
    changes: list[TicketChange] = []
    tickets = 0
    sentinel = object()
    for old_raw, new_raw in itertools.zip_longest(old_results, new_results, fillvalue=sentinel):
        if old_raw is sentinel or new_raw is sentinel:
            raise ResultShapeError("the two versions produced different numbers of results")
        old_result, new_result = result_dict(old_raw), result_dict(new_raw)
        if old_result.get("id") != new_result.get("id"):
            raise ResultShapeError(
                f"result {tickets + 1} is ticket {old_result.get('id')!r} under the old version "
                f"but {new_result.get('id')!r} under the new one"
            )
        tickets += 1
        before.add(old_result)
        after.add(new_result)
        change = compare_results(old_result, new_result)
        if change is not None:
            changes.append(change)
    old_report, new_report = before.finish(now), after.finish(now)
    return PolicyDiff(
        old_label=old_label or _label(old_report, "old"),
        new_label=new_label or _label(new_report, "new"),
        now=format_instant(now),
        tickets=tickets,
        changes=tuple(changes),
        attainment=_attainment_deltas(old_report, new_report),
        old_version=old_report.policy_version,
        new_version=new_report.policy_version,
        measure_rollups=_rollup_deltas(before, new_report, after, old_report),
    )


def compare_results(old: Mapping[str, Any], new: Mapping[str, Any]) -> TicketChange | None:
    """What differs for one ticket between two results; None when nothing reported differs."""
    old_error, new_error = _error(old), _error(new)
    old_metrics, new_metrics = _metrics(old), _metrics(new)
    if old_error is not None or new_error is not None:
        old_metrics = new_metrics = {}  # the failure is the change; its metrics are not compared
    changed = []
    for kind in _names(old_metrics, new_metrics):
        a, b = old_metrics.get(kind), new_metrics.get(kind)
        if a is None and b is None:
            continue
        change = MetricChange(kind, _status(a), _status(b), _deadlines(kind, a), _deadlines(kind, b))
        if change.status_changed or change.deadline_changed:
            changed.append(change)
    old_sla, new_sla = old.get("sla"), new.get("sla")
    if not changed and old_sla == new_sla and old_error == new_error:
        return None
    return TicketChange(str(old.get("id")), old_sla, new_sla, tuple(changed), old_error, new_error)


def _names(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The built-in metrics in their order, then the measures by name, in the order they
    appear (the old result's first): a measure is compared with the one of the same name."""
    names = [kind for kind in METRIC_ORDER if kind in old or kind in new]
    for name in (*old, *new):
        if name not in names:
            names.append(name)
    return names


def _metrics(result: Mapping[str, Any]) -> Mapping[str, Any]:
    metrics = result.get("metrics")
    return metrics if isinstance(metrics, Mapping) else {}


def _status(metric: Any) -> str | None:
    return metric.get("status") if isinstance(metric, Mapping) else None


def _deadlines(kind: str, metric: Any) -> tuple[str | None, ...]:
    if not isinstance(metric, Mapping):
        return ()
    cycles = metric.get("cycles")
    if kind == CYCLE_METRIC or isinstance(cycles, list):
        return tuple(c.get("deadline") for c in cycles or [] if isinstance(c, Mapping))
    return (metric.get("deadline"),)


def _error(result: Mapping[str, Any]) -> str | None:
    return str(result["error"]) if "error" in result else None


def _label(report: AttainmentReport, fallback: str) -> str:
    parts = [p for p in (report.policy_name, report.policy_version) if p]
    return " ".join(parts) or fallback


def _attainment_deltas(old: AttainmentReport, new: AttainmentReport) -> tuple[AttainmentDelta, ...]:
    old_by_key = {m.key: m for m in old.metrics}
    new_keys = {m.key for m in new.metrics}
    deltas = [AttainmentDelta(m.sla, m.metric, old_by_key.get(m.key), m) for m in new.metrics]
    deltas += [AttainmentDelta(m.sla, m.metric, m, None) for m in old.metrics if m.key not in new_keys]
    return tuple(deltas)


def _rollup_deltas(
    before: ReportBuilder, new: AttainmentReport, after: ReportBuilder, old: AttainmentReport
) -> tuple[RollupDelta, ...]:
    """Every measure name rolled up in either version, each side over the SLAs declaring it there."""
    names = list(dict.fromkeys([r.measure for r in new.measure_rollups] + [r.measure for r in old.measure_rollups]))
    if not names:
        return ()
    old_by_name = {r.measure: r for r in before.measure_rollups(names)}
    new_by_name = {r.measure: r for r in after.measure_rollups(names)}
    return tuple(RollupDelta(name, old_by_name.get(name), new_by_name.get(name)) for name in names)
