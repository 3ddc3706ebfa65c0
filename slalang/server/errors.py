"""The one error shape every route answers with: ``{"error": {"code", "message", "where"}}``.

``code`` is a stable identifier (listed in ``ERROR_CODES`` and in the OpenAPI document),
``message`` says what is wrong in words, ``where`` names the place in the request
(``body line 1, column 14``, ``tickets``, ``now``, ``arrivals[2].rate``, ``query seed``,
``header Content-Length``) or is null. ``details`` optionally lists located findings
(scenario problems), each in analysis.md's finding shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.responses import Response

ERROR_CODES: dict[str, str] = {
    "invalid_json": "the body is not valid JSON (where: its line and column)",
    "invalid_yaml": "the body is not valid YAML, or uses anchors and aliases or a type tag (!!set, !!binary ...)",
    "invalid_encoding": "the body is not UTF-8 text",
    "invalid_body": "the body is valid JSON but not the shape the route takes (where: the member)",
    "invalid_query": "a query parameter is malformed (where: query NAME)",
    "invalid_scenario": "the scenario does not validate against the schema or the served policy (details: every problem)",
    "not_allowed": "the request asks for something the server does not do over HTTP (e.g. reading files)",
    "unsupported_media_type": "the Content-Type is not one the route reads",
    "body_too_large": "the body is larger than the server's --max-body",
    "too_many_tickets": "more tickets than the server's --max-tickets",
    "limit_exceeded": "the simulation is larger or longer than the server allows",
    "body_timeout": "the body did not arrive within the server's body timeout",
    "header_timeout": "the request line and headers did not arrive within the server's header timeout",
    "client_disconnected": "the client went away before its body arrived",
    "not_found": "no such route",
    "method_not_allowed": "the route does not take this method",
    "overloaded": "too many requests in progress; retry later",
    "internal": "an unexpected server error (logged); please report it",
}

JSON_TYPE = "application/json"


class ApiError(Exception):
    """Raised by a route to answer with the error shape; ``close`` asks to close the connection
    (used when the request body was not read to its end)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        where: str | None = None,
        *,
        details: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        close: bool = False,
    ) -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.where = where
        self.details = list(details) if details is not None else None
        self.headers = dict(headers or {})
        if close:
            self.headers["Connection"] = "close"

    def to_json(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.where, self.details)

    def response(self) -> Response:
        return json_response(self.to_json(), self.status, self.headers)


def error_body(code: str, message: str, where: str | None = None, details: Sequence[Any] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "where": where}
    if details is not None:
        error["details"] = list(details)
    return {"error": error}


def error_bytes(code: str, message: str, where: str | None = None) -> bytes:
    return orjson.dumps(error_body(code, message, where))


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """``data`` encoded with orjson (NaN and infinities become null, as JSON has none)."""
    return Response(orjson.dumps(data), status_code=status, media_type=JSON_TYPE, headers=dict(headers or {}))
