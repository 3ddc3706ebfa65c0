"""Every table fits the terminal: at 60, 80, 100 and 140 columns no line is wider, no number
is cut (each figure of the JSON output appears whole in the table), names stay distinct
within each table, and a column empty in every row is left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli
from slalang.units import format_duration, format_percent

REPO = Path(__file__).resolve().parents[2]
POLICY = str(REPO / "policies" / "acme.sla")
TICKETS = str(REPO / "policies" / "tickets.jsonl")
SCENARIO = str(REPO / "policies" / "scenario.yaml")
NOW = "2026-11-23T12:00:00Z"
WIDTHS = (60, 80, 100, 140)


def run(*args: str, columns: int) -> str:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns), "NO_COLOR": "1"}, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


KEY_HEADERS = {"Ticket", "SLA", "Metric", "metric", "Segment", "Priority", "team", "SLA metric", "Month", "Day",
               "Credit", "Account", "Period", "Service"}


def tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header cells, data rows) of each rendered table, cells stripped (a wrapped header:
    its last line)."""
    found: list[tuple[list[str], list[list[str]]]] = []
    for line in text.splitlines():
        if line.startswith("┏"):
            found.append(([], []))
        elif line.startswith("┃") and found:
            found[-1][0][:] = [cell.strip() for cell in line.split("┃")[1:-1]]
        elif line.startswith("│") and found:
            found[-1][1].append([cell.strip() for cell in line.split("│")[1:-1]])
    return found


def assert_fits(text: str, columns: int) -> None:
    widest = max(len(line) for line in text.splitlines())
    assert widest <= columns, f"a line of {widest} characters at {columns} columns"


def assert_keys_distinct(text: str) -> None:
    """Within each table, rows naming different things show different key cells."""
    for headers, rows in tables(text):
        keys = next((i for i, h in enumerate(headers) if h not in KEY_HEADERS and "." not in h), len(headers))
        if not keys:
            continue
        shown = [tuple(r[:keys]) for r in rows if all(r[:keys])]
        assert len(set(shown)) == len(shown), (headers, shown)


@pytest.fixture(scope="module")
def results():
    out = CliRunner().invoke(cli, ["eval", POLICY, TICKETS, "--now", NOW]).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("columns", WIDTHS)
def test_eval_table(results, columns):
    text = run("eval", POLICY, TICKETS, "--now", NOW, "--format", "table", columns=columns)
    assert_fits(text, columns)
    for r in results:
        for metric in r.get("metrics", {}).values():
            for one in metric.get("cycles", [metric]):
                for field in ("start", "deadline", "stop"):
                    if one.get(field):
                        assert one[field] in text
                assert format_duration(one["counted_s"]) in text
        for escalation in r.get("escalations", ()):
            assert escalation["at"] in text


GLOBAL = REPO / "policies" / "global"


@pytest.mark.parametrize("columns", WIDTHS)
def test_eval_table_with_chosen_calendars(columns):
    """The Calendar column (the global example chooses calendars from the ticket) fits too:
    every calendar and zone appears whole, wrapped at spaces if need be."""
    args = ("eval", str(GLOBAL / "global.sla"), str(GLOBAL / "tickets.jsonl"), "--now", NOW)
    rows = [json.loads(line) for line in run(*args, columns=columns).splitlines()]
    text = run(*args, "--format", "table", columns=columns)
    assert_fits(text, columns)
    assert "Calendar" in text
    for r in rows:
        for clock in (r, *r["metrics"].values()):
            if "zone" in clock and clock["calendar"] != "always":
                assert clock["zone"] in text and clock["calendar"] in text


@pytest.fixture(scope="module")
def report_json():
    return json.loads(CliRunner().invoke(cli, ["report", POLICY, TICKETS, "--now", NOW, "--format", "json"]).stdout)


@pytest.mark.parametrize("columns", WIDTHS)
def test_report_table(report_json, columns):
    text = run("report", POLICY, TICKETS, "--now", NOW, columns=columns)
    assert_fits(text, columns)
    for m in report_json["metrics"]:
        assert format_percent(m["attainment_pct"]) in text  # 16.7% and 100.0%, never "16…"
        for row in m["by_priority"]:
            assert format_percent(row["attainment_pct"]) in text
    assert_keys_distinct(text)
    if columns >= 140:
        assert "paying_standard" in text and "(continued)" not in text.split("By segment")[0]


@pytest.mark.parametrize("columns", WIDTHS)
def test_diff_table(columns, tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    for name in ("acme.sla", "calendars.sla"):
        (new / name).write_text((REPO / "policies" / name).read_text().replace("within 15m goal 99%", "within 10m goal 99%"))
    text = run("diff", POLICY, str(new / "acme.sla"), TICKETS, "--now", NOW, "--format", "table", columns=columns)
    assert_fits(text, columns)
    assert "−" in text or "+" in text or "±" in text


@pytest.fixture(scope="module")
def simulation_json():
    return json.loads(CliRunner().invoke(cli, ["simulate", POLICY, SCENARIO, "--format", "json"]).stdout)


@pytest.mark.parametrize("columns", WIDTHS)
def test_simulate_table(simulation_json, columns):
    text = run("simulate", POLICY, SCENARIO, columns=columns)
    assert_fits(text, columns)
    for metrics in simulation_json["slas"].values():
        for figures in metrics.values():
            assert format_percent(100 * figures["attainment"]) in text
    assert "Erlang C" not in text  # no team here fits M/M/c: the empty column is left out
    assert_keys_distinct(text)


def test_simulate_shows_the_erlang_column_where_it_applies(tmp_path):
    (tmp_path / "desk.sla").write_text("team desk { calendar always agents 14 }\nsla only { first_response within 10m goal 95% }\n")
    (tmp_path / "desk.yaml").write_text(
        "start: 2026-01-05T00:00:00Z\nduration: 1d\nseed: 2\narrivals: [{rate: 100/30m}]\n"
        "work: {first_response: {team: desk, time: {dist: exponential, mean: 3m}}}\n"
    )
    text = run("simulate", str(tmp_path / "desk.sla"), str(tmp_path / "desk.yaml"), columns=100)
    assert "Erlang C" in text


@pytest.mark.parametrize("columns", (60, 100))
def test_staff_table(columns, tmp_path):
    (tmp_path / "desk.sla").write_text(
        "team desk { calendar always agents 14 }\nteam back_office_engineering { calendar always agents 2 }\n"
        "ola fix by back_office_engineering within 1h\n"
        'sla premium_customers { when ticket.type == "bug" resolution within 2h goal 90% via fix }\n'
        "sla premium_questions { first_response within 10m goal 95% }\n"
    )
    (tmp_path / "desk.yaml").write_text(
        "start: 2026-01-05T00:00:00Z\nduration: 1d\nseed: 2\n"
        "arrivals: [{rate: 60/h, ticket: {type: question}}, {rate: 2/h, ticket: {type: bug}}]\n"
        "work: {first_response: {team: desk, time: {dist: exponential, mean: 3m}},"
        " resolution: {time: {dist: exponential, mean: 20m}}}\n"
    )
    out = CliRunner().invoke(
        cli, ["staff", str(tmp_path / "desk.sla"), str(tmp_path / "desk.yaml"), "--replications", "2", "--format", "json"]
    ).stdout
    plan = json.loads(out)
    text = run("staff", str(tmp_path / "desk.sla"), str(tmp_path / "desk.yaml"), "--replications", "2", columns=columns)
    assert_fits(text, columns)
    for team in plan["teams"].values():
        for value in team["attainment"].values():
            assert format_percent(100 * value) in text
    assert_keys_distinct(text)


CONTRACT = REPO / "docs" / "examples" / "contract"


@pytest.mark.parametrize("columns", (60, 100))
def test_credits_and_availability_tables(columns):
    for args in (
        ["credits", str(CONTRACT / "contract.sla"), str(CONTRACT / "tickets.jsonl")],
        ["availability", str(CONTRACT / "contract.sla"), str(CONTRACT / "outages.jsonl")],
    ):
        rows = [json.loads(line) for line in run(*args, "--now", "2026-12-01T06:00:00Z", "--format", "jsonl",
                                                 columns=columns).splitlines()]
        text = run(*args, "--now", "2026-12-01T06:00:00Z", "--format", "table", columns=columns)
        assert_fits(text, columns)
        for row in rows:
            assert row["period"] in text
            share = row.get("attainment", row.get("uptime"))
            if share is not None:
                assert format_percent(100 * share, 2 if "attainment" in row else 4) in text
        assert_keys_distinct(text)
