"""Large inputs are streamed: memory grows with account-periods, never with tickets or outages."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import slalang
from slalang.credits import Outage, compute_availability, compute_credits

from .builders import POLICY, policy

NOW = "2026-12-15T00:00:00Z"


def tickets(count: int) -> Iterator[dict]:
    for i in range(count):
        day = 1 + i % 28
        yield {"id": f"T{i}", "created_at": f"2026-11-{day:02d}T08:00:00Z", "ticket": {"status": "new"},
               "customer": {"plan": "silver", "id": i % 3},
               "events": [{"at": f"2026-11-{day:02d}T{9 + i % 10:02d}:00:00Z", "type": "status", "status": "solved"}]}


def peak_bytes(run) -> int:
    run()  # warm caches (timelines, zones) first
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ten_times_the_tickets_take_no_more_memory() -> None:
    model = policy(POLICY)
    small = peak_bytes(lambda: compute_credits(model, tickets(150), NOW))
    large = peak_bytes(lambda: compute_credits(model, tickets(1500), NOW))
    assert large < small * 1.5 + 64 * 1024, (small, large)
    assert len(compute_credits(model, tickets(1500), NOW).rows) == 3  # three accounts, one month


def test_outages_beyond_a_chunk_are_held_on_disk_not_in_memory() -> None:
    model = slalang.loads("availability api { objective 99.9% period month }")

    def outages(count: int) -> Iterator[Outage]:
        for i in range(count):
            start = 1793000000 + (i * 7919 % count) * 600  # unsorted, in November and December 2026
            yield Outage("api", start, start + 300)

    small = peak_bytes(lambda: compute_availability(model, outages(1_000), NOW, chunk=100, fan_in=4))
    large = peak_bytes(lambda: compute_availability(model, outages(10_000), NOW, chunk=100, fan_in=4))
    assert large < small * 1.5 + 64 * 1024, (small, large)
    sorted_in_memory = compute_availability(model, outages(10_000), NOW)
    assert compute_availability(model, outages(10_000), NOW, chunk=100, fan_in=4).rows == sorted_in_memory.rows
