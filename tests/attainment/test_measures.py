"""report and diff with measures: grouped by name after the built-in metrics of their SLA."""

from __future__ import annotations

import os

import orjson

import slalang
from slalang.attainment import report_tickets
from slalang.attainment.diff import compare_results
from slalang.evaluation import evaluate_tickets

NOW = "2026-11-23T12:00:00Z"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def global_example() -> tuple[slalang.Policy, list[dict]]:
    policy = slalang.load(f"{ROOT}/policies/global/global.sla")
    with open(f"{ROOT}/policies/global/tickets.jsonl", "rb") as f:
        return policy, [orjson.loads(line) for line in f if line.strip()]


def test_report_lists_measures_by_name_after_the_metrics_of_their_sla() -> None:
    policy, tickets = global_example()
    report = report_tickets(policy, tickets, now=NOW)
    urgent = [m for m in report.metrics if m.sla == "enterprise_urgent"]
    assert [m.metric for m in urgent] == ["first_response", "next_response", "resolution", "with_engineering"]
    engineering = urgent[-1]
    # GL-1 two met cycles, GL-6 one met cycle, GL-7 one breached cycle: per ticket, one met each and one breached
    assert (engineering.stats.met, engineering.stats.breached) == (2, 1)
    work = next(m for m in report.metrics if m.metric == "agent_work")
    assert (work.stats.breached, work.stats.running) == (1, 2)


def test_diff_compares_a_measure_with_the_one_of_the_same_name() -> None:
    policy, tickets = global_example()
    old = [r.to_json() for r in evaluate_tickets(policy, tickets, now=NOW)]
    stricter = slalang.loads(
        open(f"{ROOT}/policies/global/global.sla", encoding="utf-8").read().replace(
            'measure agent_work "Agent work time" within 8h', 'measure agent_work "Agent work time" within 4h'
        ).replace('import "calendars.sla"', open(f"{ROOT}/policies/global/calendars.sla", encoding="utf-8").read()),
        "global.sla",
    )
    new = [r.to_json() for r in evaluate_tickets(stricter, tickets, now=NOW)]
    change = compare_results(old[1], new[1])  # GL-2: agent_work 5h counted of 8h, now of 4h
    assert change is not None
    assert [(m.metric, m.old_status, m.new_status) for m in change.metrics] == [("agent_work", "running", "breached")]
