"""The OpenAPI 3.1 document of the server (``GET /openapi.json``).

Request and response schemas say exactly what the routes take and give, and no more: a
request the document accepts is one the server accepts (schemathesis checks both ways). The
ticket, scenario and compiled-policy schemas are the ones shipped in ``slalang/schemas``
(their ``$defs`` moved under ``components/schemas`` with a prefix); limits that are server
options (``--max-tickets``) and the names the served policy declares (teams, calendars,
priorities, SLAs, OLAs) appear in the document the server serves, so it changes with a reload.

One module per part: ``parts`` (shared helpers and patterns), ``errors``, ``evaluate``,
``check``, ``simulate``, ``credits``, ``info`` (their components), ``paths`` (the routes).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

from ... import __version__
from ...model import PolicySet
from ..settings import Limits
from . import check, credits, due, errors, evaluate, info, simulate
from .parts import PolicyNames
from .paths import paths


def build_openapi(limits: Limits, names: PolicyNames | None = None) -> dict[str, Any]:
    """The document for a server with these limits, serving a policy that declares ``names``."""
    names = names or PolicyNames()
    components: dict[str, Any] = {}
    for part in (errors, evaluate, due, check, simulate, credits, info):
        part.add_components(components, limits, names)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "slalang server",
            "version": __version__,
            "description": "Evaluate tickets against the served SLA policy, list what is due next, check policy text, simulate scenarios, "
                           "compute service credits and availability. "
                           "Every error is `{\"error\": {\"code\", \"message\", \"where\"}}` with a 4xx status. "
                           f"Limits of this server: bodies up to {limits.max_body_bytes} bytes, "
                           f"{limits.max_tickets} tickets per request, {limits.body_timeout_s:g} s to send a body, "
                           f"{limits.max_sim_tickets} expected arrivals and {limits.max_sim_duration_s} s per simulation.",
        },
        "servers": [{"url": "/"}],
        "paths": paths(),
        "components": {"schemas": components},
    }


def openapi_bytes_for(limits: Limits, model: PolicySet | None = None, version_hash: str = "") -> bytes:
    """The document as served; ``version_hash`` keys the cache (one document per policy version)."""
    return _cached(limits, version_hash, PolicyNames.of(model) if model is not None else PolicyNames())


@lru_cache(maxsize=8)
def _cached(limits: Limits, version_hash: str, names: PolicyNames) -> bytes:
    return orjson.dumps(build_openapi(limits, names))


__all__ = ["PolicyNames", "build_openapi", "openapi_bytes_for"]
