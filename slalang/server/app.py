"""``create_app(policy_path, ...)``: the Starlette app that serves one policy set.

Everything the app uses belongs to it (the policy holder, its metrics registry, its compute
threads, its watcher), so several apps can live in one process. The outermost layer
(``ObservedApp``) limits concurrency, logs and counts every request; inside it
``DirectRoutes`` hands a request that names a route exactly to its handler, and the rest
to Starlette.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .access_log import SERVER_LOGGER
from .context import ServerContext
from .direct import DirectRoutes
from .errors import ApiError, error_body, json_response
from .metrics import ServerMetrics
from .middleware import ObservedApp
from .reloading import PolicyHolder, PolicyWatcher, ReloadOutcome
from .routes import ROUTES
from .settings import Limits, WatchSettings


def create_app(
    policy_path: str | os.PathLike[str],
    limits: Limits | None = None,
    watch: WatchSettings | None = None,
    log: logging.Logger | None = None,
) -> ObservedApp:
    """Compile the policy (raises ``PolicyError`` if it has errors) and build the app.

    ``log``: the logger for the server's events (default ``slalang.server``); access lines go
    to its ``access`` child.

    The result is an ASGI app; ``.starlette`` is the Starlette app inside it (its routes and
    exception handlers are the ones ``DirectRoutes`` uses) and
    ``.starlette.state.slalang`` its ``ServerContext``.
    """
    limits = limits or Limits()
    watch = watch or WatchSettings()
    metrics = ServerMetrics()
    log = log or logging.getLogger(SERVER_LOGGER)
    holder = PolicyHolder(os.fspath(policy_path))
    ctx = ServerContext(holder=holder, limits=limits, watch=watch, metrics=metrics, log=log)
    holder.listener = lambda outcome: _on_reload(ctx, outcome)
    metrics.set_policy(holder.current.version_hash, holder.current.loaded_at_s)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watcher = None
        if watch.enabled:
            watcher = PolicyWatcher(holder, watch, on_error=lambda exc: log.error(
                "policy watcher poll failed", exc_info=exc))
            watcher.start()
        log.info("serving", extra={"fields": {"policy": holder.path, "version_hash": holder.current.version_hash,
                                              "watch": watch.enabled}})
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()

    handlers = {ApiError: _api_error, HTTPException: _http_error, Exception: _internal_error}
    starlette = Starlette(routes=list(ROUTES), lifespan=lifespan, exception_handlers=handlers)
    starlette.state.slalang = ctx
    direct = DirectRoutes(starlette, ROUTES, handlers)
    observed = ObservedApp(direct, metrics, [route.path for route in ROUTES], limits.max_concurrency,
                           access_logger=log.getChild("access"), server_logger=log)
    observed.starlette = starlette
    return observed


def _on_reload(ctx: ServerContext, outcome: ReloadOutcome) -> None:
    ctx.metrics.reloads.labels(outcome.result).inc()
    ctx.metrics.reload_failing.set(1 if outcome.failure is not None else 0)
    fields: dict[str, Any] = {"result": outcome.result, "version_hash": outcome.current_hash,
                              "duration_ms": round(outcome.duration_s * 1000, 1)}
    if outcome.result == "loaded":
        current = ctx.holder.current
        ctx.metrics.set_policy(current.version_hash, current.loaded_at_s)
        fields["previous_hash"] = outcome.previous_hash
        ctx.log.info("policy reloaded", extra={"fields": fields})
    elif outcome.failure is not None:
        fields["error"] = outcome.failure.message
        fields["findings"] = [f for f in outcome.failure.findings if f.get("severity") == "error"]
        ctx.log.error("policy reload refused; the last good policy keeps serving", extra={"fields": fields})
    else:
        ctx.log.info("policy files changed; same policy", extra={"fields": fields})


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"{request.method} is not allowed on {request.url.path}; use {allowed or 'another method'}"
    elif exc.status_code == 404:
        message = f"no route {request.url.path}; the routes are listed in /openapi.json"
    else:
        message = str(exc.detail)
    code = _HTTP_CODES.get(exc.status_code, "invalid_body")
    return json_response(error_body(code, message, f"path {request.url.path}"), exc.status_code, exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    request.app.state.slalang.log.error(
        "unhandled error", exc_info=exc, extra={"fields": {"method": request.method, "path": request.url.path}}
    )
    return json_response(error_body("internal", "an unexpected error occurred; it has been logged"), 500)
