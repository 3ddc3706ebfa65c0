"""Evaluate tickets for a report or a diff: one pass over a stream, at one fixed ``now``."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..evaluation import Evaluator, format_utc, resolve_now
from ..evaluation.result import Outcome
from .aggregation import ReportBuilder
from .figures import AttainmentReport


def fix_now(now: Any = None) -> int:
    """``now`` as epoch seconds (None: the current second), so every evaluation of one run
    and the report that states it use the same instant. Raises ``InstantError``."""
    return resolve_now(now)


def evaluate_stream(policy: Any, tickets: Iterable[Any], now_s: int) -> Iterator[Outcome]:
    """Evaluate tickets given as dicts or as ``(line, ticket)`` pairs (as ``read_tickets``
    yields them, so a failure names the file line); a bare dict's line is its position."""
    evaluator = Evaluator(policy)
    for position, item in enumerate(tickets, start=1):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int):
            line, raw = item
        else:
            line, raw = position, item
        yield evaluator.evaluate(raw, now_s, line=line)


def report_tickets(
    policy: Any,
    tickets: Iterable[Any],
    now: str | int | dt.datetime | None = None,
    *,
    on_outcome: Callable[[Any, Outcome], None] | None = None,
    zone: dt.tzinfo | None = None,
    fields: tuple[str, ...] = (),
) -> AttainmentReport:
    """Evaluate ``tickets`` under ``policy`` and aggregate them, streamed in one pass.

    ``tickets``: ticket dicts or ``(line, ticket)`` pairs; ``now``: RFC 3339 text, epoch
    seconds, an aware datetime, or None for the current second. ``on_outcome(ticket,
    outcome)`` sees every ticket and its outcome too (the credits of the same pass);
    ``zone`` and ``fields`` as for ``build_report``.
    """
    now_s = fix_now(now)
    for_evaluation, for_breakdowns = itertools.tee(tickets)
    builder = ReportBuilder(policy, zone=zone, fields=fields)
    lookup_source = _tickets_only(for_breakdowns)
    for outcome, ticket in zip(evaluate_stream(policy, for_evaluation, now_s), lookup_source, strict=True):
        builder.add(outcome, ticket if outcome.ok else None)
        if on_outcome is not None:
            on_outcome(ticket, outcome)
    return builder.finish(format_utc(now_s))


def _tickets_only(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield item[1] if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int) else item
