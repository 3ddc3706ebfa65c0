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


GLOBAL = Path(__file__).resolve().parents[3] / "policies" / "global"


def _explain(ticket_id: str, *options: str) -> str:
    from click.testing import CliRunner

    from slalang.cli.main import cli

    args = ["explain", str(GLOBAL / "global.sla"), str(GLOBAL / "tickets.jsonl"), "--ticket-id", ticket_id,
            "--now", "2026-11-23T12:00:00Z", *options]
    result = CliRunner().invoke(cli, args, env={"NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_explaining_a_measure_that_stops_and_resumes_on_a_chosen_calendar_golden():
    """GL-2 under the global example: the calendar chosen by customer.region, resolution on
    its own calendar, and agent_work started on created, stopped on resolved, resumed on
    reopened; in text and in JSON."""
    text = _explain("GL-2")
    assert "chosen: customer.region is \"emea\"" in text
    for moment in ("started: on created", "stopped: on resolved", "resumed: on reopened"):
        assert moment in text
    assert_golden(GOLDEN / "explain_global_gl2.txt", text)
    assert_golden(GOLDEN / "explain_global_gl2.json", _explain("GL-2", "--format", "json"))


def test_explaining_a_calendar_read_in_the_customers_zone_golden():
    """GL-3: no arm matches its region, so ``else office in customer.timezone`` reads the
    office's hours in Asia/Kathmandu (+05:45); times shown in that zone with --tz."""
    text = _explain("GL-3", "--tz", "Asia/Kathmandu")
    assert "Asia/Kathmandu" in text
    assert_golden(GOLDEN / "explain_global_gl3_kathmandu.txt", text)
