"""``slalang test``'s report for people and its JUnit XML, against golden files: passing,
failing (with the explain trace), bad-input and erroring cases, and a policy that does not
compile."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from golden import assert_golden

from slalang.policytest import run_tests
from slalang.report.policytest import junit_xml, render_run

GOLDEN = Path(__file__).parent / "golden"

POLICY = """\
priorities urgent > normal
segment gold when customer.plan == "gold"

sla gold_urgent {
    when segment gold and priority urgent
    first_response within 15m
    resolution     within 1d4h30m
    escalate first_response {
        at 100% notify team.lead
    }
    escalate resolution {
        at 33.3% notify assignee
        at 100% + 1h notify team.lead
    }
}

sla everyone {
    first_response within 1h
}
"""

SUITE = """\
now: 2026-11-20T12:00:00Z
cases:
  - name: gold urgent
    ticket: {created_at: 2026-11-20T10:00:00Z, ticket: {priority: urgent}, customer: {plan: gold}}
    expect:
      sla: gold_urgent
      metrics:
        first_response: {status: breached, deadline: 2026-11-20T10:15:00Z}
  - name: a wrong deadline
    ticket: {created_at: 2026-11-20T10:00:00Z, ticket: {priority: urgent}, customer: {plan: gold}}
    expect:
      metrics:
        resolution: {deadline: 2026-11-21T14:00:00Z}
  - name: priority table
    template: {created_at: 2026-11-20T10:00:00Z, ticket: {priority: "{p}"}, customer: {plan: gold}}
    parameters: [{p: urgent, sla: gold_urgent}, {p: normal, sla: gold_urgent}]
    expect: {sla: "{sla}"}
  - name: a ticket without created_at
    ticket: {ticket: {priority: urgent}}
    expect: {sla: gold_urgent}
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("suite")
    (root / "support.sla").write_text(POLICY, encoding="utf-8")
    (root / "support_test.yaml").write_text(SUITE, encoding="utf-8")
    broken = root / "broken"
    broken.mkdir()
    (broken / "broken.sla").write_text("sla s {\n    when segment missing\n    first_response within 1h\n}\n")
    (broken / "broken_test.yaml").write_text(SUITE.replace("support.sla", "broken.sla"), encoding="utf-8")
    (root / "empty_test.yaml").write_text("policy: support.sla\nnow: 2026-11-20T12:00:00Z\ncases: []\n")
    here = os.getcwd()
    os.chdir(root)  # relative paths in the report, whatever the temporary directory is called
    try:
        return run_tests(["."])
    finally:
        os.chdir(here)


def test_the_text_report_golden(run):
    text = render_run(run, verbose=True)
    assert_golden(GOLDEN / "test_run.txt", text)


def test_the_junit_xml_golden(run):
    xml = re.sub(r'time="[0-9.]+"', 'time="0.000"', junit_xml(run))
    assert_golden(GOLDEN / "test_run.xml", xml)
