"""Evaluate tickets against a compiled policy set (evaluation.md).

``evaluate_ticket`` and ``evaluate_tickets`` are the library entry points (``Policy.evaluate``
calls them). An ``Evaluator`` prepares a policy set once (each SLA's clocks: calendars,
timelines and fire points) and then evaluates any number of tickets; it keeps only per-run
memos, so make one per thread. The compiled ``PolicySet`` itself is immutable and may be
shared freely.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..model import PolicySet
from ..timeline import timeline_for
from .clocks import SlaPlan, TimelineFactory, plan_policy
from .history import History, decision_attributes, replay
from .instants import InstantError, TimestampParser, resolve_now
from .result import Outcome, TicketFailure, TicketResult, TypedResults
from .rules import Rules
from .runs import assemble, measure, runs_of
from .ticket_files import InputError
from .tickets import Ticket, TicketError, TicketValidator


def policy_model(policy: Any) -> PolicySet:
    """Accepts a compiled ``PolicySet`` or an ``api.Policy`` wrapping one."""
    model = getattr(policy, "model", policy)
    if not isinstance(model, PolicySet):
        raise TypeError(f"expected a compiled policy set, got {type(policy).__name__}")
    return model


class Evaluator:
    """Evaluates tickets against one policy set."""

    def __init__(self, policy: Any, clock_for: TimelineFactory | None = None) -> None:
        self.policy = policy_model(policy)
        self.rules = Rules(self.policy)
        self.validator = TicketValidator(self.policy, TimestampParser())
        self.plans: dict[str, SlaPlan] = plan_policy(self.policy, clock_for or timeline_for)

    def validate(self, raw: Any) -> Ticket:
        """A validated ticket; raises TicketError."""
        return self.validator.validate(raw)

    def history(self, ticket: Ticket, now_s: int) -> History:
        return replay(self.rules, ticket, now_s)

    def plan_for(self, ticket: Ticket, history: History, now_s: int) -> SlaPlan:
        """The governing SLA's plan with its calendars decided for this ticket (evaluation.md:
        on the attributes of the last decision, applied to the whole history)."""
        assert history.sla is not None
        plan = self.plans[history.sla.name]
        if not plan.chosen:
            return plan
        return plan.decided(decision_attributes(ticket, ticket.events_until(now_s), history.decisions[-1]))

    def evaluate_valid(self, ticket: Ticket, now_s: int) -> TicketResult:
        history = self.history(ticket, now_s)
        if history.sla is None:
            return TicketResult(ticket.id, None)
        plan = self.plan_for(ticket, history, now_s)
        runs = runs_of(plan, history, now_s)
        return assemble(ticket.id, plan, runs, [measure(run) for run in runs], now_s, TypedResults)

    def evaluate(self, raw: Any, now_s: int, line: int | None = None) -> Outcome:
        """One decoded ticket (or the InputError that stood for it) -> a result or a failure."""
        if isinstance(raw, InputError):
            return TicketFailure(raw.id, raw.reason, raw.line)
        try:
            ticket = self.validator.validate(raw)
        except TicketError as exc:
            return TicketFailure(exc.ticket_id, exc.reason, line)
        return self.evaluate_valid(ticket, now_s)


def evaluate_ticket(policy: Any, ticket: dict[str, Any], now: Any = None) -> Outcome:
    """Evaluate one ticket. ``now``: None (the time of evaluation), epoch seconds, an aware
    datetime or RFC 3339 text. Bad input gives a ``TicketFailure`` (line 1), not an exception."""
    now_s = resolve_now(now)
    return Evaluator(policy).evaluate(ticket, now_s, line=1)


def evaluate_tickets(policy: Any, tickets: Iterable[dict[str, Any]], now: Any = None) -> Iterator[Outcome]:
    """Evaluate tickets lazily, in order; a failure's ``line`` is the ticket's 1-based position.
    ``now`` is fixed once, when evaluation starts."""
    now_s = resolve_now(now)
    evaluator = Evaluator(policy)
    return (evaluator.evaluate(ticket, now_s, line=position) for position, ticket in enumerate(tickets, start=1))


def evaluate_items(
    evaluator: Evaluator, items: Iterable[tuple[int, Any]], now_s: int
) -> Iterator[Outcome]:
    """``(line, decoded ticket or InputError)`` pairs, as ``read_tickets`` yields them."""
    for line, raw in items:
        yield evaluator.evaluate(raw, now_s, line=line)


__all__ = [
    "Evaluator",
    "InstantError",
    "evaluate_items",
    "evaluate_ticket",
    "evaluate_tickets",
]
