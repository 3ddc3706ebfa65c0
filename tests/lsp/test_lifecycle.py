"""Starting, answering through half-typed text, and stopping, as an editor sees the server."""

from __future__ import annotations

import os
import subprocess
import sys

from .client import LspClient
from .conftest import CALENDARS, MAIN, write


def test_initialize_announces_every_feature(server):
    capabilities = server.initialize_result["capabilities"]
    assert server.initialize_result["serverInfo"]["name"] == "slalang"
    assert capabilities["textDocumentSync"]["change"] == 1  # full text on each change
    assert capabilities["textDocumentSync"]["openClose"] is True
    assert capabilities["positionEncoding"] == "utf-16"
    for feature in ("hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider",
                    "documentFormattingProvider"):
        assert capabilities[feature] is True, feature
    assert capabilities["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
    assert "." in capabilities["completionProvider"]["triggerCharacters"]


def test_every_prefix_of_a_policy_gets_answers_not_errors(server, request):
    """Typing a policy from the first character to the last: every request is answered."""
    folder = write(server.root / request.node.name, {"main.sla": "", "calendars.sla": CALENDARS})
    uri = server.open(folder / "main.sla", "")
    step = 37  # every 37th prefix: cuts inside keywords, names, strings, durations and blocks
    for version, end in enumerate(range(0, len(MAIN) + step, step), start=2):
        text = MAIN[:end]
        server.change(uri, text, version)
        line = text.count("\n")
        character = len(text) - (text.rfind("\n") + 1)
        server.request("textDocument/completion", server.at(uri, line, character))
        server.request("textDocument/hover", server.at(uri, max(line - 1, 0), 2))
        server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        server.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                   "options": {"tabSize": 4, "insertSpaces": True}})
    final = len(range(0, len(MAIN) + step, step)) + 1
    assert server.diagnostics(uri, version=final) == []  # the whole policy, typed: clean


def test_a_half_typed_declaration_leaves_the_others_usable(server, demo):
    text = (demo / "main.sla").read_text().replace("sla rest {", "sla rest {\n    when priority ==")
    uri = server.open(demo / "main.sla", text)
    [syntax] = server.diagnostics(uri, version=1)
    assert syntax["code"] == "syntax"
    symbols = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert "gold" in [s["name"] for s in symbols] and "rest" not in [s["name"] for s in symbols]


def test_shutdown_and_exit_end_the_process_cleanly(tmp_path):
    client = LspClient(tmp_path)
    assert client.close() == 0


def test_without_pygls_the_command_says_how_to_install_it(tmp_path):
    shim = tmp_path / "shim" / "pygls"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('no pygls here', name='pygls')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "shim")}
    done = subprocess.run([sys.executable, "-m", "slalang", "lsp"], check=False, env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "pip install 'slalang[lsp]'" in done.stderr
    assert done.stdout == ""
