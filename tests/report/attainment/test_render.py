"""Rendered reports and diffs: Markdown against golden files, the other formats by content."""

from __future__ import annotations

import json
from pathlib import Path

from attainment.factories import cycles, failure, gold_results, result, run, shop_model, ticket
from golden import assert_golden

from slalang.attainment import build_report, diff_results
from slalang.report.attainment import render_diff, render_diff_markdown, render_report

GOLDEN = Path(__file__).parent / "golden"


def sample_report():
    tickets, results = gold_results()
    tickets.append(ticket("B-1", "normal"))
    results.append(
        result(
            "B-1",
            "basic",
            first_response=run("met", 7200, 14400),
            resolution=run("breached", 90000, 86400, stopped=True),
        )
    )
    tickets.append(ticket("L-1", "low"))
    results.append(result("L-1", None))
    results.append(failure("Z-1", "event 2: unknown event type 'note' | see docs", 14))
    return build_report(shop_model(), results, tickets, now="2026-11-21T00:00:00Z")


def sample_diff(changed: int = 3):
    """Old/new results of the same tickets: one flips to breached, one changes SLA, one only
    moves a deadline, one next_response cycle moves, one fails only under the new version."""
    old = [
        result(
            "A",
            "gold",
            first_response=run("met", 2400, deadline="2026-11-20T10:00:00Z"),
            next_response=cycles(),
            resolution=run("met", 9000, 28800),
        ),
        result("B", "basic", first_response=run("met", 100, 14400), resolution=run("met", 500, 86400)),
        result(
            "C",
            "basic",
            first_response=run("met", 100, 14400, deadline="2026-11-20T13:00:00Z"),
            resolution=run("met", 500, 86400),
        ),
        result(
            "D",
            "gold",
            first_response=run("met", 60),
            resolution=run("met", 60, 28800),
            next_response=cycles(
                run("met", 60, 7200, deadline="2026-11-20T11:00:00Z"),
                run("met", 60, 7200, deadline="2026-11-20T15:00:00Z"),
            ),
        ),
        result("E", "basic", first_response=run("met", 100, 14400), resolution=run("met", 500, 86400)),
        result("F", "basic", first_response=run("met", 100, 14400), resolution=run("met", 500, 86400)),
    ]
    new = [
        result(
            "A",
            "gold",
            first_response=run("breached", 2400, 1800, stopped=True, deadline="2026-11-20T09:30:00Z"),
            next_response=cycles(),
            resolution=run("met", 9000, 28800),
        ),
        result("B", None),
        result(
            "C",
            "basic",
            first_response=run("met", 100, 14400, deadline="2026-11-20T12:00:00Z"),
            resolution=run("met", 500, 86400),
        ),
        result(
            "D",
            "gold",
            first_response=run("met", 60),
            resolution=run("met", 60, 28800),
            next_response=cycles(
                run("met", 60, 7200, deadline="2026-11-20T11:00:00Z"),
                run("met", 60, 7200, deadline="2026-11-20T14:00:00Z"),
            ),
        ),
        failure("E", "ticket.priority 'p1' is not a declared priority", 5),
        result("F", "basic", first_response=run("met", 100, 14400), resolution=run("met", 500, 86400)),
    ]
    return diff_results(
        shop_model(),
        shop_model(gold_first_response_s=1800, version="2"),
        old,
        new,
        now="2026-11-21T00:00:00Z",
        old_label="policies@main",
        new_label="policies",
    )


def test_report_markdown_matches_golden():
    assert_golden(GOLDEN / "report.md", render_report(sample_report(), "markdown"))


def test_diff_markdown_matches_golden():
    assert_golden(GOLDEN / "diff.md", render_report_diff := render_diff(sample_diff(), "markdown"))
    assert render_report_diff.startswith("### SLA policy diff: `policies@main` → `policies` (version 1 → 2)")


def test_diff_markdown_caps_the_changed_tickets_table():
    text = render_diff_markdown(sample_diff(), max_rows=2)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [r.split("|")[1].strip() for r in rows[:2]] == ["`A`", "`B`"]  # breach first, then SLA/failure changes
    assert "| … and 3 more |  |  |" in text


def test_diff_without_changes_says_so():
    results = [result("A", "basic", first_response=run("met", 1), resolution=run("met", 1))]
    diff = diff_results(shop_model(), shop_model(), results, results, old_label="a", new_label="b")
    text = render_diff(diff, "markdown")
    assert "**No ticket changes** across 1 ticket." in text
    assert "Unchanged for all 5 SLA metrics." in text
    assert "| Ticket |" not in text


def test_table_format_carries_the_same_facts():
    text = render_report(sample_report(), "table")
    assert "SLA attainment: shop 1" in text
    assert "2 of 4 goals missed" in text
    for cells in (
        ["gold", "first_response", "1h", "90%", "77.8%", "✘ missed", "7", "2", "1"],
        ["basic", "resolution", "1d", "99.9%", "0.0%", "✘ missed", "0", "1", "0"],
    ):
        line = next(line for line in text.splitlines() if f"│ {cells[0]} " in line and f" {cells[1]} " in line)
        assert [c.strip() for c in line.strip("│ ").split("│")][: len(cells)] == cells
    assert "Z-1 (line 14): event 2: unknown event type 'note' | see docs" in text


def test_table_colour_only_when_asked():
    from slalang.report.attainment import render_report_table

    assert "\x1b[" not in render_report_table(sample_report())
    assert "\x1b[" in render_report_table(sample_report(), color=True)


def test_diff_table_lists_changes_and_attainment():
    text = render_diff(sample_diff(), "table")
    assert "5 of 6 tickets change" in text
    assert "first_response: met → breached" in text
    assert "basic → (none)" in text and "basic → failed" in text
    assert "cycle 2 deadline 2026-11-20T15:00:00Z → 2026-11-20T14:00:00Z" in text
    assert "fails: ticket.priority 'p1' is not a declared priority" in text


def test_json_formats_are_complete_documents():
    report = json.loads(render_report(sample_report(), "json"))
    assert report["tickets"] == 13 and report["failed"] == 1 and report["no_sla"] == 1
    assert [m["mark"] for m in report["metrics"]] == ["missed", "no data", "met", "met", "missed"]
    diff = json.loads(render_diff(sample_diff(), "json"))
    assert (diff["tickets"], diff["changed"], diff["newly_breached"], diff["sla_changed"], diff["error_changed"]) == (
        6,
        5,
        1,
        1,
        1,
    )
    change = diff["changes"][0]
    assert change["id"] == "A" and change["metrics"][0] == {
        "metric": "first_response",
        "old_status": "met",
        "new_status": "breached",
        "old_deadlines": ["2026-11-20T10:00:00Z"],
        "new_deadlines": ["2026-11-20T09:30:00Z"],
    }
    fr = next(d for d in diff["attainment"] if (d["sla"], d["metric"]) == ("gold", "first_response"))
    assert (fr["before"]["attainment_pct"], fr["after"]["attainment_pct"], fr["delta_pp"]) == (100.0, 50.0, -50.0)
