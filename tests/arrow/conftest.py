"""The acme policy, and its tickets (with bad lines) evaluated by ``slalang eval``: the
reference every warehouse path is compared with."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import slalang
from slalang.cli.main import cli

from .tickets import ACME, NOW, json_lines


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def acme() -> slalang.Policy:
    return slalang.load(ACME)


@pytest.fixture(scope="session")
def lines() -> list[bytes]:
    return json_lines(120)


@pytest.fixture(scope="session")
def cli_lines(lines, tmp_path_factory) -> list[str]:
    """What ``slalang eval`` writes for ``lines`` (a JSON Lines file), one string per ticket."""
    path = tmp_path_factory.mktemp("cli") / "tickets.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = run_cli("eval", ACME, str(path), "--now", NOW)
    assert result.exit_code == 1, result.stderr  # the bad lines fail
    return result.stdout.splitlines()
