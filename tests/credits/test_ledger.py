"""Credits from tickets, against values computed by hand for each rule of credits.md."""

from __future__ import annotations

from slalang.credits import compute_credits

from .builders import NOW, POLICY, policy, reply, silver_tickets, solved, ticket


def rows(tickets: list[dict], text: str = POLICY, now: str = NOW) -> list[dict]:
    return compute_credits(policy(text), tickets, now).to_json()


def only(tickets: list[dict], **kwargs) -> dict:
    found = rows(tickets, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_the_row_shape_and_key_order_are_credits_md() -> None:
    row = only(silver_tickets("T", 12, 1))
    assert list(row) == ["credit", "account", "period", "runs", "met", "breached", "attainment", "credit_pct", "tier", "reason"]
    # 12 / 13 = 0.923076...: below 95%, not below 90%
    assert row == {"credit": "terms", "account": "acme", "period": "2026-11", "runs": 13, "met": 12, "breached": 1,
                   "attainment": 0.9231, "credit_pct": 5.0, "tier": "below 95%", "reason": None}


def test_attainment_exactly_at_a_threshold_earns_nothing_from_that_line() -> None:
    row = only(silver_tickets("T", 19, 1))  # 19 / 20 = 95% exactly
    assert (row["attainment"], row["credit_pct"], row["tier"]) == (0.95, 0.0, None)
    row = only(silver_tickets("T", 9, 1))  # 90% exactly: only `below 95%` applies
    assert (row["attainment"], row["credit_pct"], row["tier"]) == (0.9, 5.0, "below 95%")


def test_the_cap_limits_the_credit_and_the_tier_is_the_line_before_the_cap() -> None:
    row = only(silver_tickets("T", 1, 3))  # 25%: below 80% credit 25%, capped at 20%
    assert (row["attainment"], row["credit_pct"], row["tier"]) == (0.25, 20.0, "below 80%")


def test_fewer_decided_runs_than_the_minimum_earn_nothing_but_report_the_attainment() -> None:
    row = only(silver_tickets("T", 0, 2))
    assert (row["runs"], row["attainment"], row["credit_pct"], row["tier"]) == (2, 0.0, 0.0, None)
    assert row["reason"] == "2 decided runs, fewer than the minimum of 3"


def test_a_missing_per_field_is_the_account_null_sorted_first() -> None:
    found = rows(silver_tickets("A", 3, 0, account="zeta") + silver_tickets("N", 3, 0, account=None)
                 + silver_tickets("B", 3, 0, account=7))
    assert [r["account"] for r in found] == [None, 7, "zeta"]


def test_accounts_sort_numbers_numerically_and_strings_by_code_point() -> None:
    tickets = [t for a in ("b", 10, "B", 2, "a") for t in silver_tickets(f"T{a}", 3, 0, account=a)]
    assert [r["account"] for r in rows(tickets)] == [2, 10, "B", "a", "b"]


def test_every_cycle_of_a_metric_with_cycles_is_a_run() -> None:
    events = [
        reply("2026-11-10T08:10:00Z"),                      # first_response met
        reply("2026-11-10T09:00:00Z", "customer"),          # cycle 1 ...
        reply("2026-11-10T09:30:00Z"),                      # ... met
        reply("2026-11-10T10:00:00Z", "customer"),          # cycle 2 ...
        reply("2026-11-10T12:00:00Z"),                      # ... breached (2h > 1h)
        solved("2026-11-10T13:00:00Z"),                     # resolution met (5h)
    ]
    row = only([ticket("G", "2026-11-10T08:00:00Z", "gold", "acme", events)])
    assert (row["runs"], row["met"], row["breached"]) == (4, 3, 1)
    assert row["attainment"] == 0.75 and row["credit_pct"] == 20.0


def test_running_and_paused_runs_are_not_counted() -> None:
    open_ticket = ticket("R", "2026-12-14T20:00:00Z", "silver", "acme")  # resolution running at now
    row = only([open_ticket])
    assert row == {"credit": "terms", "account": "acme", "period": "2026-12", "runs": 0, "met": 0, "breached": 0,
                   "attainment": None, "credit_pct": 0.0, "tier": None, "reason": "no decided runs"}
    # a gold ticket answered but not solved: first_response met, resolution running, no cycle
    row = only([ticket("G", "2026-12-14T20:00:00Z", "gold", "acme", [reply("2026-12-14T20:05:00Z")])])
    assert (row["runs"], row["met"], row["breached"]) == (1, 1, 0)


def test_the_period_holds_created_at_in_the_declared_zone() -> None:
    # 2026-10-31T23:30Z is 00:30 on 1 November in Amsterdam
    tickets = silver_tickets("N", 3, 0, day="2026-10-31")
    tickets[0]["created_at"] = "2026-10-31T23:30:00Z"
    tickets[0]["events"] = [solved("2026-11-01T00:00:00Z")]
    assert [(r["period"], r["runs"]) for r in rows(tickets)] == [("2026-10", 2), ("2026-11", 1)]


def test_the_account_is_read_on_the_current_attributes() -> None:
    events = [{"at": "2026-11-10T08:30:00Z", "type": "field", "field": "customer.id", "value": "globex"},
              solved("2026-11-10T09:00:00Z")]
    found = rows([ticket("M", "2026-11-10T08:00:00Z", "silver", "acme", events)])
    assert [(r["account"], r["runs"]) for r in found] == [("globex", 1)]
    # an event after `now` is not known yet
    found = rows([ticket("M", "2026-11-10T08:00:00Z", "silver", "acme", events)], now="2026-11-10T08:15:00Z")
    assert [(r["account"], r["runs"]) for r in found] == [("acme", 0)]


def test_only_tickets_governed_by_a_listed_sla_count() -> None:
    to_other = [{"at": "2026-11-10T08:30:00Z", "type": "field", "field": "customer.plan", "value": "free"},
                solved("2026-11-10T09:00:00Z")]
    assert rows([ticket("O", "2026-11-10T08:00:00Z", "free", "acme", [solved("2026-11-10T09:00:00Z")]),
                 ticket("M", "2026-11-10T08:00:00Z", "silver", "acme", to_other)]) == []


def test_metrics_limits_the_runs_counted() -> None:
    text = POLICY.replace("per customer.id", "metrics first_response\n    per customer.id")
    events = [reply("2026-11-10T10:00:00Z"), solved("2026-11-10T11:00:00Z")]
    row = only([ticket("G", "2026-11-10T08:00:00Z", "gold", "acme", events)], text=text)
    assert (row["runs"], row["met"], row["breached"]) == (1, 0, 1)  # resolution (met) is not counted


def test_rows_are_ordered_by_declaration_then_period_then_account() -> None:
    text = POLICY + """
credit second { slas silver per customer.id period year below 50% credit 1% }
"""
    tickets = (silver_tickets("D", 3, 0, account="b", day="2026-12-01") + silver_tickets("N", 3, 0, account="b")
               + silver_tickets("A", 3, 0, account="a", day="2026-12-01"))
    assert [(r["credit"], r["period"], r["account"]) for r in rows(tickets, text=text)] == [
        ("terms", "2026-11", "b"), ("terms", "2026-12", "a"), ("terms", "2026-12", "b"),
        ("second", "2026", "a"), ("second", "2026", "b"),
    ]


def test_a_bad_ticket_is_reported_with_its_line_and_the_others_still_count() -> None:
    failures = []
    items = list(enumerate(silver_tickets("T", 3, 0), start=1)) + [(4, {"id": "X"})]
    report = compute_credits(policy(), items, NOW, on_failure=failures.append)
    assert [(f.id, f.line, f.error) for f in failures] == [("X", 4, 'missing "created_at"')]
    assert (report.tickets, report.failed, report.to_json()[0]["runs"]) == (4, 1, 3)
