"""Colour on the command line: a terminal, NO_COLOR, FORCE_COLOR and --color, for every command."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from slalang.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
POLICY = str(REPO / "policies" / "acme.sla")
TICKETS = str(REPO / "policies" / "tickets.jsonl")
ESC = "\x1b["


def run(*args: str, **env: str):
    clean = {"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "140"}
    return CliRunner().invoke(cli, list(args), env={**clean, **env}, catch_exceptions=False)


def test_output_into_a_pipe_has_no_colour():
    assert ESC not in run("report", POLICY, TICKETS, "--now", "2026-11-23T12:00:00Z").output


def test_force_color_colours_a_pipe_and_no_color_wins_over_it():
    forced = run("report", POLICY, TICKETS, "--now", "2026-11-23T12:00:00Z", FORCE_COLOR="1").output
    assert ESC in forced
    both = run("report", POLICY, TICKETS, "--now", "2026-11-23T12:00:00Z", FORCE_COLOR="1", NO_COLOR="1").output
    assert ESC not in both


def test_the_color_option_overrides_the_environment_for_one_run_only():
    always = run("--color", "always", "eval", POLICY, TICKETS, "--now", "2026-11-23T12:00:00Z", "--format", "table")
    assert ESC in always.output
    after_option = run("eval", POLICY, TICKETS, "--now", "2026-11-23T12:00:00Z", "--format", "table", "--color", "always")
    assert ESC in after_option.output
    never = run("check", str(REPO / "policies"), "--color", "never", FORCE_COLOR="1")
    assert ESC not in never.output
    assert "NO_COLOR" not in os.environ and "FORCE_COLOR" not in os.environ  # restored after the run
