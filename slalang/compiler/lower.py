"""Stage ``lower_model``: the checked declarations become the frozen model (slalang/model.py).

Durations become seconds, times minutes, names stay names (each resolved by the earlier
stages). An OLA counts on its team's calendar unless ``on`` names another; an SLA without
``calendar`` counts on ``always``; an SLA's ``pause never`` is no pause rule at all;
``escalate METRIC with CHAIN`` copies the chain's steps into the metric (or measure) and
records the chain's name. Metrics and measures are lowered in ``clocks``, calendar choices
in ``calendar_choices``, credits and availabilities in ``credits``. Spans are kept on every
object.
"""

from __future__ import annotations

from .. import ast
from .. import model as m
from ..diagnostics import Diagnostic
from .calendar_choices import lower_choice
from .calendars import lower_calendar
from .clocks import Steps, lower_measure, lower_metric
from .conditions import lower_condition
from .credits import lower_availability, lower_credit
from .durations import duration_seconds
from .state import CompileState


def lower_model(state: CompileState) -> list[Diagnostic]:
    tables = state.tables
    chains = {name: _lower_chain(decl) for name, decl in tables.chains.items()}
    teams = {name: _lower_team(decl) for name, decl in tables.teams.items()}
    header = tables.headers[0] if tables.headers else None
    resolved = (
        tuple(str(v.value) for v in tables.resolved[0].values) if tables.resolved else m.DEFAULT_RESOLVED
    )
    state.model = m.PolicySet(
        name=header.name.value if header else None,
        version=header.version.value if header and header.version else None,
        resolved_statuses=tuple(dict.fromkeys(resolved)),
        priorities=tables.priority_names,
        calendars={m.ALWAYS: m.ALWAYS_CALENDAR, **{n: lower_calendar(d) for n, d in tables.calendars.items()}},
        segments={n: m.Segment(n, lower_condition(d.when), d.span) for n, d in tables.segments.items()},
        teams=teams,
        olas={n: _lower_ola(d, teams) for n, d in tables.olas.items()},
        chains=chains,
        slas=tuple(_lower_sla(d, chains) for d in tables.slas.values()),
        files=tuple(state.order),
        credits={n: lower_credit(d) for n, d in tables.credits.items()},
        availabilities={n: lower_availability(d) for n, d in tables.availabilities.items()},
    )
    return []


def _lower_team(decl: ast.TeamDecl) -> m.Team:
    values = {item.kind: item.value for item in decl.items}  # each kind appears once (checked)
    calendar = values["calendar"]
    agents = values.get("agents")
    lead = values.get("lead")
    return m.Team(
        name=decl.name.text,
        calendar=calendar.text if isinstance(calendar, ast.Name) else str(calendar),
        agents=agents if isinstance(agents, int) else None,
        lead=lead.value if isinstance(lead, ast.Str) else None,
        span=decl.span,
    )


def _lower_ola(decl: ast.OlaDecl, teams: dict[str, m.Team]) -> m.Ola:
    calendar = decl.on.text if decl.on is not None else teams[decl.team.text].calendar
    return m.Ola(decl.name.text, decl.team.text, duration_seconds(decl.within), calendar, decl.span)


def _lower_step(step: ast.Step) -> m.EscalationStep:
    offset_s = duration_seconds(step.offset) if step.offset is not None else 0
    if step.offset_sign == "-":
        offset_s = -offset_s
    actions = tuple(m.Action(a.kind, a.target) for a in step.actions)
    return m.EscalationStep(float(step.percent.value), offset_s, actions, step.span)


def _lower_chain(decl: ast.ChainDecl) -> m.EscalationChain:
    return m.EscalationChain(decl.name.text, tuple(_lower_step(s) for s in decl.steps), decl.span)


def _lower_sla(decl: ast.SlaDecl, chains: dict[str, m.EscalationChain]) -> m.Sla:
    when = pause = None
    calendar: m.CalendarChoice = m.ZonedCalendar(m.ALWAYS)
    escalations: dict[str, Steps] = {}
    for item in decl.items:
        if isinstance(item, ast.WhenItem):
            when = lower_condition(item.condition)
        elif isinstance(item, ast.PauseItem):
            # ``pause never`` at SLA level: no pause rule, as when none is written
            pause = lower_condition(item.condition) if item.condition is not None else None
        elif isinstance(item, ast.ClockCalendarItem):
            calendar = lower_choice(item.choice)
        elif isinstance(item, ast.EscalateItem):
            if item.chain is not None:
                escalations[item.metric.text] = (chains[item.chain.text].steps, item.chain.text)
            else:
                escalations[item.metric.text] = (tuple(_lower_step(s) for s in item.steps or ()), None)
    no_steps: Steps = ((), None)
    metrics = [
        lower_metric(item, escalations.get(item.metric.text, no_steps))
        for item in decl.items
        if isinstance(item, ast.MetricItem)
    ]
    metrics.sort(key=lambda metric: m.METRICS.index(metric.kind))
    measures = tuple(
        lower_measure(item, escalations.get(item.name.text, no_steps))
        for item in decl.items
        if isinstance(item, ast.MeasureItem)
    )
    return m.Sla(
        name=decl.name.text,
        title=decl.title.value if decl.title is not None else None,
        when=when,
        calendar=calendar,
        metrics=tuple(metrics),
        pause=pause,
        span=decl.span,
        measures=measures,
    )
