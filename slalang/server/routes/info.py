"""The read-only routes: ``GET /v1/policy``, ``/healthz``, ``/openapi.json`` and ``/metrics``."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...evaluation import format_utc
from ..context import ServerContext, context_of
from ..errors import json_response
from ..openapi import openapi_bytes_for


def policy_document(ctx: ServerContext) -> dict[str, Any]:
    loaded = ctx.holder.current
    failure = ctx.holder.last_error
    return {
        "version_hash": loaded.version_hash,
        "loaded_at": format_utc(int(loaded.loaded_at_s)),
        "source": ctx.holder.path,
        "files": list(loaded.files),
        "watching": ctx.watch.enabled,
        "last_reload_error": None if failure is None else {
            "at": format_utc(int(failure.at_s)),
            "message": failure.message,
            "findings": list(failure.findings),
        },
        "model": loaded.model_json,
    }


async def policy(request: Request) -> Response:
    return json_response(policy_document(context_of(request)))


async def healthz(request: Request) -> Response:
    ctx = context_of(request)
    return json_response({
        "status": "ok",
        "version_hash": ctx.holder.current.version_hash,
        "reload_failing": ctx.holder.last_error is not None,
    })


async def openapi(request: Request) -> Response:
    ctx = context_of(request)
    loaded = ctx.holder.current
    return Response(openapi_bytes_for(ctx.limits, loaded.policy.model, loaded.version_hash), media_type="application/json")


async def metrics(request: Request) -> Response:
    ctx = context_of(request)
    return Response(ctx.metrics.render(), headers={"Content-Type": ctx.metrics.content_type})
