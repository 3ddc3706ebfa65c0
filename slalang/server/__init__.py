"""``slalang serve``: the policy over HTTP (Starlette on uvicorn).

``create_app(policy_path, limits, watch)`` builds the ASGI app; ``build_server`` wraps it in a
configured uvicorn server; ``serve`` runs one until interrupted. See docs/server.md.
"""

from __future__ import annotations

from .app import create_app
from .runner import build_server, serve
from .settings import DEFAULT_HOST, DEFAULT_PORT, Limits, WatchSettings

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Limits", "WatchSettings", "build_server", "create_app", "serve"]
