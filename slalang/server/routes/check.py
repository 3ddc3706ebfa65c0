"""``POST /v1/check``: lint policy text posted in the request; ``{"findings": [...]}`` in
analysis.md's JSON shape (the same objects ``slalang check --format json`` lists).

The text comes as ``{"text": "...", "name": "policy.sla"}`` (application/json) or as the body
itself (text/plain, ``?name=`` optional). It is compiled on its own: it may not ``import``
files (the server reads no file on a client's behalf), and an import is an ``import-error``
finding at the import's path.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...analysis import analyse_model
from ...compiler import compile_text
from ...diagnostics import Diagnostic, cap_per_kind
from ...evaluation.tickets import json_kind
from ...source import span_text
from ..bodies import (
    charset,
    decode_text,
    is_json_type,
    media_type,
    parse_json,
    read_body,
)
from ..context import context_of
from ..errors import ApiError, json_response

DEFAULT_NAME = "policy.sla"
MAX_NAME_CHARS = 200


async def check(request: Request) -> Response:
    ctx = context_of(request)
    kind = media_type(request)
    query_name = request.query_params.get("name")
    if query_name is not None:
        check_name(query_name, "query name")
    name = query_name or DEFAULT_NAME
    if kind == "text/plain":
        text = decode_text(await read_body(request, ctx.limits), charset(request))
    elif is_json_type(kind):
        text, name = read_json_request(parse_json(await read_body(request, ctx.limits)), name)
        check_name(name, "name")
    else:
        raise ApiError(415, "unsupported_media_type",
                       f"POST /v1/check reads application/json ({{\"text\": ...}}) or text/plain (the policy text), not {kind}",
                       "header Content-Type")
    findings = await ctx.compute(check_text, text, name)
    ctx.metrics.checks.inc()
    return json_response({"findings": findings})


def read_json_request(data: Any, default_name: str) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_body", f'expected a JSON object {{"text": "...", "name": "policy.sla"}}, got {json_kind(data)}', "body")
    for key in data:
        if key not in ("text", "name"):
            raise ApiError(422, "invalid_body", f"unknown member `{key}`; the members are text and name", key)
    if "text" not in data:
        raise ApiError(422, "invalid_body", "missing `text`, the policy text to check", "text")
    text = data["text"]
    if not isinstance(text, str):
        raise ApiError(422, "invalid_body", f"`text` must be a string (the policy text), got {json_kind(text)}", "text")
    name = data.get("name", default_name)
    if not isinstance(name, str):
        raise ApiError(422, "invalid_body", f"`name` must be a string such as \"policy.sla\", got {json_kind(name)}", "name")
    return text, name


def check_name(name: str, where: str) -> None:
    if not name or len(name) > MAX_NAME_CHARS or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ApiError(422, "invalid_body" if where == "name" else "invalid_query",
                       f"the name must be 1 to {MAX_NAME_CHARS} printable characters, such as \"policy.sla\"", where)


def check_text(text: str, name: str) -> list[dict[str, Any]]:
    """Every finding for the text: syntax and compile errors, else compile warnings and the rules'."""
    result = compile_text(text, name)
    diagnostics = [_explain_import(d, text) if d.code == "import-error" else d for d in result.diagnostics]
    if result.ok:
        assert result.model is not None
        diagnostics = cap_per_kind(diagnostics + analyse_model(result.model, result.sources))
    return [d.to_json() for d in diagnostics]


def _explain_import(d: Diagnostic, text: str) -> Diagnostic:
    """Text compiled on its own cannot import: say so in terms of this route."""
    target = _span_text(text, d)
    shown = f" {target}" if target else ""
    return replace(
        d,
        message=f"`import{shown}`: imports are not allowed in policy text posted to /v1/check",
        help="paste the imported declarations into the text, or run `slalang check` on the files, which follows imports",
    )


def _span_text(text: str, d: Diagnostic) -> str:
    span = d.span
    return span_text(text.splitlines(), span).strip() if span.line == span.end_line else ""
