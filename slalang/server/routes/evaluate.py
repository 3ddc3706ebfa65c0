"""``POST /v1/evaluate``: tickets in, ``slalang eval``'s result objects out, in the same order.

The body is ``{"tickets": [TICKET, ...], "now": "RFC 3339"}`` or ``{"ticket": TICKET, "now": ...}``
(``now`` optional: the time of the request). A body that is not that shape is a 4xx naming
the member at fault. A ticket that is bad input is not: like ``slalang eval``, it becomes
``{"id", "error", "line"}`` in its place (``line``: its 1-based position in ``tickets``)
and the other tickets are still evaluated (200). A single ``{"ticket": ...}`` that cannot be
evaluated answers 422 with that same body.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from ...evaluation import (
    Evaluator,
    InstantError,
    format_utc,
    parse_rfc3339,
    resolve_now,
)
from ...evaluation.batch import BatchEvaluator
from ...evaluation.output import encode_jsonl
from ...evaluation.tickets import json_kind
from ...suggestions import closest
from ..bodies import parse_json, read_body, require_json
from ..context import ServerContext, context_of
from ..errors import JSON_TYPE, ApiError
from ..reloading import LoadedPolicy

MEMBERS = ("tickets", "ticket", "now")

SINGLE_PATH_MAX = 2
"""Requests of at most this many tickets take the one-ticket evaluator: the batch engine's
fixed cost per call (its array calls per calendar) is more than it saves on so few."""

INLINE_MAX_BYTES = 16 * 1024
"""A request of at most ``SINGLE_PATH_MAX`` tickets and this many bytes is evaluated on the
event loop; anything larger (a ticket with thousands of events) goes to a compute thread,
so that no request holds the loop for long."""


async def evaluate(request: Request) -> Response:
    ctx = context_of(request)
    require_json(request, "/v1/evaluate")
    body = await read_body(request, ctx.limits)
    data = parse_json(body)
    tickets, now_s = read_request(data, ctx.limits.max_tickets)
    loaded = ctx.holder.current
    if len(tickets) <= SINGLE_PATH_MAX and len(body) <= INLINE_MAX_BYTES:
        # A small request is evaluated on the event loop: its work (a tenth of a millisecond)
        # costs less than the hop to a compute thread and back.
        lines, count, failed = evaluate_all(ctx, loaded, tickets, now_s)
    else:
        lines, count, failed = await ctx.compute(evaluate_all, ctx, loaded, tickets, now_s)
    ctx.metrics.count_evaluations(count, failed)
    # A batch answers 200 whatever its tickets did; one ticket that cannot be evaluated is the
    # request failing: 422, with the same body (its error entry says why).
    status = 422 if failed and "ticket" in data else 200
    return Response(response_body(lines, now_s, loaded.version_hash), status_code=status, media_type=JSON_TYPE)


def response_body(lines: bytes, now_s: int, version_hash: str) -> bytes:
    """``{"results": [...], "now", "version_hash"}`` as orjson writes it, from the results'
    JSON Lines (one compact object a line; a JSON text has no raw newline, so every newline
    ends a result)."""
    return b"".join((
        b'{"results":[', lines[:-1].replace(b"\n", b","), b'],"now":', orjson.dumps(format_utc(now_s)),
        b',"version_hash":', orjson.dumps(version_hash), b"}",
    ))


def read_request(data: Any, max_tickets: int, members: tuple[str, ...] = MEMBERS) -> tuple[list[Any], int]:
    """The tickets (not yet validated: each is checked on its own) and ``now`` in epoch seconds;
    ``members``: the body's allowed members (``/v1/due`` reads two more)."""
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_body",
                       f'expected a JSON object such as {{"tickets": [...]}} or {{"ticket": {{...}}}}, got {json_kind(data)}',
                       "body")
    for key in data:
        if key not in members:
            close = closest(key, members)
            others = ", ".join(members[3:])
            hint = f"; did you mean `{close}`?" if close else (
                f"; the members are tickets (or ticket), now{', ' + others if others else ''}" if others
                else "; the members are tickets (or ticket) and now")
            raise ApiError(422, "invalid_body", f"unknown member `{key}`{hint}", key)
    if "tickets" in data and "ticket" in data:
        raise ApiError(422, "invalid_body", "give either `tickets` (a list) or `ticket` (one ticket), not both", "ticket")
    if "tickets" in data:
        tickets = data["tickets"]
        if not isinstance(tickets, list):
            raise ApiError(422, "invalid_body", f"`tickets` must be a list of tickets, got {json_kind(tickets)}", "tickets")
        if len(tickets) > max_tickets:
            raise ApiError(413, "too_many_tickets",
                           f"{len(tickets)} tickets in one request; this server takes at most {max_tickets} (--max-tickets): "
                           "split them over several requests", "tickets")
    elif "ticket" in data:
        tickets = [data["ticket"]]
    else:
        raise ApiError(422, "invalid_body", 'missing `tickets` (a list of tickets) or `ticket` (one ticket)', "body")
    now = data.get("now")
    if now is not None and not isinstance(now, str):
        raise ApiError(422, "invalid_body", f"`now` must be an RFC 3339 timestamp string, got {json_kind(now)}", "now")
    try:
        now_s = resolve_now(None) if now is None else parse_rfc3339(now)  # the rule of every timestamp
    except InstantError as exc:
        raise ApiError(422, "invalid_body", f"`now`: {exc}", "now") from None
    return tickets, now_s


def evaluate_all(ctx: ServerContext, loaded: LoadedPolicy, tickets: list[Any], now_s: int) -> tuple[bytes, int, int]:
    """The results as JSON Lines, their number and how many failed: ``slalang eval``'s own
    engine (the compiled path where it is built, the batch path for the rest). Runs on a
    compute thread (or, for a small request, the event loop's); each thread keeps its own
    evaluator for the served policy."""
    cached = getattr(ctx.per_thread, "evaluator", None)
    if cached is None or cached[0] is not loaded:
        cached = (loaded, BatchEvaluator(loaded.policy.model))
        ctx.per_thread.evaluator = cached
    batch: BatchEvaluator = cached[1]
    items = list(enumerate(tickets, start=1))
    if len(items) <= SINGLE_PATH_MAX:
        results = [_evaluate_one(ctx, loaded, line, raw, now_s, batch.single) for line, raw in items]
        return encode_jsonl(results), len(results), sum(1 for r in results if "error" in r)
    try:
        return batch.evaluate_to_lines(items, now_s)
    except Exception:
        ctx.log.exception("batch evaluation failed; evaluating the tickets one by one",
                          extra={"fields": {"tickets": len(tickets), "version_hash": loaded.version_hash}})
        ctx.per_thread.evaluator = None
    results = [_evaluate_one(ctx, loaded, line, raw, now_s) for line, raw in items]
    return encode_jsonl(results), len(results), sum(1 for r in results if "error" in r)


def _evaluate_one(ctx: ServerContext, loaded: LoadedPolicy, line: int, raw: Any, now_s: int,
                  evaluator: Evaluator | None = None) -> dict[str, Any]:
    """The single-ticket path; a ticket that fails (bad input or an internal error) is
    reported in its place, and an internal error is logged."""
    try:
        return (evaluator or Evaluator(loaded.policy.model)).evaluate(raw, now_s, line=line).to_json()
    except Exception as exc:
        ctx.log.exception("ticket evaluation failed", extra={"fields": {"line": line, "version_hash": loaded.version_hash}})
        ticket_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int, float)) else None
        return {"id": ticket_id, "error": f"this ticket could not be evaluated (an internal error: {type(exc).__name__}); "
                                          "it has been logged", "line": line}
