"""`--tz ZONE|local`: people-facing output in a zone, machine output in UTC."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from slalang.cli.main import cli
from slalang.cli.terminal import local_zone

REPO = Path(__file__).resolve().parents[2]
POLICY = str(REPO / "policies" / "acme.sla")
TICKETS = str(REPO / "policies" / "tickets.jsonl")
NOW = "2026-11-23T12:00:00Z"


def run(*args: str, **env: str):
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200", **env}, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_explain_lists_its_intervals_in_the_zone_asked_for():
    utc = run("explain", POLICY, TICKETS, "--ticket-id", "T-1001", "--now", NOW)
    local = run("explain", POLICY, TICKETS, "--ticket-id", "T-1001", "--now", NOW, "--tz", "Europe/Amsterdam")
    assert "counts on calendar office (Europe/Amsterdam); times shown in UTC" in utc
    assert "counts on calendar office (Europe/Amsterdam); times shown in Europe/Amsterdam" in local
    assert "created 2026-11-20T15:55:00Z" in utc and "created 2026-11-20T16:55:00+01:00" in local
    assert "Z" not in local.split("Clock:")[1].replace("Zone", "")  # every interval in the zone
    as_json = run("explain", POLICY, TICKETS, "--ticket-id", "T-1001", "--now", NOW, "--tz", "Europe/Amsterdam",
                  "--format", "json")
    assert "+01:00" not in as_json  # machine formats stay UTC


def test_eval_table_in_a_zone_and_json_lines_in_utc():
    table = run("eval", POLICY, TICKETS, "--now", NOW, "--format", "table", "--tz", "America/New_York")
    assert "2026-11-20T10:55:00-05:00" in table and "2026-11-20T15:55:00Z" not in table
    lines = run("eval", POLICY, TICKETS, "--now", NOW, "--tz", "America/New_York")
    assert json.loads(lines.splitlines()[0])["metrics"]["first_response"]["start"] == "2026-11-20T15:55:00Z"


def test_local_is_the_machines_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert getattr(local_zone(), "key", None) == "Asia/Kolkata"
    table = run("eval", POLICY, TICKETS, "--now", NOW, "--format", "table", "--tz", "local", TZ="Asia/Kolkata")
    assert "2026-11-20T21:25:00+05:30" in table
