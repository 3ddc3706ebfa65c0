"""Shared pieces of the renderer tests: `slalang check` run in-process, and small policies
whose findings cover every severity."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from slalang.cli.check import check

HERE = Path(__file__).parent
DATA = HERE / "data"
REPO = HERE.parents[2]
REFERENCE_CONFIG = 'reference-date = "2026-11-01"\n'

# error (shadowed-sla), warning (response-after-resolution), info (unused-definition)
THREE_SEVERITIES = """\
priorities urgent > high

calendar unused_hours {
    timezone "UTC"
    hours mon-fri 09:00-17:00
}

sla everyone {
    first_response within 48h
    resolution     within 24h
}

sla urgent {
    when priority urgent
    first_response within 1h
}
"""

# warning and info only
WARNING_AND_INFO = """\
calendar unused_hours {
    timezone "UTC"
    hours mon-fri 09:00-17:00
}

sla everyone {
    first_response within 48h
    resolution     within 24h
}
"""

INFO_ONLY = """\
calendar unused_hours {
    timezone "UTC"
    hours mon-fri 09:00-17:00
}

sla everyone {
    first_response within 4h
    resolution     within 24h
}
"""

CLEAN = """\
sla everyone {
    first_response within 4h
    resolution     within 24h
}
"""

SYNTAX_ERROR = """\
sla broken {
    first_response within 1h
    resolution within
}
"""

JSON_KEYS = ["rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint", "witness"]


@dataclass(frozen=True)
class CheckRun:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_check(args: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> CheckRun:
    """`slalang check ARGS` with `cwd` as the working directory (so file names stay relative)."""
    runner = CliRunner()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(check, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(before)
    return CheckRun(result.exit_code, result.stdout, result.stderr)


def write_policies(directory: Path, **files: str) -> Path:
    """Write ``name=text`` pairs as ``name.sla`` plus a slalang.toml fixing the reference date."""
    (directory / "slalang.toml").write_text(REFERENCE_CONFIG)
    for name, text in files.items():
        (directory / f"{name}.sla").write_text(text)
    return directory


def sarif_results(log: dict) -> Iterator[dict]:
    for run in log["runs"]:
        yield from run["results"]
