"""The ``explain`` trace kept for a failing case: why the ticket got its SLA and numbers
(``slalang.report.policytest`` writes it under the failure)."""

from __future__ import annotations

from typing import Any

from ..evaluation.explain import Explanation, explain_ticket
from ..evaluation.tickets import TicketError
from .suite import Case


def explain_case(evaluator: Any, case: Case) -> Explanation | str:
    """The trace of ``case``'s ticket, or why there is none (the ticket is bad input)."""
    try:
        return explain_ticket(evaluator.policy, case.ticket, case.now)
    except TicketError as exc:
        return str(exc)
