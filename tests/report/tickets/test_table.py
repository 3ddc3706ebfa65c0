"""``slalang eval --format table``: every fact of the results is shown, and the layout is
pinned by a golden file."""

from __future__ import annotations

from pathlib import Path

from golden import assert_golden

from slalang.evaluation import evaluate_tickets
from slalang.report.tickets import render_table

GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-12-01T00:00:00Z"


def test_the_table_shows_every_ticket_status_and_escalation(acme, sample_tickets):
    results = [r.to_json() for r in evaluate_tickets(acme, sample_tickets[:12], now=NOW)]
    table = render_table(results, width=220)
    for r in results:
        assert str(r["id"]) in table
        if "error" in r:
            assert r["error"][:30] in table.replace("\n", " ") or r["error"][:10] in table
            continue
        for escalation in r["escalations"]:
            assert escalation["at"] in table
        for metric in r["metrics"].values():
            for run in metric.get("cycles", [metric]):
                assert run["start"] in table and run["status"] in table


def test_the_table_of_the_shipped_tickets_golden(acme, sample_tickets):
    results = [r.to_json() for r in evaluate_tickets(acme, sample_tickets, now="2026-11-23T12:00:00Z")]
    results.append({"id": "T-bad", "error": "created_at: missing", "line": 99})
    assert_golden(GOLDEN / "eval_table.txt", render_table(results, width=200))


def test_no_tickets_says_so():
    assert render_table([]) == "No tickets.\n"
