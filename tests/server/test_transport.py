"""How a response leaves: the writes of one turn of the event loop go out as one send, in
order; closing sends what is held first; TCP connections get TCP_NODELAY."""

from __future__ import annotations

import asyncio
import socket

from slalang.server.transport import CoalescingTransport, no_delay


class Recording(asyncio.Transport):
    """A transport that keeps what it is asked to send."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data) -> None:
        assert not self.closed
        self.sent.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name, default=None):
        return {"peername": ("127.0.0.1", 5)}.get(name, default)


async def _turn() -> None:
    await asyncio.sleep(0)


def test_the_writes_of_one_turn_leave_as_one_send_in_order() -> None:
    async def scenario() -> list[list[bytes]]:
        inner = Recording()
        outer = CoalescingTransport(inner, asyncio.get_running_loop())
        outer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        outer.write(bytearray(b"{}"))
        held = list(inner.sent)
        assert outer.get_write_buffer_size() == 21
        await _turn()
        after_first = list(inner.sent)
        outer.writelines([b"a", b"b"])
        await _turn()
        return [held, after_first, inner.sent]

    held, after_first, final = asyncio.run(scenario())
    assert held == []  # nothing leaves before the turn ends
    assert after_first == [b"HTTP/1.1 200 OK\r\n\r\n{}"]
    assert final == [b"HTTP/1.1 200 OK\r\n\r\n{}", b"ab"]


def test_close_sends_what_is_held_first_and_abort_drops_it() -> None:
    async def scenario() -> tuple[Recording, Recording]:
        loop = asyncio.get_running_loop()
        closed, aborted = Recording(), Recording()
        one, two = CoalescingTransport(closed, loop), CoalescingTransport(aborted, loop)
        one.write(b"408 body")
        one.close()
        eof = Recording()
        eof.write_eof = lambda: eof.sent.append(b"<eof>")  # type: ignore[method-assign]
        three = CoalescingTransport(eof, loop)
        three.write(b"last")
        three.write_eof()
        assert eof.sent == [b"last", b"<eof>"]
        two.write(b"never")
        two.abort()
        await _turn()
        return closed, aborted

    closed, aborted = asyncio.run(scenario())
    assert closed.sent == [b"408 body"] and closed.closed
    assert aborted.sent == [] and aborted.aborted


def test_writes_after_the_connection_closed_are_dropped() -> None:
    async def scenario() -> Recording:
        inner = Recording()
        outer = CoalescingTransport(inner, asyncio.get_running_loop())
        outer.write(b"late")
        inner.closed = True  # the peer went away before the turn ended
        await _turn()
        return inner

    assert asyncio.run(scenario()).sent == []


def test_everything_else_is_the_transports_own() -> None:
    async def scenario() -> CoalescingTransport:
        return CoalescingTransport(Recording(), asyncio.get_running_loop())

    outer = asyncio.run(scenario())
    assert outer.get_extra_info("peername") == ("127.0.0.1", 5)
    assert outer.is_closing() is False


def test_no_delay_on_tcp_only() -> None:
    class Carrying(Recording):
        def __init__(self, sock: socket.socket) -> None:
            super().__init__()
            self.sock = sock

        def get_extra_info(self, name, default=None):
            return self.sock if name == "socket" else default

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
        no_delay(Carrying(tcp))
        assert tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    left, right = socket.socketpair()  # a Unix socket: left alone
    with left, right:
        no_delay(Carrying(left))
    no_delay(Recording())  # no socket at all
