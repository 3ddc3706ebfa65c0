"""The examples of the second-wave sections of docs/language.md compile as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slalang.compiler import compile_text

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "language.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```\n(.*?)```", GUIDE, re.S)
DECLARED = """\
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:30 }
calendar office_us { timezone "America/New_York" hours mon-fri 08:00-18:00 }
segment enterprise when customer.plan == "enterprise"
sla enterprise_urgent { when false first_response within 1h resolution within 4h }
sla paying_high { when false first_response within 1h resolution within 4h }
"""


def block(start: str) -> str:
    (found,) = [b for b in BLOCKS if b.startswith(start)]
    return found


@pytest.mark.parametrize(
    "start, wrap",
    [
        ("sla gold {", False),  # rules per metric
        ("# Agent work time", True),  # the ready-to-copy measures, inside an SLA
        ("sla global_enterprise {", False),  # calendars chosen from the ticket
        ("credit enterprise_terms", False),  # credits and availability
    ],
)
def test_guide_example_compiles(start: str, wrap: bool) -> None:
    text = block(start)
    if wrap:
        text = "sla vendor_metrics {\n" + text + "}\n"
    result = compile_text(DECLARED + text, "guide.sla")
    assert result.diagnostics == [], [f"{d.span.line}: {d.message}" for d in result.diagnostics]
    if wrap:
        names = [m.name for m in result.model.sla("vendor_metrics").measures]
        assert names == [
            "agent_work", "requester_wait", "periodic_update", "pausable_update", "total_resolution", "with_engineering"
        ]
