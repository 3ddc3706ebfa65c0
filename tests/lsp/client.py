"""A minimal LSP client for the tests: the server as a subprocess, JSON-RPC with Content-Length framing.

It answers the server's own requests (capability registration, progress) with null, keeps
every notification, and waits for answers with a timeout so a hung server fails the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT_S = 60.0


class LspError(Exception):
    pass


class LspClient:
    def __init__(self, cwd: str | os.PathLike[str], debounce_ms: int = 50, capabilities: dict | None = None):
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed by log() and close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "slalang", "lsp", "--stdio", "--debounce-ms", str(debounce_ms)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            cwd=cwd,
        )
        self._next_id = 0
        self._lock = threading.Condition()
        self._responses: dict[int, dict] = {}
        self.notifications: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.root = Path(cwd)
        self.initialize_result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root.as_uri(),
                "capabilities": capabilities if capabilities is not None else _CAPABILITIES,
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": "policies"}],
            },
        )
        self.notify("initialized", {})

    # --- the wire -----------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            if "method" in message and "id" in message:  # a request from the server
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            with self._lock:
                if "id" in message:
                    self._responses[message["id"]] = message
                else:
                    self.notifications.append(message)
                self._lock.notify_all()

    def request(self, method: str, params: Any, timeout: float = TIMEOUT_S) -> Any:
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        with self._lock:
            if not self._lock.wait_for(lambda: request_id in self._responses, timeout):
                raise TimeoutError(f"no answer to {method} in {timeout}s\n{self.log()}")
            message = self._responses.pop(request_id)
        if "error" in message:
            raise LspError(message["error"])
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate: Callable[[dict], bool], timeout: float = TIMEOUT_S, after: int = 0) -> dict:
        """The first notification (from index ``after`` on) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for message in self.notifications[after:]:
                    if predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no such notification in {timeout}s\n{self.log()}")
                self._lock.wait(remaining)

    # --- what an editor does ------------------------------------------------------------

    def open(self, path: Path, text: str | None = None, version: int = 1) -> str:
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "slalang", "version": version,
                              "text": path.read_text(encoding="utf-8") if text is None else text}},
        )
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def diagnostics(self, uri: str, version: int | None = None, after: int = 0, timeout: float = TIMEOUT_S) -> list[dict]:
        """The diagnostics of the first publication for ``uri`` (of ``version``, when given)."""
        message = self.wait_for(
            lambda m: m["method"] == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and (version is None or m["params"].get("version") == version),
            timeout,
            after,
        )
        return message["params"]["diagnostics"]

    def mark(self) -> int:
        """The number of notifications so far: wait for later ones with ``after=mark``."""
        with self._lock:
            return len(self.notifications)

    def at(self, uri: str, line: int, character: int) -> dict:
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    def log(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", errors="replace")

    def close(self) -> int:
        try:
            self.request("shutdown", None, timeout=20)
            self.notify("exit", None)
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.stderr.close()


_CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
        "completion": {"completionItem": {"snippetSupport": False}},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
    },
    "workspace": {"workspaceFolders": True},
}
