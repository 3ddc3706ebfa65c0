"""Every rule against its cases: policies that must fire (marked `# expect: rule-id` on the
line the finding points at) and near misses that must not.

Cases live in ``cases/<rule-id>/*.sla``; a file without an ``expect`` marker is a near miss.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slalang.analysis.rules import RULE_IDS

from .analysis_helpers import findings

CASES = Path(__file__).parent / "cases"
_EXPECT = re.compile(r"#\s*expect:\s*([a-z-]+)")


def _cases() -> list[tuple[str, Path]]:
    return [(rule_dir.name, path) for rule_dir in sorted(CASES.iterdir()) for path in sorted(rule_dir.glob("*.sla"))]


def _expected(text: str, rule: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) for m in _EXPECT.finditer(line) if m.group(1) == rule]


def test_every_rule_has_cases_that_fire_and_near_misses():
    for rule in RULE_IDS:
        files = sorted((CASES / rule).glob("*.sla"))
        texts = [f.read_text() for f in files]
        assert any(_expected(t, rule) for t in texts), f"{rule}: no case that fires"
        assert any(not _expected(t, rule) for t in texts), f"{rule}: no near miss"


@pytest.mark.parametrize(("rule", "path"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_case(rule: str, path: Path):
    text = path.read_text()
    found = findings(text, rule, name=path.name)
    assert all(d.code == rule for d in found)
    assert sorted(d.span.line for d in found) == sorted(_expected(text, rule)), "\n".join(
        f"{d.span.line}: {d.message}" for d in found
    )
    for d in found:
        assert d.message and d.help, "every finding states its fact and a hint"
