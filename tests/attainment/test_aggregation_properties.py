"""Invariants of the aggregation on random results (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.attainment import build_report

from .factories import PRIORITIES, cycles, result, run, shop_model, ticket

STATUSES = ("met", "breached", "running", "paused")


@st.composite
def single_runs(draw, target_s: int):
    status = draw(st.sampled_from(STATUSES))
    stopped = status == "met" or (status == "breached" and draw(st.booleans()))
    return run(status, draw(st.integers(0, 3 * target_s)), target_s, stopped=stopped)


@st.composite
def tickets_and_results(draw):
    tickets, results = [], []
    for i in range(draw(st.integers(0, 25))):
        tid = f"T-{i}"
        plan = draw(st.sampled_from(["enterprise", "pro"]))
        priority = draw(st.sampled_from((*PRIORITIES, None)))
        tickets.append(ticket(tid, priority, plan, tags=draw(st.sampled_from([(), ("vip",)]))))
        if plan == "enterprise":
            nr = cycles(*draw(st.lists(single_runs(7200), max_size=3)))
            results.append(
                result(
                    tid,
                    "gold",
                    first_response=draw(single_runs(3600)),
                    next_response=nr,
                    resolution=draw(single_runs(28800)),
                )
            )
        else:
            results.append(
                result(tid, "basic", first_response=draw(single_runs(14400)), resolution=draw(single_runs(86400)))
            )
    return tickets, results


@settings(max_examples=60, deadline=None)
@given(tickets_and_results())
def test_counts_add_up_and_priorities_partition_the_tickets(data):
    tickets, results = data
    report = build_report(shop_model(), results, tickets)
    per_sla = dict(report.per_sla)
    for m in report.metrics:
        s = m.stats
        assert s.tickets == per_sla[m.sla]
        samples = []
        for r in results:
            if r["sla"] != m.sla:
                continue
            metric = r["metrics"][m.metric]
            parts = metric["cycles"] if m.metric == "next_response" else [metric]
            samples += [p["counted_s"] for p in parts if p["stop"] is not None]
        assert s.stops == len(samples) == sum(b.count for b in m.histogram)
        if samples:
            assert s.p50_s in samples and s.p90_s in samples and s.p50_s <= s.p90_s
        if s.attainment_pct is not None:
            assert 0 <= s.attainment_pct <= 100
        # Every ticket has exactly one priority group: the groups add up to the whole.
        for field in ("met", "breached", "running", "paused", "no_cycle", "stops"):
            assert sum(getattr(r.stats, field) for r in m.by_priority) == getattr(s, field)
        # Segments may overlap, but each group holds no more than the whole.
        for row in m.by_segment:
            assert row.stats.tickets <= s.tickets
