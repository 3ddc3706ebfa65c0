"""The README's first two commands (scripts/main-job, scripts/check) do what the README says.

tests/test_docs.py holds the README and `.ci/run` to the two commands; this holds the scripts
to the one-line form the README spells out. The pre-commit hooks contributors use must agree
with the ones the repository publishes.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["scripts/main-job", "scripts/check"]


def _commands(script: Path) -> list[str]:
    """The lines of a shell script that run something (not comments, `set`, `cd` or blank)."""
    lines = [line.strip() for line in script.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith(("#", "set ", "cd "))]


def test_the_commands_are_executable_shell_scripts() -> None:
    for command in COMMANDS:
        script = ROOT / command
        assert os.access(script, os.X_OK), f"{command} is not executable"
        checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_main_job_sets_up_and_checks_the_shipped_policies() -> None:
    steps = _commands(ROOT / "scripts" / "main-job")
    assert steps[0] == "python3 -m venv .venv" and steps[1] == ". .venv/bin/activate"
    assert "python -m pip install -q ." in steps
    assert steps[-1] == "slalang check policies/"


def test_check_sets_up_the_dev_tools_then_lints_types_and_tests_in_order() -> None:
    steps = _commands(ROOT / "scripts" / "check")
    assert steps[0] == "python3 -m venv .venv" and steps[1] == ". .venv/bin/activate"
    assert "python -m pip install -q '.[dev]'" in steps
    assert steps[-3:] == ["ruff check .", "mypy", 'python -m pytest "$@"']


def test_the_dev_extras_bring_the_tools_the_check_runs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    dev = {re.split(r"[<>=\[ ]", requirement)[0].lower() for requirement in project["project"]["optional-dependencies"]["dev"]}
    assert {"ruff", "mypy", "pytest", "types-pyyaml"} <= dev
    assert project["tool"]["mypy"]["files"] == ["slalang"]


def test_the_contributors_fmt_hook_is_the_published_one() -> None:
    published = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "mypy", "slalang-fmt-check"} <= set(local)
    assert local["slalang-fmt-check"]["entry"] == published["slalang-fmt-check"]["entry"] == "slalang fmt --check"
    assert re.search(published["slalang-fmt-check"]["files"], "team/policies/acme.sla")
    assert re.search(local["slalang-fmt-check"]["files"], "policies/itdesk/teams.sla")
    assert not re.search(local["slalang-fmt-check"]["files"], "tests/fmt/golden/teams.sla")  # fixtures stay as written
