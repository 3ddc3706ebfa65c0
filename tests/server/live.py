"""Real servers for the tests, on loopback ports chosen free.

``LiveServer``: uvicorn running ``build_server(...)`` in a background thread of this process
(the same server ``slalang serve`` runs, with the limits a test wants), its log records kept.
``ServerProcess``: ``python -m slalang serve ...`` in a subprocess, its standard error kept.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from slalang.server import Limits, WatchSettings, build_server
from slalang.server.access_log import SERVER_LOGGER

LOOPBACK = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class RecordingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class LiveServer:
    def __init__(self, policy: str | os.PathLike[str], limits: Limits | None = None,
                 watch: WatchSettings | None = None) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.logger = logging.getLogger(f"{SERVER_LOGGER}.live{self.port}")  # this server's records only
        self.server = build_server(policy, LOOPBACK, self.port, limits, watch, self.logger)
        self.app = self.server.config.app
        self.context = self.app.starlette.state.slalang
        self.logs = RecordingHandler()
        self._thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def __enter__(self) -> LiveServer:
        self.logger.addHandler(self.logs)
        self.logger.setLevel(logging.INFO)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(10)
        self.logger.removeHandler(self.logs)

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=kwargs.pop("timeout", 30), trust_env=False, **kwargs)

    def access_records(self) -> list[dict[str, Any]]:
        return [dict(r.fields) for r in self.logs.records if r.name.endswith(".access")]

    def unhandled_errors(self) -> list[logging.LogRecord]:
        return [r for r in self.logs.records if r.getMessage() in ("unhandled error", "ticket evaluation failed",
                                                                     "batch evaluation failed; evaluating the tickets one by one")]

    def count_500s(self) -> int:
        total = 0.0
        for metric in self.context.metrics.registry.collect():
            if metric.name == "slalang_http_requests":
                total += sum(s.value for s in metric.samples if s.name.endswith("_total") and s.labels["status"] == "500")
        return int(total)


class ServerProcess:
    """``slalang serve`` as a user runs it, with JSON logs on standard error (kept in a file)."""

    def __init__(self, policy: str | os.PathLike[str], *args: str, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.log_path = log_path
        self.command = [sys.executable, "-m", "slalang", "serve", os.fspath(policy), "--host", LOOPBACK,
                        "--port", str(self.port), *args]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ServerProcess:
        self._log = open(self.log_path, "wb")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=self._log, cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        with httpx.Client(trust_env=False, timeout=2) as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"slalang serve exited with {self.process.returncode}:\n{self.log_text()}")
                try:
                    if client.get(self.url + "/healthz").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"slalang serve did not start:\n{self.log_text()}")
                time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self._log.close()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, trust_env=False)

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_lines(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log_text().splitlines():
            if line.startswith("{"):
                out.append(orjson.loads(line))
        return out


def raw_request(port: int, data: bytes, read_timeout_s: float = 10.0) -> bytes:
    """Send raw bytes on a new connection; everything the server answered before closing."""
    with socket.create_connection((LOOPBACK, port), timeout=read_timeout_s) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
