"""The connection protocol: every accepted TCP connection sends at once (TCP_NODELAY), and
pipelined requests get whole answers in order.

Without it a response written in two pieces (uvicorn writes the head, then the body) waits
for the client's delayed ACK, 40 ms on Linux, on every request of a keep-alive connection.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from slalang.server import build_server
from slalang.server.runner import listening_socket

from .conftest import ACME, LIMITS
from .live import LOOPBACK, free_port


def _server_sockets(server) -> list[socket.socket]:
    return [protocol.transport.get_extra_info("socket") for protocol in server.server_state.connections]


@pytest.fixture(params=["listening_socket", "plain socket"])
def bound_server(request) -> Iterator[tuple[str, object]]:
    """The server running on a socket bound before it starts, as ``slalang serve`` does
    (``listening_socket``) and as an embedder may (``socket(AF_INET, SOCK_STREAM)``, whose
    protocol number is 0: asyncio leaves TCP_NODELAY off on such a socket's connections)."""
    port = free_port()
    if request.param == "listening_socket":
        sock = listening_socket(LOOPBACK, port)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, port))
    server = build_server(ACME, LOOPBACK, port, LIMITS)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://{LOOPBACK}:{port}", server
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_accepted_connections_have_tcp_nodelay(bound_server) -> None:
    url, server = bound_server
    with httpx.Client(base_url=url, trust_env=False, timeout=10) as client:
        assert client.get("/healthz").status_code == 200
        sockets = _server_sockets(server)
        assert sockets, "the keep-alive connection is open"
        assert all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in sockets)


def test_the_listening_socket_is_a_tcp_socket() -> None:
    sock = listening_socket(LOOPBACK, 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_pipelined_requests_are_answered_whole_and_in_order(live) -> None:
    """Two requests sent in one packet: each answer leaves whole (head and body together) and
    in the order asked, though the writes of one turn of the event loop are held and joined."""
    import orjson

    from .conftest import NOW, TICKET

    body = orjson.dumps({"ticket": TICKET, "now": NOW})
    evaluate = (b"POST /v1/evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    health = b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n"
    with socket.create_connection((LOOPBACK, live.port), timeout=10) as sock:
        sock.sendall(evaluate + health + b"GET /nowhere HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    answers = []
    while received:
        head, _, rest = received.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        answers.append((head.split(b" ")[1], orjson.loads(rest[:length])))
        received = rest[length:]
    assert [status for status, _ in answers] == [b"200", b"200", b"404"]
    assert answers[0][1]["results"][0]["id"] == TICKET["id"]
    assert answers[1][1]["status"] == "ok"
    assert answers[2][1]["error"]["code"] == "not_found"
