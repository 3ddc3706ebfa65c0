"""How a response leaves: at once (``TCP_NODELAY``), and in one send per turn of the loop.

asyncio sets ``TCP_NODELAY`` only on sockets whose protocol number is TCP; a socket made as
``socket(AF_INET, SOCK_STREAM)`` (as uvicorn's ``--fd`` or an embedder may make it) has 0
there, and its connections waited for Nagle's algorithm and the client's delayed ACK
(40 ms on Linux) whenever a response left in two writes: about 25 requests a second on a
keep-alive connection. ``no_delay`` sets it on every TCP connection.

uvicorn writes a response's head and its body separately. On loopback or a fast network
each write is a packet and most of a small request's cost (the kernel's TCP work for a
send is as much as the whole request's Python); ``CoalescingTransport`` joins the writes
made in one turn of the event loop into one send, which leaves when that turn ends.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Send every write at once (no Nagle delay) on a TCP connection; other sockets as they are."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class CoalescingTransport:
    """``transport`` with its writes held until the current turn of ``loop`` ends, then sent
    together (in order); ``close`` sends what is held first, ``abort`` drops it as a
    transport's own buffer would be. Everything else is the transport's own."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self.transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(bytes(data))

    def writelines(self, chunks: Any) -> None:
        for data in chunks:
            self.write(data)

    def flush(self) -> None:
        """Send what is held (a no-op when nothing is, or the connection is closing)."""
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held.clear()
        if not self.transport.is_closing():
            self.transport.write(data)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def write_eof(self) -> None:
        self.flush()
        self.transport.write_eof()

    def abort(self) -> None:
        self._held.clear()
        self.transport.abort()

    def get_write_buffer_size(self) -> int:
        return self.transport.get_write_buffer_size() + sum(len(data) for data in self._held)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)
