"""One language server per test module, driven over stdio as an editor drives it.

Each test writes its own policy directory under the module's folder, so tests do not see
each other's buffers; the server's standard error is checked for tracebacks at the end.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .client import LspClient

CALENDARS = """\
calendar office "Office hours" {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:30
    holidays "NL"
}
"""

MAIN = """\
policy "demo" version "1"
import "calendars.sla"

priorities urgent > high > normal

segment enterprise when customer.plan == "enterprise"
segment big when segment enterprise or customer.arr >= 100000

team tier1 { calendar office  agents 4 }
team eng { calendar office }

ola triage by tier1 within 30m
ola fix by eng within 4h on always

escalation chain1 {
    at 75% notify assignee
    at 100% set priority urgent
}

sla gold "Gold support" {
    when segment big and priority urgent
    calendar office
    first_response within 1h goal 95%
    resolution within 8h goal 90% via triage -> fix
    escalate resolution with chain1
}

sla rest {
    resolution within 5d
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("lsp")
    client = LspClient(root)
    yield client
    status = client.proc.poll()
    log = client.log()
    code = client.close()
    assert status is None, f"the server died during the tests:\n{log}"
    assert code == 0, log
    assert "Traceback" not in log, log


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def demo(server: LspClient, request: pytest.FixtureRequest) -> Path:
    """The demo policy set (main.sla importing calendars.sla) in a folder of this test's own."""
    return write(server.root / request.node.name, {"calendars.sla": CALENDARS, "main.sla": MAIN})


def position_of(text: str, needle: str, occurrence: int = 1, offset: int = 0) -> tuple[int, int]:
    """0-based line and character of the ``occurrence``-th ``needle`` (plus ``offset`` characters)."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def covered(text: str, rng: dict) -> str:
    """The text an LSP range covers (UTF-16 columns; the tests' texts are ASCII unless they say so)."""
    lines = text.split("\n")
    start, end = rng["start"], rng["end"]
    if start["line"] == end["line"]:
        return lines[start["line"]][start["character"] : end["character"]]
    return "\n".join(
        [lines[start["line"]][start["character"] :], *lines[start["line"] + 1 : end["line"]], lines[end["line"]][: end["character"]]]
    )
