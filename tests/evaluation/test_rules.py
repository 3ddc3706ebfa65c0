"""One test per rule of evaluation.md (and per decision docs/evaluation.md records where the
spec is silent). Every evaluation here also checks that the batch path gives the same bytes."""

from __future__ import annotations

import slalang

from .helpers import at, evaluate_both, ticket


def metric(result: dict, name: str) -> dict:
    return result["metrics"][name]


# --- input ----------------------------------------------------------------------------------


def test_events_are_applied_in_time_order_whatever_the_file_order(rules_policy):
    ordered = ticket(("09:04", "agent_reply"), ("09:30", "status", "solved"), priority="urgent")
    shuffled = ticket(("09:30", "status", "solved"), ("09:04", "agent_reply"), priority="urgent")
    assert evaluate_both(rules_policy, ordered, "12:00") == evaluate_both(rules_policy, shuffled, "12:00")


def test_equal_timestamps_keep_file_order(rules_policy):
    solved_then_open = ticket(("09:30", "status", "solved"), ("09:30", "status", "open"), priority="urgent")
    open_then_solved = ticket(("09:30", "status", "open"), ("09:30", "status", "solved"), priority="urgent")
    still_open = metric(evaluate_both(rules_policy, solved_then_open, "10:00"), "resolution")
    assert still_open["stop"] is None and still_open["status"] == "running"
    resolved = metric(evaluate_both(rules_policy, open_then_solved, "10:00"), "resolution")
    assert resolved["stop"] == at("09:30") and resolved["status"] == "met"


def test_events_after_now_are_ignored(rules_policy):
    raw = ticket(("09:20", "agent_reply"), priority="urgent")
    before = metric(evaluate_both(rules_policy, raw, "09:08"), "first_response")
    assert before == {
        "status": "running", "start": at("09:00"), "deadline": at("09:10"), "stop": None,
        "target_s": 600, "counted_s": 480, "paused_s": 0, "remaining_s": 120,
    }
    after = metric(evaluate_both(rules_policy, raw, "09:30"), "first_response")
    assert after["status"] == "breached" and after["stop"] == at("09:20")


def test_an_event_exactly_at_now_is_known(rules_policy):
    raw = ticket(("09:08", "agent_reply"), priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "09:08"), "first_response")["stop"] == at("09:08")


def test_mixed_offsets_are_the_same_instants(rules_policy):
    utc = ticket(("09:04", "agent_reply"), priority="urgent")
    mixed = ticket(("2026-03-02T10:04:00+01:00", "agent_reply"), priority="urgent", created="2026-03-02T03:30:00-05:30")
    assert evaluate_both(rules_policy, utc, "12:00") == evaluate_both(rules_policy, mixed, "12:00")


def test_fractional_seconds_are_truncated(rules_policy):
    raw = ticket(("2026-03-02T09:04:00.999+00:00", "agent_reply"), priority="urgent", created="2026-03-02T09:00:00.75Z")
    first = metric(evaluate_both(rules_policy, raw, "12:00"), "first_response")
    assert (first["start"], first["stop"], first["counted_s"]) == (at("09:00"), at("09:04"), 240)


# --- counted time ---------------------------------------------------------------------------


def test_a_start_outside_open_hours_waits_for_the_next_opening(rules_policy):
    raw = ticket(created="06:30", priority="high")  # 07:30 in Amsterdam; opens 09:00 = 08:00Z
    first = metric(evaluate_both(rules_policy, raw, "07:00"), "first_response")
    assert first["deadline"] == at("09:00") and first["counted_s"] == 0 and first["status"] == "running"


def test_a_deadline_on_a_closing_instant_is_that_instant(rules_policy):
    raw = ticket(created="15:00", priority="high")  # 16:00 local, closes 17:00 local = 16:00Z
    first = metric(evaluate_both(rules_policy, raw, "15:30"), "first_response")
    assert first["deadline"] == at("16:00")


def test_a_stop_after_a_deadline_on_a_closing_instant_is_breached(rules_policy):
    raw = ticket(("17:00", "agent_reply"), created="15:00", priority="high")
    first = metric(evaluate_both(rules_policy, raw, "18:00"), "first_response")
    assert first["counted_s"] == 3600 and first["deadline"] == at("16:00") and first["status"] == "breached"


def test_counted_time_crosses_nights_and_weekends(rules_policy):
    raw = ticket(created="2026-03-06T15:30:00Z", priority="high")  # Friday 16:30 local
    first = metric(evaluate_both(rules_policy, raw, "2026-03-06T16:30:00Z"), "first_response")
    assert first["deadline"] == "2026-03-09T08:30:00Z"  # Monday 09:30 local
    assert first["counted_s"] == 1800 and first["paused_s"] == 0


def test_a_dst_day_counts_its_true_length():
    policy = slalang.loads(
        """
        calendar ams { timezone "Europe/Amsterdam" hours mon-sun 00:00-24:00 }
        sla all { calendar ams resolution within 1d }
        """
    )
    # 2026-03-29 local midnight is 03-28T23:00Z; that day has 23 hours, so 24 counted hours
    # end at 01:00 local on the 30th.
    raw = ticket(created="2026-03-28T23:00:00Z")
    result = evaluate_both(policy, raw, "2026-03-29T12:00:00Z")
    assert metric(result, "resolution")["deadline"] == "2026-03-29T23:00:00Z"


# --- which SLA governs ------------------------------------------------------------------------


def test_the_first_matching_sla_in_order_governs(rules_policy):
    assert evaluate_both(rules_policy, ticket(priority="urgent"), "09:01")["sla"] == "urgent_sla"
    assert evaluate_both(rules_policy, ticket(priority="normal"), "09:01")["sla"] == "normal_sla"


def test_no_match_gives_a_null_sla_and_no_metrics(rules_policy):
    result = evaluate_both(rules_policy, ticket(("09:05", "agent_reply"), priority="low"), "10:00")
    assert result == {"id": "T-1", "sla": None, "metrics": {}, "escalations": []}


def test_a_field_event_applies_the_new_sla_to_the_whole_history(rules_policy):
    raw = ticket(("09:20", "agent_reply"), ("09:30", "field", "priority", "urgent"), priority="normal")
    result = evaluate_both(rules_policy, raw, "09:40")
    assert result["sla"] == "urgent_sla"
    first = metric(result, "first_response")
    assert (first["target_s"], first["deadline"], first["stop"], first["status"]) == (600, at("09:10"), at("09:20"), "breached")
    assert metric(result, "resolution")["deadline"] == at("11:00")
    # the new SLA's escalations, as if it had governed from the start
    assert [e["at"] for e in result["escalations"]] == [at("09:05"), at("09:10")]


def test_an_sla_change_before_now_only_counts_once_known(rules_policy):
    raw = ticket(("09:20", "agent_reply"), ("09:30", "field", "priority", "urgent"), priority="normal")
    assert evaluate_both(rules_policy, raw, "09:25")["sla"] == "normal_sla"


def test_metrics_the_new_sla_does_not_define_are_dropped(rules_policy):
    raw = ticket(
        ("09:02", "agent_reply"), ("09:05", "customer_reply"), ("09:10", "field", "priority", "normal"), priority="urgent"
    )
    result = evaluate_both(rules_policy, raw, "09:30")
    assert result["sla"] == "normal_sla" and list(result["metrics"]) == ["first_response", "resolution"]


def test_a_field_event_to_no_matching_sla_drops_every_metric(rules_policy):
    raw = ticket(("09:10", "field", "priority", "low"), priority="urgent")
    assert evaluate_both(rules_policy, raw, "09:30") == {"id": "T-1", "sla": None, "metrics": {}, "escalations": []}


def test_customer_field_events_re_decide_the_sla(rules_policy):
    # business_sla pauses while customer.plan is "trial": the plan is a customer field.
    raw = ticket(("09:10", "field", "customer.plan", "trial"), priority="high", customer={"plan": "pro"})
    first = metric(evaluate_both(rules_policy, raw, "09:40"), "first_response")
    assert first["counted_s"] == 600 and first["paused_s"] == 1800 and first["status"] == "paused"


def test_status_events_do_not_re_decide_the_sla_but_field_events_do():
    policy = slalang.loads(
        """
        sla fresh { when status == "new" first_response within 10m }
        sla other { first_response within 2h }
        """
    )
    status_only = ticket(("09:01", "status", "open"))
    assert evaluate_both(policy, status_only, "09:30")["sla"] == "fresh"
    then_field = ticket(("09:01", "status", "open"), ("09:02", "field", "customer.plan", "pro"))
    assert evaluate_both(policy, then_field, "09:30")["sla"] == "other"


def test_a_field_event_on_status_is_a_status_change_too(rules_policy):
    raw = ticket(("09:30", "field", "status", "solved"), priority="urgent")
    result = evaluate_both(rules_policy, raw, "10:00")
    assert metric(result, "resolution")["stop"] == at("09:30")
    assert metric(result, "first_response")["stop"] == at("09:30")


# --- first_response --------------------------------------------------------------------------


def test_first_response_stops_at_the_first_agent_reply(rules_policy):
    raw = ticket(("09:04", "agent_reply"), ("09:06", "agent_reply"), priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "12:00"), "first_response") == {
        "status": "met", "start": at("09:00"), "deadline": at("09:10"), "stop": at("09:04"),
        "target_s": 600, "counted_s": 240, "paused_s": 0,
    }


def test_first_response_stops_when_solved_without_a_reply_and_that_is_not_a_breach(rules_policy):
    raw = ticket(("09:08", "status", "solved"), ("09:20", "agent_reply"), priority="urgent")
    first = metric(evaluate_both(rules_policy, raw, "12:00"), "first_response")
    assert (first["stop"], first["status"]) == (at("09:08"), "met")


def test_first_response_solved_after_its_deadline_without_a_reply_was_breached(rules_policy):
    raw = ticket(("09:30", "status", "solved"), priority="urgent")
    first = metric(evaluate_both(rules_policy, raw, "12:00"), "first_response")
    assert (first["stop"], first["status"]) == (at("09:30"), "breached")


# --- next_response ------------------------------------------------------------------------------


def test_next_response_has_no_cycle_without_a_customer_reply_after_an_agent_reply(rules_policy):
    raw = ticket(("09:02", "customer_reply"), ("09:04", "agent_reply"), priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "12:00"), "next_response") == {"status": "none", "cycles": []}


def test_next_response_cycles_each_have_their_deadline(rules_policy):
    raw = ticket(
        ("09:04", "agent_reply"),
        ("09:20", "customer_reply"),
        ("09:25", "customer_reply"),  # already waiting: no new cycle
        ("09:40", "agent_reply"),
        ("10:00", "customer_reply"),
        ("11:00", "agent_reply"),
        priority="urgent",
    )
    result = metric(evaluate_both(rules_policy, raw, "12:00"), "next_response")
    assert result["status"] == "breached"
    first, second = result["cycles"]
    assert first == {
        "status": "met", "start": at("09:20"), "deadline": at("09:50"), "stop": at("09:40"),
        "target_s": 1800, "counted_s": 1200, "paused_s": 0,
    }
    assert (second["start"], second["deadline"], second["stop"], second["status"]) == (
        at("10:00"), at("10:30"), at("11:00"), "breached"
    )


def test_next_response_is_running_while_its_last_cycle_runs(rules_policy):
    raw = ticket(("09:04", "agent_reply"), ("09:20", "customer_reply"), ("09:30", "agent_reply"), ("09:40", "customer_reply"),
                 priority="urgent")
    result = metric(evaluate_both(rules_policy, raw, "09:45"), "next_response")
    assert result["status"] == "running" and [c["status"] for c in result["cycles"]] == ["met", "running"]
    assert result["cycles"][1]["stop"] is None and result["cycles"][1]["counted_s"] == 300


def test_a_next_response_cycle_stops_when_the_ticket_is_resolved(rules_policy):
    raw = ticket(("09:04", "agent_reply"), ("09:20", "customer_reply"), ("09:30", "status", "solved"), priority="urgent")
    cycle = metric(evaluate_both(rules_policy, raw, "12:00"), "next_response")["cycles"][0]
    assert (cycle["stop"], cycle["status"], cycle["counted_s"]) == (at("09:30"), "met", 600)


def test_a_customer_reply_to_a_resolved_ticket_starts_a_cycle_only_when_it_is_reopened(rules_policy):
    solved = [("09:04", "agent_reply"), ("09:10", "status", "solved")]
    thanks = ticket(*solved, ("09:20", "customer_reply"), priority="urgent")
    assert metric(evaluate_both(rules_policy, thanks, "12:00"), "next_response")["cycles"] == []
    reopened = ticket(*solved, ("09:20", "customer_reply"), ("09:20", "status", "open"), priority="urgent")
    cycle = metric(evaluate_both(rules_policy, reopened, "12:00"), "next_response")["cycles"][0]
    assert (cycle["start"], cycle["deadline"]) == (at("09:20"), at("09:50"))
    reopened_later = ticket(*solved, ("09:20", "customer_reply"), ("10:00", "status", "open"), priority="urgent")
    cycle = metric(evaluate_both(rules_policy, reopened_later, "12:00"), "next_response")["cycles"][0]
    assert cycle["start"] == at("10:00")


def test_next_response_escalations_fire_per_cycle(rules_policy):
    raw = ticket(
        ("09:01", "agent_reply"), ("09:10", "customer_reply"), ("09:40", "agent_reply"),
        ("10:00", "customer_reply"), ("10:05", "agent_reply"), ("10:10", "customer_reply"),
        priority="urgent",
    )
    result = evaluate_both(rules_policy, raw, "10:30")
    fired = [(e["metric"], e["at"]) for e in result["escalations"] if e["metric"] == "next_response"]
    assert fired == [("next_response", at("09:25")), ("next_response", at("10:25"))]


# --- resolution ---------------------------------------------------------------------------------


def test_resolution_with_a_reopen_does_not_count_resolved_time(rules_policy):
    raw = ticket(("09:30", "status", "solved"), ("10:00", "status", "open"), ("10:30", "status", "closed"), priority="urgent")
    res = metric(evaluate_both(rules_policy, raw, "12:00"), "resolution")
    assert res == {
        "status": "met", "start": at("09:00"), "deadline": at("11:30"), "stop": at("10:30"),
        "target_s": 7200, "counted_s": 3600, "paused_s": 1800,
    }


def test_resolution_runs_again_after_a_reopen(rules_policy):
    raw = ticket(("09:30", "status", "solved"), ("10:00", "status", "open"), priority="urgent")
    res = metric(evaluate_both(rules_policy, raw, "10:15"), "resolution")
    assert (res["status"], res["stop"], res["counted_s"], res["paused_s"]) == ("running", None, 2700, 1800)


def test_solved_then_closed_keeps_the_first_resolve_as_the_stop(rules_policy):
    raw = ticket(("09:30", "status", "solved"), ("10:00", "status", "closed"), priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "12:00"), "resolution")["stop"] == at("09:30")


# --- pause ---------------------------------------------------------------------------------------


def test_no_clock_counts_while_the_pause_rule_holds(rules_policy):
    raw = ticket(("09:05", "status", "waiting"), ("09:35", "status", "open"), priority="urgent")
    result = evaluate_both(rules_policy, raw, "09:40")
    first = metric(result, "first_response")
    assert (first["counted_s"], first["paused_s"], first["deadline"], first["status"]) == (600, 1800, at("09:40"), "running")
    res = metric(result, "resolution")
    assert (res["counted_s"], res["paused_s"], res["deadline"]) == (600, 1800, at("11:30"))


def test_paused_seconds_only_count_open_hours(rules_policy):
    # waiting from Monday 15:00Z to Tuesday 09:00Z; open 08:00-16:00Z
    raw = ticket(("15:00", "status", "waiting"), ("2026-03-03T09:00:00Z", "status", "open"), created="14:00", priority="high")
    res = metric(evaluate_both(rules_policy, raw, "2026-03-03T10:00:00Z"), "resolution")
    assert (res["counted_s"], res["paused_s"]) == (3600 + 3600, 3600 + 3600)


def test_a_ticket_paused_at_now_is_paused_and_its_deadline_assumes_no_further_pause(rules_policy):
    raw = ticket(("09:05", "status", "waiting"), priority="urgent")
    first = metric(evaluate_both(rules_policy, raw, "10:00"), "first_response")
    assert (first["status"], first["counted_s"], first["paused_s"], first["deadline"]) == ("paused", 300, 3300, at("10:05"))


def test_a_paused_metric_past_its_deadline_is_breached(rules_policy):
    raw = ticket(("09:12", "status", "waiting"), priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "10:00"), "first_response")["status"] == "breached"


def test_a_pause_rule_that_holds_at_creation_pauses_from_the_start(rules_policy):
    raw = ticket(("09:30", "status", "open"), priority="urgent", status="waiting")
    first = metric(evaluate_both(rules_policy, raw, "09:35"), "first_response")
    assert (first["counted_s"], first["paused_s"], first["deadline"]) == (300, 1800, at("09:40"))
    assert metric(evaluate_both(rules_policy, raw, "09:20"), "first_response")["status"] == "paused"


# --- statuses --------------------------------------------------------------------------------------


def test_now_exactly_at_the_deadline_is_still_running(rules_policy):
    raw = ticket(priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "09:10"), "first_response")["status"] == "running"
    assert metric(evaluate_both(rules_policy, raw, "2026-03-02T09:10:01Z"), "first_response")["status"] == "breached"


def test_a_stop_exactly_at_the_deadline_is_met(rules_policy):
    raw = ticket(("09:10", "agent_reply"), priority="urgent")
    assert metric(evaluate_both(rules_policy, raw, "12:00"), "first_response")["status"] == "met"


def test_a_ticket_created_in_a_resolved_status_is_resolved_at_creation(rules_policy):
    raw = ticket(("09:20", "agent_reply"), priority="urgent", status="solved")
    result = evaluate_both(rules_policy, raw, "12:00")
    for name in ("first_response", "resolution"):
        run = metric(result, name)
        assert (run["stop"], run["counted_s"], run["status"]) == (at("09:00"), 0, "met")
    assert result["escalations"] == []


def test_a_ticket_created_after_now_has_not_started_counting(rules_policy):
    raw = ticket(("09:04", "agent_reply"), priority="urgent")
    first = metric(evaluate_both(rules_policy, raw, "2026-03-02T08:00:00Z"), "first_response")
    assert first == {
        "status": "running", "start": at("09:00"), "deadline": at("09:10"), "stop": None,
        "target_s": 600, "counted_s": 0, "paused_s": 0, "remaining_s": 600,
    }


# --- escalations -----------------------------------------------------------------------------------


def test_escalations_fire_at_their_share_of_counted_time_while_running(rules_policy):
    raw = ticket(("09:07", "agent_reply"), ("10:30", "status", "solved"), priority="urgent")
    result = evaluate_both(rules_policy, raw, "12:00")
    assert result["escalations"] == [
        {"metric": "first_response", "at": at("09:05"), "actions": ["notify assignee"]},
        {"metric": "resolution", "at": at("10:00"), "actions": ["notify duty@acme.example"]},
    ]


def test_escalations_after_now_have_not_fired(rules_policy):
    raw = ticket(priority="urgent")
    assert [e["at"] for e in evaluate_both(rules_policy, raw, "09:07")["escalations"]] == [at("09:05")]


def test_a_step_at_the_stop_instant_does_not_fire(rules_policy):
    raw = ticket(("09:05", "agent_reply"), priority="urgent")
    assert evaluate_both(rules_policy, raw, "09:30")["escalations"] == []


def test_escalation_offsets_and_actions_are_canonical(rules_policy):
    raw = ticket(("09:01", "agent_reply"), priority="urgent")
    result = evaluate_both(rules_policy, raw, "12:00")
    assert result["escalations"] == [
        {"metric": "resolution", "at": at("10:00"), "actions": ["notify duty@acme.example"]},
        {"metric": "resolution", "at": at("10:50"), "actions": ["reassign escalations", "set priority urgent"]},
    ]


def test_escalations_are_ordered_by_instant_then_metric_then_step():
    policy = slalang.loads(
        """
        sla s {
            first_response within 20m
            resolution within 40m
            escalate first_response { at 100% notify "b@x.example"  at 50% notify "a@x.example" }
            escalate resolution { at 25% notify "c@x.example"  at 50% notify "d@x.example" }
        }
        """
    )
    result = evaluate_both(policy, ticket(), "12:00")
    assert [(e["metric"], e["at"], e["actions"][0]) for e in result["escalations"]] == [
        ("first_response", at("09:10"), "notify a@x.example"),
        ("resolution", at("09:10"), "notify c@x.example"),
        ("first_response", at("09:20"), "notify b@x.example"),
        ("resolution", at("09:20"), "notify d@x.example"),
    ]


def test_escalations_count_only_counted_time():
    policy = slalang.loads(
        """
        calendar biz { timezone "UTC" hours mon-fri 09:00-17:00 }
        sla s { calendar biz resolution within 2h escalate resolution { at 50% notify assignee } }
        """
    )
    raw = ticket(created="16:30")  # 30m on Monday, the rest on Tuesday
    result = evaluate_both(policy, raw, "2026-03-03T12:00:00Z")
    assert result["escalations"] == [{"metric": "resolution", "at": "2026-03-03T09:30:00Z", "actions": ["notify assignee"]}]


def test_a_step_before_zero_fires_at_the_start_and_fractions_round_up():
    policy = slalang.loads(
        """
        sla s {
            first_response within 10m
            escalate first_response { at 10% - 1h notify "early@x.example"  at 33.3% notify "third@x.example" }
        }
        """
    )
    result = evaluate_both(policy, ticket(), "12:00")
    # 10% of 10m minus 1h is before the start; 33.3% of 600 s is 199.8 s -> 200 s
    assert [e["at"] for e in result["escalations"]] == [at("09:00"), "2026-03-02T09:03:20Z"]
