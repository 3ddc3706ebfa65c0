"""The compiled model as JSON (``slalang compile``) and back.

The form is described by ``slalang/schemas/compiled-policy.schema.json`` (its ``$id`` is
``SCHEMA_ID``) and documented in docs/compiled-form.md. ``model_from_json(model_to_json(m))``
equals ``m``, spans included. Objects named in the language (calendars, segments, teams,
OLAs, escalation chains) are JSON objects keyed by name; SLAs are a list, in policy-set
order, since the first SLA whose ``when`` holds governs a ticket.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from . import model as m
from .source import NO_SPAN, Span

SCHEMA_ID = "https://slalang.dev/schemas/compiled-policy/v1.json"
FORMAT_VERSION = 1


class ModelFormatError(ValueError):
    """The data is not a compiled policy of a format version this slalang reads."""


@lru_cache(maxsize=1)
def compiled_policy_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the compiled form."""
    text = resources.files("slalang").joinpath("schemas/compiled-policy.schema.json").read_text("utf-8")
    return json.loads(text)


# --- model -> JSON --------------------------------------------------------------------------


def model_to_json(model: m.PolicySet) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "format_version": FORMAT_VERSION,
        "name": model.name,
        "version": model.version,
        "files": list(model.files),
        "resolved_statuses": list(model.resolved_statuses),
        "priorities": list(model.priorities),
        "calendars": {name: _calendar(c) for name, c in model.calendars.items()},
        "segments": {name: {"when": condition_to_json(s.when), "span": _span(s.span)} for name, s in model.segments.items()},
        "teams": {
            name: {"calendar": t.calendar, "agents": t.agents, "lead": t.lead, "span": _span(t.span)}
            for name, t in model.teams.items()
        },
        "olas": {
            name: {"team": o.team, "target_s": o.target_s, "calendar": o.calendar, "span": _span(o.span)}
            for name, o in model.olas.items()
        },
        "chains": {
            name: {"steps": [_step(s) for s in c.steps], "span": _span(c.span)} for name, c in model.chains.items()
        },
        "slas": [_sla(s) for s in model.slas],
    }


def _span(span: Span) -> dict[str, Any] | None:
    return None if span == NO_SPAN else span.to_json()


def _calendar(c: m.Calendar) -> dict[str, Any]:
    return {
        "title": c.title,
        "timezone": c.timezone,
        "hours": [{"weekday": m.WEEKDAYS[r.weekday], "start_min": r.start_min, "end_min": r.end_min} for r in c.hours],
        "holidays": [{"country": h.country, "subdivision": h.subdivision, "span": _span(h.span)} for h in c.holidays],
        "closed": [_date_hours(d) for d in c.closed],
        "open": [_date_hours(d) for d in c.open],
        "span": _span(c.span),
    }


def _date_hours(d: m.DateHours) -> dict[str, Any]:
    return {"date": d.date.isoformat(), "ranges": [[s, e] for s, e in d.ranges], "span": _span(d.span)}


def _step(s: m.EscalationStep) -> dict[str, Any]:
    return {
        "percent": s.percent,
        "offset_s": s.offset_s,
        "actions": [{"kind": a.kind, "target": a.target} for a in s.actions],
        "span": _span(s.span),
    }


def _sla(s: m.Sla) -> dict[str, Any]:
    return {
        "name": s.name,
        "title": s.title,
        "when": condition_to_json(s.when) if s.when is not None else None,
        "calendar": s.calendar,
        "metrics": [
            {
                "kind": x.kind,
                "target_s": x.target_s,
                "goal": x.goal,
                "via": list(x.via),
                "escalation": [_step(step) for step in x.escalation],
                "escalation_chain": x.escalation_chain,
                "span": _span(x.span),
            }
            for x in s.metrics
        ],
        "pause": condition_to_json(s.pause) if s.pause is not None else None,
        "span": _span(s.span),
    }


def condition_to_json(c: m.Condition) -> dict[str, Any]:
    span = _span(c.span)
    if isinstance(c, m.All):
        return {"type": "all", "items": [condition_to_json(i) for i in c.items], "span": span}
    if isinstance(c, m.Any_):
        return {"type": "any", "items": [condition_to_json(i) for i in c.items], "span": span}
    if isinstance(c, m.Not):
        return {"type": "not", "item": condition_to_json(c.item), "span": span}
    if isinstance(c, m.Const):
        return {"type": "const", "value": c.value, "span": span}
    if isinstance(c, m.SegmentRef):
        return {"type": "segment", "name": c.name, "span": span}
    if isinstance(c, m.PriorityCmp):
        return {"type": "priority", "op": c.op, "priority": c.priority, "span": span}
    if isinstance(c, m.FieldCmp):
        return {"type": "compare", "path": list(c.path), "op": c.op, "value": c.value, "span": span}
    if isinstance(c, m.FieldIn):
        return {"type": "in", "path": list(c.path), "values": list(c.values), "negated": c.negated, "span": span}
    if isinstance(c, m.FieldContains):
        return {"type": "contains", "path": list(c.path), "value": c.value, "span": span}
    raise TypeError(f"not a condition: {c!r}")


# --- JSON -> model --------------------------------------------------------------------------


def model_from_json(data: Any) -> m.PolicySet:
    """The model of a compiled policy; raises ModelFormatError when ``data`` does not fit the schema."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    if isinstance(data, dict) and data.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(
            f"compiled policy has format_version {data.get('format_version')!r}; this slalang reads {FORMAT_VERSION}"
        )
    error = best_match(Draft202012Validator(compiled_policy_schema()).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ModelFormatError(f"not a compiled slalang policy: at {where}: {error.message}")
    return m.PolicySet(
        name=data["name"],
        version=data["version"],
        resolved_statuses=tuple(data["resolved_statuses"]),
        priorities=tuple(data["priorities"]),
        calendars={name: _load_calendar(name, c) for name, c in data["calendars"].items()},
        segments={name: m.Segment(name, condition_from_json(s["when"]), _load_span(s["span"])) for name, s in data["segments"].items()},
        teams={
            name: m.Team(name, t["calendar"], t["agents"], t["lead"], _load_span(t["span"]))
            for name, t in data["teams"].items()
        },
        olas={
            name: m.Ola(name, o["team"], o["target_s"], o["calendar"], _load_span(o["span"]))
            for name, o in data["olas"].items()
        },
        chains={
            name: m.EscalationChain(name, tuple(_load_step(s) for s in c["steps"]), _load_span(c["span"]))
            for name, c in data["chains"].items()
        },
        slas=tuple(_load_sla(s) for s in data["slas"]),
        files=tuple(data["files"]),
    )


def _load_span(data: dict[str, Any] | None) -> Span:
    return NO_SPAN if data is None else Span.from_json(data)


def _load_calendar(name: str, c: dict[str, Any]) -> m.Calendar:
    return m.Calendar(
        name=name,
        title=c["title"],
        timezone=c["timezone"],
        hours=tuple(m.WeeklyRange(m.WEEKDAYS.index(r["weekday"]), r["start_min"], r["end_min"]) for r in c["hours"]),
        holidays=tuple(m.HolidaySource(h["country"], h["subdivision"], _load_span(h["span"])) for h in c["holidays"]),
        closed=tuple(_load_date_hours(d) for d in c["closed"]),
        open=tuple(_load_date_hours(d) for d in c["open"]),
        span=_load_span(c["span"]),
    )


def _load_date_hours(d: dict[str, Any]) -> m.DateHours:
    return m.DateHours(
        dt.date.fromisoformat(d["date"]), tuple((s, e) for s, e in d["ranges"]), _load_span(d["span"])
    )


def _load_step(s: dict[str, Any]) -> m.EscalationStep:
    actions = tuple(m.Action(a["kind"], a["target"]) for a in s["actions"])
    return m.EscalationStep(float(s["percent"]), s["offset_s"], actions, _load_span(s["span"]))


def _load_sla(s: dict[str, Any]) -> m.Sla:
    metrics = tuple(
        m.Metric(
            kind=x["kind"],
            target_s=x["target_s"],
            goal=float(x["goal"]),
            via=tuple(x["via"]),
            escalation=tuple(_load_step(step) for step in x["escalation"]),
            escalation_chain=x["escalation_chain"],
            span=_load_span(x["span"]),
        )
        for x in s["metrics"]
    )
    return m.Sla(
        name=s["name"],
        title=s["title"],
        when=condition_from_json(s["when"]) if s["when"] is not None else None,
        calendar=s["calendar"],
        metrics=metrics,
        pause=condition_from_json(s["pause"]) if s["pause"] is not None else None,
        span=_load_span(s["span"]),
    )


def condition_from_json(c: dict[str, Any]) -> m.Condition:
    span = _load_span(c.get("span"))
    kind = c["type"]
    if kind == "all":
        return m.All(tuple(condition_from_json(i) for i in c["items"]), span)
    if kind == "any":
        return m.Any_(tuple(condition_from_json(i) for i in c["items"]), span)
    if kind == "not":
        return m.Not(condition_from_json(c["item"]), span)
    if kind == "const":
        return m.Const(c["value"], span)
    if kind == "segment":
        return m.SegmentRef(c["name"], span)
    if kind == "priority":
        return m.PriorityCmp(c["op"], c["priority"], span)
    if kind == "compare":
        return m.FieldCmp(tuple(c["path"]), c["op"], c["value"], span)
    if kind == "in":
        return m.FieldIn(tuple(c["path"]), tuple(c["values"]), c["negated"], span)
    if kind == "contains":
        return m.FieldContains(tuple(c["path"]), c["value"], span)
    raise ModelFormatError(f"unknown condition type {kind!r}")
