"""``compute_credits(policy, tickets, now)``: evaluate a stream of tickets into credit rows.

Tickets are evaluated as ``slalang eval`` evaluates them, at one fixed ``now``. A ticket that
is bad input is reported (``on_failure`` gets the ``TicketFailure`` that ``eval`` would
write, with its line) and left out; the others still count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..evaluation import Evaluator, InputError, Ticket, TicketError, TicketFailure, resolve_now
from ..evaluation.history import assign, start_attributes
from ..evaluation.result import Outcome
from .ledger import CreditLedger, CreditRow

FailureFn = Callable[[TicketFailure], None]


@dataclass(frozen=True)
class CreditReport:
    rows: tuple[CreditRow, ...]
    now_s: int
    tickets: int  # tickets read, bad ones included
    failed: int  # bad tickets, left out

    def to_json(self) -> list[dict[str, Any]]:
        return [row.to_json() for row in self.rows]


def current_attributes(ticket: Ticket, now_s: int) -> dict[str, dict[str, Any]]:
    """The ticket's attributes after every event known at ``now_s`` (as the governing SLA
    is chosen on them: evaluation.md)."""
    attributes = start_attributes(ticket)
    for event in ticket.events_until(now_s):
        if event.path is not None:
            assign(attributes, event.path, event.value)
    return attributes


class CreditRun:
    """One pass over tickets at one ``now``: ``add`` each item, then ``report()``."""

    def __init__(self, policy: Any, now_s: int, on_failure: FailureFn | None = None) -> None:
        self.evaluator = Evaluator(policy)
        self.ledger = CreditLedger(self.evaluator.policy)
        self.now_s = now_s
        self.on_failure = on_failure
        self.tickets = 0
        self.failed = 0

    def add(self, raw: Any, line: int | None = None) -> None:
        """One decoded ticket (or the ``InputError`` that stands for it)."""
        self.tickets += 1
        if isinstance(raw, InputError):
            self._fail(TicketFailure(raw.id, raw.reason, raw.line))
            return
        try:
            ticket = self.evaluator.validate(raw)
        except TicketError as exc:
            self._fail(TicketFailure(exc.ticket_id, exc.reason, line))
            return
        result = self.evaluator.evaluate_valid(ticket, self.now_s)
        data = result.to_json()
        if self.ledger.counts(data.get("sla")):
            self.ledger.add(data, current_attributes(ticket, self.now_s), ticket.created_s)

    def add_outcome(self, raw: Any, outcome: Outcome) -> None:
        """A ticket another pass already evaluated at this run's ``now`` (``slalang report``
        counts credits beside attainment in one pass); a failure is only counted here."""
        self.tickets += 1
        if not outcome.ok:
            self.failed += 1
            return
        data = outcome.to_json()
        if self.ledger.counts(data.get("sla")):
            ticket = self.evaluator.validate(raw)
            self.ledger.add(data, current_attributes(ticket, self.now_s), ticket.created_s)

    def _fail(self, failure: TicketFailure) -> None:
        self.failed += 1
        if self.on_failure is not None:
            self.on_failure(failure)

    def report(self) -> CreditReport:
        return CreditReport(tuple(self.ledger.rows()), self.now_s, self.tickets, self.failed)


def compute_credits(
    policy: Any, tickets: Iterable[Any], now: Any = None, *, on_failure: FailureFn | None = None
) -> CreditReport:
    """Credit rows for every ``credit`` declaration of ``policy`` (a ``Policy`` or a compiled
    ``PolicySet``) from ``tickets``: dicts, or ``(line, ticket)`` pairs as ``read_tickets``
    yields them. ``now``: RFC 3339 text, epoch seconds, an aware datetime, or None (the
    current second). Raises ``ValueError`` when the policy cannot be evaluated."""
    run = CreditRun(policy, resolve_now(now), on_failure)
    for position, item in enumerate(tickets, start=1):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int):
            line, raw = item
        else:
            line, raw = position, item
        run.add(raw, line)
    return run.report()
