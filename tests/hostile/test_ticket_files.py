"""Hostile ticket files, end to end through `slalang eval` (compiled and Python paths) under a
memory and a time limit: the bad ticket fails on its line, every other one is evaluated."""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
ACME = str(ROOT / "policies" / "acme.sla")
GOOD = (ROOT / "policies" / "tickets.jsonl").read_text(encoding="utf-8").splitlines()
NOW = "2026-11-23T12:00:00Z"


@pytest.mark.parametrize("native", ["1", "0"], ids=["compiled", "python"])
@pytest.mark.parametrize("field", ["priority", "type"])
def test_a_ticket_nested_a_thousand_deep_fails_on_its_line(bounded, tmp_path, native: str, field: str) -> None:
    deep = "[" * 1000 + '"urgent"' + "]" * 1000
    bad = json.loads(GOOD[0])
    if field == "priority":
        bad["ticket"]["priority"] = "DEEP"
    else:
        bad["events"][0]["type"] = "DEEP"
    lines = [GOOD[1], json.dumps(bad).replace('"DEEP"', deep), GOOD[2]]
    (tmp_path / "t.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "SLALANG_NATIVE": native}
    run = bounded.cli(["eval", ACME, str(tmp_path / "t.jsonl"), "--now", NOW], env=env, mib=800, seconds=60)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    results = [orjson.loads(line) for line in run.stdout.splitlines()]
    assert [("error" in r, r.get("line")) for r in results] == [(False, None), (True, 2), (False, None)]
    assert "a list" in results[1]["error"]


@pytest.mark.parametrize("line", [1, 3])
@pytest.mark.parametrize("layout", ["lines", "list"])
def test_a_huge_ticket_over_the_limit_is_reported_without_being_held(bounded, tmp_path, line: int, layout: str) -> None:
    huge = '{"id": "BIG", "s": "' + "a" * (30 * 1024 * 1024) + '"}'
    items = GOOD[:3]
    items.insert(line - 1, huge)
    text = "\n".join(items) + "\n" if layout == "lines" else "[\n" + ",\n".join(items) + "\n]\n"
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    run = bounded.cli(["eval", ACME, str(tmp_path / "t.json"), "--now", NOW, "--max-ticket-bytes", "1000000"],
                      mib=500, seconds=60)  # was 3.6 GB and a minute as a first line
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    results = [orjson.loads(r) for r in run.stdout.splitlines()]
    position = line if layout == "lines" else line + 1
    failures = [r for r in results if "error" in r]
    assert failures == [{"id": None, "error": "ticket is larger than 1000000 bytes (raise the limit with --max-ticket-bytes)",
                         "line": position}]
    assert [r["id"] for r in results if "error" not in r] == [json.loads(g)["id"] for g in GOOD[:3]]
