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
    data = {
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
    # Keys that only policies using the newer constructs have: an older policy's form is unchanged.
    if model.credits:
        data["credits"] = {name: _credit(c) for name, c in model.credits.items()}
    if model.availabilities:
        data["availabilities"] = {name: _availability(a) for name, a in model.availabilities.items()}
    return data


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
    data: dict[str, Any] = {
        "name": s.name,
        "title": s.title,
        "when": condition_to_json(s.when) if s.when is not None else None,
        "calendar": choice_to_json(s.calendar),
        "metrics": [_metric(x) for x in s.metrics],
    }
    if s.measures:
        data["measures"] = [_measure(x) for x in s.measures]
    data["pause"] = condition_to_json(s.pause) if s.pause is not None else None
    data["span"] = _span(s.span)
    return data


def _own_rules(clock: m.Metric | m.Measure, data: dict[str, Any]) -> None:
    """``calendar`` and ``pause`` keys when the clock has its own (absent: the SLA's; a
    ``pause`` of null: ``pause never``)."""
    if clock.calendar is not None:
        data["calendar"] = choice_to_json(clock.calendar)
    if clock.pause is not None:
        condition = clock.pause.condition
        data["pause"] = condition_to_json(condition) if condition is not None else None


def _metric(x: m.Metric) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": x.kind,
        "target_s": x.target_s,
        "goal": x.goal,
        "via": list(x.via),
        "escalation": [_step(step) for step in x.escalation],
        "escalation_chain": x.escalation_chain,
    }
    _own_rules(x, data)
    data["span"] = _span(x.span)
    return data


def _measure(x: m.Measure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": x.name,
        "title": x.title,
        "target_s": x.target_s,
        "goal": x.goal,
        "via": list(x.via),
        "starts": [_trigger(t) for t in x.starts],
        "stops": [_trigger(t) for t in x.stops],
        "resumes": [_trigger(t) for t in x.resumes],
        "cycles": x.cycles,
        "escalation": [_step(step) for step in x.escalation],
        "escalation_chain": x.escalation_chain,
    }
    _own_rules(x, data)
    data["span"] = _span(x.span)
    return data


def _trigger(t: m.Trigger) -> dict[str, Any]:
    if isinstance(t, m.EventTrigger):
        return {"type": "event", "event": t.event, "span": _span(t.span)}
    return {"type": "condition", "condition": condition_to_json(t.condition), "span": _span(t.span)}


def choice_to_json(choice: m.CalendarChoice) -> Any:
    """A calendar's name for a plain calendar, else an object (see the schema's ``calendar_choice``)."""
    if isinstance(choice, m.CalendarByField):
        return {
            "type": "by",
            "path": list(choice.path),
            "arms": [{"value": a.value, "calendar": choice_to_json(a.calendar), "span": _span(a.span)} for a in choice.arms],
            "otherwise": choice_to_json(choice.otherwise),
            "span": _span(choice.span),
        }
    if choice.zone is None and choice.zone_path is None:
        return choice.name
    return {
        "type": "zoned",
        "name": choice.name,
        "zone_path": list(choice.zone_path) if choice.zone_path is not None else None,
        "zone": choice.zone,
        "span": _span(choice.span),
    }


def _period(p: m.Period) -> dict[str, Any]:
    return {"unit": p.unit, "zone": p.zone, "span": _span(p.span)}


def _tiers(tiers: tuple[m.CreditTier, ...]) -> list[dict[str, Any]]:
    return [{"below_pct": t.below_pct, "credit_pct": t.credit_pct, "span": _span(t.span)} for t in tiers]


def _credit(c: m.Credit) -> dict[str, Any]:
    return {
        "title": c.title,
        "slas": list(c.slas),
        "metrics": list(c.metrics) if c.metrics is not None else None,
        "per": list(c.per),
        "period": _period(c.period),
        "tiers": _tiers(c.tiers),
        "cap_pct": c.cap_pct,
        "minimum_runs": c.minimum_runs,
        "span": _span(c.span),
    }


def _availability(a: m.Availability) -> dict[str, Any]:
    return {
        "title": a.title,
        "calendar": a.calendar,
        "objective_pct": a.objective_pct,
        "period": _period(a.period),
        "tiers": _tiers(a.tiers),
        "span": _span(a.span),
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
        credits={name: _load_credit(name, c) for name, c in data.get("credits", {}).items()},
        availabilities={name: _load_availability(name, a) for name, a in data.get("availabilities", {}).items()},
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


def _load_own_rules(x: dict[str, Any]) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    if "calendar" in x:
        rules["calendar"] = choice_from_json(x["calendar"])
    if "pause" in x:
        rules["pause"] = m.OwnPause(condition_from_json(x["pause"]) if x["pause"] is not None else None)
    return rules


def _load_metric(x: dict[str, Any]) -> m.Metric:
    return m.Metric(
        kind=x["kind"],
        target_s=x["target_s"],
        goal=float(x["goal"]),
        via=tuple(x["via"]),
        escalation=tuple(_load_step(step) for step in x["escalation"]),
        escalation_chain=x["escalation_chain"],
        span=_load_span(x["span"]),
        **_load_own_rules(x),
    )


def _load_measure(x: dict[str, Any]) -> m.Measure:
    return m.Measure(
        name=x["name"],
        title=x["title"],
        target_s=x["target_s"],
        goal=float(x["goal"]),
        via=tuple(x["via"]),
        starts=tuple(_load_trigger(t) for t in x["starts"]),
        stops=tuple(_load_trigger(t) for t in x["stops"]),
        resumes=tuple(_load_trigger(t) for t in x["resumes"]),
        cycles=x["cycles"],
        escalation=tuple(_load_step(step) for step in x["escalation"]),
        escalation_chain=x["escalation_chain"],
        span=_load_span(x["span"]),
        **_load_own_rules(x),
    )


def _load_trigger(t: dict[str, Any]) -> m.Trigger:
    if t["type"] == "event":
        return m.EventTrigger(t["event"], _load_span(t["span"]))
    return m.ConditionTrigger(condition_from_json(t["condition"]), _load_span(t["span"]))


def choice_from_json(c: Any) -> m.CalendarChoice:
    if isinstance(c, str):
        return m.ZonedCalendar(c)
    if c["type"] == "by":
        arms = tuple(
            m.CalendarArm(a["value"], _load_zoned(a["calendar"]), _load_span(a["span"])) for a in c["arms"]
        )
        return m.CalendarByField(tuple(c["path"]), arms, _load_zoned(c["otherwise"]), _load_span(c["span"]))
    return _load_zoned(c)


def _load_zoned(c: Any) -> m.ZonedCalendar:
    if isinstance(c, str):
        return m.ZonedCalendar(c)
    zone_path = tuple(c["zone_path"]) if c["zone_path"] is not None else None
    return m.ZonedCalendar(c["name"], zone_path, c["zone"], _load_span(c["span"]))


def _load_sla(s: dict[str, Any]) -> m.Sla:
    return m.Sla(
        name=s["name"],
        title=s["title"],
        when=condition_from_json(s["when"]) if s["when"] is not None else None,
        calendar=choice_from_json(s["calendar"]),
        metrics=tuple(_load_metric(x) for x in s["metrics"]),
        pause=condition_from_json(s["pause"]) if s["pause"] is not None else None,
        span=_load_span(s["span"]),
        measures=tuple(_load_measure(x) for x in s.get("measures", ())),
    )


def _load_period(p: dict[str, Any]) -> m.Period:
    return m.Period(p["unit"], p["zone"], _load_span(p["span"]))


def _load_tiers(tiers: list[dict[str, Any]]) -> tuple[m.CreditTier, ...]:
    return tuple(m.CreditTier(float(t["below_pct"]), float(t["credit_pct"]), _load_span(t["span"])) for t in tiers)


def _load_credit(name: str, c: dict[str, Any]) -> m.Credit:
    return m.Credit(
        name=name,
        title=c["title"],
        slas=tuple(c["slas"]),
        metrics=tuple(c["metrics"]) if c["metrics"] is not None else None,
        per=tuple(c["per"]),
        period=_load_period(c["period"]),
        tiers=_load_tiers(c["tiers"]),
        cap_pct=float(c["cap_pct"]) if c["cap_pct"] is not None else None,
        minimum_runs=c["minimum_runs"],
        span=_load_span(c["span"]),
    )


def _load_availability(name: str, a: dict[str, Any]) -> m.Availability:
    return m.Availability(
        name=name,
        title=a["title"],
        calendar=a["calendar"],
        objective_pct=float(a["objective_pct"]),
        period=_load_period(a["period"]),
        tiers=_load_tiers(a["tiers"]),
        span=_load_span(a["span"]),
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
