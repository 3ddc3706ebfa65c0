"""The bounds of slalang/limits.py: each is raisable by its variable, and docs/limits.md lists
each with its default and its variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slalang.limits import ALL, MAX_TOKENS, limit

DOC = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("bound", ALL, ids=[b.name for b in ALL])
def test_the_limits_page_lists_every_bound_with_its_default_and_variable(bound) -> None:
    rows = [line for line in DOC.splitlines() if f"`{bound.env}`" in line and line.startswith("|")]
    assert rows, f"docs/limits.md has no row for {bound.env}"
    default = bound.default
    shown = {f"{default:,}", str(default)} | ({f"{default // 1024 // 1024} MiB"} if default % (1024 * 1024) == 0 else set())
    assert any(s in rows[0] for s in shown), (rows[0], shown)
    assert bound.env == "SLALANG_" + bound.name.upper() and re.fullmatch(r"SLALANG_[A-Z_]+", bound.env)


def test_a_variable_raises_a_bound_and_a_bad_value_is_ignored(monkeypatch) -> None:
    assert limit(MAX_TOKENS) == MAX_TOKENS.default
    monkeypatch.setenv(MAX_TOKENS.env, "8_000_000")
    assert limit(MAX_TOKENS) == 8_000_000
    for bad in ("lots", "-5", "0", ""):
        monkeypatch.setenv(MAX_TOKENS.env, bad)
        assert limit(MAX_TOKENS) == MAX_TOKENS.default
