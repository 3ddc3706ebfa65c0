"""``slalang credits`` and ``slalang availability`` end to end: formats, bad lines reported with
their line numbers while the rest still count, exit statuses, undeclared services."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import assert_golden

from slalang.cli.main import cli

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).resolve().parents[2]
CONTRACT, TICKETS = str(DATA / "contract.sla"), str(DATA / "tickets.jsonl")
GLOBAL, OUTAGES = str(REPO / "policies" / "global"), str(REPO / "policies" / "global" / "outages.jsonl")
NOW = "2026-12-15T00:00:00Z"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def credits(fmt: str, *extra: str):
    return invoke("credits", CONTRACT, TICKETS, "--now", NOW, "--format", fmt, *extra)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "jsonl"])
def test_credits_in_each_format(fmt: str) -> None:
    result = credits(fmt)
    assert result.exit_code == 1  # one bad ticket
    assert_golden(GOLDEN / f"credits.{fmt}", result.stdout)


def test_credits_json_is_a_list_of_the_rows_jsonl_gives() -> None:
    listed = json.loads(credits("json").stdout)
    lines = [json.loads(line) for line in credits("jsonl").stdout.splitlines()]
    assert listed == lines and len(listed) == 5
    assert listed[1] == {"credit": "terms", "account": "acme", "period": "2026-11", "runs": 13, "met": 12,
                         "breached": 1, "attainment": 0.9231, "credit_pct": 5.0, "tier": "below 95%", "reason": None}


def test_a_bad_ticket_is_reported_on_stderr_with_its_line_and_left_out() -> None:
    result = credits("jsonl")
    assert result.exit_code == 1
    assert f"slalang credits: {TICKETS}:6: ticket BAD-1: created_at: timestamp '2026-11-05T08:00:00' has no UTC offset" in result.stderr
    assert result.stderr.rstrip().endswith("slalang credits: 1 of 20 tickets failed (left out)")


def test_csv_writes_null_as_an_empty_cell() -> None:
    rows = list(csv.DictReader(io.StringIO(credits("csv").stdout)))
    none = next(r for r in rows if r["period"] == "2026-12" and r["account"] == "")
    assert (none["attainment"], none["tier"], none["credit_pct"]) == ("0.0", "", "0.0")


def test_tickets_from_standard_input_and_to_a_file(tmp_path: Path) -> None:
    good = "".join(line for line in Path(TICKETS).read_text().splitlines(keepends=True) if "BAD-1" not in line)
    out = tmp_path / "rows.jsonl"
    result = invoke("credits", CONTRACT, "-", "--now", NOW, "--format", "jsonl", "-o", str(out), input=good)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text() == credits("jsonl").stdout


def test_credits_without_a_credit_declaration_say_so() -> None:
    result = invoke("credits", str(REPO / "policies" / "acme.sla"), TICKETS, "--now", NOW, "--format", "json")
    assert "declares no `credit`" in result.stderr and json.loads(result.stdout) == []


def test_credits_on_a_policy_with_errors_or_no_tickets_file_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text("credit c { slas nope per customer.id period month below 95% credit 5% }\n")
    result = invoke("credits", str(broken), TICKETS)
    assert result.exit_code == 2 and "unknown SLA `nope`" in result.stderr
    result = invoke("credits", CONTRACT, str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2 and "cannot read tickets" in result.stderr


def availability(fmt: str, *extra: str, outages: str = OUTAGES):
    return invoke("availability", GLOBAL, outages, "--now", NOW, "--format", fmt, *extra)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_availability_of_the_example_in_each_format(fmt: str) -> None:
    result = availability(fmt)
    assert result.exit_code == 0, result.stderr
    assert_golden(GOLDEN / f"availability.{fmt}", result.stdout)


def test_availability_bad_lines_are_reported_and_the_rest_still_count(tmp_path: Path) -> None:
    path = tmp_path / "outages.jsonl"
    lines = Path(OUTAGES).read_text().splitlines()
    lines.insert(1, '{"service": "public_api", "id": "INC-X", "start": "2026-11-05T10:00:00Z", "end": "2026-11-05T09:00:00Z"}')
    lines.insert(3, "not json")
    lines.append('{"service": "billing", "start": "2026-10-02T00:00:00Z", "end": null}')
    lines.append('{"service": "billing", "start": "2026-10-03T00:00:00Z", "end": null}')
    path.write_text("\n".join(lines) + "\n")
    result = availability("jsonl", outages=str(path))
    assert result.exit_code == 1
    assert f'{path}:2: outage INC-X: "end" 2026-11-05T09:00:00Z is before "start" 2026-11-05T10:00:00Z' in result.stderr
    assert f"{path}:4: invalid JSON" in result.stderr
    # an undeclared service is listed once, and its outages move the default --since
    assert result.stderr.count("`billing`") == 1 and "declared: `public_api`" in result.stderr
    assert "2 of 7 lines were bad" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["period"], r["down_s"]) for r in rows] == [("2026-10", 0), ("2026-11", 4200), ("2026-12", 1200)]


def test_availability_since_after_now_exits_2() -> None:
    result = availability("json", "--since", "2027-01-01T00:00:00Z")
    assert result.exit_code == 2 and "since is after now" in result.stderr


def test_the_default_format_off_a_terminal_is_json_lines() -> None:
    result = invoke("availability", GLOBAL, OUTAGES, "--now", NOW)
    assert [json.loads(line)["period"] for line in result.stdout.splitlines()] == ["2026-11", "2026-12"]
