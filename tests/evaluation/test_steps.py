"""The single definitions every evaluation path shares, pinned on their own."""

from __future__ import annotations

import pytest

from slalang.evaluation.clocks import calendar_of, plan_sla
from slalang.evaluation.escalations import fires
from slalang.evaluation.history import decision_points, held_intervals
from slalang.evaluation.runs import roll_up, run_status
from slalang.evaluation.tickets import TicketValidator

from .helpers import ticket


def test_held_intervals_close_at_each_change_and_drop_empty_ones():
    assert held_intervals(False, [], 0, 100) == ()
    assert held_intervals(True, [], 0, 100) == ((0, 100),)
    assert held_intervals(True, [(0, False), (10, True), (10, False), (20, True)], 0, 100) == ((20, 100),)
    assert held_intervals(False, [(5, True), (9, True), (30, False), (40, True)], 0, 40) == ((5, 30),)


def test_the_sla_is_decided_at_created_at_and_after_each_field_event(rules_policy):
    raw = ticket(("09:10", "status", "waiting"), ("09:20", "field", "priority", "high"),
                 ("09:30", "field", "customer.plan", "trial"), priority="urgent")
    valid = TicketValidator(rules_policy.model).validate(raw)
    seen = [(event and event.index, attrs["ticket"]["priority"], attrs["ticket"]["status"], attrs["customer"].get("plan"))
            for event, attrs in decision_points(valid, valid.events)]
    assert seen == [(None, "urgent", "new", None), (1, "high", "waiting", None), (2, "high", "waiting", "trial")]
    assert raw["ticket"] == {"priority": "urgent", "status": "new"}  # the input is never changed


def test_without_field_events_the_sla_is_decided_once(rules_policy):
    valid = TicketValidator(rules_policy.model).validate(ticket(("09:10", "status", "solved"), priority="high"))
    assert [event for event, _ in decision_points(valid, valid.events)] == [None]


@pytest.mark.parametrize(
    ("stop", "deadline", "now", "paused", "status"),
    [(50, 60, 100, False, "met"), (60, 60, 100, False, "met"), (61, 60, 100, False, "breached"),
     (None, None, 100, True, "paused"), (None, 100, 100, False, "running"), (None, 99, 100, True, "breached"),
     (50, None, 100, False, "met")],
)
def test_run_status(stop, deadline, now, paused, status):
    assert run_status(stop, deadline, now, paused) == status


def test_a_cycling_clock_rolls_its_cycles_up():
    assert roll_up([]) == "none"
    assert roll_up(["met", "met"]) == "met"
    assert roll_up(["met", "paused"]) == "paused"
    assert roll_up(["paused", "running"]) == "running"
    assert roll_up(["running", "breached", "met"]) == "breached"


def test_a_step_fires_while_its_run_runs_and_not_after_now():
    resolved = ((50, 60),)
    assert fires(10, 10, None, resolved, 100)  # at the start
    assert not fires(None, 10, None, resolved, 100)  # the calendar never reaches it
    assert not fires(101, 10, None, resolved, 100)  # after now
    assert not fires(30, 10, 30, resolved, 100)  # at the stop
    assert not fires(55, 10, None, resolved, 100)  # while resolved
    assert fires(60, 10, None, resolved, 100)


def test_every_clock_of_an_sla_counts_on_the_calendar_calendar_of_gives(rules_policy):
    model = rules_policy.model
    for sla in model.slas:
        plan = plan_sla(model, sla, lambda calendar: calendar.name)
        assert [clock.name for clock in plan.clocks] == [m.kind for m in sla.metrics]
        assert all(clock.calendar == calendar_of(model, sla, sla.metric(clock.name)) for clock in plan.clocks)
        assert all(clock.timeline == calendar_of(model, sla).name for clock in plan.clocks)
    assert calendar_of(model, model.sla("business_sla")).name == "biz"
