"""`slalang serve` for a person at a terminal: readable log lines (JSON into a pipe), and a
port in use said in one line."""

from __future__ import annotations

import io
import logging
import socket
import subprocess
import sys

from slalang.server.access_log import JsonFormatter, TextFormatter, configure_logging
from slalang.server.runner import AddressError, listening_socket

from .live import LOOPBACK, ROOT


def record(message: str, fields: dict, level: int = logging.INFO) -> logging.LogRecord:
    made = logging.LogRecord("slalang.server.access", level, __file__, 1, message, None, None)
    made.fields = fields  # type: ignore[attr-defined]
    return made


def test_a_request_reads_as_one_line():
    line = TextFormatter().format(record("request", {
        "method": "POST", "path": "/v1/evaluate", "status": 200, "duration_ms": 12.345, "bytes": 1234,
        "client": "127.0.0.1:50312",
    }))
    assert line.endswith("  POST /v1/evaluate 200 12.345 ms 1.2 kB  127.0.0.1:50312")
    assert line[2] == ":" and line[5] == ":"  # starts with the time of day


def test_other_events_show_their_fields_and_a_level_that_is_not_info():
    line = TextFormatter().format(record("policy reload refused", {"policy": "p.sla", "reason": "two errors"},
                                         logging.ERROR))
    assert "  error  policy reload refused  policy=p.sla  reason=\"two errors\"" in line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_logs_are_json_into_a_pipe_and_text_on_a_terminal():
    assert isinstance(configure_logging(io.StringIO()).formatter, JsonFormatter)
    assert isinstance(configure_logging(Terminal()).formatter, TextFormatter)
    assert isinstance(configure_logging(Terminal(), log_format="json").formatter, JsonFormatter)
    assert isinstance(configure_logging(io.StringIO(), log_format="text").formatter, TextFormatter)
    configure_logging(io.StringIO())  # leave the loggers as the other tests expect


def test_a_taken_port_is_an_address_error():
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            listening_socket(LOOPBACK, port).close()
        except AddressError as exc:
            assert exc.strerror == (
                f"cannot listen on {LOOPBACK}:{port}: the address is already in use "
                "(is another server running there? choose another --port)"
            )
        else:
            raise AssertionError("the port was free")


def test_serve_on_a_port_in_use_says_so_in_one_line_and_exits_3():
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "slalang", "serve", str(ROOT / "policies" / "acme.sla"), "--host", LOOPBACK,
             "--port", str(port)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )
    assert run.returncode == 3, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == [f"slalang serve: cannot listen on {LOOPBACK}:{port}: the address is already in use "
                     "(is another server running there? choose another --port)"]
    assert not any(line.startswith("{") for line in lines)
