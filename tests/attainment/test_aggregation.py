"""Attainment counting, percentiles, breakdowns and goal marks on hand-made results."""

from __future__ import annotations

import datetime as dt

import pytest

from slalang.attainment import GoalMark, GroupStats, ResultShapeError, build_report
from slalang.attainment.aggregation import MAX_ERRORS_KEPT

from .factories import cycles, failure, gold_results, result, run, shop_model, ticket


def test_attainment_counts_decided_tickets_only_and_marks_the_goal():
    tickets, results = gold_results()
    report = build_report(shop_model(), results, tickets)
    fr = report.metric("gold", "first_response")
    assert (fr.stats.met, fr.stats.breached, fr.stats.running, fr.stats.paused) == (7, 2, 1, 0)
    assert fr.stats.decided == 9 and fr.stats.open == 1
    assert fr.stats.attainment_pct == pytest.approx(100 * 7 / 9)
    assert fr.goal_pct == 90.0 and fr.mark is GoalMark.MISSED
    res = report.metric("gold", "resolution")
    assert (res.stats.met, res.stats.breached, res.stats.running, res.stats.paused) == (1, 0, 8, 1)
    assert res.stats.attainment_pct == 100.0 and res.mark is GoalMark.MET
    assert report.tickets == 10 and report.evaluated == 10 and report.failed == 0
    assert dict(report.per_sla) == {"gold": 10, "basic": 0}


def test_time_to_stop_percentiles_use_stopped_metrics_only():
    tickets, results = gold_results()
    fr = build_report(shop_model(), results, tickets).metric("gold", "first_response")
    # Samples: 60..420 (7 met) and 5000 (breached after stopping); the open breach and the
    # running ticket have no stop and give no sample.
    assert fr.stats.stops == 8
    assert fr.stats.p50_s == 240  # nearest rank: ceil(0.5 * 8) = 4th of 8
    assert fr.stats.p90_s == 5000  # ceil(0.9 * 8) = 8th


def test_breakdowns_use_segments_and_priority_at_creation():
    tickets, results = gold_results()
    fr = build_report(shop_model(), results, tickets).metric("gold", "first_response")
    segments = {r.group: r for r in fr.by_segment}
    assert list(segments) == ["enterprise", "vip"]
    assert segments["enterprise"].stats == fr.stats
    vip = segments["vip"].stats  # G-1, G-3, G-5: all met
    assert (vip.met, vip.breached, vip.p50_s) == (3, 0, 240)
    assert segments["vip"].mark is GoalMark.MET
    priorities = {r.group: r for r in fr.by_priority}
    assert list(priorities) == ["urgent", "high", "normal", "(none)"]  # declared order, empty ones left out
    assert (priorities["urgent"].stats.breached, priorities["urgent"].mark) == (2, GoalMark.MISSED)
    assert priorities["high"].stats.met == 4
    assert priorities["(none)"].stats.running == 1 and priorities["(none)"].mark is GoalMark.NO_DATA


def test_breakdowns_follow_creation_attributes_not_later_events():
    t = ticket("X", priority="low", plan="enterprise")
    t["events"] = [{"at": "2026-11-20T09:10:00+00:00", "type": "field", "field": "priority", "value": "urgent"}]
    res = [result("X", "gold", first_response=run("met", 10), next_response=cycles(), resolution=run("met", 20))]
    fr = build_report(shop_model(), res, [t]).metric("gold", "first_response")
    assert [r.group for r in fr.by_priority] == ["low"]


def test_next_response_counts_tickets_for_attainment_and_cycles_for_times():
    model = shop_model()
    results = [
        result(
            "A",
            "gold",
            first_response=run("met", 1),
            resolution=run("met", 1),
            next_response=cycles(run("met", 600, 7200), run("breached", 9000, 7200, stopped=True)),
        ),
        result(
            "B",
            "gold",
            first_response=run("met", 1),
            resolution=run("met", 1),
            next_response=cycles(run("met", 1200, 7200), run("running", 100, 7200)),
        ),
        result("C", "gold", first_response=run("met", 1), resolution=run("met", 1), next_response=cycles()),
        result(
            "D",
            "gold",
            first_response=run("met", 1),
            resolution=run("met", 1),
            next_response=cycles(run("met", 300, 7200)),
        ),
    ]
    nr = build_report(model, results).metric("gold", "next_response")
    assert (nr.stats.met, nr.stats.breached, nr.stats.running, nr.stats.no_cycle) == (1, 1, 1, 1)
    assert nr.stats.attainment_pct == 50.0 and nr.mark is GoalMark.MISSED  # goal 80%
    assert nr.stats.stops == 4  # 600, 9000, 1200, 300: the running cycle has no stop
    assert (nr.stats.p50_s, nr.stats.p90_s) == (600, 9000)
    assert nr.by_segment == () and nr.by_priority == ()  # no tickets given: no breakdowns


def test_goal_comparison_is_exact():
    assert GroupStats(met=999, breached=1).mark(99.9) is GoalMark.MET
    assert GroupStats(met=998, breached=2).mark(99.9) is GoalMark.MISSED
    assert GroupStats(met=9, breached=1).mark(90.0) is GoalMark.MET
    assert GroupStats(met=0, breached=0, running=5).mark(50.0) is GoalMark.NO_DATA
    assert GroupStats(met=0, breached=3).mark(0.0) is GoalMark.MET


def test_metrics_without_tickets_have_no_data():
    report = build_report(shop_model(), [])
    assert [m.key for m in report.metrics] == [
        ("gold", "first_response"),
        ("gold", "next_response"),
        ("gold", "resolution"),
        ("basic", "first_response"),
        ("basic", "resolution"),
    ]
    assert all(m.mark is GoalMark.NO_DATA and m.stats.p50_s is None for m in report.metrics)
    assert report.goals_missed == ()


def test_failures_and_tickets_without_sla_are_counted_apart():
    results = [
        failure("B-1", "created_at is missing", 3),
        result("L", None),
        failure(None, "invalid JSON: unexpected character", 4),
    ]
    results += [failure(f"E-{i}", "bad", 10 + i) for i in range(MAX_ERRORS_KEPT + 5)]
    report = build_report(shop_model(), results, [ticket("L", priority="low")])
    assert report.tickets == 3 + MAX_ERRORS_KEPT + 5
    assert report.failed == 2 + MAX_ERRORS_KEPT + 5 and report.no_sla == 1
    assert len(report.errors) == MAX_ERRORS_KEPT
    assert (report.errors[0].id, report.errors[0].line, report.errors[0].error) == ("B-1", 3, "created_at is missing")
    assert report.errors[1].id is None
    assert all(m.stats.tickets == 0 for m in report.metrics)


def test_results_are_matched_to_tickets_by_id_in_any_order():
    model = shop_model()
    tickets = [ticket("A", "urgent"), ticket("B", "low"), ticket("A", "high")]
    r = lambda tid: result(tid, "basic", first_response=run("met", 5), resolution=run("met", 5))  # noqa: E731
    fr = build_report(model, [r("B"), r("A"), r("A")], tickets).metric("basic", "first_response")
    assert {row.group: row.stats.met for row in fr.by_priority} == {"urgent": 1, "high": 1, "low": 1}
    # read_tickets yields (line, ticket) pairs: accepted too
    fr = build_report(model, [r("A")], [(1, ticket("A", "urgent"))]).metric("basic", "first_response")
    assert [row.group for row in fr.by_priority] == ["urgent"]


def test_result_objects_with_to_json_are_accepted():
    class Result:
        def to_json(self):
            return result(
                "A", "basic", first_response=run("breached", 20000, 14400, stopped=True), resolution=run("met", 9)
            )

    report = build_report(shop_model(), [Result()])
    assert report.metric("basic", "first_response").stats.breached == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (result("A", "platinum"), "names SLA 'platinum', which the policy does not define"),
        (result("A", "basic", first_response=run("met", 1)), "metrics resolution missing for it"),
        (
            result("A", "basic", first_response=run("met", 1), resolution=run("met", 1), next_response=cycles()),
            "metrics next_response not defined by it",
        ),
        (result("A", "basic", first_response=run("late", 1), resolution=run("met", 1)), "has status 'late'"),
        (result("A", "basic", first_response=run("none", 1), resolution=run("met", 1)), "has status 'none'"),
        ({"id": "A"}, "has neither 'sla' nor 'error'"),
        (
            result("A", "basic", first_response={**run("met", 1), "counted_s": -1}, resolution=run("met", 1)),
            "no valid counted_s",
        ),
    ],
)
def test_results_that_do_not_fit_the_policy_are_refused(bad, message):
    with pytest.raises(ResultShapeError, match=message.replace("(", r"\(")):
        build_report(shop_model(), [bad])


def test_json_form_carries_the_counts_and_marks():
    tickets, results = gold_results()
    aware = dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert build_report(shop_model(), results, tickets, now=aware).now == "2026-11-21T00:00:00Z"
    data = build_report(shop_model(), results, tickets, now="2026-11-21T00:00:00Z").to_json()
    assert data["policy"] == {"name": "shop", "version": "1"} and data["now"] == "2026-11-21T00:00:00Z"
    fr = data["metrics"][0]
    assert (fr["sla"], fr["metric"], fr["mark"], fr["met"], fr["breached"], fr["running"]) == (
        "gold",
        "first_response",
        "missed",
        7,
        2,
        1,
    )
    assert sum(b["count"] for b in fr["histogram"]) == 8
    assert data["goals_missed"] == 1
