"""``slalang due`` and its library (``evaluation.due``): which tickets, in which order, with
``--within`` and ``--limit``, in every format; the order checked against one worked out
independently from the evaluated results."""

from __future__ import annotations

import csv
import io
import json
import os

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.cli.main import cli
from slalang.evaluation import evaluate_tickets
from slalang.evaluation.due import (
    DUE_CSV_COLUMNS,
    DueQueue,
    DueRow,
    due_file,
    due_row,
    due_rows,
    earliest_open_deadline,
)
from slalang.evaluation.instants import parse_rfc3339

from .helpers import ROOT
from .strategies import cases

ACME = os.path.join(ROOT, "policies", "acme.sla")
SAMPLE = os.path.join(ROOT, "policies", "tickets.jsonl")
NOW = "2026-11-23T12:00:00Z"
NOW_S = parse_rfc3339(NOW)


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def expected_queue(results: list[dict], now_s: int, within_s: int | None = None, limit: int | None = None) -> list[dict]:
    """The queue worked out from the results without ``evaluation.due``: per ticket, the open
    runs (``stop`` null); the earliest deadline among them (none last); stable by input order."""
    rows = []
    for position, result in enumerate(results):
        if "error" in result or result["sla"] is None:
            continue
        open_runs = [
            (name, run)
            for name, metric in result["metrics"].items()
            for run in metric.get("cycles", [metric])
            if run["stop"] is None
        ]
        if not open_runs:
            continue
        def key(item: tuple[str, dict]) -> float:
            return float("inf") if item[1]["deadline"] is None else parse_rfc3339(item[1]["deadline"])

        name, run = min(open_runs, key=key)
        deadline = key((name, run))
        if within_s is not None and deadline > now_s + within_s:
            continue
        row = {"id": result["id"], "sla": result["sla"], "metric": name, "deadline": run["deadline"],
               "remaining_s": run["remaining_s"], "next_step": result["planned"][0] if result["planned"] else None}
        rows.append((deadline, position, row))
    rows.sort(key=lambda item: (item[0], item[1]))
    out = [row for _, _, row in rows]
    return out if limit is None else out[:limit]


def sample_results(acme, now: str = NOW) -> list[dict]:
    with open(SAMPLE, "rb") as f:
        tickets = [orjson.loads(line) for line in f if line.strip()]
    return [r.to_json() for r in evaluate_tickets(acme, tickets, now=now)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(max_tickets=10), st.none() | st.integers(0, 3 * 86400), st.none() | st.integers(1, 6))
def test_the_queue_is_ordered_by_the_earliest_open_deadline(case, within_s, limit):
    policy, tickets, now = case
    results = [r.to_json() for r in evaluate_tickets(policy, tickets, now=now)]
    rows = [row.to_json() for row in due_rows(results, now, within_s, limit)]
    assert rows == expected_queue(results, now, within_s, limit)


def test_the_sample_queue_puts_breached_first_longest_overdue_first(acme):
    results = sample_results(acme)
    rows = due_rows(results, NOW_S)
    assert [row.to_json() for row in rows] == expected_queue(results, NOW_S)
    deadlines = [row.deadline_s for row in rows]
    assert deadlines == sorted(deadlines)
    breached = [row for row in rows if row.deadline_s < NOW_S]
    assert breached and rows[: len(breached)] == breached and all(row.remaining_s == 0 for row in breached)
    assert {row.metric for row in rows} == {"first_response", "next_response", "resolution"}  # cycles are named by their metric


def test_ties_keep_input_order():
    rows = [DueRow(f"T-{n}", "s", "resolution", "2026-01-01T00:00:00Z", 0, None) for n in range(5)]
    queue = DueQueue(0)
    for row in reversed(rows):
        queue.offer(row)
    assert [row.id for row in queue.rows()] == [f"T-{n}" for n in reversed(range(5))]


def test_a_row_limit_keeps_memory_bounded_by_the_limit():
    queue = DueQueue(0, limit=10)
    biggest = 0
    for n in range(50_000):
        queue.offer(DueRow(n, "s", "resolution", f"2026-01-01T00:00:{59 - n % 60:02d}Z", 0, None))
        biggest = max(biggest, len(queue.kept))
    assert biggest <= 2 * 10 + 1024
    rows = queue.rows()
    assert [row.id for row in rows] == [59, 119, 179, 239, 299, 359, 419, 479, 539, 599]


def test_rows_without_a_deadline_come_last_and_never_within_a_window():
    dated = DueRow("A", "s", "resolution", "2030-01-01T00:00:00Z", 5, None)
    undated = DueRow("B", "s", "resolution", None, 5, None)
    assert due_rows([], 0) == []
    queue = DueQueue(0)
    queue.offer(undated)
    queue.offer(dated)
    assert [row.id for row in queue.rows()] == ["A", "B"]
    window = DueQueue(0, within_s=10**10)
    window.offer(undated)
    assert window.rows() == []


def test_a_ticket_with_every_clock_stopped_has_no_row():
    result = {"id": "T", "sla": "s", "metrics": {"resolution": {"status": "met", "deadline": "2026-01-01T00:00:00Z",
                                                                "stop": "2025-12-31T00:00:00Z"}},
              "escalations": [], "planned": [], "next_at": None}
    assert due_row(result) is None
    assert due_row({"id": "T", "sla": None, "metrics": {}, "escalations": []}) is None
    assert due_row({"id": "T", "error": "bad", "line": 1}) is None


def test_due_file_agrees_with_the_results_and_counts_failures(acme, tmp_path):
    path = tmp_path / "tickets.jsonl"
    with open(SAMPLE, "rb") as f:
        data = f.read()
    path.write_bytes(data + b'{"id": "broken"}\n')
    summary = due_file(acme, str(path), now=NOW, jobs=1)
    assert [row.to_json() for row in summary.rows] == expected_queue(sample_results(acme), NOW_S)
    assert summary.tickets == len(sample_results(acme)) + 1
    assert [f["id"] for f in summary.failures] == ["broken"]


# --- the command -----------------------------------------------------------------------


def test_due_json_is_a_list_of_rows(acme):
    result = run("due", ACME, SAMPLE, "--now", NOW, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected_queue(sample_results(acme), NOW_S)


def test_due_within_keeps_breached_rows_and_those_due_in_the_window(acme):
    result = run("due", ACME, SAMPLE, "--now", NOW, "--format", "jsonl", "--within", "4h")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == expected_queue(sample_results(acme), NOW_S, within_s=4 * 3600)
    assert any(parse_rfc3339(r["deadline"]) < NOW_S for r in rows)
    assert all(parse_rfc3339(r["deadline"]) <= NOW_S + 4 * 3600 for r in rows)


def test_due_limit_keeps_the_first_rows(acme):
    result = run("due", ACME, SAMPLE, "--now", NOW, "--format", "jsonl", "--limit", "3", "--within", "1d")
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected_queue(
        sample_results(acme), NOW_S, within_s=86400, limit=3
    )


def test_due_csv_carries_the_rows(acme):
    result = run("due", ACME, SAMPLE, "--now", NOW, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(table[0]) == DUE_CSV_COLUMNS
    expected = expected_queue(sample_results(acme), NOW_S)
    assert [(r["id"], r["metric"], r["deadline"], int(r["remaining_s"])) for r in table] == [
        (e["id"], e["metric"], e["deadline"], e["remaining_s"]) for e in expected
    ]
    assert [r["next_at"] or None for r in table] == [e["next_step"]["at"] if e["next_step"] else None for e in expected]


def test_due_table_shows_what_is_breached_and_what_breaches_within_the_hour(acme):
    result = run("due", ACME, SAMPLE, "--now", NOW, "--format", "table")
    assert result.exit_code == 0, result.stderr
    expected = expected_queue(sample_results(acme), NOW_S)
    breached = sum(1 for r in expected if parse_rfc3339(r["deadline"]) < NOW_S)
    soon = sum(1 for r in expected if NOW_S <= parse_rfc3339(r["deadline"]) <= NOW_S + 3600)
    assert result.stdout.splitlines()[0].startswith(f"{breached} breached, {soon} breach")
    assert result.stdout.count("BREACHED") == breached and result.stdout.count("< 1h") == soon
    assert "\x1b[" not in result.stdout  # colour only on a terminal


def test_due_writes_json_lines_when_not_on_a_terminal(acme):
    result = run("due", ACME, SAMPLE, "--now", NOW)
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected_queue(sample_results(acme), NOW_S)


def test_due_names_failed_tickets_and_exits_1(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"id": "A", "created_at": "2026-11-23T10:00:00Z", "ticket": {"priority": "high"}}\n{"id": "B"}\n')
    result = run("due", ACME, str(path), "--now", NOW, "--format", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["A"]
    assert "ticket B (line 2)" in result.stderr and "1 of 2 tickets failed" in result.stderr


def test_due_refuses_a_bad_window():
    result = CliRunner().invoke(cli, ["due", ACME, SAMPLE, "--within", "soon"])
    assert result.exit_code == 2 and "expected a duration such as 4h" in result.stderr


def test_the_policy_api_lists_the_same_rows(acme):
    with open(SAMPLE, "rb") as f:
        tickets = [orjson.loads(line) for line in f if line.strip()]
    rows = acme.due(tickets + [{"id": "bad"}], now=NOW, within_s=3600, limit=4)
    assert [row.to_json() for row in rows] == expected_queue(sample_results(acme), NOW_S, within_s=3600, limit=4)


@pytest.mark.parametrize(("within_s", "limit"), [(3600, None), (None, 3), (86400, 5), (0, 1), (None, 1000)])
def test_due_file_with_a_window_or_limit_reads_only_what_can_be_shown(acme, within_s, limit, monkeypatch):
    monkeypatch.setattr(DueQueue, "slack", 0)  # cut back to the limit early, so that the bar is used
    rows = due_file(acme, SAMPLE, now=NOW, jobs=1, within_s=within_s, limit=limit).rows
    assert [row.to_json() for row in rows] == expected_queue(sample_results(acme), NOW_S, within_s, limit)


def test_the_key_of_a_line_read_without_decoding_it(acme):
    for result in sample_results(acme):
        line = orjson.dumps(result)
        row = due_row(result)
        if row is not None:
            assert earliest_open_deadline(line) == (row.deadline or "~")
    forged = orjson.dumps({"id": '"deadline":"0000","stop":null', "sla": "s", "metrics": {}})
    assert earliest_open_deadline(forged) == ""  # not found: the line is read in full
