"""Shared by the bridge tests: fixture paths, golden files, running the CLI, and whether the
language constructs the importers write (measures, calendar choices) are on this branch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from golden import assert_golden as compare

from slalang.bridges.pages import Document, parse_documents
from slalang.cli.main import cli

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"


def fixture(*parts: str) -> str:
    return str(FIXTURES.joinpath(*parts))


def documents(*parts: str) -> list[Document]:
    path = fixture(*parts)
    return parse_documents(Path(path).read_text(encoding="utf-8"), path)


def pages(value: Any, source: str = "test.json") -> list[Document]:
    """A JSON value as the documents of one file."""
    return parse_documents(json.dumps(value), source)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def assert_golden(name: str, text: str) -> None:
    """``text`` equals golden/NAME (the project's golden-file helper, tests/golden.py)."""
    compare(GOLDEN / name, text)


def property_settings(max_examples: int = 40):
    """Settings for the round-trip properties: no deadline (a policy compiles per example)."""
    from hypothesis import HealthCheck, settings

    return settings(max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
