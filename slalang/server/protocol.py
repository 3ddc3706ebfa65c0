"""uvicorn's HTTP protocol with a deadline on request headers (a slowloris guard).

The protocol is uvicorn's httptools one (a C parser: a third of the CPU of a small request
goes to parsing HTTP with h11) when httptools is installed, as it is with slalang; else h11.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but any byte
that arrives cancels that timer, and a new connection has no timer at all: a client that
sends its request line and headers one byte at a time would hold the connection (and a
place under the connection limit) for ever. This subclass starts a deadline whenever the
connection waits for a request and cancels it only when a whole request head has
arrived; at the deadline the client gets 408 and the connection is closed. The body has
its own deadline, enforced by the app (``bodies.read_body``).

Every connection goes through ``transport.CoalescingTransport`` (a response head and body
leave in one send) with ``TCP_NODELAY`` (see that module).
"""

from __future__ import annotations

import asyncio
from typing import Any

from .errors import error_bytes
from .transport import CoalescingTransport, no_delay


def http_protocol_base() -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol if httptools is installed, else its h11 protocol."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # pragma: no cover - httptools is a dependency; h11 is the fallback
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return H11Protocol
    return HttpToolsProtocol


def guarded_protocol(header_timeout_s: float, base: type[asyncio.Protocol] | None = None) -> type[asyncio.Protocol]:
    """A subclass of ``base`` (default ``http_protocol_base()``; uvicorn's httptools and h11
    protocols both work) with this header deadline, for ``uvicorn.Config(http=...)``."""
    parent: Any = base or http_protocol_base()

    class GuardedProtocol(parent):
        _header_deadline_s = header_timeout_s

        def connection_made(self, transport: Any) -> None:
            self._header_timer: asyncio.TimerHandle | None = None
            self._head_bytes = 0
            no_delay(transport)
            super().connection_made(CoalescingTransport(transport, asyncio.get_running_loop()))
            self._refresh_header_timer()

        def data_received(self, data: bytes) -> None:
            if self._waiting_for_request():
                self._head_bytes += len(data)
            super().data_received(data)
            self._refresh_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._refresh_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            super().connection_lost(exc)

        def _waiting_for_request(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def _refresh_header_timer(self) -> None:
            if self.transport.is_closing():
                self._cancel_header_timer()
            elif self._waiting_for_request():
                if self._header_timer is None:
                    self._head_bytes = 0
                    self._header_timer = self.loop.call_later(self._header_deadline_s, self._header_timeout)
            else:
                self._cancel_header_timer()

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _header_timeout(self) -> None:
            self._header_timer = None
            if self.transport.is_closing() or not self._waiting_for_request():
                return
            if self._head_bytes:
                body = error_bytes("header_timeout",
                                   f"the request line and headers did not arrive within {self._header_deadline_s:g} s",
                                   "headers")
                self.transport.write(
                    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
                    + b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                self.logger.info("closed a connection whose request headers did not arrive in time")
            self.transport.close()

    return GuardedProtocol
