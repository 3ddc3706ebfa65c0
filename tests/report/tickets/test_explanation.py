"""``slalang explain``'s text, against a golden file (the trace itself is tested in
tests/evaluation/test_explain.py)."""

from __future__ import annotations

from pathlib import Path

from golden import assert_golden

from slalang.evaluation.explain import explain_ticket
from slalang.report.tickets import render_explanation

GOLDEN = Path(__file__).parent / "golden"


def test_explaining_t1001_golden(acme, sample_tickets):
    raw = sample_tickets[0]
    assert raw["id"] == "T-1001"
    text = render_explanation(explain_ticket(acme, raw, now="2026-11-23T12:00:00Z"))
    assert_golden(GOLDEN / "explain_t1001.txt", text)
