"""Until evaluation supports measures, rules per metric and calendars chosen from the ticket, a
policy using them is refused loudly in one place (never evaluated as if they were absent);
a calendar read in a fixed zone is one calendar, and evaluates as such already."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.compiler import compile_paths, compile_text
from slalang.evaluation import evaluate_ticket
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.explain import explain_ticket
from slalang.evaluation.unsupported import NotEvaluatedYet, unsupported_constructs

from .helpers import ROOT, evaluate_both, ticket

GLOBAL = os.path.join(ROOT, "tests", "fixtures", "global", "global.sla")


def model(text: str):
    result = compile_text(text, "p.sla")
    assert result.model is not None, result.diagnostics
    return result.model


@pytest.mark.parametrize(
    "body, words",
    [
        ("calendar by customer.region { else always } resolution within 1h", "`calendar by customer.region`"),
        ("calendar always in customer.tz resolution within 1h", "`calendar always in customer.tz`"),
        ("resolution within 1h { calendar always }", "a calendar of its own on `resolution`"),
        ("next_response within 1h { pause never }", "a pause rule of its own on `next_response`"),
        ("measure m within 1h measure n within 2h", "measures (`m`, `n`)"),
    ],
)
def test_each_construct_evaluation_lacks_is_named_with_its_sla(body: str, words: str) -> None:
    policy = model(f"sla plain {{ resolution within 1h }}\nsla s {{ when true {body} }}")
    assert unsupported_constructs(policy.sla("plain")) == []
    with pytest.raises(NotEvaluatedYet, match=re.escape(f"SLA `s` uses {words}")) as raised:
        evaluate_ticket(policy, ticket(), now="2026-03-02T12:00:00Z")
    assert isinstance(raised.value, ValueError)
    with pytest.raises(NotEvaluatedYet):
        BatchEvaluator(policy)


@pytest.mark.parametrize(
    "command",
    [
        ["eval", GLOBAL, "{tickets}"],
        ["explain", GLOBAL, "{tickets}", "--ticket-id", "1"],
        ["report", GLOBAL, "{tickets}"],
        ["diff", GLOBAL, GLOBAL, "{tickets}"],
    ],
    ids=lambda c: c[0],
)
def test_the_global_example_is_refused_with_a_message_and_exit_status_2(command: list[str], tmp_path) -> None:
    tickets = tmp_path / "t.jsonl"
    tickets.write_text('{"id": 1, "created_at": "2026-11-02T09:00:00Z", "ticket": {}, "customer": {}}\n')
    args = [a.replace("{tickets}", str(tickets)) for a in command]
    done = subprocess.run([sys.executable, "-m", "slalang", *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.startswith(
        f"slalang {command[0]}: SLA `enterprise_urgent` uses a pause rule of its own on `next_response`"
    ), done.stderr
    assert "which slalang does not evaluate yet" in done.stderr and "Traceback" not in done.stderr
    assert compile_paths([GLOBAL]).model is not None  # it compiles: only evaluation waits


def test_slalang_test_reports_the_policy_it_cannot_evaluate_as_an_error_of_its_cases(tmp_path) -> None:
    (tmp_path / "p.sla").write_text("sla s { measure m within 1h }\n")
    (tmp_path / "p_test.yaml").write_text(
        "policy: p.sla\ncases:\n  - name: one\n    now: 2026-11-02T12:00:00Z\n"
        '    ticket: {id: 1, created_at: "2026-11-02T09:00:00Z", ticket: {}, customer: {}}\n'
        "    expect: {sla: s}\n"
    )
    done = subprocess.run([sys.executable, "-m", "slalang", "test", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "the policy cannot be evaluated yet:" in done.stdout
    assert "error[not-evaluated] SLA `s` uses measures (`m`), which slalang does not evaluate yet" in done.stdout


TOKYO_BY_NAME = """
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:00 closed 2026-03-04 }
calendar office_tokyo { timezone "Asia/Tokyo" hours mon-fri 09:00-17:00 closed 2026-03-04 }
sla s { calendar office_tokyo first_response within 4h resolution within 2d pause when status == "pending" }
"""
TOKYO_IN_ZONE = TOKYO_BY_NAME.replace("calendar office_tokyo first", 'calendar office in "Asia/Tokyo" first')


@settings(max_examples=40, deadline=None)
@given(
    created_h=st.integers(0, 23 * 4),
    reply_after_m=st.integers(0, 60 * 30),
    pause=st.lists(st.integers(0, 60 * 60), min_size=0, max_size=2),
)
def test_a_calendar_in_a_fixed_zone_evaluates_as_that_calendar_declared_in_the_zone(created_h, reply_after_m, pause):
    created = f"2026-03-02T{created_h // 4 % 24:02d}:{created_h % 4 * 15:02d}:00Z"
    base = 1772409600 + (created_h // 4 % 24) * 3600 + created_h % 4 * 900  # 2026-03-02T00:00Z + offset

    def iso(seconds: int) -> str:
        import datetime as dt

        return dt.datetime.fromtimestamp(base + seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    events = [(iso(reply_after_m * 60), "agent_reply")]
    for i, minute in enumerate(sorted(pause)):
        events.append((iso(minute * 60), "status", "pending" if i % 2 == 0 else "open"))
    events.sort(key=lambda e: e[0])
    raw = ticket(*events, created=created)
    now = "2026-03-09T12:00:00Z"
    by_name = evaluate_both(model(TOKYO_BY_NAME), raw, now)
    in_zone = evaluate_both(model(TOKYO_IN_ZONE), raw, now)
    assert in_zone == by_name


def test_explain_names_the_calendar_and_the_zone_it_is_read_in() -> None:
    explanation = explain_ticket(model(TOKYO_IN_ZONE), ticket(created="2026-03-02T01:00:00Z"), now="2026-03-02T12:00:00Z")
    assert (explanation.calendar, explanation.timezone) == ("office", "Asia/Tokyo")
