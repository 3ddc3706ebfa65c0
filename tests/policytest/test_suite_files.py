"""Reading test files: the format, templates, and located errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TICKET

from slalang.policytest import TestFileError, load_test_file


def write(directory: Path, text: str, name: str = "support_test.yaml") -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def error_of(directory: Path, text: str) -> TestFileError:
    with pytest.raises(TestFileError) as caught:
        load_test_file(write(directory, text))
    return caught.value


def test_a_template_makes_one_case_per_parameter_row(suite_dir: Path) -> None:
    text = """\
now: 2026-11-20T12:00:00Z
cases:
  - name: table
    template: {created_at: "{created}", ticket: {priority: "{priority}"}, customer: {plan: gold, seats: "{seats}"}}
    parameters:
      - {priority: urgent, created: 2026-11-20T10:00:00Z, seats: 5, sla: gold_urgent}
      - {priority: normal, created: 2026-11-20T11:00:00Z, seats: 7, sla: everyone}
    expect: {sla: "{sla}", id: "id {sla} {{x}}"}
"""
    test_file = load_test_file(write(suite_dir, text))
    first, second = test_file.cases
    assert first.name == "table [priority=urgent, created=2026-11-20T10:00:00Z, seats=5, sla=gold_urgent]"
    assert first.ticket["ticket"] == {"priority": "urgent"}
    assert first.ticket["customer"]["seats"] == 5  # a whole placeholder keeps the value's type
    assert first.ticket["created_at"] == "2026-11-20T10:00:00Z"  # instants stay text
    assert first.ticket["id"] == first.name
    assert second.expect == {"sla": "everyone", "id": "id everyone {x}"}
    assert test_file.policy_paths == (str(suite_dir / "support.sla"),)  # NAME_test.yaml tests NAME.sla


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n    expect:\n      sal: gold_urgent\n",
         ":6:7: cases[0].expect.sal:", "a ticket's result has no field `sal`\n    hint: did you mean `sla`?"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n    expect: {sla: x}\n"
         "  - name: b\n    ticket: " + TICKET + "\n    expect: {metrics: {first_respons: {status: met}}}\n",
         ":8:24: cases[1].expect.metrics.first_respons:", "the metrics has no field `first_respons`"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n"
         "    expect: {metrics: {resolution: {status: late}}}\n",
         ":5:45: cases[0].expect.metrics.resolution.status:", "unknown status `late`"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n"
         "    expect: {escalations: [{at: tomorrow}]}\n",
         ":5:33: cases[0].expect.escalations[0].at:", "not an instant"),
        ("cases:\n  - name: a\n    ticket: " + TICKET + "\n    expect: {sla: x}\n",
         ":2:5: cases[0]:", "no `now`"),
        ("now: 2026-11-20 12:00\ncases: []\n", ":1:6: now:", "timestamp"),
        (("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    template: {ticket: {priority: '{prio}'}}\n"
          "    parameters: [{priority: urgent}]\n    expect: {sla: x}\n"),
         ":4:35: cases[0].template.ticket.priority:", "`{prio}` names no parameter of this row (it has: priority)"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    name: b\n", ":4:5: cases[0].name:", "`name` is given twice"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n    expect: {sla: x}\n"
         "  - name: a\n    ticket: " + TICKET + "\n    expect: {sla: x}\n", ":6:11: cases[1].name:", "two cases are named 'a'"),
        ("policy: nowhere.sla\ncases: []\n", ":1:9: policy:", "policy 'nowhere.sla' not found"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    tiket: {}\n", ":4:5: cases[0].tiket:",
         "a case has no key `tiket`\n    hint: did you mean `ticket`?"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n    expect: {sla: [x\n",
         ":6:1:", "not valid YAML"),
        ("now: 2026-11-20T12:00:00Z\ncases:\n  - name: a\n    ticket: " + TICKET + "\n", ":3:5: cases[0]:",
         "the case has no `expect`"),
        ("- just\n- a list\n", ":1:1:", "a test file is a mapping"),
    ],
)
def test_a_bad_test_file_is_reported_with_its_location(suite_dir: Path, text: str, where: str, message: str) -> None:
    problem = error_of(suite_dir, text)
    assert where in str(problem)
    assert message in str(problem)
