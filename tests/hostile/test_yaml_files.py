"""Hostile scenario and test files, end to end through `slalang simulate` and `slalang test`
under a memory and a time limit."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = (ROOT / "policies" / "scenario.yaml").read_text(encoding="utf-8")
TESTS = (ROOT / "policies" / "acme_test.yaml").read_text(encoding="utf-8")


def laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.fixture()
def policy_dir(tmp_path: Path) -> Path:
    for name in ("acme.sla", "calendars.sla"):
        (tmp_path / name).write_text((ROOT / "policies" / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_a_billion_laughs_scenario_is_a_located_error(bounded, policy_dir) -> None:
    # a few hundred bytes that expand to 387 million values: was past 2 GB and never finished
    (policy_dir / "scenario.yaml").write_text(laughs() + SCENARIO, encoding="utf-8")
    run = bounded.cli(["simulate", "acme.sla", "scenario.yaml"], cwd=policy_dir, mib=600, seconds=60)
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    assert b"scenario.yaml:1:" in run.stderr and b"more than 250000 values" in run.stderr


def test_a_billion_laughs_test_file_is_a_located_error(bounded, policy_dir) -> None:
    (policy_dir / "acme_test.yaml").write_text(laughs() + TESTS, encoding="utf-8")
    run = bounded.cli(["test", "acme_test.yaml"], cwd=policy_dir, mib=600, seconds=60)
    assert run.returncode == 2 and b"Traceback" not in run.stderr + run.stdout
    assert b"acme_test.yaml:1:" in run.stdout + run.stderr and b"more than 250000 values" in run.stdout + run.stderr


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("staffing: {tier1: 6, engineering: 3}", "staffing: !!set {tier1, engineering}", b"the tag !!set"),
        ("start: 2026-01-05T00:00:00+01:00", "start: !!binary aGk=", b"the tag !!binary"),
        ("start: 2026-01-05T00:00:00+01:00", "start: !!timestamp 2026-01-05T00:00:00+01:00", b"the tag !!timestamp"),
        ("start: 2026-01-05T00:00:00+01:00", "start: 0001-01-05T00:00:00+01:00", b"the years 1900-2999"),
        ("start: 2026-01-05T00:00:00+01:00", "start: 9999-12-25T00:00:00+01:00", b"the years 1900-2999"),
    ],
    ids=["set", "binary", "timestamp", "year-1", "year-9999"],
)
def test_tags_and_far_years_are_located_errors(bounded, policy_dir, old: str, new: str, words: bytes) -> None:
    assert old in SCENARIO
    (policy_dir / "scenario.yaml").write_text(SCENARIO.replace(old, new), encoding="utf-8")
    run = bounded.cli(["simulate", "acme.sla", "scenario.yaml"], cwd=policy_dir, mib=600, seconds=60)
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    assert words in run.stderr and b"scenario.yaml:" in run.stderr
