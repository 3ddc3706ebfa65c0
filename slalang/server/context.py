"""What every route of one app shares: the served policy, limits, metrics and the compute pool."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.requests import Request

from .access_log import SERVER_LOGGER
from .metrics import ServerMetrics
from .reloading import PolicyHolder
from .settings import Limits, WatchSettings

T = TypeVar("T")


@dataclass
class ServerContext:
    holder: PolicyHolder
    limits: Limits
    watch: WatchSettings
    metrics: ServerMetrics
    log: logging.Logger = field(default_factory=lambda: logging.getLogger(SERVER_LOGGER))
    per_thread: threading.local = field(default_factory=threading.local)
    _limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.limits.compute_threads)
        return self._limiter

    async def compute(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU-bound work on one of the compute threads, so the event loop keeps serving."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.limiter)


def context_of(request: Request) -> ServerContext:
    return request.app.state.slalang
