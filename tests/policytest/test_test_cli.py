"""``slalang test``: outcomes, failure reports with the explain trace, -k, JUnit XML, exit codes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from conftest import TICKET

from slalang.cli.main import cli

REPO = Path(__file__).resolve().parents[2]

SUITE = f"""\
now: 2026-11-20T12:00:00Z
cases:
  - name: gold urgent
    ticket: {TICKET}
    expect:
      sla: gold_urgent
      metrics:
        first_response: {{status: breached, deadline: 2026-11-20T10:15:00Z}}
      escalations: [{{metric: first_response, at: 2026-11-20T11:15:00+01:00, actions: [notify team.lead]}}]
  - name: priority table
    template: {{created_at: 2026-11-20T10:00:00Z, ticket: {{priority: "{{p}}"}}, customer: {{plan: gold}}}}
    parameters: [{{p: urgent, sla: gold_urgent}}, {{p: normal, sla: everyone}}]
    expect: {{sla: "{{sla}}"}}
"""


def run(*args: str):
    return CliRunner().invoke(cli, ["test", *args])


def test_a_passing_suite_exits_0(suite_dir: Path) -> None:
    (suite_dir / "support_test.yaml").write_text(SUITE, encoding="utf-8")
    result = run(str(suite_dir))
    assert result.exit_code == 0, result.output
    assert result.output.endswith("3 passed, 0 failed\n")


def test_a_failure_shows_expected_against_got_and_the_explain_trace(suite_dir: Path) -> None:
    (suite_dir / "support_test.yaml").write_text(SUITE.replace("sla: everyone", "sla: gold_urgent"), encoding="utf-8")
    result = run(str(suite_dir))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(SUITE.splitlines(), start=1) if "priority table" in text)
    assert f"FAIL {suite_dir / 'support_test.yaml'}:{line}: priority table [p=normal, sla=gold_urgent]" in result.output
    assert 'sla: expected "gold_urgent", got "everyone"' in result.output
    assert "gold_urgent does not match: segment gold and priority urgent" in result.output
    assert 'priority urgent is false (saw "normal")' in result.output
    assert result.output.endswith("2 passed, 1 failed\n")


def test_k_selects_cases_by_part_of_their_name(suite_dir: Path) -> None:
    (suite_dir / "support_test.yaml").write_text(SUITE, encoding="utf-8")
    result = run(str(suite_dir), "-k", "P=NORMAL", "-v")
    assert result.exit_code == 0
    assert "ok   priority table [p=normal, sla=everyone]" in result.output
    assert "gold urgent" not in result.output
    assert "(2 deselected by -k)" in result.output
    assert result.output.endswith("1 passed, 0 failed\n")
    assert run(str(suite_dir), "-k", "no such case").exit_code == 1  # nothing ran


def test_junit_xml_for_ci(suite_dir: Path, tmp_path: Path) -> None:
    (suite_dir / "support_test.yaml").write_text(SUITE.replace("10:15:00Z", "10:16:00Z"), encoding="utf-8")
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    result = run(str(suite_dir), "--junit", str(report))
    assert result.exit_code == 1
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "0")
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "gold urgent",
        "priority table [p=urgent, sla=gold_urgent]",
        "priority table [p=normal, sla=everyone]",
    ]
    failure = cases[0].find("failure")
    assert failure.get("message") == (
        'metrics.first_response.deadline: expected "2026-11-20T10:16:00Z", got "2026-11-20T10:15:00Z"'
    )
    assert "explain:" in failure.text
    assert cases[1].find("failure") is None


def test_a_test_file_without_cases_fails(suite_dir: Path) -> None:
    (suite_dir / "support_test.yaml").write_text("now: 2026-11-20T12:00:00Z\ncases: []\n", encoding="utf-8")
    result = run(str(suite_dir))
    assert result.exit_code == 1
    assert "no cases" in result.output


def test_a_bad_test_file_exits_2_and_the_others_still_run(suite_dir: Path) -> None:
    (suite_dir / "support_test.yaml").write_text(SUITE, encoding="utf-8")
    sub = suite_dir / "more"
    sub.mkdir()
    (sub / "broken_test.yaml").write_text(
        "policy: ../support.sla\nnow: 2026-11-20T12:00:00Z\ncases:\n  - name: x\n    ticket: {}\n    expect: {sla: [1]}\n",
        encoding="utf-8",
    )
    (sub / "notes.yaml").write_text("not: a test file\n", encoding="utf-8")
    result = run(str(suite_dir))
    assert result.exit_code == 2
    assert f"{sub / 'broken_test.yaml'}:6:19: cases[0].expect.sla: expected text, got a list" in result.output
    assert "3 passed, 0 failed, 1 bad test file" in result.output


def test_a_missing_path_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_a_policy_that_does_not_compile_fails_with_its_errors(suite_dir: Path) -> None:
    (suite_dir / "support.sla").write_text("sla s {\n    when segment missing\n    first_response within 1h\n}\n")
    (suite_dir / "support_test.yaml").write_text(SUITE, encoding="utf-8")
    result = run(str(suite_dir))
    assert result.exit_code == 1
    assert "the policy does not compile" in result.output
    assert "support.sla:2:" in result.output


def test_the_shipped_policies_pass_their_tests() -> None:
    result = run(str(REPO / "policies"))
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output


def test_results_are_coloured_on_request(suite_dir: Path) -> None:
    (suite_dir / "support_test.yaml").write_text(SUITE.replace("sla: everyone", "sla: gold_urgent"), encoding="utf-8")
    plain = run(str(suite_dir))
    assert "\x1b[" not in plain.output
    coloured = CliRunner().invoke(cli, ["test", str(suite_dir), "--color", "always"])
    assert "\x1b[1;31mFAIL\x1b[0m" in coloured.output and "\x1b[32mok  \x1b[0m" not in coloured.output
    assert "\x1b[1;31m2 passed, 1 failed\x1b[0m" in coloured.output
    passing = CliRunner().invoke(cli, ["test", str(suite_dir), "-k", "gold urgent", "-v"], env={"FORCE_COLOR": "1"})
    assert "\x1b[32mok  \x1b[0m gold urgent" in passing.output


MEASURED = """\
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:00 }
sla regional {
    calendar by customer.region { "emea" office else office in customer.timezone }
    measure agent_work within 2h { resume on reopened }
    measure updates within 1d { cycles start on agent_reply stop on agent_reply }
}
"""
MEASURED_SUITE = """\
now: 2026-11-23T12:00:00Z
cases:
  - name: a measure and the chosen zone
    ticket: {created_at: 2026-11-23T09:00:00Z, customer: {region: apac, timezone: Asia/Tokyo},
             events: [{at: 2026-11-23T10:00:00Z, type: agent_reply}]}
    expect:
      calendar: office
      zone: Asia/Tokyo
      metrics:
        agent_work: {status: running, stop: null}
        updates: {status: running, cycles: [{start: 2026-11-23T10:00:00Z}]}
      escalations: []
"""


def test_expectations_name_measures_and_the_chosen_calendar(tmp_path: Path) -> None:
    (tmp_path / "regional.sla").write_text(MEASURED, encoding="utf-8")
    (tmp_path / "regional_test.yaml").write_text(MEASURED_SUITE, encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    (tmp_path / "regional_test.yaml").write_text(MEASURED_SUITE.replace("Asia/Tokyo}", "Mars/Base}"), encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert 'zone: expected "Asia/Tokyo", got "Europe/Amsterdam"' in result.output
