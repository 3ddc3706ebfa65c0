"""Golden files: ``golden/<construct>.sla`` formats to ``golden/<construct>.sla.expected``.

Regenerate after an intended layout change with ``SLALANG_UPDATE_GOLDEN=1 python -m pytest
tests/fmt`` and review the change with ``git diff tests/fmt/golden``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import assert_golden

from slalang.fmt import format_text
from slalang.syntax import parse

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.sla"))


def test_there_is_a_golden_file_per_construct() -> None:
    names = {p.stem for p in CASES}
    assert {"header", "priorities", "segments", "conditions", "calendar", "teams", "olas", "escalation", "sla",
            "comments", "blank_lines", "clocks", "calendar_choices", "credits"} <= names


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden_layout(case: Path) -> None:
    source = case.read_text(encoding="utf-8")
    result = format_text(source, case.name)
    assert result.ok, result.diagnostics
    assert_golden(case.with_name(case.name + ".expected"), result.formatted)
    # The expected layout is itself canonical, and keeps every comment of the input in order.
    assert format_text(result.formatted, case.name).formatted == result.formatted
    before, _ = parse(source, case.name)
    after, _ = parse(result.formatted, case.name)
    assert [c.text.rstrip() for c in after.comments] == [c.text.rstrip() for c in before.comments]
