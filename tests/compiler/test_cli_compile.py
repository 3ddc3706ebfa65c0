"""``slalang compile``: JSON on stdout or atomically to a file; errors on stderr with exit 1; 2 for unreadable paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from slalang.cli.main import cli
from slalang.model_json import compiled_policy_schema, model_from_json

REPO = Path(__file__).resolve().parents[2]
ACME = str(REPO / "policies" / "acme.sla")


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["compile", *args])


def test_compile_writes_valid_json_to_stdout() -> None:
    result = run(ACME)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    Draft202012Validator(compiled_policy_schema()).validate(data)
    assert data["slas"][0]["name"] == "enterprise_urgent"
    assert model_from_json(data).sla("free_tier").calendar.name == "office_us"


def test_compact_output_is_one_line_of_the_same_json() -> None:
    result = run(ACME, "--compact")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == json.loads(run(ACME).stdout)


def test_root_option_lets_imports_reach_a_parent(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "common.sla").write_text('calendar shared { timezone "UTC" }\n')
    (tmp_path / "sub" / "a.sla").write_text('import "../common.sla"\nsla a { calendar shared resolution within 1h }\n')
    assert run(str(tmp_path / "sub" / "a.sla")).exit_code == 1
    result = run(str(tmp_path / "sub" / "a.sla"), "--root", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["slas"][0]["calendar"] == "shared"


def test_compile_writes_the_output_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "acme.json"
    out.write_text("old contents")
    result = run(ACME, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text()) == json.loads(run(ACME).stdout)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.json"]  # no temporary file left behind


def test_compile_errors_go_to_stderr_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sla"
    bad.write_text('calendar office { timezone "UTC" }\nsla s { calendar ofice resolution within 1h }\n')
    out = tmp_path / "out.json"
    result = run(str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown-name" in result.stderr
    assert "unknown calendar `ofice`" in result.stderr
    assert "did you mean `office`?" in result.stderr
    assert ":2:18" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [("no/such/policy.sla",), (ACME, "no-such.sla")])
def test_unreadable_path_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = run(ACME, "-o", str(tmp_path / "missing-dir" / "out.json"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
