"""``DirectRoutes``: a request that names a route exactly (its path and one of its methods)
goes straight to the route's handler, without Starlette's middleware stack and router.

Starlette's layers (its error middleware, exception middleware, router, route and request
wrapper, each with its own ``send``) cost a one-ticket ``POST /v1/evaluate`` about as much
as evaluating the ticket. Here the handler runs with the same exception handlers, in the
same two tiers Starlette has: a handler for a particular exception (``ApiError``,
``HTTPException``) answers in its place; the ``Exception`` handler answers whatever else
was raised (unless the response had started), and the exception goes on to the caller, as
Starlette's error middleware lets it. Everything else (``HEAD``, another method, another
path: 405, 404, redirects, the lifespan) is Starlette's.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

Handler = Callable[[Request, Exception], Awaitable[Response]]


class DirectRoutes:
    def __init__(self, starlette: Starlette, routes: Iterable[Route], handlers: Mapping[Any, Handler]) -> None:
        self.starlette = starlette
        self.endpoints: dict[tuple[str, str], Callable[[Request], Awaitable[Response]]] = {
            (method, route.path): route.endpoint
            for route in routes
            for method in route.methods or ()
            if method != "HEAD" and not route.param_convertors and inspect.iscoroutinefunction(route.endpoint)
        }
        self.handlers = {kind: handler for kind, handler in handlers.items() if kind not in (Exception, 500)}
        self.last_resort = handlers.get(Exception) or handlers.get(500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self.endpoints.get((scope.get("method", ""), scope.get("path", ""))) if scope["type"] == "http" else None
        if endpoint is None:
            await self.starlette(scope, receive, send)
            return
        scope["app"] = self.starlette
        request = Request(scope, receive, send)
        started = False

        async def sender(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            try:
                response = await endpoint(request)
            except Exception as exc:
                handler = self._handler_for(exc)
                if handler is None:
                    raise
                response = await handler(request, exc)
                exc.__traceback__ = None  # a reused exception instance would keep every request's frames
            await response(scope, receive, sender)
        except Exception as exc:
            if self.last_resort is not None:
                fallback = await self.last_resort(request, exc)
                if not started:
                    await fallback(scope, receive, send)
            raise

    def _handler_for(self, exc: Exception) -> Handler | None:
        for kind in type(exc).__mro__:
            if kind in self.handlers:
                return self.handlers[kind]
        return None
