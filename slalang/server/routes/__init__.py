"""The routes, one module per concern; ``ROUTES`` is the table the app serves."""

from __future__ import annotations

from starlette.routing import Route

from .check import check
from .credits import availability, credits
from .due import due
from .evaluate import evaluate
from .index import index
from .info import healthz, metrics, openapi, policy
from .simulate import simulate

ROUTES: tuple[Route, ...] = (
    Route("/", index, methods=["GET"]),
    Route("/v1/evaluate", evaluate, methods=["POST"]),
    Route("/v1/due", due, methods=["POST"]),
    Route("/v1/check", check, methods=["POST"]),
    Route("/v1/simulate", simulate, methods=["POST"]),
    Route("/v1/credits", credits, methods=["POST"]),
    Route("/v1/availability", availability, methods=["POST"]),
    Route("/v1/policy", policy, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
)

__all__ = ["ROUTES"]
