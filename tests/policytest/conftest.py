from __future__ import annotations

from pathlib import Path

import pytest

POLICY = """\
priorities urgent > normal
segment gold when customer.plan == "gold"

sla gold_urgent {
    when segment gold and priority urgent
    first_response within 15m
    resolution     within 4h
    escalate first_response {
        at 100% notify team.lead
    }
}

sla everyone {
    first_response within 1h
}
"""

TICKET = "{created_at: 2026-11-20T10:00:00Z, ticket: {priority: urgent}, customer: {plan: gold}}"


@pytest.fixture
def suite_dir(tmp_path: Path) -> Path:
    """A directory with a small policy, ready for test files."""
    (tmp_path / "support.sla").write_text(POLICY, encoding="utf-8")
    return tmp_path
