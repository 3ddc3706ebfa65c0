"""Build an ``AttainmentReport`` from evaluation results (evaluation.md's output objects).

The input is the spec'd result shape, so a report can be built from the evaluator's
``TicketResult`` objects, from ``slalang eval`` output read back, or from hand-written dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..evaluation.instants import InstantError, TimestampParser
from ..model import METRICS, Clock, Measure, PolicySet
from .breaches import Heatmap, breach_from
from .distribution import histogram, percentile
from .figures import AttainmentReport, GroupRow, GroupStats, MeasureRollup, MetricReport, TicketError
from .membership import NO_PRIORITY, NO_SEGMENT, Membership, TicketLookup, creation_attributes

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
    *,
    zone: dt.tzinfo | None = None,
    fields: tuple[str, ...] = (),
) -> AttainmentReport:
    """Aggregate results into attainment per SLA metric, with breakdowns.

    ``policy`` is a ``slalang.Policy`` or a compiled ``PolicySet``; ``results`` are result
    dicts or objects with ``to_json()``; ``tickets`` are the input tickets (matched to results
    by id, read lazily) and give segment, priority and field breakdowns; without them the
    report has none of those. ``now`` is the evaluation instant, shown in the report.
    ``zone`` (UTC by default) is where months, weekdays and hours are read; ``fields`` are
    ticket paths (``customer.id``) to break attainment down by, as each ticket was created.
    """
    builder = ReportBuilder(policy, zone=zone, fields=fields)
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


FIELD_ROOTS = ("ticket", "customer")
NO_VALUE = "(none)"


def check_field(path: str) -> str:
    """A ``--by`` path: ``ticket.NAME`` or ``customer.NAME``; ValueError otherwise."""
    root, _, name = path.partition(".")
    if root not in FIELD_ROOTS or not name:
        raise ValueError(f"{path!r}: expected a ticket or customer field such as customer.id or ticket.type")
    return path


def field_value(ticket: Mapping[str, Any], path: str) -> str:
    """The value of ``ticket.x`` / ``customer.x.y`` at creation, as text; ``(none)`` when absent."""
    root, _, rest = path.partition(".")
    value: Any = creation_attributes(ticket)[root]
    for part in rest.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None or isinstance(value, (Mapping, list)):
        return NO_VALUE
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Tally:
    __slots__ = ("counts", "times", "walls")

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.times: list[int] = []
        self.walls: list[int] = []

    def freeze(self) -> GroupStats:
        self.times.sort()
        self.walls.sort()
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
            wall_p50_s=percentile(self.walls, 50),
            wall_p90_s=percentile(self.walls, 90),
        )


class ReportBuilder:
    """Adds results one at a time (for streams read once) and freezes them into a report."""

    def __init__(self, policy: Any, *, zone: dt.tzinfo | None = None, fields: tuple[str, ...] = ()):
        model = _model_of(policy)
        self.model = model
        self.zone = zone or dt.UTC
        self.fields = tuple(check_field(f) for f in fields)
        self.instants = TimestampParser()
        self.breaches: list[tuple[Any, str, str, int | None, Mapping[str, Any], int, int | None]] = []
        self.heatmap = Heatmap(self.zone)
        self.tickets = 0
        self.failed = 0
        self.no_sla = 0
        self.errors: list[TicketError] = []
        self.per_sla: dict[str, int] = {s.name: 0 for s in model.slas}
        # (sla, metric) -> overall tally; (sla, metric, kind, group) -> breakdown tally
        self.overall: dict[tuple[str, str], _Tally] = {
            (s.name, m.name): _Tally() for s in model.slas for m in s.clocks
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
        clocks = {c.name: c for c in sla.clocks}  # metrics and measures, each by name
        defined = set(clocks)
        unknown = sorted(set(metrics) - defined)
        missing = sorted(defined - set(metrics))
        if unknown or missing:
            raise ResultShapeError(
                f"result for ticket {ticket_id!r} does not match SLA {sla_name!r}: "
                f"metrics {', '.join(unknown or missing)} {'not defined by' if unknown else 'missing for'} it"
            )
        membership = Membership.of(ticket, self.model) if ticket is not None else None
        outcomes = {
            kind: _metric_outcome(ticket_id, kind, metrics[kind], runs_in_cycles(clocks[kind])) for kind in sorted(defined)
        }
        month = self._month(ticket, outcomes)
        for kind, (status, runs) in outcomes.items():
            times, walls = [], []
            for cycle, run in runs:
                if not _stopped(run):
                    if run.get("status") == "breached":
                        self._breach(ticket_id, sla_name, kind, cycle, run, None)
                    continue
                times.append(_stop_time(ticket_id, kind, run))
                start_s, stop_s = self._instant(run.get("start")), self._instant(run.get("stop"))
                if start_s is not None and stop_s is not None:
                    walls.append(stop_s - start_s)
                if run.get("status") == "breached":
                    self._breach(ticket_id, sla_name, kind, cycle, run, stop_s)
            tallies = [self.overall[(sla_name, kind)]]
            if membership is not None:
                tallies += [self._group(sla_name, kind, "segment", s) for s in membership.segments]
                tallies.append(self._group(sla_name, kind, "priority", membership.priority))
            if month is not None:
                tallies.append(self._group(sla_name, kind, "month", month))
            if ticket is not None:
                tallies += [self._group(sla_name, kind, path, field_value(ticket, path)) for path in self.fields]
            for tally in tallies:
                tally.counts[status] = tally.counts.get(status, 0) + 1
                tally.times.extend(times)
                tally.walls.extend(walls)

    def _instant(self, text: Any) -> int | None:
        if not isinstance(text, str):
            return None
        try:
            return self.instants.parse(text)
        except InstantError:
            raise ResultShapeError(f"{text!r} is not an RFC 3339 instant") from None

    def _month(self, ticket: Mapping[str, Any] | None, outcomes: Mapping[str, Any]) -> str | None:
        """``2026-11``: the month the ticket was created in, in the report's zone."""
        created = ticket.get("created_at") if ticket is not None else None
        try:
            created_s = self.instants.parse(created) if isinstance(created, str) else None
        except InstantError:
            created_s = None
        if created_s is None:  # without the ticket: its first_response or resolution start is its creation
            starts = [self._instant(run.get("start")) for kind in ("first_response", "resolution")
                      if kind in outcomes for _, run in outcomes[kind][1]]
            created_s = min((s for s in starts if s is not None), default=None)
        if created_s is None:
            return None
        return dt.datetime.fromtimestamp(created_s, dt.UTC).astimezone(self.zone).strftime("%Y-%m")

    def _breach(self, ticket_id: Any, sla: str, kind: str, cycle: int | None, run: Mapping[str, Any],
                stop_s: int | None) -> None:
        deadline_s = self._instant(run.get("deadline"))
        if deadline_s is None:
            return
        self.heatmap.add(deadline_s)
        self.breaches.append((ticket_id, sla, kind, cycle, run, deadline_s, stop_s))

    def _group(self, sla: str, metric: str, kind: str, group: str) -> _Tally:
        key = (sla, metric, kind, group)
        tally = self.groups.get(key)
        if tally is None:
            tally = self.groups[key] = _Tally()
        return tally

    def finish(self, now: str | dt.datetime | None = None) -> AttainmentReport:
        reports = []
        priority_order = (*self.model.priorities, NO_PRIORITY)
        segment_order = (*self.model.segments, NO_SEGMENT)
        now_text = format_instant(now)
        now_s = self._instant(now_text) if now_text is not None else None
        for sla in self.model.slas:
            for metric in sla.clocks:  # the built-in metrics, then the measures by name
                stats = self.overall[(sla.name, metric.name)].freeze()
                times = self.overall[(sla.name, metric.name)].times
                reports.append(
                    MetricReport(
                        sla=sla.name,
                        sla_title=sla.title,
                        metric=metric.name,
                        target_s=metric.target_s,
                        goal_pct=metric.goal,
                        stats=stats,
                        mark=stats.mark(metric.goal),
                        histogram=histogram(times, metric.target_s),
                        by_segment=self._rows(
                            sla.name, metric.name, metric.goal, "segment", (*self.model.segments, NO_SEGMENT)
                        ),
                        by_priority=self._rows(sla.name, metric.name, metric.goal, "priority", priority_order),
                        by_month=self._rows(sla.name, metric.name, metric.goal, "month", self._present("month")),
                        by_field=tuple(
                            (path, self._rows(sla.name, metric.name, metric.goal, path, self._present(path)))
                            for path in self.fields
                        ),
                    )
                )
        breaches = []
        for tid, sla_name, kind, cycle, run, deadline_s, stop_s in self.breaches:
            until_s = stop_s if stop_s is not None else now_s  # still open: late until now (0 when unknown)
            late_s = 0 if until_s is None else until_s - deadline_s
            breaches.append(breach_from(tid, sla_name, kind, cycle, run, deadline_s, late_s))
        return AttainmentReport(
            policy_name=self.model.name,
            policy_version=self.model.version,
            now=now_text,
            tickets=self.tickets,
            failed=self.failed,
            no_sla=self.no_sla,
            per_sla=tuple(self.per_sla.items()),
            metrics=tuple(reports),
            errors=tuple(self.errors),
            zone=getattr(self.zone, "key", None) or ("UTC" if self.zone is dt.UTC else str(self.zone)),
            segment_order=segment_order,
            priority_order=priority_order,
            fields=self.fields,
            breaches=tuple(breaches),
            breach_heatmap=self.heatmap.freeze(),
            measure_rollups=self.measure_rollups(),
        )

    def measure_rollups(self, names: Iterable[str] | None = None) -> tuple[MeasureRollup, ...]:
        """Each measure name that several SLAs declare, over all their tickets together; with
        ``names``, those measure names instead, however many SLAs declare them (one: that SLA's
        figures; none: left out), as ``diff`` compares a roll-up with the version that lacks it."""
        declared: dict[str, list[Measure]] = {}
        slas: dict[str, list[str]] = {}
        for sla in self.model.slas:
            for measure in sla.measures:
                declared.setdefault(measure.name, []).append(measure)
                slas.setdefault(measure.name, []).append(sla.name)
        rollups = []
        wanted = [n for n in declared if len(declared[n]) > 1] if names is None else [n for n in names if n in declared]
        for name in wanted:
            measures = declared[name]
            merged = _Tally()
            for sla_name in slas[name]:
                tally = self.overall[(sla_name, name)]
                for status, count in tally.counts.items():
                    merged.counts[status] = merged.counts.get(status, 0) + count
                merged.times.extend(tally.times)
                merged.walls.extend(tally.walls)
            stats = merged.freeze()
            goals = {m.goal for m in measures}
            goal = goals.pop() if len(goals) == 1 else None
            mark = stats.mark(goal) if goal is not None else None
            rollups.append(MeasureRollup(name, tuple(slas[name]), goal, stats, mark))
        return tuple(rollups)

    def _present(self, kind: str) -> tuple[str, ...]:
        """The groups of a breakdown that some ticket fell in, sorted."""
        return tuple(sorted({group for (_, _, k, group) in self.groups if k == kind}))

    def _rows(self, sla: str, metric: str, goal: float, kind: str, order: tuple[str, ...]) -> tuple[GroupRow, ...]:
        rows = []
        for group in order:
            tally = self.groups.get((sla, metric, kind, group))
            if tally is not None:
                stats = tally.freeze()
                rows.append(GroupRow(group, stats, stats.mark(goal)))
        return tuple(rows)


def runs_in_cycles(clock: Clock) -> bool:
    """next_response, and a measure with ``cycles``: its result is ``{"status", "cycles"}``."""
    return clock.cycles if isinstance(clock, Measure) else clock.kind == CYCLE_METRIC


def _metric_outcome(
    ticket_id: Any, kind: str, data: Any, cycling: bool
) -> tuple[str, list[tuple[int | None, Mapping[str, Any]]]]:
    """The metric's status and its runs: ``[(None, run)]``, or each cycle of a clock that runs
    in cycles as ``(1-based cycle, cycle)``. A single-run measure that never started has
    status ``none`` and no run."""
    if not isinstance(data, Mapping):
        raise ResultShapeError(f"result for ticket {ticket_id!r}: metric {kind} is not an object")
    status = data.get("status")
    allowed = CYCLE_STATUSES if cycling or kind not in METRICS else SINGLE_STATUSES
    if status not in allowed:
        raise ResultShapeError(
            f"result for ticket {ticket_id!r}: metric {kind} has status {status!r}; "
            f"expected one of {', '.join(sorted(allowed))}"
        )
    if cycling:
        cycles = data.get("cycles", [])
        if not isinstance(cycles, list):
            raise ResultShapeError(f"result for ticket {ticket_id!r}: {kind} 'cycles' is not a list")
        return status, [(n, c) for n, c in enumerate(cycles, start=1) if isinstance(c, Mapping)]
    return status, [] if status == "none" else [(None, data)]


def _stopped(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("stop") is not None


def _stop_time(ticket_id: Any, kind: str, data: Mapping[str, Any]) -> int:
    counted = data.get("counted_s")
    if not isinstance(counted, int) or isinstance(counted, bool) or counted < 0:
        raise ResultShapeError(f"result for ticket {ticket_id!r}: metric {kind} has no valid counted_s")
    return counted
