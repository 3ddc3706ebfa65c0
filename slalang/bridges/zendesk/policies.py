"""Zendesk SLA policies -> slalang SLAs.

Policies keep their ``position`` order. Each becomes one ``sla`` per priority that has
targets (``<slug of title>_<priority>``, most important priority first), then one SLA with
no metrics for the policy's other priorities (``<slug>_untargeted``): Zendesk
applies the first policy whose filter matches and a ticket whose priority has no target
there gets no target, rather than falling through to a later policy. Fields the language
has no place for (id, description, position...) go to a structured comment above the
policy's first SLA; its other SLAs carry ``{"id": ...}`` so that export can tell two
policies with the same title and filter apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..pages import Record
from ..problems import Problem, json_kind
from ..writer import Cond, all_of, any_of, condition_text, lossy_comment, sla_text, slug, unique_name
from .filters import import_filter
from .metrics import BY_NAME, ORDER, PRIORITIES

KNOWN_KEYS = frozenset({"url", "id", "title", "description", "position", "filter", "policy_metrics", "created_at", "updated_at"})
KEPT_KEYS = ("id", "description", "position")
UNTARGETED = "untargeted"


@dataclass(frozen=True)
class CalendarChoice:
    """How ``business_hours: true`` and ``false`` read as calendar items."""

    business: str | None  # e.g. "calendar office" or "calendar by ticket.schedule_id {...}"; None: no schedules
    calendar_time: str = "calendar always"


@dataclass
class Target:
    metric: str
    target_s: int
    business_hours: bool
    record: Record
    at: tuple[Any, ...]


@dataclass
class ImportedPolicy:
    texts: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def import_policy(record: Record, taken: set[str], calendars: CalendarChoice) -> ImportedPolicy:
    out = ImportedPolicy()
    policy = record.value
    if not isinstance(policy, dict):
        out.problems.append(record.problem(f"an SLA policy must be an object, got {json_kind(policy)}; it was left out"))
        out.texts.append(lossy_comment(f"{record.pointer}: {out.problems[-1].reason}") + "\n")
        return out
    title = policy.get("title")
    if not isinstance(title, str) or not title.strip():
        out.problems.append(record.problem("an SLA policy needs a `title`", None, "title"))
        title = f"Policy {policy.get('id', '')}".strip()
    note: dict[str, Any] = {k: policy[k] for k in KEPT_KEYS if k in policy}
    for key, value in policy.items():
        if key in KNOWN_KEYS:
            continue
        note[key] = value
        if value not in (None, {}, [], ""):
            out.problems.append(record.problem(
                f"field `{key}` is not one slalang knows the meaning of; it is kept in the comment but not applied",
                "check what it changes in Zendesk, then import with --allow-lossy", key,
            ))
    filtered = import_filter(record)
    out.problems += filtered.problems
    targets = _targets(record, out.problems)
    base = slug(title, "policy")
    policy_problems = list(out.problems)
    first = True
    for priority in PRIORITIES:
        if priority not in targets:
            continue
        name = unique_name(f"{base}_{priority}", taken)
        when = all_of([c for c in (filtered.cond, Cond(f"priority {priority}")) if c is not None])
        out.texts.append(_sla_text(name, title, note if first else _id_note(note), policy_problems if first else [],
                                   condition_text(when), targets[priority], calendars, out.problems))
        first = False
    rest = [p for p in PRIORITIES if p not in targets]
    if rest:
        name = unique_name(f"{base}_{UNTARGETED}", taken)
        when = all_of([c for c in (filtered.cond, any_of([Cond(f"priority {p}") for p in rest])) if c is not None])
        out.texts.append(_sla_text(name, title, note if first else _id_note(note), policy_problems if first else [],
                                   condition_text(when), [], calendars, out.problems))
    return out


def _id_note(note: dict[str, Any]) -> dict[str, Any]:
    return {"id": note["id"]} if "id" in note else {}


def _targets(record: Record, problems: list[Problem]) -> dict[str, list[Target]]:
    raw = record.value.get("policy_metrics")
    if raw is None:
        return {}
    if not isinstance(raw, list):
        problems.append(record.problem(f"`policy_metrics` must be a list, got {json_kind(raw)}", None, "policy_metrics"))
        return {}
    by_priority: dict[str, list[Target]] = {}
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(raw):
        at = ("policy_metrics", index)
        if not isinstance(item, dict):
            problems.append(record.problem(f"a policy metric must be an object, got {json_kind(item)}", None, *at))
            continue
        priority, metric = item.get("priority"), item.get("metric")
        if priority not in PRIORITIES:
            problems.append(record.problem(f"priority {priority!r} is not one of {', '.join(PRIORITIES)}; the target was left out", None, *at, "priority"))
            continue
        if metric not in BY_NAME:
            problems.append(record.problem(
                f"metric {metric!r} is not a Zendesk SLA metric slalang carries; the target was left out",
                "slalang carries " + ", ".join(BY_NAME), *at, "metric",
            ))
            continue
        if (priority, metric) in seen:
            problems.append(record.problem(f"a second {metric} target for {priority}; only the first is kept", None, *at))
            continue
        target_s = _target_seconds(item)
        if target_s is None:
            problems.append(record.problem(
                "the target must be a positive whole number of minutes (`target`) or seconds (`target_in_seconds`), "
                "and the two must agree; the target was left out", None, *at,
            ))
            continue
        business = item.get("business_hours", False)
        if not isinstance(business, bool):
            problems.append(record.problem(f"business_hours must be true or false, got {json_kind(business)}; read as false", None, *at, "business_hours"))
            business = False
        seen.add((priority, metric))
        by_priority.setdefault(priority, []).append(Target(metric, target_s, business, record, at))
    for targets in by_priority.values():
        targets.sort(key=lambda t: ORDER[t.metric])
    return by_priority


def _target_seconds(item: dict[str, Any]) -> int | None:
    minutes, seconds = item.get("target"), item.get("target_in_seconds")
    if seconds is not None:
        if not (isinstance(seconds, int) and _positive_int(seconds)):
            return None
        if minutes is not None and minutes != seconds // 60:
            return None
        return seconds
    if not (isinstance(minutes, int) and _positive_int(minutes)):
        return None
    return minutes * 60


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _sla_text(
    name: str,
    title: str,
    note: dict[str, Any],
    lossy: list[Problem],
    when: str | None,
    targets: list[Target],
    calendars: CalendarChoice,
    problems: list[Problem],
) -> str:
    body: list[str] = []
    choices = [_calendar_item(t, calendars, problems) for t in targets]
    sla_calendar = choices[0][0] if choices else None
    if sla_calendar is not None and sla_calendar != "calendar always":
        body.append(sla_calendar)
    for target, (item, problem) in zip(targets, choices, strict=True):
        if problem is not None:
            body.append(lossy_comment(f"{problem.pointer}: {problem.reason}"))
        own = None if item == (sla_calendar or "calendar always") else item
        body.append(BY_NAME[target.metric].line(target.target_s, own))
    return sla_text("zendesk", name, title, note, [f"{p.pointer}: {p.reason}" for p in lossy], when, body)


def _calendar_item(target: Target, calendars: CalendarChoice, problems: list[Problem]) -> tuple[str, Problem | None]:
    if not target.business_hours:
        return calendars.calendar_time, None
    if calendars.business is not None:
        return calendars.business, None
    problem = target.record.problem(
        "business_hours is true but no schedules were given; the target counts around the clock",
        "pass the account's schedules with --schedules (GET /api/v2/business_hours/schedules)",
        *target.at, "business_hours",
    )
    problems.append(problem)
    return calendars.calendar_time, problem
