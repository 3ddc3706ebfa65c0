"""``GET /``: what this server answers, so that a person who opens it in a browser (or a
client that tries the root) finds the routes and the OpenAPI document instead of a 404.

JSON by default; an HTML page (self-contained, nothing to fetch) when the client asks for
``text/html``, as a browser does. The routes and their summaries are read from the OpenAPI
document, so the two cannot disagree.
"""

from __future__ import annotations

from html import escape
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ... import __version__
from ..context import context_of
from ..errors import json_response
from ..openapi import openapi_bytes_for

OPENAPI_PATH = "/openapi.json"


def endpoints(document: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"method", "path", "summary"}]`` of every operation the document describes."""
    return [
        {"method": method.upper(), "path": path, "summary": operation.get("summary")}
        for path, operations in document.get("paths", {}).items()
        for method, operation in operations.items()
    ]


async def index(request: Request) -> Response:
    ctx = context_of(request)
    listed = endpoints(orjson.loads(openapi_bytes_for(ctx.limits)))
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(_page(listed, ctx.holder.path))
    return json_response({
        "service": "slalang",
        "version": __version__,
        "policy": ctx.holder.path,
        "version_hash": ctx.holder.current.version_hash,
        "openapi": OPENAPI_PATH,
        "endpoints": listed,
    })


def _page(listed: list[dict[str, Any]], policy: str) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(e['method'])}</code></td><td><a href=\"{escape(e['path'])}\"><code>"
        f"{escape(e['path'])}</code></a></td><td>{escape(e['summary'] or '')}</td></tr>"
        if e["method"] == "GET" else
        f"<tr><td><code>{escape(e['method'])}</code></td><td><code>{escape(e['path'])}</code></td>"
        f"<td>{escape(e['summary'] or '')}</td></tr>"
        for e in listed
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>slalang server</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#212529}"
        "td{padding:4px 12px 4px 0;vertical-align:top}code{font-size:95%}</style></head><body>"
        f"<h1>slalang server</h1><p>Serving <code>{escape(policy)}</code> (slalang {escape(__version__)}). "
        f"The API is described by the OpenAPI document <a href=\"{OPENAPI_PATH}\"><code>{OPENAPI_PATH}</code></a>; "
        "every error is <code>{\"error\": {\"code\", \"message\", \"where\"}}</code>.</p>"
        f"<table>{rows}</table>"
        "<p>Try: <code>curl -s localhost:8181/v1/evaluate -H 'Content-Type: application/json' "
        "-d @ticket.json</code> (see docs/server.md).</p></body></html>\n"
    )
