"""``slalang init``: a new user can check and test the scaffold at once; nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from slalang import __version__
from slalang.cli.main import cli
from slalang.scaffold import PLAN

EXPECTED = ["policies/support.sla", "policies/support_test.yaml", "tickets/sample.jsonl", ".github/workflows/slalang.yml"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_a_new_project_checks_tests_and_is_formatted_at_once(tmp_path: Path) -> None:
    target = tmp_path / "new-repo"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == sorted(EXPECTED)
    check = invoke("check", str(target))
    assert check.exit_code == 0, check.output
    assert "error" not in check.output and "warning" not in check.output
    test = invoke("test", str(target))
    assert test.exit_code == 0, test.output
    assert test.output.endswith(" passed, 0 failed\n")
    assert invoke("fmt", "--check", str(target)).exit_code == 0


def test_the_ci_recipe_runs_fmt_check_and_test(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path)).exit_code == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/slalang.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["policies"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert f'pip install "slalang=={__version__}"' in commands
    assert "slalang fmt --check --diff policies/" in commands
    assert "slalang check --format github policies/" in commands
    assert "slalang test policies/ --junit slalang-tests.xml" in commands


def test_it_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "policies" / "support_test.yaml"
    mine.parent.mkdir()
    mine.write_text("my own tests\n", encoding="utf-8")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1
    assert "not overwriting" in result.stderr and str(mine) in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own tests\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["support_test.yaml"]


def test_the_current_directory_is_the_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    assert (tmp_path / "policies" / "support.sla").is_file()
    assert len(PLAN) == len(EXPECTED)
