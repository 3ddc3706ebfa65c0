"""The rule reference in docs/rules/ is generated from the rules and kept up to date."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from slalang.analysis.rules import RULES

REPO = Path(__file__).resolve().parents[2]


def test_every_rule_has_an_id_a_severity_and_a_bad_and_a_good_example() -> None:
    for rule in RULES:
        doc = rule.__doc__ or ""
        assert rule.ID and rule.SEVERITY, rule
        assert "bad" in doc.lower() and "good" in doc.lower(), f"{rule.ID}: docstring needs a bad and a good example"


def test_the_committed_rule_pages_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "slalang.analysis.docs", "--check", "--out", str(REPO / "docs" / "rules")],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p.stem for p in (REPO / "docs" / "rules").glob("*.md")} >= {rule.ID for rule in RULES}
