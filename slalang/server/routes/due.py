"""``POST /v1/due``: tickets in, the queue out (``slalang due``'s rows, evaluation.md, "What is due next").

The body is ``/v1/evaluate``'s (``{"tickets": [...]}`` or ``{"ticket": ...}``, ``now`` optional)
with two optional members: ``within`` (a duration as the language writes it, ``4h``: only the
rows whose deadline is at most that much wall-clock time after ``now``, breached ones
included) and ``limit`` (at most that many rows). The answer is ``{"rows": [...]}``; when
some tickets are bad input they have no row, and ``failures`` lists their error objects
(``{"id", "error", "line"}``, as ``/v1/evaluate`` gives them).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from ...evaluation.due import due_rows
from ...evaluation.tickets import json_kind
from ...units import parse_language_duration
from ..bodies import parse_json, read_body, require_json
from ..context import context_of
from ..errors import ApiError, json_response
from .evaluate import evaluate_all, read_request

MEMBERS = ("tickets", "ticket", "now", "within", "limit")


async def due(request: Request) -> Response:
    ctx = context_of(request)
    require_json(request, "/v1/due")
    data = parse_json(await read_body(request, ctx.limits))
    tickets, now_s = read_request(data, ctx.limits.max_tickets, MEMBERS)
    within_s, limit = read_window(data)
    loaded = ctx.holder.current
    lines, count, failed = await ctx.compute(evaluate_all, ctx, loaded, tickets, now_s)
    results = [orjson.loads(line) for line in lines.splitlines()]
    failures = [r for r in results if "error" in r]
    ctx.metrics.count_evaluations(count, failed)
    body: dict[str, Any] = {"rows": [row.to_json() for row in due_rows(results, now_s, within_s, limit)]}
    if failures:
        body["failures"] = failures
    return json_response(body, 200)


def read_window(data: dict[str, Any]) -> tuple[int | None, int | None]:
    """``within`` in seconds and ``limit``, each None when absent."""
    within = data.get("within")
    within_s = None
    if "within" in data:
        if not isinstance(within, str):
            raise ApiError(422, "invalid_body", f"`within` must be a duration such as \"4h\", got {json_kind(within)}",
                           "within")
        try:
            within_s = parse_language_duration(within)
        except ValueError:
            raise ApiError(422, "invalid_body", f"`within`: expected a duration such as 4h, 30m or 1d12h, got {within!r}",
                           "within") from None
    limit = data.get("limit")
    if "limit" in data:
        if type(limit) is float and limit.is_integer():  # JSON Schema's integer: 5.0 is 5
            limit = int(limit)
        if type(limit) is not int or limit < 1:
            raise ApiError(422, "invalid_body", f"`limit` must be a whole number of rows, at least 1, got {limit!r}",
                           "limit")
    return within_s, limit
