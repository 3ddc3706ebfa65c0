"""Every command that takes a policy accepts a directory of several policy sets (`--set`, or
the slalang.toml `default`), and every command refuses a path it cannot use the same way:
one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
POLICIES = REPO / "policies"
TICKETS = str(POLICIES / "tickets.jsonl")
SCENARIO = str(POLICIES / "scenario.yaml")
NOW = "2026-11-23T12:00:00Z"

# command -> its arguments around POLICY
COMMANDS = {
    "compile": lambda p: ["compile", p],
    "eval": lambda p: ["eval", p, TICKETS, "--now", NOW],
    "explain": lambda p: ["explain", p, TICKETS, "--ticket-id", "T-1001", "--now", NOW],
    "report": lambda p: ["report", p, TICKETS, "--now", NOW],
    "diff": lambda p: ["diff", p, p, TICKETS, "--now", NOW],
    "simulate": lambda p: ["simulate", p, SCENARIO, "--format", "json"],
    "staff": lambda p: ["staff", p, SCENARIO, "--replications", "1", "--format", "json"],
    "serve": lambda p: ["serve", p, "--port", "1"],  # only its refusals are run here
    "export": lambda p: ["export", "zendesk", p, "--allow-lossy"],
    "credits": lambda p: ["credits", p, TICKETS, "--now", NOW],
    "availability": lambda p: ["availability", p, str(POLICIES / "global" / "outages.jsonl"), "--now", NOW],
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1", "COLUMNS": "140"}, catch_exceptions=False)


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("desks")
    (root / "a.sla").write_text("sla a { first_response within 1h }\n")
    (root / "b").mkdir()
    (root / "b" / "b.sla").write_text("sla b { first_response within 2h }\n")
    (root / "slalang.toml").write_text('sets = ["a.sla", "b"]\n')
    (root / "empty").mkdir()
    return root


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_several_sets_and_none_chosen_is_a_usage_error(command, two_sets):
    result = run(*COMMANDS[command](str(two_sets)))
    assert result.exit_code == 2, result.output
    assert f"slalang {command.split()[0]}" in result.output
    assert "holds 2 policy sets (a, b): choose one with --set NAME, or name a `default` in" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_set_is_a_usage_error_naming_the_sets(command):
    result = run(*COMMANDS[command](str(POLICIES)), "--set", "itdsk")
    assert result.exit_code == 2, result.output
    assert "no policy set 'itdsk' in" in result.output and "did you mean itdesk?" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_empty_directory_and_a_missing_path_are_usage_errors(command, two_sets):
    empty = run(*COMMANDS[command](str(two_sets / "empty")))
    assert empty.exit_code == 2 and "holds no policy file (*.sla)" in empty.output, empty.output
    missing = run(*COMMANDS[command](str(two_sets / "nowhere")))
    assert missing.exit_code == 2 and "no such file or directory" in missing.output, missing.output


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"serve", "staff"}))
def test_the_shipped_directory_stands_for_its_default_set(command):
    result = run(*COMMANDS[command](str(POLICIES)))
    assert result.exit_code in (0, 1), result.output  # 1: e.g. the export is lossy, tickets failed
    assert "policy set" not in result.output


def test_set_chooses_another_set():
    acme = run("eval", str(POLICIES), TICKETS, "--now", NOW)
    itdesk = run("eval", str(POLICIES), TICKETS, "--now", NOW, "--set", "itdesk")
    slas = {json.loads(line).get("sla") for line in itdesk.stdout.splitlines()}
    assert "paying_high" in acme.stdout and "paying_high" not in slas
    compiled = json.loads(run("compile", str(POLICIES), "--set", "global").stdout)
    assert compiled != json.loads(run("compile", str(POLICIES)).stdout)
