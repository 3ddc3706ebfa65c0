"""Freshdesk SLA policies -> slalang SLAs.

``sla_target.priority_1`` .. ``priority_4`` (low, medium, high, urgent) hold
``respond_within``, ``next_respond_within`` and ``resolve_within`` in seconds and
``business_hours``. ``applicable_to`` (company, group, source, type and product ids) is an
``and`` of ``in`` lists. With ``escalation_enabled``, the policy's ``escalation`` levels fire
after the due time (``at 100% + T``) and its ``reminder`` before it (``at 100% - T``),
notifying the agents listed (``-1`` is the ticket's assignee). A ticket whose status stops
the SLA timer (``pending``) does not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..pages import Record
from ..problems import Problem, json_kind
from ..writer import (
    Cond,
    all_of,
    any_of,
    condition_text,
    literal,
    lossy_comment,
    policy_duration,
    quote,
    sla_text,
    slug,
    unique_name,
)

PRIORITIES: dict[str, str] = {"priority_4": "urgent", "priority_3": "high", "priority_2": "medium", "priority_1": "low"}
TARGETS: tuple[tuple[str, str], ...] = (
    ("respond_within", "first_response"),
    ("next_respond_within", "next_response"),
    ("resolve_within", "resolution"),
)
TARGET_KEYS = frozenset({"respond_within", "next_respond_within", "resolve_within", "business_hours", "escalation_enabled"})
APPLICABLE: dict[str, str] = {
    "company_ids": "ticket.company_id",
    "group_ids": "ticket.group_id",
    "sources": "ticket.source",
    "ticket_types": "ticket.type",
    "product_ids": "ticket.product_id",
}
ESCALATES: dict[str, str] = {"response": "first_response", "next_response": "next_response", "resolution": "resolution"}
ASSIGNEE = -1
AGENT_PREFIX = "agent:"
PAUSE_STATUSES: tuple[str, ...] = ("pending",)
RESOLVED: tuple[str, ...] = ("resolved", "closed")
KNOWN_KEYS = frozenset({"id", "name", "description", "active", "is_default", "position", "sla_target", "applicable_to",
                        "escalation", "reminder", "created_at", "updated_at"})
UNTARGETED = "untargeted"
REMINDER_PREFIX = "reminder_"


@dataclass(frozen=True)
class CalendarChoice:
    business: str | None
    calendar_time: str = "calendar always"


@dataclass
class ImportedPolicy:
    texts: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def import_policy(record: Record, taken: set[str], calendars: CalendarChoice) -> ImportedPolicy:
    out = ImportedPolicy()
    policy = record.value
    if not isinstance(policy, dict):
        out.problems.append(record.problem(f"an SLA policy must be an object, got {json_kind(policy)}; it was left out"))
        out.texts.append(_left_out(out.problems[-1], None))
        return out
    title = policy.get("name")
    if not isinstance(title, str) or not title.strip():
        out.problems.append(record.problem("an SLA policy needs a `name`", None, "name"))
        title = f"Policy {policy.get('id', '')}".strip()
    if policy.get("active") is False:
        out.problems.append(record.problem(
            "the policy is inactive: it governs no ticket in Freshdesk, and slalang has no inactive SLA; it was left out",
            "delete it in Freshdesk, or activate it, before importing", "active",
        ))
        out.texts.append(_left_out(out.problems[-1], policy.get("name")))
        return out
    note = {k: policy[k] for k in ("id", "description", "active", "is_default", "position") if k in policy}
    if reminder_keys(policy):
        note["reminders"] = "keys"  # export writes them back as reminder_* keys
    for key, value in policy.items():
        if key not in KNOWN_KEYS and not key.startswith(REMINDER_PREFIX):
            note[key] = value
            if value not in (None, {}, [], ""):
                out.problems.append(record.problem(f"field `{key}` is not one slalang knows the meaning of; it is kept in the comment but not applied", None, key))
    when = _applicable(record, out.problems)
    steps = _steps(record, out.problems)
    targets = policy.get("sla_target")
    if not isinstance(targets, dict):
        out.problems.append(record.problem(f"`sla_target` must be an object of priority_1..priority_4, got {json_kind(targets)}", None, "sla_target"))
        targets = {}
    for key in targets:
        if key not in PRIORITIES:
            out.problems.append(record.problem(f"{key!r} is not priority_1..priority_4; left out", None, "sla_target", key))
    base = slug(title, "policy")
    first = True
    policy_problems = list(out.problems)
    done: set[str] = set()
    for key, priority in PRIORITIES.items():
        if key not in targets:
            continue
        body = _target_lines(record, key, targets[key], calendars, steps, out.problems)
        if body is None:
            continue
        done.add(priority)
        name = unique_name(f"{base}_{priority}", taken)
        cond = all_of([c for c in (when, Cond(f"priority {priority}")) if c is not None])
        out.texts.append(_sla(name, title, note if first else _id(note), policy_problems if first else [], condition_text(cond), body))
        first = False
    rest = [p for p in PRIORITIES.values() if p not in done]
    if rest:
        name = unique_name(f"{base}_{UNTARGETED}", taken)
        cond = all_of([c for c in (when, any_of([Cond(f"priority {p}") for p in rest])) if c is not None])
        out.texts.append(_sla(name, title, note if first else _id(note), policy_problems if first else [], condition_text(cond), []))
    return out


def _left_out(problem: Problem, title: Any) -> str:
    """Where a policy that could not be carried would have been: its lossy comment."""
    name = f" (policy {title!r})" if isinstance(title, str) and title else ""
    return lossy_comment(f"{problem.pointer}: {problem.reason}{name}") + "\n"


def _id(note: dict[str, Any]) -> dict[str, Any]:
    return {"id": note["id"]} if "id" in note else {}


def _applicable(record: Record, problems: list[Problem]) -> Cond | None:
    raw = record.value.get("applicable_to")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(record.problem(f"`applicable_to` must be an object, got {json_kind(raw)}", None, "applicable_to"))
        return None
    conds = []
    for key, values in raw.items():
        path = APPLICABLE.get(key)
        if path is None:
            problems.append(record.problem(
                f"applicable_to.{key} has no slalang path; the condition was left out",
                "slalang maps " + ", ".join(APPLICABLE), "applicable_to", key,
            ))
            continue
        if values in (None, []):
            continue
        if not isinstance(values, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
            problems.append(record.problem(f"applicable_to.{key} must be a list of ids or names, got {json_kind(values)}", None, "applicable_to", key))
            continue
        conds.append(Cond(f"{path} in [" + ", ".join(literal(v) for v in values) + "]"))
    return all_of(conds) if conds else None


@dataclass(frozen=True)
class Step:
    offset_s: int  # signed: negative before the due time
    actions: str


def reminder_keys(policy: dict[str, Any]) -> dict[str, Any]:
    """Reminders written as top-level ``reminder_response``, ``reminder_next_response``,
    ``reminder_resolution`` keys, as one ``reminder`` object."""
    return {key[len(REMINDER_PREFIX):]: value for key, value in policy.items() if key.startswith(REMINDER_PREFIX)}


def _steps(record: Record, problems: list[Problem]) -> dict[str, list[Step]]:
    """Escalation and reminder steps per slalang metric."""
    steps: dict[str, list[Step]] = {}
    flat = reminder_keys(record.value)
    for section, sign, time_key in (("reminder", -1, "reminder_time"), ("escalation", 1, "escalation_time")):
        raw = record.value.get(section)
        if section == "reminder" and flat:
            raw = {**(raw if isinstance(raw, dict) else {}), **flat}
        if raw in (None, {}):
            continue
        if not isinstance(raw, dict):
            problems.append(record.problem(f"`{section}` must be an object, got {json_kind(raw)}", None, section))
            continue
        for kind, entry in raw.items():
            metric = ESCALATES.get(kind)
            if metric is None:
                problems.append(record.problem(f"{section}.{kind} is not response, next_response or resolution; left out", None, section, kind))
                continue
            levels = _levels(entry)
            if levels is None:
                problems.append(record.problem(f"{section}.{kind} must be an object with {time_key} and agent_ids, or levels of them", None, section, kind))
                continue
            for level_key, level in levels:
                where = (f"{REMINDER_PREFIX}{kind}",) if section == "reminder" and kind in flat else (section, kind)
                at = where + ((level_key,) if level_key else ())
                step = _step(record, level, time_key, sign, at, problems)
                if step is not None:
                    steps.setdefault(metric, []).append(step)
    for metric in steps:
        steps[metric].sort(key=lambda s: s.offset_s)
    return steps


def _levels(entry: Any) -> list[tuple[str | None, Any]] | None:
    if not isinstance(entry, dict):
        return None
    if any(k.startswith("level_") for k in entry):
        return sorted(((k, v) for k, v in entry.items()), key=lambda kv: kv[0])
    return [(None, entry)]


def _step(record: Record, level: Any, time_key: str, sign: int, at: tuple[Any, ...], problems: list[Problem]) -> Step | None:
    if not isinstance(level, dict):
        problems.append(record.problem(f"expected an object with {time_key} and agent_ids, got {json_kind(level)}", None, *at))
        return None
    seconds, agents = level.get(time_key), level.get("agent_ids")
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        problems.append(record.problem(f"{time_key} must be a whole number of seconds, got {json_kind(seconds)}", None, *at, time_key))
        return None
    if sign < 0:
        if seconds > 0:
            problems.append(record.problem("a reminder_time after the due time is not a reminder (Freshdesk writes them as negative seconds)", None, *at, time_key))
            return None
        seconds = -seconds
    elif seconds < 0:
        problems.append(record.problem("an escalation_time before the due time is a reminder; write it under `reminder`", None, *at, time_key))
        return None
    if not isinstance(agents, list) or not agents:
        problems.append(record.problem("agent_ids must list who is notified (-1 is the assigned agent)", None, *at, "agent_ids"))
        return None
    actions = []
    for index, agent in enumerate(agents):
        if agent == ASSIGNEE:
            actions.append("notify assignee")
        elif isinstance(agent, int) and not isinstance(agent, bool) and agent > 0:
            actions.append(f"notify {quote(AGENT_PREFIX + str(agent))}")
        else:
            problems.append(record.problem(f"agent id {agent!r} is neither an agent id nor -1 (the assignee); left out", None, *at, "agent_ids", index))
    if not actions:
        return None
    return Step(sign * seconds, " and ".join(actions))


def _target_lines(
    record: Record, key: str, target: Any, calendars: CalendarChoice, steps: dict[str, list[Step]], problems: list[Problem]
) -> list[str] | None:
    at = ("sla_target", key)
    before = len(problems)
    if not isinstance(target, dict):
        problems.append(record.problem(f"{key} must be an object, got {json_kind(target)}; left out", None, *at))
        return None
    for extra in target:
        if extra not in TARGET_KEYS:
            problems.append(record.problem(f"{key}.{extra} is not a target slalang carries; left out", None, *at, extra))
    business = target.get("business_hours", False)
    lines: list[str] = []
    if business is True:
        if calendars.business is None:
            problems.append(record.problem(
                "business_hours is true but no business hours were given; the targets count around the clock",
                "pass GET /api/v2/business_hours with --business-hours", *at, "business_hours",
            ))
        else:
            lines.append(calendars.business)
    elif business is not False:
        problems.append(record.problem(f"business_hours must be true or false, got {json_kind(business)}", None, *at, "business_hours"))
    lines.append("pause when status in [" + ", ".join(quote(s) for s in PAUSE_STATUSES) + "]")
    escalate = target.get("escalation_enabled", False) is True
    escalations: list[str] = []
    for target_key, metric in TARGETS:
        value = target.get(target_key)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            problems.append(record.problem(f"{target_key} must be a positive number of seconds, got {value!r}; left out", None, *at, target_key))
            continue
        lines.append(f"{metric} within {policy_duration(value)}")
        if escalate and steps.get(metric):
            step_lines = [f"    at 100%{_offset(s.offset_s)} {s.actions}" for s in steps[metric]]
            escalations.append(f"escalate {metric} {{\n" + "\n".join("    " + s for s in step_lines) + "\n    }")
    lossy = [lossy_comment(f"{p.pointer}: {p.reason}") for p in problems[before:]]
    return lossy + lines + escalations


def _offset(offset_s: int) -> str:
    if offset_s == 0:
        return ""
    return (" + " if offset_s > 0 else " - ") + policy_duration(abs(offset_s))


def _sla(name: str, title: str, note: dict[str, Any], lossy: list[Problem], when: str | None, body: list[str]) -> str:
    return sla_text("freshdesk", name, title, note, [f"{p.pointer}: {p.reason}" for p in lossy], when, body)
