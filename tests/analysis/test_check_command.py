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


# --- linter conventions: stdin, --exit-zero, --statistics, --output-file, empty directories


def run_with_input(text: str, *args: str):
    return CliRunner().invoke(cli, ["check", *args], input=text, catch_exceptions=False)


def test_dash_reads_standard_input_under_the_name_given(workdir):
    result = run_with_input(SHADOWED, "-", "--stdin-filename", "team/urgent.sla")
    assert result.exit_code == 1
    assert "team/urgent.sla:3:1: error[shadowed-sla]" in result.output
    anonymous = run_with_input(SHADOWED, "-")
    assert "<stdin>:3:1: error[shadowed-sla]" in anonymous.output
    clean = run_with_input("sla everyone { first_response within 8h }\n", "-")
    assert clean.exit_code == 0 and "no findings in 1 file" in clean.output


def test_stdin_standing_for_a_file_on_disk_reads_its_imports_beside_it(workdir):
    (workdir / "calendars.sla").write_text('calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }\n')
    (workdir / "main.sla").write_text('import "calendars.sla"\nsla a { calendar office first_response within 4h }\n')
    edited = 'import "calendars.sla"\nsla a { calendar offise first_response within 4h }\n'
    result = run_with_input(edited, "-", "--stdin-filename", "main.sla")
    assert result.exit_code == 1
    assert "main.sla:2:18: error[unknown-name]" in result.output and "did you mean `office`?" in result.output


def test_stdin_is_not_mixed_with_paths(workdir):
    (workdir / "a.sla").write_text(SHADOWED)
    assert run_with_input(SHADOWED, "-", "a.sla").exit_code == 2
    assert run("a.sla", "--stdin-filename", "x.sla").exit_code == 2


def test_exit_zero_reports_but_never_fails(workdir):
    (workdir / "a.sla").write_text(SHADOWED)
    result = run("a.sla", "--exit-zero")
    assert result.exit_code == 0 and "error[shadowed-sla]" in result.output
    assert run("missing.sla", "--exit-zero").exit_code == 2  # could not run: still a usage error


def test_statistics_count_findings_per_rule(workdir):
    (workdir / "a.sla").write_text(WARNS)
    result = run(".", "--statistics")
    assert result.exit_code == 0
    assert sorted(line.split() for line in result.output.splitlines()) == [
        ["1", "coverage-gap", "warning"],
        ["1", "unused-definition", "info"],
    ]
    data = json.loads(run(".", "--statistics", "--format", "json").output)
    assert all(set(d) == {"rule", "severity", "count"} for d in data)
    assert [d["count"] for d in data] == sorted((d["count"] for d in data), reverse=True)
    assert run(".", "--statistics", "--format", "sarif").exit_code == 2


def test_output_file_holds_what_standard_output_would(workdir):
    (workdir / "a.sla").write_text(SHADOWED)
    shown = run("a.sla", "--format", "json").output
    result = run("a.sla", "--format", "json", "--output-file", "findings.json")
    assert result.exit_code == 1 and result.output == ""
    assert (workdir / "findings.json").read_text() == shown


def test_a_directory_without_policy_files_is_a_usage_error(workdir):
    (workdir / "empty").mkdir()
    (workdir / "notes").mkdir()
    (workdir / "notes" / "readme.txt").write_text("no policies here")
    for path in ("empty", "notes"):
        result = run(path)
        assert result.exit_code == 2, result.output
        assert f"slalang check: {path} holds no policy file (*.sla)" in result.output
    missing = run("nowhere")
    assert missing.exit_code == 2 and "slalang check: cannot read nowhere: no such file or directory" in missing.output


def test_a_keyword_with_two_letters_swapped_suggests_the_keyword(workdir):
    result = run_with_input("sal a {\n    first_response within 1h\n}\n", "-")
    assert result.exit_code == 1
    assert "unexpected `sal`" in result.output and "hint: did you mean `sla`?" in result.output


def test_set_checks_one_set_of_a_directory_that_lists_several(workdir):
    (workdir / "desks").mkdir()
    (workdir / "desks" / "a.sla").write_text(SHADOWED)
    (workdir / "desks" / "b").mkdir()
    (workdir / "desks" / "b" / "b.sla").write_text("sla b { first_response within 1h }\n")
    (workdir / "desks" / "slalang.toml").write_text('sets = ["a.sla", "b"]\nreference-date = "2026-01-01"\n')
    assert run("desks").exit_code == 1  # every set: a's shadowed SLA
    only_b = run("desks", "--set", "b")
    assert only_b.exit_code == 0 and "in 1 file" in only_b.output
    assert run("desks", "--set", "a").exit_code == 1
    unknown = run("desks", "--set", "c")
    assert unknown.exit_code == 2
    assert "--set: no policy set 'c' in desks (its sets: a, b)" in unknown.output
