"""Start-up: ``slalang --version`` and ``--help`` import none of the heavy libraries.

Each case runs the real entry point in a fresh interpreter with ``-X importtime`` and reads
which modules it imported (a module imported lazily later would not show up here, which is
the point: these commands must answer without them).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = (
    "numpy", "z3", "matplotlib", "starlette", "uvicorn", "pygls", "pyarrow", "hypothesis",
    "lark", "holidays", "pandas", "jsonschema", "rich", "yaml", "slalang.model", "slalang.api",
)


def imported_modules(*args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from slalang.cli.main import main; main()", *args],
        check=False, capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "slalang.cli.main" in names  # the probe really saw the imports
    return names


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_quick_answers_import_no_heavy_library(args):
    names = imported_modules(*args)
    heavy = sorted(name for name in names if name.split(".")[0] in HEAVY or name in HEAVY)
    assert heavy == []


def test_the_probe_sees_a_heavy_import_when_one_happens():
    # `check --help` loads the check command's module, which needs the analysis stack.
    names = imported_modules("check", "--help")
    assert "slalang.model" in names


def test_the_command_list_is_what_the_commands_themselves_say():
    # --help lists the commands without importing them (a summary, else the first sentence
    # of the docstring read from the source); with every command imported, each command's
    # own short help is that same text.
    from click.testing import CliRunner

    from slalang.cli.main import COMMANDS, cli

    listing = CliRunner().invoke(cli, ["--help"], prog_name="slalang", terminal_width=10_000).output
    rows = dict(line.strip().split(None, 1) for line in listing.split("Commands:")[1].splitlines() if line.strip())
    assert set(rows) == set(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert rows[name] == command.get_short_help_str(limit=10_000)
