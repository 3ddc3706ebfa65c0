"""`slalang check --format sarif` against the OASIS SARIF 2.1.0 schema (draft-07, validated
offline), and the parts code-scanning services read: rule ids, levels, regions, rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from slalang.analysis.rules import RULES
from slalang.diagnostics import Diagnostic, Severity
from slalang.report.findings.sarif import render_sarif
from slalang.source import Span

from .report_helpers import HERE, REPO, SYNTAX_ERROR, THREE_SEVERITIES, run_check, sarif_results, write_policies

SCHEMA_PATH = HERE / "sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def _assert_valid(validator: jsonschema.Draft7Validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _sarif_and_json(paths: list[str], cwd: Path) -> tuple[dict, list[dict]]:
    sarif = run_check(["--format", "sarif", *paths], cwd)
    plain = run_check(["--format", "json", *paths], cwd)
    assert sarif.exit_code == plain.exit_code
    return json.loads(sarif.stdout), plain.json()


def _assert_matches_json(log: dict, findings: list[dict]) -> None:
    """Every result is the JSON finding at the same position: rule, level, file and region."""
    results = list(sarif_results(log))
    assert len(results) == len(findings)
    for result, finding in zip(results, findings, strict=True):
        assert result["ruleId"] == finding["rule"]
        assert result["level"] == LEVELS[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == finding["file"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["region"] == {
            "startLine": finding["line"],
            "startColumn": finding["column"],
            "endLine": finding["end_line"],
            "endColumn": finding["end_column"],
        }


def _assert_rules_cover_results(log: dict) -> None:
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)), "rule descriptors must have distinct ids"
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_the_stored_schema_is_the_oasis_sarif_2_1_0_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["required"] == ["version", "runs"]
    assert schema["definitions"]["result"]["properties"]["level"]["enum"] == ["none", "note", "warning", "error"]
    jsonschema.Draft7Validator.check_schema(schema)


def test_every_severity_is_valid_sarif_with_the_right_levels(tmp_path, validator):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    log, findings = _sarif_and_json(["policy.sla"], tmp_path)
    _assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    assert [(r["ruleId"], r["level"]) for r in sarif_results(log)] == [
        ("unused-definition", "note"),
        ("response-after-resolution", "warning"),
        ("shadowed-sla", "error"),
    ]
    _assert_matches_json(log, findings)
    _assert_rules_cover_results(log)


def test_hint_and_witness_travel_as_result_properties(tmp_path, validator):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    log, findings = _sarif_and_json(["policy.sla"], tmp_path)
    by_rule = {r["ruleId"]: r for r in sarif_results(log)}
    shadowed = next(f for f in findings if f["rule"] == "shadowed-sla")
    properties = by_rule["shadowed-sla"]["properties"]
    assert properties["hint"] == shadowed["hint"]
    assert properties["witness"] == shadowed["witness"]
    assert properties["witness"]["ticket"] == {"priority": "urgent"}


def test_a_syntax_error_is_an_error_result(tmp_path, validator):
    write_policies(tmp_path, broken=SYNTAX_ERROR)
    result = run_check(["--format", "sarif", "broken.sla"], tmp_path)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    _assert_valid(validator, log)
    (finding,) = sarif_results(log)
    assert finding["ruleId"] == "syntax"
    assert finding["level"] == "error"
    region = finding["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 1)
    _assert_rules_cover_results(log)


def test_acme_policy_is_valid_sarif(validator):
    log, findings = _sarif_and_json(["policies/acme.sla"], REPO)
    _assert_valid(validator, log)
    assert findings, "acme.sla has findings (an OLA warning, an unused calendar)"
    _assert_matches_json(log, findings)
    _assert_rules_cover_results(log)
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif_results(log)}
    assert files <= {"policies/acme.sla", "policies/calendars.sla"}


def test_no_findings_is_a_valid_log_with_an_empty_result_list(tmp_path, validator):
    write_policies(tmp_path, clean="sla everyone {\n    first_response within 4h\n}\n")
    result = run_check(["--format", "sarif", "clean.sla"], tmp_path)
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    _assert_valid(validator, log)
    assert log["runs"][0]["results"] == []


def test_every_rule_has_a_descriptor_with_its_default_level(tmp_path):
    write_policies(tmp_path, clean="sla everyone {\n    first_response within 4h\n}\n")
    log = json.loads(run_check(["--format", "sarif", "clean.sla"], tmp_path).stdout)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in RULES:
        descriptor = rules[rule.ID]
        assert descriptor["defaultConfiguration"]["level"] == LEVELS[rule.SEVERITY.value]
        assert descriptor["shortDescription"]["text"]
    assert rules["syntax"]["defaultConfiguration"]["level"] == "error"


def test_source_root_is_the_working_directory(tmp_path):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    log = json.loads(run_check(["--format", "sarif", "policy.sla"], tmp_path).stdout)
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == tmp_path.resolve().as_uri() + "/"


def test_fingerprints_are_stable_and_distinct(tmp_path):
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    first = json.loads(run_check(["--format", "sarif", "policy.sla"], tmp_path).stdout)
    again = json.loads(run_check(["--format", "sarif", "policy.sla"], tmp_path).stdout)
    prints = [r["partialFingerprints"] for r in sarif_results(first)]
    assert prints == [r["partialFingerprints"] for r in sarif_results(again)]
    values = [next(iter(p.values())) for p in prints]
    assert len(set(values)) == len(values)


def test_schema_catches_a_broken_log(tmp_path, validator):
    """The validation above can fail: a wrong level or a 0 column is refused."""
    write_policies(tmp_path, policy=THREE_SEVERITIES)
    log = json.loads(run_check(["--format", "sarif", "policy.sla"], tmp_path).stdout)
    bad_level = copy.deepcopy(log)
    bad_level["runs"][0]["results"][0]["level"] = "info"
    assert not validator.is_valid(bad_level)
    bad_region = copy.deepcopy(log)
    bad_region["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert not validator.is_valid(bad_region)


def test_file_level_finding_and_absolute_paths(validator, tmp_path):
    """A finding without a line (line 0) still has a 1-based region; absolute paths are file URIs."""
    absolute = str(tmp_path / "dir with space" / "p.sla")
    diagnostics = [
        Diagnostic("import-error", Severity.ERROR, "cannot read x.sla", Span("policies/a.sla", 0, 0, 0, 0)),
        Diagnostic("unused-definition", Severity.INFO, "calendar `c` is not used", Span(absolute, 2, 3, 2, 9)),
    ]
    log = json.loads(render_sarif(diagnostics, ["a", "b"], working_directory=str(tmp_path)))
    _assert_valid(validator, log)
    first, second = sarif_results(log)
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    location = second["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == Path(absolute).as_uri() and "uriBaseId" not in location
    _assert_rules_cover_results(log)
