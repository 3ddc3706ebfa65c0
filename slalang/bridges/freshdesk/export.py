"""``slalang export freshdesk``: a policy set as the bodies Freshdesk's API takes.

``{"sla_policies": [...], "business_hours": [...], "groups": [...]}``: each policy is the
body of ``POST /api/v2/sla_policies`` (``PUT .../{id}`` when the import kept its id); the
business hours are written as ``GET /api/v2/business_hours`` shows them (Freshdesk's API
does not create them); ``groups`` says which business hours each group works, when the
policy chooses the calendar by ``ticket.group_id``.

A Freshdesk target pauses while the ticket is ``pending``, has one calendar for all three
targets of a priority, and escalates the same way for every priority of a policy; each
step notifies the assignee (``-1``) or agents (``notify "agent:ID"``). Anything else is
reported where it is written.
"""

from __future__ import annotations

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
from .business_hours import DAYS, clock_text
from .policies import AGENT_PREFIX, APPLICABLE, ASSIGNEE, ESCALATES, PAUSE_STATUSES, PRIORITIES, RESOLVED, TARGETS

if TYPE_CHECKING:
    from ...api import Policy

PRIORITY_KEYS = {name: key for key, name in PRIORITIES.items()}
TARGET_KEYS = {metric: key for key, metric in TARGETS}
METRIC_SECTIONS = {metric: section for section, metric in ESCALATES.items()}
GROUP_PATH = ("ticket", "group_id")
CREATE_NOTE = "Freshdesk's API reads business hours but does not create them; `business_hours` is for comparing by hand"


def export_freshdesk(policy: Policy) -> ExportResult:
    return _Exporter(policy).run()


class _Exporter:
    def __init__(self, policy: Policy) -> None:
        self.model = policy.model
        self.notes = Notes(policy, "freshdesk")
        self.problems: list[Problem] = []
        self.business: Choice | None = None
        self.business_span: Any = None

    def report(self, span: Any, reason: str, hint: str | None = None) -> None:
        self.problems.append(problem_at(span, reason, hint))

    def run(self) -> ExportResult:
        m = self.model
        if m.slas:
            first = m.slas[0].span
            unknown = [p for p in m.priorities if p not in PRIORITY_KEYS]
            if unknown:
                self.report(first, f"priorities {', '.join(unknown)} are not Freshdesk's (urgent, high, medium, low)",
                            "declare `priorities urgent > high > medium > low`")
            if set(m.resolved_statuses) != set(RESOLVED):
                self.report(first, f"resolved statuses {list(m.resolved_statuses)} are not Freshdesk's resolved and closed",
                            'write `resolved when status in ["resolved", "closed"]`')
        policies = [self._policy(group) for group in self._groups()]
        number_positions(policies)
        hours = self._business_hours()
        body: dict[str, Any] = {"sla_policies": policies, "business_hours": hours}
        groups = self._groups_body(hours)
        if groups:
            body["groups"] = groups
        return ExportResult(body, tuple(self.problems), (CREATE_NOTE,) if hours else ())

    def _groups(self) -> list[Group]:
        groups: list[Group] = []
        for sla in self.model.slas:
            split = split_when(sla, self.model)
            applicable = self._applicable(sla, split.filter_parts)
            note = self.notes.of(sla.span)
            for reason in self.notes.lossy(sla.span):
                self.report(sla.span, f"SLA `{sla.name}` was imported with a loss: {reason}")
            key = (sla.title or sla.name, json.dumps(applicable, sort_keys=True))
            if not groups or groups[-1].key != key or other_id(groups[-1].note, note):
                groups.append(Group(sla.title or sla.name, key, applicable, dict(note)))
            else:
                for k, v in note.items():
                    groups[-1].note.setdefault(k, v)
            groups[-1].slas.append((sla, split))
        return groups

    def _applicable(self, sla: model.Sla, parts: list[model.Condition]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        keys = {path: key for key, path in APPLICABLE.items()}
        for part in parts:
            values: tuple[Any, ...] | None = None
            path = ".".join(getattr(part, "path", ()))
            if isinstance(part, model.FieldIn) and not part.negated:
                values = part.values
            elif isinstance(part, model.FieldCmp) and part.op == "==":
                values = (part.value,)
            key = keys.get(path)
            if values is None or key is None:
                self.report(sla.span, f"SLA `{sla.name}`: Freshdesk's applicable_to holds only company, group, source, type and "
                            "product lists (`ticket.group_id in [...]`); this condition has no place there")
                continue
            if key in out:
                self.report(sla.span, f"SLA `{sla.name}`: two conditions on {path} cannot both go to applicable_to.{key}")
                continue
            out[key] = list(values)
        return out

    def _policy(self, group: Group) -> dict[str, Any]:
        note = group.note
        body: dict[str, Any] = {}
        for key in ("id",):
            if key in note:
                body[key] = note[key]
        body["name"] = group.title
        for key in ("description", "active", "is_default", "position"):
            if key in note:
                body[key] = note[key]
        targets: dict[str, Any] = {}
        escalation: dict[str, Any] | None = None
        reminder: dict[str, Any] | None = None
        steps_seen: tuple[Any, ...] | None = None
        covered: set[str] = set()
        declared = list(self.model.priorities)
        for sla, split in group.slas:
            priorities = split.priorities
            if priorities is None:
                self.report(sla.span, f"SLA `{sla.name}` applies to tickets without a priority too; every Freshdesk ticket has one",
                            f"add `priority <= {declared[0] if declared else 'urgent'}` to its `when`")
                priorities = frozenset(declared)
            fresh = [p for p in declared if p in priorities and p not in covered]
            covered.update(fresh)
            target, steps = self._target(sla)
            if target is None:
                continue
            if steps:
                if steps_seen is not None and steps != steps_seen:
                    self.report(sla.span, f"SLA `{sla.name}`: Freshdesk escalates the same way for every priority of a policy; "
                                "these steps differ from the policy's other SLAs")
                steps_seen = steps
                escalation, reminder = self._sections(sla, steps)
            target["escalation_enabled"] = bool(steps)
            for priority in fresh:
                if priority in PRIORITY_KEYS:
                    targets[PRIORITY_KEYS[priority]] = dict(target)
        missing = [p for p in declared if p not in covered]
        if missing:
            last = group.slas[-1][0]
            self.report(last.span, f"Freshdesk applies policy {group.title!r} to its tickets of priority {', '.join(missing)} "
                        "as well; slalang lets them fall through to later SLAs",
                        f"add an SLA with no metrics after `{last.name}` for {' or '.join('priority ' + p for p in missing)}")
        body["sla_target"] = {key: targets[key] for key in PRIORITIES if key in targets}
        body["applicable_to"] = group.filter
        if escalation:
            body["escalation"] = escalation
        if reminder and note.get("reminders") == "keys":
            body.update({f"reminder_{kind}": value for kind, value in reminder.items()})
        elif reminder:
            body["reminder"] = reminder
        for key, value in note.items():
            if key not in body and key not in ("sla_target", "applicable_to", "escalation", "reminder", "name", "reminders"):
                body[key] = value
        return body

    def _target(self, sla: model.Sla) -> tuple[dict[str, Any] | None, tuple[Any, ...]]:
        items = clocks(sla)
        if not items:
            return None, ()
        target: dict[str, Any] = {}
        choices: set[Choice] = set()
        steps: list[tuple[str, int, tuple[Any, ...]]] = []
        for clock in items:
            name = clock_name(clock)
            where = clock.span if clock.span.line else sla.span
            if is_measure(clock) or name not in TARGET_KEYS:
                self.report(where, f"SLA `{sla.name}`: Freshdesk has no target for `{name}`")
                continue
            if clock.goal != 100.0:
                self.report(where, f"SLA `{sla.name}`: Freshdesk has no goals; `{name}` has goal {clock.goal:g}%")
            if clock.via:
                self.report(where, f"SLA `{sla.name}`: Freshdesk has no OLA chains; `{name}` is delivered via {' -> '.join(clock.via)}")
            statuses = pause_statuses(clock_pause(sla, clock))
            if statuses is None or set(statuses) != set(PAUSE_STATUSES):
                self.report(where, f"SLA `{sla.name}`: Freshdesk's timers stop while the ticket is pending, and only then; "
                            f"`{name}` pauses otherwise", 'write `pause when status == "pending"`')
            target[TARGET_KEYS[name]] = clock.target_s
            choices.add(clock_calendar(sla, clock))
            for step in clock.escalation:
                steps.append((name, *self._step(sla, name, step, where)))
        if len(choices) > 1:
            self.report(sla.span, f"SLA `{sla.name}`: Freshdesk counts the targets of one priority on one calendar; these differ")
        choice = next(iter(choices)) if choices else Choice(None, (), model.ALWAYS)
        target["business_hours"] = self._business(sla, choice)
        ordered: dict[str, Any] = {
            k: target[k] for k in ("respond_within", "next_respond_within", "resolve_within", "business_hours") if k in target}
        return ordered, tuple(sorted(steps, key=lambda s: (s[0], s[1])))

    def _step(self, sla: model.Sla, metric: str, step: model.EscalationStep, where: Any) -> tuple[int, tuple[Any, ...]]:
        if step.percent != 100.0:
            self.report(where, f"SLA `{sla.name}`: Freshdesk escalates at the due time plus or minus a delay, not at {step.percent:g}%")
        agents: list[Any] = []
        for action in step.actions:
            if action.kind == "notify" and action.target == "assignee":
                agents.append(ASSIGNEE)
            elif action.kind == "notify" and action.target.startswith(AGENT_PREFIX) and action.target[len(AGENT_PREFIX):].isdigit():
                agents.append(int(action.target[len(AGENT_PREFIX):]))
            else:
                self.report(where, f"SLA `{sla.name}`: Freshdesk escalations notify agents; `{action.canonical}` has no place there",
                            'write `notify assignee` or `notify "agent:ID"`')
        return step.offset_s, tuple(agents)

    def _sections(self, sla: model.Sla, steps: tuple[Any, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
        escalation: dict[str, Any] = {}
        reminder: dict[str, Any] = {}
        for metric in ("first_response", "next_response", "resolution"):
            mine = [s for s in steps if s[0] == metric]
            after = [s for s in mine if s[1] >= 0]
            before = [s for s in mine if s[1] < 0]
            section = METRIC_SECTIONS[metric]
            limit = 4 if metric == "resolution" else 1
            if len(after) > limit or len(before) > 1:
                self.report(sla.span, f"SLA `{sla.name}`: Freshdesk holds {limit} escalation{'s' if limit > 1 else ''} and one reminder "
                            f"for {section}; `{metric}` has more")
            if after:
                if metric == "resolution":
                    escalation[section] = {f"level_{i}": {"escalation_time": s[1], "agent_ids": list(s[2])}
                                           for i, s in enumerate(after[:4], start=1)}
                else:
                    escalation[section] = {"escalation_time": after[0][1], "agent_ids": list(after[0][2])}
            if before:
                reminder[section] = {"reminder_time": before[-1][1], "agent_ids": list(before[-1][2])}
        return escalation, reminder

    def _business(self, sla: model.Sla, choice: Choice) -> bool:
        if choice.zoned:
            self.report(sla.span, f"SLA `{sla.name}`: Freshdesk cannot read a calendar in another time zone")
            return True
        if choice.by is None and choice.default == model.ALWAYS:
            return False
        if choice.by is not None and choice.by != GROUP_PATH:
            self.report(sla.span, f"SLA `{sla.name}`: Freshdesk picks business hours by the ticket's group, not by {'.'.join(choice.by)}")
        if self.business is None:
            self.business, self.business_span = choice, sla.span
        elif self.business != choice:
            self.report(sla.span, f"SLA `{sla.name}`: Freshdesk counts every business-hours target on the calendar of the "
                        "ticket's group, so all of them must choose the calendar alike; this one differs from the first")
        return True

    def _business_hours(self) -> list[dict[str, Any]]:
        calendars = [c for name, c in self.model.calendars.items() if name != model.ALWAYS]
        default = self.business.default if self.business is not None else None
        out = []
        for calendar in calendars:
            note = self.notes.of(calendar.span)
            for reason in self.notes.lossy(calendar.span):
                self.report(calendar.span, f"calendar `{calendar.name}` was imported with a loss: {reason}")
            body: dict[str, Any] = {}
            if "id" in note:
                body["id"] = note["id"]
            body["name"] = calendar.title or calendar.name
            if "description" in note:
                body["description"] = note["description"]
            zone = rails_name(calendar.timezone, note.get("time_zone"))
            if zone is None:
                self.report(calendar.span, f"calendar `{calendar.name}`: Freshdesk offers no time zone for {calendar.timezone}")
                zone = calendar.timezone
            body["time_zone"] = zone
            body["is_default"] = calendar.name == default if default is not None else bool(note.get("is_default", False))
            body["business_hours"] = self._week(calendar)
            if calendar.holidays or calendar.closed or calendar.open:
                self.report(calendar.span, f"calendar `{calendar.name}`: Freshdesk's API has no holidays, closed or open dates")
            out.append(body)
        return out

    def _week(self, calendar: model.Calendar) -> dict[str, Any]:
        week: dict[str, Any] = {}
        for weekday, start, end in sorted(weekly_ranges(calendar)):
            day = DAYS[weekday]
            if end > 1440:
                self.report(calendar.span, f"calendar `{calendar.name}`: Freshdesk hours end by midnight; {day} runs past it")
                continue
            if day in week:
                self.report(calendar.span, f"calendar `{calendar.name}`: Freshdesk holds one range of hours per day; {day} has more")
                continue
            week[day] = {"start_time": clock_text(start), "end_time": clock_text(end)}
        return week

    def _groups_body(self, hours: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.business is None or self.business.by is None:
            return []
        ids = {}
        for calendar, body in zip([c for n, c in self.model.calendars.items() if n != model.ALWAYS], hours, strict=True):
            ids[calendar.name] = body.get("id")
        out = []
        for group_id, name in self.business.arms:
            if ids.get(name) is None:
                self.report(self.business_span, f"calendar `{name}` has no Freshdesk id (its `# freshdesk:` comment), so group "
                            f"{group_id} cannot be pointed at it")
                continue
            out.append({"id": group_id, "business_hour_id": ids[name]})
        return out


def requests(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The API calls: update or create each policy, and point groups at their business hours."""
    calls: list[dict[str, Any]] = []
    for group in body.get("groups", []):
        calls.append({"method": "PUT", "path": f"/api/v2/groups/{group['id']}", "body": {"business_hour_id": group["business_hour_id"]}})
    for policy in body.get("sla_policies", []):
        fields = {k: v for k, v in policy.items() if k != "id"}
        if "id" in policy:
            calls.append({"method": "PUT", "path": f"/api/v2/sla_policies/{policy['id']}", "body": fields})
        else:
            calls.append({"method": "POST", "path": "/api/v2/sla_policies", "body": fields})
    return calls
