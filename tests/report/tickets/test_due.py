"""``slalang due --format table``: the summary and the marks say what is breached and what
breaches within the hour; the layout is pinned by a golden file; colour only when asked."""

from __future__ import annotations

from pathlib import Path

from golden import assert_golden

from slalang.evaluation import evaluate_tickets
from slalang.evaluation.due import DueRow, due_rows
from slalang.evaluation.instants import parse_rfc3339
from slalang.report.tickets import render_due
from slalang.report.tickets.due import standing, wall_clock

GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-11-23T12:00:00Z"
NOW_S = parse_rfc3339(NOW)


def test_the_queue_table_golden(acme, sample_tickets):
    results = [r.to_json() for r in evaluate_tickets(acme, sample_tickets, now=NOW)]
    assert_golden(GOLDEN / "due_table.txt", render_due(due_rows(results, NOW_S), NOW_S, width=160))


def row(deadline: str | None) -> DueRow:
    return DueRow("T", "s", "resolution", deadline, 0, None)


def test_standing_and_wall_clock_time():
    assert standing(row("2026-11-23T11:59:59Z"), NOW_S) == "BREACHED"
    assert wall_clock(row("2026-11-23T10:45:00Z"), NOW_S) == "overdue 1h 15m"
    assert standing(row(NOW), NOW_S) == "< 1h" and wall_clock(row(NOW), NOW_S) == "now"  # at the deadline: not past it
    assert standing(row("2026-11-23T13:00:00Z"), NOW_S) == "< 1h"
    assert standing(row("2026-11-23T13:00:01Z"), NOW_S) == "" and wall_clock(row("2026-11-23T13:00:01Z"), NOW_S) == "in 1h"
    assert standing(row(None), NOW_S) == "" and wall_clock(row(None), NOW_S) == "never"


def test_colour_marks_the_breached_rows_only_when_asked():
    rows = [row("2026-11-23T11:00:00Z")]
    assert "\x1b[" not in render_due(rows, NOW_S)
    coloured = render_due(rows, NOW_S, color=True)
    assert "\x1b[1;31mBREACHED" in coloured


def test_an_empty_queue_says_so():
    assert render_due([], NOW_S) == "No ticket has a clock running.\n"
