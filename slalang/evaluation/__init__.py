"""Evaluating tickets against a compiled policy set (evaluation.md).

``evaluate_ticket(policy, ticket, now=None)`` and ``evaluate_tickets(policy, tickets, now=None)``
give typed results whose ``to_json()`` is the documented output; ``read_tickets(path)``
streams tickets from JSON Lines, a JSON list or standard input; ``evaluate_file`` is the
fast path ``slalang eval`` uses; ``explain_ticket`` traces how one result was reached.

The names load on first use (PEP 562): the analysis needs only ``instants`` and
``condition_trace``, and ``slalang check`` should not pay for the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_names import lazy_names

_LAZY: dict[str, str] = {
    "BatchEvaluator": "batch",
    "ConditionTrace": "condition_trace",
    "explain_condition": "condition_trace",
    "Evaluator": "evaluator",
    "evaluate_items": "evaluator",
    "evaluate_ticket": "evaluator",
    "evaluate_tickets": "evaluator",
    "Explanation": "explain",
    "explain_ticket": "explain",
    "InstantError": "instants",
    "format_utc": "instants",
    "parse_rfc3339": "instants",
    "resolve_now": "instants",
    "Cycles": "result",
    "Escalation": "result",
    "Outcome": "result",
    "Run": "result",
    "TicketFailure": "result",
    "TicketResult": "result",
    "RunSummary": "runner",
    "evaluate_file": "runner",
    "InputError": "ticket_files",
    "read_tickets": "ticket_files",
    "Event": "tickets",
    "Ticket": "tickets",
    "TicketError": "tickets",
    "TicketValidator": "tickets",
}

__all__ = [
    "BatchEvaluator",
    "ConditionTrace",
    "Cycles",
    "Escalation",
    "Evaluator",
    "Event",
    "Explanation",
    "InputError",
    "InstantError",
    "Outcome",
    "Run",
    "RunSummary",
    "Ticket",
    "TicketError",
    "TicketFailure",
    "TicketResult",
    "TicketValidator",
    "evaluate_file",
    "evaluate_items",
    "evaluate_ticket",
    "evaluate_tickets",
    "explain_condition",
    "explain_ticket",
    "format_utc",
    "parse_rfc3339",
    "read_tickets",
    "resolve_now",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .batch import BatchEvaluator
    from .condition_trace import ConditionTrace, explain_condition
    from .evaluator import Evaluator, evaluate_items, evaluate_ticket, evaluate_tickets
    from .explain import Explanation, explain_ticket
    from .instants import InstantError, format_utc, parse_rfc3339, resolve_now
    from .result import Cycles, Escalation, Outcome, Run, TicketFailure, TicketResult
    from .runner import RunSummary, evaluate_file
    from .ticket_files import InputError, read_tickets
    from .tickets import Event, Ticket, TicketError, TicketValidator


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
