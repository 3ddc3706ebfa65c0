"""``slalang reconcile zendesk``: where slalang and Zendesk disagree about a ticket.

Zendesk records its own SLA verdicts as ticket metric events
(``GET /api/v2/incremental/ticket_metric_events``): ``apply_sla`` (the policy and target a
metric got), ``breach`` (when it breaches or breached; ``deleted`` when it no longer
will), ``fulfill`` (when it was met, undone by a later ``activate``). For each ticket and
each metric (each cycle of next reply and of the update metrics) the same four facts are
read from slalang's result, and every one that differs is a row:
``{"ticket_id", "metric", "field", "zendesk", "slalang"}`` with ``field`` one of
``policy``, ``target_s``, ``breach_at``, ``fulfilled_at``. When only one side applies a
target to a metric, only the ``policy`` row is written: the other facts follow from it.

slalang's facts: ``policy`` is the governing SLA (by the Zendesk id its structured comment
keeps, else by title) when it defines the metric; ``breach_at`` is the deadline of a clock
that breached or is running (a paused clock has none, as Zendesk deletes its breach while
paused); ``fulfilled_at`` is the stop of a clock that stopped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...evaluation.instants import format_utc
from ..exports import Notes
from ..pages import Document, Record, records
from ..problems import Problem, json_kind
from ..tickets import RecordError, instant
from .metrics import BY_SLALANG

if TYPE_CHECKING:
    from ...api import Policy

FIELDS = ("policy", "target_s", "breach_at", "fulfilled_at")
CYCLED = frozenset({"periodic_update_time", "pausable_update_time"})
SKIPPED_TYPES = frozenset({"measure", "apply_group_sla", "group_sla_breach"})
EVENT_METRICS = {m.event_metric: m.slalang for m in BY_SLALANG.values() if m.event_metric != "reply_time"}


@dataclass
class Facts:
    policy: Any = None
    target_s: Any = None
    breach_at: Any = None
    fulfilled_at: Any = None

    def get(self, name: str) -> Any:
        return getattr(self, name)


@dataclass
class ReconcileResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tickets: int = 0


def reconcile_zendesk(policy: Policy, tickets: Iterable[Record], metric_events: Iterable[Document], now: Any = None) -> ReconcileResult:
    result = ReconcileResult()
    zendesk = _zendesk_facts(records(metric_events, "ticket_metric_events", "ticket_metric_event"), result)
    ids = _policy_ids(policy)
    by_id = any(value is not None for value in ids.values())
    seen: set[str] = set()
    for record in tickets:
        ticket = record.value
        outcome = policy.evaluate(ticket, now=now) if isinstance(ticket, dict) else None
        if outcome is None or not outcome.ok:
            reason = outcome.error if outcome is not None else f"a ticket must be an object, got {json_kind(ticket)}"
            result.problems.append(record.problem(f"cannot be evaluated: {reason}"))
            continue
        result.tickets += 1
        data = outcome.to_json()
        key = str(data["id"])
        seen.add(key)
        ours = _slalang_facts(data, policy, ids, by_id)
        theirs = {name: _labelled(facts, by_id) for name, facts in zendesk.get(key, {}).items()}
        for metric in _ordered(set(ours) | set(theirs)):
            mine, other = ours.get(metric, Facts()), theirs.get(metric, Facts())
            names = FIELDS if (mine.policy is not None and other.policy is not None) else ("policy",)
            for name in names:
                if mine.get(name) != other.get(name):
                    result.rows.append({"ticket_id": data["id"], "metric": metric, "field": name,
                                        "zendesk": other.get(name), "slalang": mine.get(name)})
    missing = [t for t in zendesk if t not in seen]
    if missing:
        result.notes.append(f"{len(missing)} ticket(s) have metric events but are not in the tickets file (e.g. {missing[0]}); not compared")
    return result


def _ordered(names: set[str]) -> list[str]:
    order = ["first_response", "next_response"] + [m.slalang for m in BY_SLALANG.values() if m.measure]

    def key(name: str) -> tuple[int, int, str]:
        base, _, cycle = name.partition("[")
        return (order.index(base) if base in order else len(order), int(cycle.rstrip("]") or 0), name)

    return sorted(names, key=key)


def _policy_ids(policy: Policy) -> dict[str, Any]:
    notes = Notes(policy, "zendesk")
    return {sla.name: notes.of(sla.span).get("id") for sla in policy.model.slas}


def _labelled(facts: Facts, by_id: bool) -> Facts:
    """Zendesk's policy as its id (when the policy set keeps ids) or its title."""
    policy_id, title = facts.policy
    return Facts(policy_id if by_id else title, facts.target_s, facts.breach_at, facts.fulfilled_at)


# --- Zendesk's side ----------------------------------------------------------------------


def _zendesk_facts(events: list[Record], result: ReconcileResult) -> dict[str, dict[str, Facts]]:
    """ticket id -> metric (``next_response[2]``) -> facts; policy as (id, title)."""
    grouped: dict[str, dict[str, dict[Any, list[tuple[int, int, dict[str, Any]]]]]] = {}
    for order, record in enumerate(events):
        event = record.value
        if not isinstance(event, dict) or event.get("type") in SKIPPED_TYPES:
            continue
        try:
            _, at_s = instant(event.get("time"), "time")
        except RecordError as exc:
            result.problems.append(exc.problem(record))
            continue
        metric = event.get("metric")
        if metric != "reply_time" and metric not in EVENT_METRICS:
            continue
        instance = event.get("instance_id")
        ticket = str(event.get("ticket_id"))
        grouped.setdefault(ticket, {}).setdefault(metric, {}).setdefault(instance, []).append((at_s, order, event))
    out: dict[str, dict[str, Facts]] = {}
    for ticket, metrics in grouped.items():
        facts: dict[str, Facts] = {}
        for metric, instances in metrics.items():
            ranked = sorted(instances, key=lambda i: (i is None, i if isinstance(i, int) else 0))
            for rank, instance in enumerate(ranked):
                name = _metric_name(metric, rank, len(ranked))
                one = _instance_facts(sorted(instances[instance], key=lambda item: (item[0], item[1])))
                if one is not None:
                    facts[name] = one
        out[ticket] = facts
    return out


def _metric_name(metric: str, rank: int, count: int) -> str:
    if metric == "reply_time":
        return "first_response" if rank == 0 else f"next_response[{rank}]"
    name = EVENT_METRICS[metric]
    return f"{name}[{rank + 1}]" if name in CYCLED else name


def _instance_facts(events: list[tuple[int, int, dict[str, Any]]]) -> Facts | None:
    facts = Facts()
    applied = False
    fulfilled: int | None = None
    breach: int | None = None  # the last breach Zendesk did not delete
    for at_s, _, event in events:
        kind = event.get("type")
        if kind == "apply_sla" and isinstance(event.get("sla"), dict):
            sla = event["sla"]
            applied = True
            policy = sla.get("policy") if isinstance(sla.get("policy"), dict) else {}
            facts.policy = (policy.get("id"), policy.get("title"))
            seconds = sla.get("target_in_seconds")
            minutes = sla.get("target")
            facts.target_s = seconds if isinstance(seconds, int) else minutes * 60 if isinstance(minutes, int) else None
        elif kind == "fulfill":
            fulfilled = at_s
        elif kind == "activate":
            fulfilled = None
        elif kind == "breach" and event.get("deleted") is not True:
            breach = at_s
    if not applied:
        return None
    facts.fulfilled_at = format_utc(fulfilled) if fulfilled is not None else None
    facts.breach_at = format_utc(breach) if breach is not None else None
    return facts


# --- slalang's side ----------------------------------------------------------------------


def _slalang_facts(result: dict[str, Any], policy: Policy, ids: dict[str, Any], by_id: bool) -> dict[str, Facts]:
    sla = result.get("sla")
    if sla is None:
        return {}
    if by_id:
        label = ids.get(sla)
    else:
        model = policy.model.sla(sla)
        label = model.title or model.name
    out: dict[str, Facts] = {}
    for name, value in (result.get("metrics") or {}).items():
        if name not in BY_SLALANG:
            continue
        if "cycles" in value:
            for index, cycle in enumerate(value["cycles"], start=1):
                out[f"{name}[{index}]"] = _run_facts(cycle, label)
        elif value.get("status") != "none":
            out[name] = _run_facts(value, label)
    return out


def _run_facts(run: dict[str, Any], label: Any) -> Facts:
    status = run.get("status")
    breach = run.get("deadline") if status in ("breached", "running") else None
    fulfilled = run.get("stop") if status in ("met", "breached") else None
    return Facts(label, run.get("target_s"), breach, fulfilled)
