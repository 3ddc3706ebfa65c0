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


_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss_kib(args: list[str]) -> int:
    """The exit code is 0 or 1 and the peak RSS (KiB) of the largest process of ``slalang ARGS``."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PEAK_RSS, sys.executable, "-m", "slalang", *args],
                          capture_output=True, text=True, timeout=120, check=True)
    code, peak = done.stdout.split()
    assert code in ("0", "1"), done.stderr
    return int(peak)


@pytest.mark.parametrize(("jobs", "small_mb"), [("1", 12), ("2", 3)])  # a few read blocks: 4 MB with one job, 1 MB with more
def test_memory_stays_flat_however_long_the_file(tmp_path, jobs: str, small_mb: int) -> None:
    """A file two to eight times as long (24 MB, tickets of 2,000 events included) takes no more
    memory: it is read in blocks, and worker processes read their own byte ranges of it."""
    many = [json.loads(g) for g in GOOD]
    long = dict(many[0], id="LONG", events=[dict(many[0]["events"][0])] * 2000)
    block = "\n".join(GOOD + [json.dumps(long)]) + "\n"
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text(block * (small_mb * 1_000_000 // len(block)), encoding="utf-8")
    large.write_text(block * (24_000_000 // len(block)), encoding="utf-8")
    peaks = [peak_rss_kib(["eval", ACME, str(path), "--now", NOW, "--jobs", jobs, "-o", os.devnull]) for path in (small, large)]
    assert peaks[1] < peaks[0] + 16 * 1024, f"peak RSS {peaks[0] // 1024} MiB on {small_mb} MB, {peaks[1] // 1024} MiB on 24 MB"
