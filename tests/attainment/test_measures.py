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


SHARED = """
priorities urgent > normal
sla urgent {{
    when priority urgent
    first_response within 1h
    measure handling within 2h goal 90% {{ start on created stop on resolved }}
}}
sla normal {{
    first_response within 4h
    measure handling within 8h goal {goal} {{ start on created stop on resolved }}
}}
"""


def _ticket(n: int, priority: str, solved_after_h: int | None) -> dict:
    events = [] if solved_after_h is None else [
        {"at": f"2026-11-20T{9 + solved_after_h:02d}:00:00Z", "type": "status", "status": "solved"}
    ]
    return {"id": f"T-{n}", "created_at": "2026-11-20T09:00:00Z", "ticket": {"priority": priority, "status": "new"},
            "events": events}


SHARED_NOW = "2026-11-20T20:00:00Z"
SHARED_TICKETS = [
    _ticket(1, "urgent", 1),  # met (1h of 2h)
    _ticket(2, "urgent", 3),  # breached (3h of 2h)
    _ticket(3, "normal", 5),  # met (5h of 8h)
    _ticket(4, "normal", None),  # breached by now (11h of 8h, not stopped)
    _ticket(5, "normal", None),  # likewise
]


def test_a_measure_several_slas_declare_is_rolled_up_across_them() -> None:
    report = report_tickets(slalang.loads(SHARED.format(goal="90%"), "shared.sla"), SHARED_TICKETS,
                            now=SHARED_NOW)
    (rollup,) = report.measure_rollups
    assert (rollup.measure, rollup.slas) == ("handling", ("urgent", "normal"))
    per_sla = [report.metric(sla, "handling").stats for sla in rollup.slas]
    # the counts are the sums of the SLAs' counts; the samples are every stopped run (1h, 3h, 5h)
    for field in ("met", "breached", "running", "paused", "no_cycle", "stops"):
        assert getattr(rollup.stats, field) == sum(getattr(s, field) for s in per_sla)
    assert (rollup.stats.met, rollup.stats.breached, rollup.stats.running) == (2, 3, 0)
    assert rollup.goal_pct == 90.0 and rollup.mark is not None and rollup.mark.value == "missed"  # 40% < 90%
    assert (rollup.stats.p50_s, rollup.stats.p90_s) == (3 * 3600, 5 * 3600)
    shown = report.to_json()["measure_rollups"]
    assert shown[0]["measure"] == "handling" and shown[0]["slas"] == ["urgent", "normal"] and shown[0]["met"] == 2


def test_a_rolled_up_measure_with_different_goals_is_not_judged() -> None:
    report = report_tickets(slalang.loads(SHARED.format(goal="80%"), "shared.sla"), SHARED_TICKETS,
                            now=SHARED_NOW)
    (rollup,) = report.measure_rollups
    assert rollup.goal_pct is None and rollup.mark is None
    assert report.to_json()["measure_rollups"][0]["mark"] is None


def test_measures_of_one_sla_each_have_no_roll_up() -> None:
    policy, tickets = global_example()
    report = report_tickets(policy, tickets, now=NOW)
    assert report.measure_rollups == ()
    assert "measure_rollups" not in report.to_json()  # the JSON of such a report is unchanged


def test_the_report_table_shows_the_roll_up() -> None:
    from slalang.report.attainment import render_report

    report = report_tickets(slalang.loads(SHARED.format(goal="90%"), "shared.sla"), SHARED_TICKETS,
                            now=SHARED_NOW)
    text = render_report(report, "table", width=160)
    section = text.split("Measures across SLAs", 1)[1].split("\n└", 1)[0]
    (row,) = [line for line in section.splitlines() if line.startswith("│")]
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells[:7] == ["handling", "urgent, normal", "90%", "40.0%", "✘ missed", "2", "3"]
    plain = render_report(report_tickets(global_example()[0], global_example()[1], now=NOW), "table", width=160)
    assert "Measures across SLAs" not in plain
