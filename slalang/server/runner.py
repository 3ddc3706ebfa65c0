"""Running the app under uvicorn: ``build_server`` (for tests and embedding) and ``serve``."""

from __future__ import annotations

import errno
import logging
import os
import socket

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
        timeout_keep_alive=limits.keep_alive_s,  # type: ignore[arg-type]  # typed int, but uvicorn takes any number of seconds
        limit_concurrency=limits.max_connections,
        timeout_graceful_shutdown=5,
        server_header=False,
    )
    return uvicorn.Server(config)


class AddressError(OSError):
    """The address cannot be listened on; the message says why, in one line."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port), for ``server.run(sockets=[...])``: binding here, before
    uvicorn starts, turns "address already in use" into an ``AddressError`` a command can
    print in one line (uvicorn would log it and exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP: asyncio sets TCP_NODELAY
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        where = f"[{host}]:{port}" if family == socket.AF_INET6 else f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            why = "the address is already in use (is another server running there? choose another --port)"
        elif exc.errno == errno.EACCES:
            why = "permission denied (ports below 1024 need privileges; choose another --port)"
        elif exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            why = "this machine has no such address (check --host)"
        else:
            why = exc.strerror or str(exc)
        raise AddressError(exc.errno or 0, f"cannot listen on {where}: {why}") from None
    sock.set_inheritable(True)
    return sock


def serve(
    policy_path: str | os.PathLike[str],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    watch: WatchSettings | None = None,
) -> None:
    """Serve until interrupted (SIGINT/SIGTERM); ``AddressError`` when the address is taken."""
    sock = listening_socket(host, port)
    build_server(policy_path, host, port, limits, watch).run(sockets=[sock])
