"""docs/credits.md shows what the commands really print: every ```console block that runs
`slalang` is run from the repository root and its output compared with the page."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "credits.md"
BLOCK = re.compile(r"^```console\n\$ slalang (.*?)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_the_page_runs_both_commands() -> None:
    commands = [command.split()[0] for command, _ in blocks()]
    assert commands.count("credits") >= 2 and "availability" in commands


@pytest.mark.parametrize(("command", "shown"), blocks(), ids=lambda v: v[:40] if isinstance(v, str) else v)
def test_the_page_shows_what_the_command_prints(command: str, shown: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, shlex.split(command), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown


def test_the_example_checks_clean() -> None:
    result = CliRunner().invoke(cli, ["check", str(ROOT / "docs" / "examples" / "contract")])
    assert result.exit_code == 0 and "no findings" in result.stdout.lower()
