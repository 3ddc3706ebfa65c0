"""Build an ``AttainmentReport`` from evaluation results (evaluation.md's output objects).

The input is the spec'd result shape, so a report can be built from the evaluator's
``TicketResult`` objects, from ``slalang eval`` output read back, or from hand-written dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import PolicySet
from .distribution import histogram, percentile
from .figures import AttainmentReport, GroupRow, GroupStats, MetricReport, TicketError
from .membership import NO_PRIORITY, NO_SEGMENT, Membership, TicketLookup

MAX_ERRORS_KEPT = 20
SINGLE_STATUSES = frozenset({"met", "breached", "running", "paused"})
CYCLE_METRIC = "next_response"
CYCLE_STATUSES = SINGLE_STATUSES | {"none"}


class ResultShapeError(ValueError):
    """A result does not have evaluation.md's shape, or does not fit the policy given."""


def build_report(
    policy: Any,
    results: Iterable[Any],
    tickets: Iterable[Mapping[str, Any]] | None = None,
    now: str | dt.datetime | None = None,
) -> AttainmentReport:
    """Aggregate results into attainment per SLA metric, with breakdowns.

    ``policy`` is a ``slalang.Policy`` or a compiled ``PolicySet``; ``results`` are result
    dicts or objects with ``to_json()``; ``tickets`` are the input tickets (matched to results
    by id, read lazily) and give segment and priority breakdowns; without them the report has
    no breakdowns. ``now`` is the evaluation instant, shown in the report.
    """
    builder = ReportBuilder(policy)
    lookup = TicketLookup(tickets) if tickets is not None else None
    for raw in results:
        result = result_dict(raw)
        ticket = lookup.find(result.get("id")) if lookup is not None and "error" not in result else None
        builder.add(result, ticket)
    return builder.finish(now)


def result_dict(result: Any) -> Mapping[str, Any]:
    """The spec'd output object of a result (a dict, or anything with ``to_json()``)."""
    if isinstance(result, Mapping):
        return result
    to_json = getattr(result, "to_json", None)
    if callable(to_json):
        data = to_json()
        if isinstance(data, Mapping):
            return data
    raise ResultShapeError(f"expected an evaluation result object, got {type(result).__name__}")


def format_instant(now: str | dt.datetime | None) -> str | None:
    """An instant as RFC 3339 UTC to the second (``2026-11-20T15:55:00Z``)."""
    if now is None or isinstance(now, str):
        return now
    if now.tzinfo is None:
        raise ValueError("now must carry a UTC offset")
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _model_of(policy: Any) -> PolicySet:
    model = getattr(policy, "model", policy)
    if not isinstance(model, PolicySet):
        raise TypeError(f"expected a slalang.Policy or PolicySet, got {type(policy).__name__}")
    return model


class _Tally:
    __slots__ = ("counts", "times")

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.times: list[int] = []

    def freeze(self) -> GroupStats:
        self.times.sort()
        c = self.counts
        return GroupStats(
            met=c.get("met", 0),
            breached=c.get("breached", 0),
            running=c.get("running", 0),
            paused=c.get("paused", 0),
            no_cycle=c.get("none", 0),
            stops=len(self.times),
            p50_s=percentile(self.times, 50),
            p90_s=percentile(self.times, 90),
        )


class ReportBuilder:
    """Adds results one at a time (for streams read once) and freezes them into a report."""

    def __init__(self, policy: Any):
        model = _model_of(policy)
        self.model = model
        self.tickets = 0
        self.failed = 0
        self.no_sla = 0
        self.errors: list[TicketError] = []
        self.per_sla: dict[str, int] = {s.name: 0 for s in model.slas}
        # (sla, metric) -> overall tally; (sla, metric, kind, group) -> breakdown tally
        self.overall: dict[tuple[str, str], _Tally] = {
            (s.name, m.kind): _Tally() for s in model.slas for m in s.metrics
        }
        self.groups: dict[tuple[str, str, str, str], _Tally] = {}

    def add(self, result: Any, ticket: Mapping[str, Any] | None = None) -> None:
        """Count one result; ``ticket`` (its input) puts it in segment and priority groups."""
        result = result_dict(result)
        self.tickets += 1
        ticket_id = result.get("id")
        if "error" in result:
            self.failed += 1
            if len(self.errors) < MAX_ERRORS_KEPT:
                line = result.get("line")
                self.errors.append(
                    TicketError(
                        None if ticket_id is None else str(ticket_id),
                        line if isinstance(line, int) else None,
                        str(result["error"]),
                    )
                )
            return
        if "sla" not in result:
            raise ResultShapeError(f"result for ticket {ticket_id!r} has neither 'sla' nor 'error'")
        sla_name = result["sla"]
        if sla_name is None:
            self.no_sla += 1
            return
        if sla_name not in self.per_sla:
            raise ResultShapeError(
                f"result for ticket {ticket_id!r} names SLA {sla_name!r}, which the policy does not define"
            )
        self.per_sla[sla_name] += 1
        sla = self.model.sla(sla_name)
        metrics = result.get("metrics")
        if not isinstance(metrics, Mapping):
            raise ResultShapeError(f"result for ticket {ticket_id!r} has no 'metrics' object")
        defined = {m.kind for m in sla.metrics}
        unknown = sorted(set(metrics) - defined)
        missing = sorted(defined - set(metrics))
        if unknown or missing:
            raise ResultShapeError(
                f"result for ticket {ticket_id!r} does not match SLA {sla_name!r}: "
                f"metrics {', '.join(unknown or missing)} {'not defined by' if unknown else 'missing for'} it"
            )
        membership = Membership.of(ticket, self.model) if ticket is not None else None
        for kind in sorted(defined):
            status, times = _metric_outcome(ticket_id, kind, metrics[kind])
            tallies = [self.overall[(sla_name, kind)]]
            if membership is not None:
                tallies += [self._group(sla_name, kind, "segment", s) for s in membership.segments]
                tallies.append(self._group(sla_name, kind, "priority", membership.priority))
            for tally in tallies:
                tally.counts[status] = tally.counts.get(status, 0) + 1
                tally.times.extend(times)

    def _group(self, sla: str, metric: str, kind: str, group: str) -> _Tally:
        key = (sla, metric, kind, group)
        tally = self.groups.get(key)
        if tally is None:
            tally = self.groups[key] = _Tally()
        return tally

    def finish(self, now: str | dt.datetime | None = None) -> AttainmentReport:
        reports = []
        priority_order = (*self.model.priorities, NO_PRIORITY)
        for sla in self.model.slas:
            for metric in sla.metrics:
                stats = self.overall[(sla.name, metric.kind)].freeze()
                times = self.overall[(sla.name, metric.kind)].times
                reports.append(
                    MetricReport(
                        sla=sla.name,
                        sla_title=sla.title,
                        metric=metric.kind,
                        target_s=metric.target_s,
                        goal_pct=metric.goal,
                        stats=stats,
                        mark=stats.mark(metric.goal),
                        histogram=histogram(times, metric.target_s),
                        by_segment=self._rows(
                            sla.name, metric.kind, metric.goal, "segment", (*self.model.segments, NO_SEGMENT)
                        ),
                        by_priority=self._rows(sla.name, metric.kind, metric.goal, "priority", priority_order),
                    )
                )
        return AttainmentReport(
            policy_name=self.model.name,
            policy_version=self.model.version,
            now=format_instant(now),
            tickets=self.tickets,
            failed=self.failed,
            no_sla=self.no_sla,
            per_sla=tuple(self.per_sla.items()),
            metrics=tuple(reports),
            errors=tuple(self.errors),
        )

    def _rows(self, sla: str, metric: str, goal: float, kind: str, order: tuple[str, ...]) -> tuple[GroupRow, ...]:
        rows = []
        for group in order:
            tally = self.groups.get((sla, metric, kind, group))
            if tally is not None:
                stats = tally.freeze()
                rows.append(GroupRow(group, stats, stats.mark(goal)))
        return tuple(rows)


def _metric_outcome(ticket_id: Any, kind: str, data: Any) -> tuple[str, list[int]]:
    """The metric's status and its time-to-stop samples (one per stopped cycle for next_response)."""
    if not isinstance(data, Mapping):
        raise ResultShapeError(f"result for ticket {ticket_id!r}: metric {kind} is not an object")
    status = data.get("status")
    allowed = CYCLE_STATUSES if kind == CYCLE_METRIC else SINGLE_STATUSES
    if status not in allowed:
        raise ResultShapeError(
            f"result for ticket {ticket_id!r}: metric {kind} has status {status!r}; "
            f"expected one of {', '.join(sorted(allowed))}"
        )
    if kind == CYCLE_METRIC:
        cycles = data.get("cycles", [])
        if not isinstance(cycles, list):
            raise ResultShapeError(f"result for ticket {ticket_id!r}: next_response 'cycles' is not a list")
        return status, [_stop_time(ticket_id, kind, c) for c in cycles if _stopped(c)]
    return status, [_stop_time(ticket_id, kind, data)] if _stopped(data) else []


def _stopped(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("stop") is not None


def _stop_time(ticket_id: Any, kind: str, data: Mapping[str, Any]) -> int:
    counted = data.get("counted_s")
    if not isinstance(counted, int) or isinstance(counted, bool) or counted < 0:
        raise ResultShapeError(f"result for ticket {ticket_id!r}: metric {kind} has no valid counted_s")
    return counted
