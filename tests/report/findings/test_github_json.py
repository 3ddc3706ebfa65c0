"""`--format github` workflow commands, `--format json` findings exactly as analysis.md
gives them, and the exit status of `slalang check` (0/1/2, `--strict`)."""

from __future__ import annotations

import json
import re

import pytest

from slalang.diagnostics import Diagnostic, Severity
from slalang.report.findings.github import render_github
from slalang.source import Span

from .report_helpers import (
    CLEAN,
    INFO_ONLY,
    JSON_KEYS,
    REPO,
    SYNTAX_ERROR,
    THREE_SEVERITIES,
    WARNING_AND_INFO,
    run_check,
    write_policies,
)

COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) "
    r"file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[a-z-]+)"
    r"::(?P<message>.*)$"
)
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _unescape(data: str) -> str:
    return data.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


# --- github -------------------------------------------------------------------------------


def test_github_lines_are_workflow_commands_per_severity(tmp_path):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    github = run_check(["--format", "github", "policy.sla"], tmp_path)
    findings = run_check(["--format", "json", "policy.sla"], tmp_path).json()
    assert github.exit_code == 1
    lines = github.stdout.splitlines()
    assert github.stdout.endswith("\n") and len(lines) == len(findings) == 3
    for line, finding in zip(lines, findings, strict=True):
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        assert m["command"] == COMMANDS[finding["severity"]]
        assert m["file"] == finding["file"] == "policy.sla"
        located = (int(m["line"]), int(m["col"]), int(m["end_line"]), int(m["end_col"]))
        assert located == (finding["line"], finding["column"], finding["end_line"], finding["end_column"])
        assert m["title"] == finding["rule"]
        message = _unescape(m["message"])
        assert message.startswith(finding["message"])
        assert f"\nhint: {finding['hint']}" in message
        if finding["witness"] is not None:
            assert json.loads(message.split("\nwitness: ", 1)[1]) == finding["witness"]
    assert [COMMAND.match(line)["command"] for line in lines] == ["notice", "warning", "error"]


def test_github_escapes_data_and_properties():
    diagnostic = Diagnostic(
        "bad-value",
        Severity.ERROR,
        "goal 150% is over 100%\nsecond line\r",
        Span("dir,with:odd/p%.sla", 3, 7, 3, 12),
    )
    (line,) = render_github([diagnostic]).splitlines()
    assert line == (
        "::error file=dir%2Cwith%3Aodd/p%25.sla,line=3,col=7,endLine=3,endColumn=12,title=bad-value"
        "::goal 150%25 is over 100%25%0Asecond line%0D"
    )


def test_github_file_level_finding_has_no_position():
    diagnostic = Diagnostic("import-error", Severity.WARNING, "m", Span("a.sla", 0, 0, 0, 0))
    assert render_github([diagnostic]) == "::warning file=a.sla,title=import-error::m\n"


def test_github_no_findings_prints_nothing(tmp_path):
    write_policies(tmp_path, clean=CLEAN)
    result = run_check(["--format", "github", "clean.sla"], tmp_path)
    assert result.exit_code == 0
    assert result.stdout == ""


# --- json ---------------------------------------------------------------------------------


def test_json_is_a_list_with_exactly_the_documented_keys(tmp_path):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    findings = run_check(["--format", "json", "policy.sla"], tmp_path).json()
    assert isinstance(findings, list) and len(findings) == 3
    for finding in findings:
        assert list(finding) == JSON_KEYS
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["file"] == "policy.sla"
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(finding[key], int) and finding[key] >= 1
        assert (finding["end_line"], finding["end_column"]) > (finding["line"], finding["column"])
        assert isinstance(finding["message"], str) and finding["message"]
        assert finding["hint"] is None or isinstance(finding["hint"], str)
        assert finding["witness"] is None or isinstance(finding["witness"], dict)
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["shadowed-sla"]["severity"] == "error"
    assert by_rule["response-after-resolution"]["severity"] == "warning"
    assert by_rule["unused-definition"]["severity"] == "info"
    assert by_rule["response-after-resolution"]["line"] == 9
    assert by_rule["response-after-resolution"]["column"] == 5


def test_json_witness_ticket_has_the_ticket_shape(tmp_path):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    findings = run_check(["--format", "json", "policy.sla"], tmp_path).json()
    witness = next(f for f in findings if f["rule"] == "shadowed-sla")["witness"]
    assert witness["ticket"] == {"priority": "urgent"}
    assert witness["created_at"] == "2026-11-01T00:00:00Z"  # the configured reference date
    assert set(witness) >= {"id", "created_at", "ticket", "customer", "events"}


def test_json_witness_start_instant_on_acme():
    findings = run_check(["--format", "json", "policies/acme.sla"], REPO).json()
    starts = [f["witness"] for f in findings if f["rule"] == "ola-may-exceed-target"]
    assert starts, "acme.sla's enterprise_urgent resolution chain may exceed its target"
    for witness in starts:
        assert list(witness) == ["start"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", witness["start"])


def test_json_syntax_error_and_empty_list(tmp_path):
    write_policies(tmp_path, broken=SYNTAX_ERROR, clean=CLEAN)
    (finding,) = run_check(["--format", "json", "broken.sla"], tmp_path).json()
    assert finding["rule"] == "syntax" and finding["severity"] == "error"
    assert (finding["file"], finding["line"]) == ("broken.sla", 4)
    assert run_check(["--format", "json", "clean.sla"], tmp_path).json() == []


# --- exit status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "strict", "exit_code"),
    [
        (CLEAN, False, 0),
        (CLEAN, True, 0),
        (INFO_ONLY, False, 0),
        (INFO_ONLY, True, 0),  # infos never fail
        (WARNING_AND_INFO, False, 0),  # warnings do not fail ...
        (WARNING_AND_INFO, True, 1),  # ... unless --strict
        (THREE_SEVERITIES, False, 1),
        (THREE_SEVERITIES, True, 1),
        (SYNTAX_ERROR, False, 1),
    ],
    ids=["clean", "clean-strict", "info", "info-strict", "warning", "warning-strict", "error", "error-strict", "syntax"],
)
@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_exit_status(tmp_path, policy, strict, exit_code, output_format):
    write_policies(tmp_path, policy=policy)
    args = ["--format", output_format, *(["--strict"] if strict else []), "policy.sla"]
    assert run_check(args, tmp_path).exit_code == exit_code


def test_exit_2_for_an_unreadable_path(tmp_path):
    result = run_check(["--format", "json", "missing.sla"], tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "missing.sla" in result.stderr


def test_exit_2_for_a_usage_error(tmp_path):
    write_policies(tmp_path, policy=CLEAN)
    assert run_check(["--format", "xml", "policy.sla"], tmp_path).exit_code == 2
