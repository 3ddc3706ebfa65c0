"""`slalang rules` and `slalang rule ID`: the rule documentation in the terminal."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slalang.analysis.docs import rule_page
from slalang.analysis.rules import RULES
from slalang.cli.main import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_rules_lists_every_rule_with_its_severity():
    result = run("rules")
    assert result.exit_code == 0
    for rule in RULES:
        line = next(line for line in result.output.splitlines() if line.startswith(rule.ID + " "))
        assert rule.SEVERITY.value in line
    data = json.loads(run("rules", "--format", "json").output)
    assert [d["id"] for d in data] == [rule.ID for rule in RULES]
    assert all(d["summary"] and "\n" not in d["summary"] for d in data)


def test_rule_prints_the_same_page_as_the_docs():
    for rule in RULES:
        result = run("rule", rule.ID)
        assert result.exit_code == 0
        assert result.output == rule_page(rule)
        assert "Bad:" in result.output and "Good:" in result.output


def test_an_unknown_rule_suggests_the_closest_and_exits_2():
    result = run("rule", "shadow-sla")
    assert result.exit_code == 2
    assert "no rule 'shadow-sla'; did you mean shadowed-sla?" in result.output


def test_a_compile_error_code_is_explained():
    result = run("rule", "unknown-name")
    assert result.exit_code == 0 and "not an analysis rule" in result.output
