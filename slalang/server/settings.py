"""The server's limits and options, fixed when the app is built."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8181


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server, and how long a client may take.

    Every limit answers with a 4xx JSON error naming the limit, never a hang or a 500.
    """

    max_body_bytes: int = 4 * 1024 * 1024
    """Request bodies larger than this are refused with 413 (Content-Length first, then while streaming)."""
    max_tickets: int = 10_000
    """Tickets per ``POST /v1/evaluate``; more is a 413."""
    body_timeout_s: float = 10.0
    """Time allowed to receive a whole request body once its headers arrived; then 408."""
    header_timeout_s: float = 10.0
    """Time allowed to send a request's line and headers on an open connection; then 408 and close."""
    keep_alive_s: float = 5.0
    """An idle keep-alive connection is closed after this long."""
    max_concurrency: int = 64
    """Requests in progress at once; more are answered 503 at once."""
    max_connections: int = 512
    """Open connections (uvicorn's limit); more are answered 503 by uvicorn."""
    compute_threads: int = 4
    """Worker threads for evaluation, analysis and simulation; requests queue for them."""
    max_sim_tickets: int = 200_000
    """Expected arrivals of a ``POST /v1/simulate`` scenario (sum of rates x duration)."""
    max_sim_duration_s: int = 366 * 86400
    """Longest simulated duration."""
    sim_timeout_s: float = 30.0
    """Wall-clock time a simulation may run before it is stopped (422 ``limit_exceeded``)."""

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_tickets", "max_concurrency", "max_connections", "compute_threads",
                     "max_sim_tickets", "max_sim_duration_s"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("body_timeout_s", "header_timeout_s", "keep_alive_s", "sim_timeout_s"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be more than 0, got {getattr(self, name)}")


@dataclass(frozen=True)
class WatchSettings:
    """``--watch``: poll the policy's files every ``poll_s``; reload once they were quiet for ``debounce_s``."""

    enabled: bool = False
    poll_s: float = 0.5
    debounce_s: float = 0.3
