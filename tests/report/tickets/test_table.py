"""``slalang eval --format table``: every fact of the results is shown, and the layout is
pinned by a golden file."""

from __future__ import annotations

from pathlib import Path

from golden import assert_golden

import slalang
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
    table = render_table(results, width=200)
    assert "Calendar" not in table  # Acme's SLAs name their calendars: nothing was chosen
    assert_golden(GOLDEN / "eval_table.txt", table)


def _chosen(policy: slalang.Policy) -> set[str]:
    return {sla.name for sla in policy.model.slas if sla.calendar_from_ticket}


def test_the_global_example_shows_the_calendar_each_clock_counted_on_golden(global_policy, global_tickets):
    results = [r.to_json() for r in evaluate_tickets(global_policy.model, global_tickets, now="2026-11-23T12:00:00Z")]
    table = render_table(results, width=200, calendar_chosen_by=_chosen(global_policy))
    assert "office in Asia/Kathmandu" in table  # GL-3: office, read in the customer's zone
    assert "agent_work" in table and "periodic_update" in table  # measures are rows like metrics
    assert_golden(GOLDEN / "eval_table_global.txt", table)


POLICY = """
calendar office {{ timezone "Europe/Amsterdam" hours mon-fri 09:00-17:00 }}
sla only {{
    calendar {calendar}
    first_response within 1h
    resolution within 8h{own}
}}
"""
TICKET = {"id": "T-1", "created_at": "2026-11-23T09:00:00Z", "ticket": {"priority": "normal", "status": "new"},
          "customer": {"timezone": "Asia/Tokyo"}, "events": []}


def _table(calendar: str, own: str = "") -> str:
    policy = slalang.loads(POLICY.format(calendar=calendar, own=own))
    results = [r.to_json() for r in evaluate_tickets(policy.model, [TICKET], now="2026-11-23T12:00:00Z")]
    return render_table(results, width=200, calendar_chosen_by=_chosen(policy))


def test_a_calendar_the_policy_fixes_gets_no_column():
    assert "Calendar" not in _table("office")
    assert "Calendar" not in _table('office in "Asia/Tokyo"')


def test_a_calendar_chosen_from_the_ticket_is_shown_on_every_clock():
    table = _table("office in customer.timezone")
    assert "Calendar" in table
    assert table.count("office in Asia/Tokyo") == 2


def test_a_metric_with_its_own_calendar_shows_the_column_and_its_own_calendar():
    table = _table("office", " { calendar always }")
    rows = {line.split("│")[3].strip(): line for line in table.splitlines() if line.startswith("│")}
    assert "Calendar" in table
    assert rows["first_response"].rstrip(" │").endswith("office in Europe/Amsterdam")
    assert rows["resolution"].rstrip(" │").endswith("always")


def test_no_tickets_says_so():
    assert render_table([]) == "No tickets.\n"
