"""`slalang check`: exit status, formats, configuration, suppression and baselines end to end."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli

WARNS = """\
priorities urgent > normal
calendar spare {
    timezone "UTC"
    hours mon-fri 09:00-17:00
}
sla urgent { when priority urgent  first_response within 1h }
sla normal {
    when priority normal
    first_response within 8h
}
"""
# unused-definition (info) at line 2, coverage-gap (warning) at line 7

SHADOWED = """\
priorities urgent > normal
sla everyone { first_response within 8h }
sla urgent {
    when priority urgent
    first_response within 1h
}
"""
# shadowed-sla (error) at line 3


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "slalang.toml").write_text('reference-date = "2026-01-01"\n')
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return str(path.relative_to(directory))


def test_warnings_pass_unless_strict(workdir):
    path = write(workdir, "p.sla", WARNS)
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "p.sla:7:1: warning[coverage-gap]" in result.output
    assert "p.sla:2:1: info[unused-definition]" in result.output
    assert result.output.rstrip().endswith("0 errors, 1 warning, 1 info in 1 file")
    assert run(path, "--strict").exit_code == 1


def test_errors_fail(workdir):
    path = write(workdir, "p.sla", SHADOWED)
    result = run(path)
    assert result.exit_code == 1
    assert "p.sla:3:1: error[shadowed-sla] sla `urgent` never governs" in result.output


def test_every_compile_error_of_every_file_in_one_run(workdir):
    write(workdir, "set/a.sla", "sla a { first_response within 1x }\n")
    write(workdir, "set/b.sla", "sla b {\n    first_response within 1h\n    resolution within\n}\n")
    result = run("set")
    assert result.exit_code == 1
    assert "set/a.sla:1:31: error[syntax]" in result.output and "set/b.sla:4:1: error[syntax]" in result.output
    assert "2 errors" in result.output


def test_usage_errors_exit_2(workdir):
    path = write(workdir, "p.sla", WARNS)
    assert run("missing.sla").exit_code == 2
    bad_rule = run(path, "--select", "coverage-gapp")
    assert bad_rule.exit_code == 2 and "did you mean 'coverage-gap'" in bad_rule.output
    assert run(path, "--format", "xml").exit_code == 2
    assert run(path, "--baseline", "nothing.json").exit_code == 2


def test_select_and_ignore(workdir):
    path = write(workdir, "p.sla", WARNS)
    only = json.loads(run(path, "--format", "json", "--select", "coverage-gap").output)
    assert [f["rule"] for f in only] == ["coverage-gap"]
    rest = json.loads(run(path, "--format", "json", "--ignore", "coverage-gap, unused-definition").output)
    assert rest == []


def test_json_shape(workdir):
    path = write(workdir, "p.sla", WARNS)
    findings = json.loads(run(path, "--format", "json").output)
    gap = next(f for f in findings if f["rule"] == "coverage-gap")
    assert list(gap) == ["rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint", "witness"]
    assert (gap["file"], gap["line"], gap["column"], gap["severity"]) == ("p.sla", 7, 1, "warning")
    witness = gap["witness"]
    assert witness == {"id": "witness", "created_at": "2026-01-01T00:00:00Z", "ticket": {}, "customer": {}, "events": []}


def test_github_annotations(workdir):
    path = write(workdir, "p.sla", SHADOWED)
    lines = run(path, "--format", "github").output.splitlines()
    assert lines[0].startswith("::error file=p.sla,line=3,col=1,endLine=6,endColumn=2,title=shadowed-sla::sla `urgent`")


def test_config_from_pyproject_walking_up(workdir):
    (workdir / "slalang.toml").unlink()
    (workdir / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [project]
            name = "x"
            [tool.slalang]
            severity = { coverage-gap = "error" }
            skip = ["unused-definition"]
            reference-date = "2026-01-01"
            """
        )
    )
    path = write(workdir, "policies/deep/p.sla", WARNS)
    result = run(path, "--format", "json")
    assert result.exit_code == 1
    assert [(f["rule"], f["severity"]) for f in json.loads(result.output)] == [("coverage-gap", "error")]


def test_slalang_toml_wins_over_pyproject_in_the_same_directory(workdir):
    (workdir / "pyproject.toml").write_text('[tool.slalang]\nskip = ["coverage-gap"]\n')
    (workdir / "slalang.toml").write_text('skip = ["unused-definition"]\n')
    path = write(workdir, "p.sla", WARNS)
    rules = [f["rule"] for f in json.loads(run(path, "--format", "json").output)]
    assert rules == ["coverage-gap"]


def test_bad_configuration_is_a_usage_error(workdir):
    (workdir / "slalang.toml").write_text('severity = { coverage-gap = "fatal" }\n')
    path = write(workdir, "p.sla", WARNS)
    result = run(path)
    assert result.exit_code == 2 and "must be \"error\", \"warning\" or \"info\"" in result.output
    (workdir / "slalang.toml").write_text("refernce-date = 1\n")
    result = run(path)
    assert result.exit_code == 2 and "did you mean 'reference-date'" in result.output
    explicit = run(path, "--config", "nowhere.toml")
    assert explicit.exit_code == 2


def test_suppression_on_the_line_or_above(workdir):
    text = WARNS.replace("sla normal {", "sla normal {   # slalang: ignore[coverage-gap]").replace(
        "calendar spare {", "# slalang: ignore[unused-definition] kept for the night shift\ncalendar spare {"
    )
    path = write(workdir, "p.sla", text)
    assert json.loads(run(path, "--format", "json").output) == []


def test_baseline_accepts_known_findings_only(workdir):
    path = write(workdir, "p.sla", SHADOWED)
    written = run(path, "--write-baseline", "baseline.json")
    assert written.exit_code == 0
    document = json.loads((workdir / "baseline.json").read_text())
    assert document["version"] == 1 and [f["rule"] for f in document["findings"]] == ["shadowed-sla"]
    assert run(path, "--baseline", "baseline.json").exit_code == 0
    # Moving the SLA keeps it accepted; a new finding is reported.
    moved = "# a comment that shifts every line\n" + SHADOWED + "sla urgent_two {\n    when priority urgent\n    first_response within 2h\n}\n"
    write(workdir, "p.sla", moved)
    result = run(path, "--baseline", "baseline.json", "--format", "json")
    assert result.exit_code == 1
    assert [(f["rule"], f["line"]) for f in json.loads(result.output)] == [("shadowed-sla", 8)]


def test_sarif_output_is_json(workdir):
    path = write(workdir, "p.sla", WARNS)
    log = json.loads(run(path, "--format", "sarif").output)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"coverage-gap", "unused-definition"}
    assert all("slalangFinding/v1" in r["partialFingerprints"] for r in results)
