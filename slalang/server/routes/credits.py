"""``POST /v1/credits`` and ``POST /v1/availability``: credits.md's rows over HTTP.

``/v1/credits`` takes ``{"tickets": [TICKET, ...], "now": T}`` and ``/v1/availability``
``{"outages": [OUTAGE, ...], "now": T, "since": T}`` (``now``: default the time of the
request; ``since``: default the period of the earliest outage). Both answer ``{"rows": [...]}``,
the rows ``slalang credits`` and ``slalang availability`` write. As with ``/v1/evaluate``, a body
that is not that shape is a 4xx naming the member at fault, while a ticket or an outage that is
bad input is left out and listed in ``"errors"`` (``{"id", "error", "line"}``, ``line`` its
1-based position), a member present only when something was left out; so are the names of
services no availability declares (``"ignored_services"``).
"""

from __future__ import annotations

import difflib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...credits import OutageReader, compute_availability
from ...credits.tickets import CreditRun
from ...evaluation import InstantError, TicketFailure, parse_rfc3339, resolve_now
from ...evaluation.tickets import json_kind
from ..bodies import parse_json, read_body, require_json
from ..context import ServerContext, context_of
from ..errors import ApiError, json_response
from ..reloading import LoadedPolicy


async def credits(request: Request) -> Response:
    ctx, data = await _json_body(request, "/v1/credits")
    _check_members(data, ("tickets", "now"), "tickets", '{"tickets": [...], "now": "..."}')
    tickets = _items(data, "tickets", "tickets", ctx.limits.max_tickets)
    now_s = _instant(data, "now")
    loaded = ctx.holder.current
    return json_response(await ctx.compute(_credit_rows, loaded, tickets, now_s))


async def availability(request: Request) -> Response:
    ctx, data = await _json_body(request, "/v1/availability")
    _check_members(data, ("outages", "now", "since"), "outages", '{"outages": [...], "now": "...", "since": "..."}')
    outages = _items(data, "outages", "outages", ctx.limits.max_tickets)
    now_s = _instant(data, "now")
    since_s = _instant(data, "since") if data.get("since") is not None else None
    if since_s is not None and since_s > now_s:
        raise ApiError(422, "invalid_body", "`since` is after `now`: there is no period to report", "since")
    loaded = ctx.holder.current
    return json_response(await ctx.compute(_availability_rows, loaded, outages, now_s, since_s))


def _credit_rows(loaded: LoadedPolicy, tickets: list[Any], now_s: int) -> dict[str, Any]:
    failures: list[TicketFailure] = []
    run = CreditRun(loaded.policy, now_s, failures.append)
    for line, raw in enumerate(tickets, start=1):
        run.add(raw, line)
    body: dict[str, Any] = {"rows": run.report().to_json()}
    if failures:
        body["errors"] = [f.to_json() for f in failures]
    return body


def _availability_rows(loaded: LoadedPolicy, outages: list[Any], now_s: int, since_s: int | None) -> dict[str, Any]:
    reader = OutageReader()
    failures: list[dict[str, Any]] = []
    report = compute_availability(
        loaded.policy, (reader.read(raw, line) for line, raw in enumerate(outages, start=1)), now_s, since_s,
        on_failure=lambda f: failures.append(f.to_json()),
    )
    body: dict[str, Any] = {"rows": report.to_json()}
    if failures:
        body["errors"] = failures
    if report.unknown_services:
        body["ignored_services"] = list(report.unknown_services)
    return body


async def _json_body(request: Request, route: str) -> tuple[ServerContext, Any]:
    ctx = context_of(request)
    require_json(request, route)
    return ctx, parse_json(await read_body(request, ctx.limits))


def _check_members(data: Any, members: tuple[str, ...], required: str, example: str) -> None:
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_body", f"expected a JSON object such as {example}, got {json_kind(data)}", "body")
    for key in data:
        if key not in members:
            close = difflib.get_close_matches(key, members, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; the members are {', '.join(members)}"
            raise ApiError(422, "invalid_body", f"unknown member `{key}`{hint}", key)
    if required not in data:
        raise ApiError(422, "invalid_body", f"missing `{required}` (a list)", "body")


def _items(data: dict[str, Any], key: str, noun: str, limit: int) -> list[Any]:
    items = data[key]
    if not isinstance(items, list):
        raise ApiError(422, "invalid_body", f"`{key}` must be a list of {noun}, got {json_kind(items)}", key)
    if len(items) > limit:
        raise ApiError(413, "too_many_tickets",
                       f"{len(items)} {noun} in one request; this server takes at most {limit} (--max-tickets): "
                       "split them over several requests", key)
    return items


def _instant(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ApiError(422, "invalid_body", f"`{key}` must be an RFC 3339 timestamp string, got {json_kind(value)}", key)
    try:
        return resolve_now(None if value is None else parse_rfc3339(value))
    except InstantError as exc:
        raise ApiError(422, "invalid_body", f"`{key}`: {exc}", key) from None
