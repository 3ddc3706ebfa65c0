"""``slalang export zendesk``: a policy set as the bodies Zendesk's API takes.

The result mirrors what the API answers: ``{"sla_policies": [...], "schedules": [...]}``,
each policy the body of ``POST /api/v2/slas/policies`` (wrapped as ``{"sla_policy": ...}``)
and each schedule that of ``POST /api/v2/business_hours/schedules`` with its
``intervals`` (``PUT .../workweek``) and ``holidays`` (``POST .../holidays``).
``requests`` turns it into the calls themselves, updating what has an id.

Only what means the same in Zendesk is exported; everything else is reported where it is
written: escalations and OLA chains (Zendesk has neither), goals, pause rules on reply
times, ``resolution`` (Zendesk's resolution metrics are measures: requester wait, agent
work, total resolution time), calendars read in another zone, public holidays by country,
extra openings, part-day closures, and targets that are not whole minutes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ... import model
from ..exports import (
    Choice,
    ExportResult,
    Group,
    Notes,
    clock_calendar,
    clock_name,
    clock_pause,
    clocks,
    closed_days,
    is_measure,
    number_positions,
    other_id,
    pause_statuses,
    problem_at,
    split_when,
    weekly_ranges,
)
from ..problems import Problem
from ..zones import rails_name
from .filters import NotAFilter, export_filter
from .metrics import BY_SLALANG, PRIORITIES, RESOLVED

if TYPE_CHECKING:
    from ...api import Policy

SCHEDULE_PATH = ("ticket", "schedule_id")


def export_zendesk(policy: Policy) -> ExportResult:
    return _Exporter(policy).run()


class _Exporter:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.model = policy.model
        self.notes = Notes(policy, "zendesk")
        self.problems: list[Problem] = []
        self.business: Choice | None = None
        self.business_span: Any = None

    def report(self, span: Any, reason: str, hint: str | None = None) -> None:
        self.problems.append(problem_at(span, reason, hint))

    def run(self) -> ExportResult:
        m = self.model
        first = m.slas[0].span if m.slas else None
        if first is not None:
            unknown = [p for p in m.priorities if p not in PRIORITIES]
            if unknown:
                self.report(first, f"priorities {', '.join(unknown)} are not Zendesk's (urgent, high, normal, low)",
                            "declare `priorities urgent > high > normal > low`")
            if set(m.resolved_statuses) != set(RESOLVED):
                self.report(first, f"resolved statuses {list(m.resolved_statuses)} are not Zendesk's solved and closed",
                            'write `resolved when status in ["solved", "closed"]`')
        groups = self._groups()
        policies = [self._policy(group) for group in groups]
        number_positions(policies)
        schedules = self._schedules()
        return ExportResult({"sla_policies": policies, "schedules": schedules}, tuple(self.problems))

    # --- policies ----------------------------------------------------------------------

    def _groups(self) -> list[Group]:
        groups: list[Group] = []
        for sla in self.model.slas:
            split = split_when(sla, self.model)
            try:
                filt = export_filter(split.filter_parts)
            except NotAFilter as exc:
                self.report(sla.span, f"SLA `{sla.name}`: {exc}")
                filt = {"all": [], "any": []}
            note = self.notes.of(sla.span)
            for reason in self.notes.lossy(sla.span):
                self.report(sla.span, f"SLA `{sla.name}` was imported with a loss: {reason}")
            key = (sla.title or sla.name, json.dumps(filt, sort_keys=True))
            if not groups or groups[-1].key != key or other_id(groups[-1].note, note):
                groups.append(Group(sla.title or sla.name, key, filt, dict(note)))
            else:
                for k, v in note.items():
                    groups[-1].note.setdefault(k, v)
            groups[-1].slas.append((sla, split))
        return groups

    def _policy(self, group: Group) -> dict[str, Any]:
        note = group.note
        body: dict[str, Any] = {}
        if "id" in note:
            body["id"] = note["id"]
        body["title"] = group.title
        if "description" in note:
            body["description"] = note["description"]
        if "position" in note:
            body["position"] = note["position"]
        body["filter"] = group.filter
        metrics: list[dict[str, Any]] = []
        covered: set[str] = set()
        declared = [p for p in self.model.priorities]
        for sla, split in group.slas:
            priorities = split.priorities
            if priorities is None:
                self.report(sla.span, f"SLA `{sla.name}` applies to tickets without a priority too; Zendesk applies SLA policies "
                            "only to tickets with a priority",
                            f"add `priority <= {declared[0] if declared else 'urgent'}` to its `when`")
                priorities = frozenset(declared)
            fresh = [p for p in declared if p in priorities and p not in covered]
            covered.update(fresh)
            entries = self._targets(sla)
            for priority in fresh:
                for entry in entries:
                    metrics.append({"priority": priority, **entry})
        missing = [p for p in declared if p not in covered]
        if missing:
            last = group.slas[-1][0]
            self.report(last.span, f"Zendesk applies policy {group.title!r} to all its tickets, and those with priority "
                        f"{', '.join(missing)} get no target there; slalang lets them fall through to later SLAs",
                        f"add an SLA with no metrics after `{last.name}` for {' or '.join('priority ' + p for p in missing)}")
        body["policy_metrics"] = metrics
        for key, value in note.items():
            if key not in ("id", "title", "description", "position", "filter", "policy_metrics"):
                body[key] = value
        return body

    def _targets(self, sla: model.Sla) -> list[dict[str, Any]]:
        entries = []
        for clock in clocks(sla):
            name = clock_name(clock)
            vendor = BY_SLALANG.get(name)
            where = clock.span if clock.span.line else sla.span
            if vendor is None or (vendor.measure is None) == is_measure(clock):
                hint = None
                if name == "resolution":
                    hint = ("write it as the measure Zendesk has: `measure requester_wait_time within ... { resume on reopened "
                            "pause when status == \"pending\" }` (or agent_work_time, total_resolution_time)")
                self.report(where, f"SLA `{sla.name}`: Zendesk has no metric `{name}`", hint)
                continue
            if getattr(clock, "goal", 100.0) != 100.0:
                self.report(where, f"SLA `{sla.name}`: Zendesk has no goals; `{name}` has goal {clock.goal:g}%")
            if getattr(clock, "via", ()):
                self.report(where, f"SLA `{sla.name}`: Zendesk has no OLA chains; `{name}` is delivered via {' -> '.join(clock.via)}")
            if getattr(clock, "escalation", ()):
                self.report(where, f"SLA `{sla.name}`: Zendesk SLA policies have no escalations; `{name}` has some",
                            "escalate with Zendesk triggers or automations on the SLA's breach")
            statuses = pause_statuses(clock_pause(sla, clock))
            expected = vendor.measure.pause_statuses if vendor.measure else ()
            if statuses is None or set(statuses) != set(expected):
                rule = "never pauses" if not expected else "pauses in " + " and ".join(expected)
                self.report(where, f"SLA `{sla.name}`: Zendesk's {vendor.name} {rule}; `{name}` pauses otherwise")
            if vendor.measure is not None and not _same_shape(clock, vendor.measure):
                self.report(where, f"SLA `{sla.name}`: the measure `{name}` does not start, stop and resume as Zendesk's {vendor.name}")
            if clock.target_s % 60:
                self.report(where, f"SLA `{sla.name}`: Zendesk targets are whole minutes; `{name}` is {clock.target_s} s")
            business = self._business(sla, clock, where)
            entries.append({"metric": vendor.name, "target": clock.target_s // 60, "business_hours": business,
                            "target_in_seconds": clock.target_s})
        return entries

    def _business(self, sla: model.Sla, clock: Any, where: Any) -> bool:
        choice = clock_calendar(sla, clock)
        if choice.zoned:
            self.report(where, f"SLA `{sla.name}`: Zendesk cannot read a calendar in another time zone")
            return True
        if choice.by is None and choice.default == model.ALWAYS:
            return False
        if choice.by is not None and choice.by != SCHEDULE_PATH:
            self.report(where, f"SLA `{sla.name}`: Zendesk picks business hours by the ticket's schedule, not by {'.'.join(choice.by)}",
                        "write `calendar by ticket.schedule_id { ID calendar ... else default }`")
        if self.business is None:
            self.business, self.business_span = choice, where
        elif self.business != choice:
            self.report(where, f"SLA `{sla.name}`: Zendesk counts every business-hours target on the ticket's schedule, so all "
                        "of them must choose the calendar alike; this one differs from the first",
                        f"use the same calendar choice as at {self.business_span.file}:{self.business_span.line}")
        return True

    # --- schedules ---------------------------------------------------------------------

    def _schedules(self) -> list[dict[str, Any]]:
        calendars = [c for name, c in self.model.calendars.items() if name != model.ALWAYS]
        default = self.business.default if self.business is not None else None
        if default is not None:
            calendars.sort(key=lambda c: c.name != default)
        if self.business is not None and self.business.by is None and len(calendars) > 1:
            self.report(self.business_span, "Zendesk counts business hours on each ticket's schedule; with several calendars, "
                        "slalang must choose by it too", "write `calendar by ticket.schedule_id { ID calendar ... else default }`")
        arm_ids = {name: value for value, name in (self.business.arms if self.business else ())}
        return [self._schedule(calendar, arm_ids.get(calendar.name)) for calendar in calendars]

    def _schedule(self, calendar: model.Calendar, arm_id: Any) -> dict[str, Any]:
        note = self.notes.of(calendar.span)
        for reason in self.notes.lossy(calendar.span):
            self.report(calendar.span, f"calendar `{calendar.name}` was imported with a loss: {reason}")
        body: dict[str, Any] = {}
        schedule_id = arm_id if arm_id is not None else note.get("id")
        if arm_id is not None and "id" in note and note["id"] != arm_id:
            self.report(calendar.span, f"calendar `{calendar.name}` is schedule {note['id']} by its comment but "
                        f"{arm_id} in `calendar by ticket.schedule_id`")
        if schedule_id is not None:
            body["id"] = schedule_id
        body["name"] = calendar.title or calendar.name
        zone = rails_name(calendar.timezone, note.get("time_zone"))
        if zone is None:
            self.report(calendar.span, f"calendar `{calendar.name}`: Zendesk offers no time zone for {calendar.timezone}",
                        "use a zone from the Rails table (slalang/bridges/rails_time_zones.json)")
            zone = calendar.timezone
        body["time_zone"] = zone
        body["intervals"] = intervals(weekly_ranges(calendar))
        if calendar.holidays:
            self.report(calendar.span, f"calendar `{calendar.name}`: Zendesk has no public holidays by country",
                        "list the dates as `closed YYYY-MM-DD`")
        if calendar.open:
            self.report(calendar.span, f"calendar `{calendar.name}`: Zendesk schedules have no extra openings (`open`)")
        whole, partial = closed_days(calendar)
        if partial:
            self.report(partial[0].span if partial[0].span.line else calendar.span,
                        f"calendar `{calendar.name}`: Zendesk holidays close whole days, not part of one")
        body["holidays"] = holidays(whole, note.get("holidays") or [])
        return body


def intervals(ranges: list[tuple[int, int, int]]) -> list[dict[str, int]]:
    """Weekly ranges (weekday 0 = Monday, minutes, ends past midnight allowed) as Zendesk
    intervals in minutes from Sunday 00:00. Zendesk's intervals cannot span calendar days, so
    a range past midnight is cut there (Saturday's runs on into Sunday); ranges that meet or
    overlap within one day are merged."""
    by_day: dict[int, list[list[int]]] = {}
    for weekday, start, end in ranges:
        day = weekday
        while end > 0:
            piece_end = min(end, 1440)
            if start < piece_end:
                by_day.setdefault((day + 1) % 7, []).append([start, piece_end])
            start, end, day = max(0, start - 1440), end - 1440, day + 1
    out: list[dict[str, int]] = []
    for zd_day in sorted(by_day):
        merged: list[list[int]] = []
        for start, end in sorted(by_day[zd_day]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out += [{"start_time": zd_day * 1440 + start, "end_time": zd_day * 1440 + end} for start, end in merged]
    return out


def holidays(dates: list[str], known: list[Any]) -> list[dict[str, Any]]:
    """Whole closed dates as holidays: consecutive dates are one holiday, named (and with the
    id) as the import's comment had it when the dates are the same."""
    runs: list[list[dt.date]] = []
    for text in sorted(set(dates)):
        day = dt.date.fromisoformat(text)
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    by_dates = {(h.get("start_date"), h.get("end_date")): h for h in known if isinstance(h, dict)}
    out = []
    for run in runs:
        start, end = run[0].isoformat(), run[-1].isoformat()
        note = by_dates.get((start, end), {})
        holiday: dict[str, Any] = {}
        if "id" in note:
            holiday["id"] = note["id"]
        holiday["name"] = note.get("name", "Closed")
        holiday["start_date"], holiday["end_date"] = start, end
        out.append(holiday)
    return out


def _same_shape(clock: Any, shape: Any) -> bool:
    def events(triggers: Any) -> tuple[str, ...] | None:
        out = []
        for trigger in triggers:
            event = getattr(trigger, "event", None)
            if event is None:
                return None
            out.append(event)
        return tuple(sorted(out))

    return (
        events(clock.starts) == tuple(sorted(shape.starts))
        and events(clock.stops) == tuple(sorted(shape.stops))
        and events(clock.resumes) == tuple(sorted(shape.resumes))
        and bool(clock.cycles) == shape.cycles
    )


def requests(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The API calls that make an account's policies and schedules what ``body`` says: an
    update where an id is known, else a create."""
    calls: list[dict[str, Any]] = []
    for schedule in body.get("schedules", []):
        fields = {k: v for k, v in schedule.items() if k in ("name", "time_zone")}
        sid = schedule.get("id")
        base = "/api/v2/business_hours/schedules"
        if sid is None:
            calls.append({"method": "POST", "path": base, "body": {"schedule": fields}})
            sid = "{id}"
        else:
            calls.append({"method": "PUT", "path": f"{base}/{sid}", "body": {"schedule": fields}})
        calls.append({"method": "PUT", "path": f"{base}/{sid}/workweek", "body": {"workweek": {"intervals": schedule.get("intervals", [])}}})
        for holiday in schedule.get("holidays", []):
            fields = {k: v for k, v in holiday.items() if k != "id"}
            if "id" in holiday and sid != "{id}":
                calls.append({"method": "PUT", "path": f"{base}/{sid}/holidays/{holiday['id']}", "body": {"holiday": fields}})
            else:
                calls.append({"method": "POST", "path": f"{base}/{sid}/holidays", "body": {"holiday": fields}})
    for policy in body.get("sla_policies", []):
        fields = {k: v for k, v in policy.items() if k != "id"}
        if "id" in policy:
            calls.append({"method": "PUT", "path": f"/api/v2/slas/policies/{policy['id']}", "body": {"sla_policy": fields}})
        else:
            calls.append({"method": "POST", "path": "/api/v2/slas/policies", "body": {"sla_policy": fields}})
    return calls


