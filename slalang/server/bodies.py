"""Request bodies: read within the size and time limits, then decode with located errors.

``read_body`` checks ``Content-Length`` before reading anything, counts bytes while the
body streams in (a chunked body has no length to check), and gives the whole body a
deadline, so a client that dribbles its body cannot hold a request open: it gets 408.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request

from .errors import ApiError
from .settings import Limits


def media_type(request: Request) -> str | None:
    """The Content-Type without parameters, lower case; None when the header is absent or empty."""
    raw = request.headers.get("content-type")
    if raw is None:
        return None
    value = raw.split(";", 1)[0].strip().lower()
    return value or None


def charset(request: Request) -> str | None:
    raw = request.headers.get("content-type") or ""
    for part in raw.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower() or None
    return None


def is_json_type(kind: str | None) -> bool:
    return kind is None or kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


def require_json(request: Request, route: str) -> None:
    """ApiError 415 unless the request's Content-Type is JSON (or absent), for a route that reads only JSON."""
    kind = media_type(request)
    if not is_json_type(kind):
        raise ApiError(415, "unsupported_media_type",
                       f"POST {route} reads application/json, not {kind}; send the header Content-Type: application/json",
                       "header Content-Type")


async def read_body(request: Request, limits: Limits) -> bytes:
    """The whole body, or ApiError 413 (too large), 408 (too slow), 400 (client went away)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        # the HTTP parser (httptools or h11) has already checked that it is a number
        if int(declared) > limits.max_body_bytes:
            raise ApiError(
                413,
                "body_too_large",
                f"the body is {int(declared)} bytes; this server takes at most {limits.max_body_bytes} (--max-body)",
                "header Content-Length",
                close=True,
            )
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(limits.body_timeout_s):  # uvicorn's loop; a fifth of anyio.fail_after's cost
            async for chunk in request.stream():
                size += len(chunk)
                if size > limits.max_body_bytes:
                    raise ApiError(
                        413,
                        "body_too_large",
                        f"the body is larger than {limits.max_body_bytes} bytes, the most this server takes (--max-body)",
                        "body",
                        close=True,
                    )
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(
            408,
            "body_timeout",
            f"the body did not arrive within {limits.body_timeout_s:g} s ({size} bytes received)",
            "body",
            close=True,
        ) from None
    except ClientDisconnect:
        raise ApiError(400, "client_disconnected", "the client closed the connection before its body arrived", "body",
                       close=True) from None
    return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    """Decoded JSON, or ApiError 400 naming the line and column of the problem."""
    if not body.strip():
        raise ApiError(400, "invalid_json", "the body is empty; expected a JSON object", "body")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        reason, line, column = exc.msg, exc.lineno, exc.colno
    # orjson is fast but terse; the standard library says better what it expected, and where.
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        reason, line, column = exc.msg, exc.lineno, exc.colno
    except (RecursionError, ValueError):
        pass
    raise ApiError(400, "invalid_json", f"the body is not valid JSON: {reason}", f"body line {line}, column {column}")


def decode_text(body: bytes, declared_charset: str | None = None) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or ApiError 400 naming the bad byte."""
    if declared_charset not in (None, "utf-8", "utf8", "us-ascii", "ascii"):
        raise ApiError(415, "unsupported_media_type", f"charset {declared_charset!r} is not supported; send UTF-8",
                       "header Content-Type")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        column = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ApiError(400, "invalid_encoding", f"the body is not UTF-8: byte 0x{body[exc.start]:02x} cannot start or continue a character",
                       f"body line {line}, column {column}") from None
    return text.removeprefix("\ufeff")

