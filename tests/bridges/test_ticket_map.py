"""--map MAP.yaml: read with the located-YAML reader; mistakes at their line and column."""

from __future__ import annotations

import pytest

from slalang.bridges.problems import BridgeError
from slalang.bridges.ticket_map import load_map

from .helpers import fixture


def test_the_jira_map_reads():
    mapping = load_map(fixture("jira", "map.yaml"))
    assert mapping.status("Resolved") == "solved"
    assert mapping.status("Unknown") == "Unknown"
    assert mapping.priority("Highest") == "urgent"
    assert mapping.path("customfield_10020") == ("customer", "tier")
    assert mapping.path("labels", ("ticket", "labels")) == ("ticket", "labels")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("statuses:\n  Done: solved\nstatus:\n  x: y\n", 3, "unknown section `status`"),
        ("statuses: [Done]\n", 1, "`statuses` must map"),
        ("priorities:\n  Highest: [urgent]\n", 2, "must be text"),
        ("fields:\n  customfield_1: ticket.\n", 2, "empty part"),
        ("statuses:\n  Done: solved\n  Done: closed\n", 3, "given twice"),
        ("statuses: {Done: solved\n", 2, "not valid YAML"),
    ],
)
def test_mistakes_are_located(tmp_path, text, line, reason):
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BridgeError) as caught:
        load_map(str(path))
    assert caught.value.problem.line == line
    assert reason in caught.value.problem.reason
