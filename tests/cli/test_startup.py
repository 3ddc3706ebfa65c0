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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEAVY = (
    "numpy", "z3", "matplotlib", "starlette", "uvicorn", "pygls", "pyarrow", "hypothesis",
    "lark", "holidays", "pandas", "jsonschema", "rich", "yaml", "slalang.model", "slalang.api",
)


def imported_modules(*args: str, env: dict[str, str] | None = None, cwd: str | None = None) -> set[str]:
    env = {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from slalang.cli.main import main; main()", *args],
        check=False, capture_output=True, text=True, env=env, timeout=60, cwd=cwd,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "slalang.cli.main" in names  # the probe really saw the imports
    return names


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_quick_answers_import_no_heavy_library(args):
    assert heavy_among(imported_modules(*args)) == []


def heavy_among(names: set[str]) -> list[str]:
    return sorted(name for name in names if name.split(".")[0] in HEAVY or name in HEAVY)


def test_the_probe_sees_a_heavy_import_when_one_happens(tmp_path):
    # A check that really runs (the cache is off) compiles and analyses: the model, lark, z3.
    env = {**os.environ, "SLALANG_NO_CACHE": "1"}
    names = imported_modules("check", os.path.join(ROOT, "policies"), env=env, cwd=str(tmp_path))
    assert {"slalang.model", "lark", "z3"} <= names


def test_a_check_answered_from_the_cache_imports_no_heavy_library(tmp_path):
    # What a pre-commit hook pays on unchanged policies: reading the files and the stored
    # findings, and rendering them; not the compiler, the analysis or their libraries.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("SLALANG_NO_CACHE")
    policies = os.path.join(ROOT, "policies")
    assert "slalang.model" in imported_modules("check", policies, env=env, cwd=str(tmp_path))  # fills the cache
    assert heavy_among(imported_modules("check", policies, env=env, cwd=str(tmp_path))) == []


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
