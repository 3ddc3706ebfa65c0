"""Golden-file comparison: ``SLALANG_UPDATE_GOLDEN=1 pytest tests/reports`` rewrites them."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get("SLALANG_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with SLALANG_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual")
        )
        raise AssertionError(f"output differs from golden/{name} (SLALANG_UPDATE_GOLDEN=1 to accept):\n{diff}")
