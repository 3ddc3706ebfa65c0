"""``slalang report`` and ``slalang diff`` end to end: real policies, real evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import assert_golden

import slalang
from slalang.attainment import GoalMark, build_report, diff_policies, report_tickets
from slalang.cli.main import cli
from slalang.evaluation import read_tickets

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
V1, V2, TICKETS = str(DATA / "shop_v1"), str(DATA / "shop_v2"), str(DATA / "tickets.jsonl")
NOW = "2026-11-22T00:00:00Z"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_tightening_a_target_flips_a_ticket_to_breached():
    diff = diff_policies(slalang.load(V1), slalang.load(V2), read_tickets(TICKETS), now=NOW)
    by_id = {c.id: c for c in diff.changes}
    # E-1 got its first reply after 45 minutes: within 1h (v1), not within 30m (v2).
    e1 = by_id["E-1"].metrics[0]
    assert (e1.metric, e1.old_status, e1.new_status) == ("first_response", "met", "breached")
    assert (e1.old_deadlines, e1.new_deadlines) == (("2026-11-20T10:00:00Z",), ("2026-11-20T09:30:00Z",))
    # E-2 replied after 10 minutes: still met, only the deadline moves.
    e2 = by_id["E-2"]
    assert not e2.status_changed and e2.deadline_changed
    # B-2 (urgent, not enterprise) moves to the new urgent_fast SLA and breaches its 1h target.
    b2 = by_id["B-2"]
    assert (b2.old_sla, b2.new_sla, b2.newly_breached) == ("basic", "urgent_fast", True)
    # Untouched tickets and the one that fails the same way under both are not listed.
    assert {"B-1", "B-3", "X-1"}.isdisjoint(by_id)
    assert diff.tickets == 8
    fr = next(d for d in diff.attainment if (d.sla, d.metric) == ("gold", "first_response"))
    assert (fr.before.stats.met, fr.after.stats.met) == (3, 2)
    assert fr.delta_pp == pytest.approx(-25.0)


def test_report_on_real_evaluation():
    report = report_tickets(slalang.load(V1), read_tickets(TICKETS), now=NOW)
    assert (report.tickets, report.failed, report.now) == (8, 1, NOW)
    assert report.errors[0].id == "X-1" and report.errors[0].line == 8
    fr = report.metric("gold", "first_response")
    assert (fr.stats.met, fr.stats.breached, fr.mark) == (3, 1, GoalMark.MISSED)  # E-4 never answered
    assert (fr.stats.p50_s, fr.stats.p90_s) == (1200, 2700)  # 10m, 20m, 45m
    nr = report.metric("gold", "next_response")
    assert (nr.stats.met, nr.stats.no_cycle, nr.stats.p50_s) == (1, 3, 1800)  # E-2: customer at 20m, agent at 50m
    assert [r.group for r in fr.by_priority] == ["urgent", "high", "normal", "low"]
    assert {r.group: r.stats.met for r in fr.by_segment} == {"enterprise": 3, "vip": 1}


def test_diff_cli_markdown_matches_golden():
    result = invoke("diff", V1, V2, TICKETS, "--now", NOW)
    assert result.exit_code == 0, result.output
    text = result.output.replace(str(DATA), "data")
    assert_golden(GOLDEN / "diff_shop.md", text)


def test_diff_cli_json_and_table():
    data = json.loads(invoke("diff", V1, V2, TICKETS, "--now", NOW, "--format", "json").output)
    assert (data["changed"], data["newly_breached"], data["sla_changed"]) == (5, 2, 1)
    table = invoke("diff", V1, V2, TICKETS, "--now", NOW, "--format", "table", "--max-rows", "1").output
    assert "E-1" in table and "… and 4 more" in table and "B-2" not in table


def test_report_cli_formats(tmp_path):
    out = tmp_path / "r.md"
    result = invoke("report", V1, TICKETS, "--now", NOW, "--format", "markdown", "-o", str(out))
    assert result.exit_code == 1  # X-1 failed: reported, and the exit status says so
    assert "1 of 8 tickets failed" in result.output
    text = out.read_text()
    assert text.startswith("# SLA attainment: shop 1\n")
    assert "| `gold` | first_response | 1h | 90% | 75.0% | ❌ missed | 3 | 1 | 0 | 0 | 20m | 45m |" in text
    data = json.loads(invoke("report", V1, TICKETS, "--now", NOW, "--format", "json").stdout)
    assert data["now"] == NOW and data["failed"] == 1
    table = invoke("report", V1, TICKETS, "--now", NOW).stdout
    assert "Attainment by SLA" in table and "✘ missed" in table


def test_report_cli_reads_standard_input():
    lines = [line for line in Path(TICKETS).read_text().splitlines() if '"X-1"' not in line]
    result = CliRunner().invoke(cli, ["report", V1, "-", "--now", NOW, "--format", "json"], input="\n".join(lines))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tickets"] == 7


def test_policy_errors_are_located_diagnostics_and_exit_2(tmp_path):
    bad = tmp_path / "bad.sla"
    bad.write_text('policy "x"\nsla a {\n    when segment nope\n    first_response within 1h\n}\n')
    for args in (["diff", V1, str(bad), TICKETS], ["report", str(bad), TICKETS]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert f"{bad}:3:" in result.stderr and "unknown segment `nope`" in result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", V1, V2, "missing.jsonl"], "cannot read tickets from missing.jsonl"),
        (["report", V1, TICKETS, "--now", "2026-11-22T00:00:00"], "has no UTC offset"),
        (["diff", V1, "nowhere", TICKETS], "no such file or directory"),
    ],
)
def test_cannot_run_exits_2(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_aggregating_evaluator_results_matches_the_streamed_report():
    policy = slalang.load(V1)
    tickets = [json.loads(line) for line in Path(TICKETS).read_text().splitlines()]
    built = build_report(policy, policy.evaluate_many(tickets, now=NOW), tickets, now=NOW)
    assert built == report_tickets(policy, read_tickets(TICKETS), now=NOW)


def test_report_by_a_field_with_the_breaches_as_csv_and_times_in_a_zone(tmp_path):
    breaches = tmp_path / "breaches.csv"
    page = tmp_path / "report.html"
    result = invoke(
        "report", V1, TICKETS, "--now", NOW, "--by", "customer.plan", "--breaches", str(breaches),
        "--tz", "Europe/Amsterdam", "--format", "html", "-o", str(page),
    )
    assert result.exit_code in (0, 1), result.output
    html = page.read_text()
    assert "By customer.plan (at creation)" in html and "By month of creation (Europe/Amsterdam)" in html
    rows = breaches.read_text().splitlines()
    assert rows[0] == "id,sla,metric,cycle,start,deadline,stop,late_s,counted_s,target_s"
    for row in rows[1:]:
        assert f"<code>{row.split(',')[0]}</code>" in html  # every breached ticket is listed by id
    assert "+01:00" in html


def test_report_refuses_a_field_that_is_not_a_ticket_or_customer_field():
    result = invoke("report", V1, TICKETS, "--now", NOW, "--by", "plan")
    assert result.exit_code == 2
    assert "--by 'plan': expected a ticket or customer field such as customer.id" in result.output


def test_tz_names_a_zone_or_suggests_one():
    result = invoke("report", V1, TICKETS, "--now", NOW, "--tz", "Europe/Amsterdm")
    assert result.exit_code == 2
    assert "unknown time zone 'Europe/Amsterdm'; did you mean Europe/Amsterdam" in result.output
