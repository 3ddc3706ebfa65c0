"""Running the app under uvicorn: ``build_server`` (for tests and embedding) and ``serve``."""

from __future__ import annotations

import logging
import os

import uvicorn

from .app import create_app
from .protocol import guarded_protocol
from .settings import DEFAULT_HOST, DEFAULT_PORT, Limits, WatchSettings


def build_server(
    policy_path: str | os.PathLike[str],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    watch: WatchSettings | None = None,
    log: logging.Logger | None = None,
) -> uvicorn.Server:
    """A uvicorn server for the policy (raises ``PolicyError`` if the policy has errors).

    One process, one event loop; CPU-bound work runs on the app's compute threads.
    Call ``.run()`` (blocks) or ``await .serve()``.
    """
    limits = limits or Limits()
    app = create_app(policy_path, limits, watch, log)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(limits.header_timeout_s),
        ws="none",
        lifespan="on",
        log_config=None,
        access_log=False,
        timeout_keep_alive=limits.keep_alive_s,  # type: ignore[arg-type]  (uvicorn takes any number of seconds)
        limit_concurrency=limits.max_connections,
        timeout_graceful_shutdown=5,
        server_header=False,
    )
    return uvicorn.Server(config)


def serve(
    policy_path: str | os.PathLike[str],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    watch: WatchSettings | None = None,
) -> None:
    """Serve until interrupted (SIGINT/SIGTERM)."""
    build_server(policy_path, host, port, limits, watch).run()
