"""Limits: bodies too large (413), clients too slow (408), too many requests at once (503).

Each test talks to the real server over loopback sockets, as a misbehaving client would.
"""

from __future__ import annotations

import dataclasses
import json
import select
import socket
import threading
import time

from .conftest import ACME, LIMITS, assert_error
from .live import LOOPBACK, LiveServer, raw_request


def parse_response(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


def error_of(raw: bytes) -> tuple[int, dict, dict[str, str]]:
    status, headers, body = parse_response(raw)
    return status, json.loads(body)["error"], headers


def test_declared_length_over_the_limit_is_refused_before_reading(live) -> None:
    head = (f"POST /v1/evaluate HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {LIMITS.max_body_bytes + 1}\r\n\r\n").encode()
    started = time.monotonic()
    status, error, headers = error_of(raw_request(live.port, head + b'{"tickets": ['))
    assert time.monotonic() - started < LIMITS.body_timeout_s  # answered without waiting for the body
    assert status == 413 and error["code"] == "body_too_large" and error["where"] == "header Content-Length"
    assert str(LIMITS.max_body_bytes) in error["message"]
    assert headers["connection"] == "close"


def test_chunked_body_over_the_limit_is_refused_while_streaming(live) -> None:
    head = (f"POST /v1/evaluate HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    piece = b"x" * 16384
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(LIMITS.max_body_bytes // len(piece) + 1))
    status, error, headers = error_of(raw_request(live.port, head + chunks))
    assert status == 413 and error["code"] == "body_too_large" and error["where"] == "body"
    assert headers["connection"] == "close"


def test_a_body_just_under_the_limit_is_read(client) -> None:
    padding = " " * (LIMITS.max_body_bytes - 100)
    response = client.post("/v1/evaluate", content=b'{"tickets": []' + padding.encode() + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 200


def test_413_from_httpx_with_a_large_body(client) -> None:
    response = client.post("/v1/check", content=b"#" * (LIMITS.max_body_bytes + 1), headers={"content-type": "text/plain"})
    assert_error(response, 413, "body_too_large", "header Content-Length")


class SlowClient(threading.Thread):
    """Sends ``head`` and then one byte of ``trickle`` every ``interval_s``; keeps what comes back."""

    def __init__(self, port: int, head: bytes, trickle: bytes, interval_s: float) -> None:
        super().__init__(daemon=True)
        self.port, self.head, self.trickle, self.interval_s = port, head, trickle, interval_s
        self.answer = b""
        self.closed_after_s: float | None = None
        self.answered_at: float | None = None  # time.monotonic() when the first answer byte came

    def run(self) -> None:
        with socket.create_connection((LOOPBACK, self.port), timeout=15) as sock:
            started = time.monotonic()
            sock.sendall(self.head)
            open_ = True
            try:
                for byte in self.trickle:
                    time.sleep(self.interval_s)
                    if not self._read_ready(sock):
                        open_ = False
                        break
                    sock.sendall(bytes([byte]))
            except OSError:  # the server closed the connection on us
                pass
            try:
                while open_ and self._read_ready(sock, wait_s=10):
                    pass
            except OSError:
                pass
            self.closed_after_s = time.monotonic() - started

    def _read_ready(self, sock: socket.socket, wait_s: float = 0.0) -> bool:
        """Reads what has arrived; False once the server has closed the connection."""
        readable, _, _ = select.select([sock], [], [], wait_s)
        if not readable:
            return wait_s == 0.0
        chunk = sock.recv(65536)
        if not chunk:
            return False
        self.answered_at = self.answered_at or time.monotonic()
        self.answer += chunk
        return True


def served_meanwhile(live) -> tuple[list[float], float]:
    """Latencies of requests another client makes meanwhile, and when the last one finished."""
    timings = []
    with live.client(timeout=5) as other:
        for _ in range(4):
            started = time.monotonic()
            assert other.post("/v1/evaluate", json={"tickets": []}).status_code == 200
            timings.append(time.monotonic() - started)
            time.sleep(0.05)
    return timings, time.monotonic()


def test_a_slow_body_gets_408_and_others_are_served_meanwhile(live) -> None:
    body = b'{"tickets": []}' + b" " * 85
    head = (f"POST /v1/evaluate HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:10]
    slow = SlowClient(live.port, head, body[10:], interval_s=0.1)  # 9 s to send it all
    slow.start()
    timings, finished = served_meanwhile(live)
    slow.join(15)
    assert not slow.is_alive()
    assert slow.answered_at is not None and finished < slow.answered_at  # nobody waited for the slow client
    assert max(timings) < 0.5, timings
    status, error, headers = error_of(slow.answer)
    assert status == 408 and error["code"] == "body_timeout" and error["where"] == "body"
    assert headers["connection"] == "close"
    assert slow.closed_after_s is not None and slow.closed_after_s < LIMITS.body_timeout_s + 3


def test_slow_headers_get_408_and_others_are_served_meanwhile(live) -> None:
    head = f"POST /v1/evaluate HTTP/1.1\r\nHost: {LOOPBACK}\r\n".encode()
    slow = SlowClient(live.port, head, b"X-Slow: " + b"a" * 200, interval_s=0.05)  # 10 s of header bytes
    slow.start()
    timings, finished = served_meanwhile(live)
    slow.join(15)
    assert slow.answered_at is not None and finished < slow.answered_at
    assert max(timings) < 0.5, timings
    status, error, _ = error_of(slow.answer)
    assert status == 408 and error["code"] == "header_timeout"
    assert slow.closed_after_s is not None and slow.closed_after_s < LIMITS.header_timeout_s + 3


def test_a_silent_connection_is_closed(live) -> None:
    started = time.monotonic()
    with socket.create_connection((LOOPBACK, live.port), timeout=10) as sock:
        assert sock.recv(1024) == b""  # closed, with nothing to say to a client that said nothing
    assert time.monotonic() - started < LIMITS.header_timeout_s + 3


def test_idle_keep_alive_connections_are_closed() -> None:
    limits = dataclasses.replace(LIMITS, keep_alive_s=0.3)
    with LiveServer(ACME, limits) as server:
        with socket.create_connection((LOOPBACK, server.port), timeout=10) as sock:
            sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {LOOPBACK}\r\n\r\n".encode())
            answer = b""
            while b'"reload_failing"' not in answer:
                answer += sock.recv(65536)
            assert parse_response(answer)[0] == 200
            started = time.monotonic()
            assert sock.recv(1024) == b""
            assert time.monotonic() - started < 2


def test_requests_over_the_concurrency_limit_get_503() -> None:
    limits = dataclasses.replace(LIMITS, max_concurrency=1, body_timeout_s=2.0)
    with LiveServer(ACME, limits) as server:
        head = (f"POST /v1/evaluate HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{").encode()
        slow = SlowClient(server.port, head, b" " * 50, interval_s=0.1)  # holds the only place ~2 s
        slow.start()
        time.sleep(0.5)
        with server.client(timeout=5) as other:
            response = other.get("/healthz")
            assert_error(response, 503, "overloaded", None)
            assert response.headers["retry-after"] == "1"
            slow.join(10)
            assert parse_response(slow.answer)[0] == 408
            assert other.get("/healthz").status_code == 200


def test_a_client_that_leaves_mid_body_frees_its_place(live) -> None:
    count = len(live.access_records())
    with socket.create_connection((LOOPBACK, live.port), timeout=5) as sock:
        sock.sendall((f"POST /v1/evaluate HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/json\r\n"
                      "Content-Length: 1000\r\n\r\n{").encode())
        time.sleep(0.2)
    deadline = time.monotonic() + 5
    while (live.app.in_progress or len(live.access_records()) == count) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.app.in_progress == 0
    [line] = [r for r in live.access_records()[count:] if r["path"] == "/v1/evaluate"]
    assert line["status"] in (400, 499)
