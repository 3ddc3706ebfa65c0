"""The outermost ASGI layer: concurrency limit, access log, metrics, and the last-resort 500.

Every HTTP request passes through ``ObservedApp`` once: it is refused with 503 when
``max_concurrency`` requests are already in progress, timed, counted by route template
and status, and logged as one JSON line. An exception that escaped every route handler is
logged with its traceback and answered with the JSON error shape and status 500; a test
drives many bad inputs through the server and checks that none gets here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .access_log import ACCESS_LOGGER, SERVER_LOGGER
from .errors import JSON_TYPE, error_bytes
from .metrics import ServerMetrics

OTHER_ROUTE = "(unmatched)"


class ObservedApp:
    starlette: Any = None  # the Starlette app inside, when ``create_app`` built this one

    def __init__(
        self,
        app: ASGIApp,
        metrics: ServerMetrics,
        routes: Iterable[str],
        max_concurrency: int,
        access_logger: logging.Logger | None = None,
        server_logger: logging.Logger | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = frozenset(routes)
        self.max_concurrency = max_concurrency
        self.in_progress = 0  # touched only on the event loop's thread
        metrics.count_in_progress(lambda: self.in_progress)
        self.access = access_logger or logging.getLogger(ACCESS_LOGGER)
        self.log = server_logger or logging.getLogger(SERVER_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = {"status": None, "bytes": 0, "complete": False, "recorded": False}

        async def observed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
                if not message.get("more_body", False):
                    state["complete"] = True
                    # Record before the last byte leaves: a client holding its answer can rely on
                    # the access line and the metrics already counting its request.
                    self._record(scope, state, time.perf_counter() - started)
            await send(message)

        if self.in_progress >= self.max_concurrency:
            await _send_error(observed_send, 503, "overloaded",
                              f"{self.in_progress} requests are in progress, the most this server takes at once; retry shortly",
                              None, [(b"retry-after", b"1")])
        else:
            self.in_progress += 1
            try:
                await self.app(scope, receive, observed_send)
            except Exception:
                # Starlette has already answered (see app.internal_error) when it could; this
                # covers an exception raised after the response started, or outside Starlette.
                if state["status"] is None:
                    self.log.exception("unhandled error", extra={"fields": _request_fields(scope)})
                    await _send_error(observed_send, 500, "internal",
                                      "an unexpected error occurred; it has been logged", None)
            finally:
                self.in_progress -= 1
        if not state["recorded"]:
            self._record(scope, state, time.perf_counter() - started)

    def _record(self, scope: Scope, state: dict[str, Any], elapsed_s: float) -> None:
        if state["recorded"]:
            return
        state["recorded"] = True
        path = scope.get("path", "")
        route = path if path in self.routes else OTHER_ROUTE
        method = scope.get("method", "")
        status = state["status"] if state["status"] is not None else 499  # the client left before an answer
        self.metrics.observe_request(method, route, status, elapsed_s)
        access = self.access
        if access.isEnabledFor(logging.INFO):
            fields = _request_fields(scope)
            fields.update(status=status, duration_ms=round(elapsed_s * 1000, 3), bytes=state["bytes"])
            # makeRecord and handle: what Logger.info does, without looking for the caller's frame
            access.handle(access.makeRecord(access.name, logging.INFO, __file__, 0, "request", (), None,
                                            "_record", {"fields": fields}))


def _request_fields(scope: Scope) -> dict[str, Any]:
    client = scope.get("client")
    fields: dict[str, Any] = {"method": scope.get("method"), "path": scope.get("path")}
    if client:
        fields["client"] = f"{client[0]}:{client[1]}"
    return fields


async def _send_error(send: Send, status: int, code: str, message: str, where: str | None,
                      extra_headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = error_bytes(code, message, where)
    headers = [(b"content-type", JSON_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra_headers or [])})
    await send({"type": "http.response.body", "body": body, "more_body": False})
