"""`slalang --help` and every command's help, as a newcomer reads them at 80 columns."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from slalang.cli.main import COMMANDS, SUMMARIES, cli


def invoke(*args: str, columns: int = 80):
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns)}, catch_exceptions=False)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_every_command_summary_is_shown_whole(columns):
    result = invoke("--help", columns=columns)
    assert result.exit_code == 0
    listing = result.output.split("Commands:", 1)[1]
    flat = " ".join(listing.split())
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        summary = SUMMARIES.get(name) or command.get_short_help_str(limit=10_000)
        assert f"{name} {summary}" in flat, name
    assert "..." not in listing


def test_help_never_breaks_a_word_after_its_hyphen():
    for columns in (60, 70, 80, 100):
        text = invoke("check", "--help", columns=columns).output
        assert "ignore[rule-id]" in text, columns
        assert not re.search(r"[a-z]-\n", text), columns  # no line ends inside a hyphenated word
        assert "--stdin-filename" in text


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_the_color_option(name):
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    assert "--color [auto|always|never]" in result.output


def test_a_mistyped_command_suggests_the_right_one():
    result = invoke("chek", "policies")
    assert result.exit_code == 2
    assert "No such command 'chek'. Did you mean 'check'?" in result.output
    far = invoke("frobnicate")
    assert far.exit_code == 2 and "Did you mean" not in far.output
