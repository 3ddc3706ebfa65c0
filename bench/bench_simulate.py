"""Benchmark: 1,000,000 tickets through one team (M/M/c on `always`), slalang vs SimPy.

The model: 100 tickets per 30 minutes, 180 s mean handling (exponential), 14 agents
(A = 10 Erlangs), first response within 5 minutes. slalang runs the full million (by
default through its exact in-order shortcut for this shape, and again through the general
event loop, for comparison); SimPy
runs a tenth of it and its time is extrapolated linearly (said so in the output). Both
attainments are printed beside the Erlang C figure for the same model.

    python bench/bench_simulate.py [--tickets N] [--simpy-tickets N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import simpy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import slalang  # noqa: E402
from slalang.simulation import erlang, simulate  # noqa: E402

AGENTS = 14
RATE_PER_S = 100 / 1800
MEAN_S = 180.0
TARGET_S = 300


def run_slalang(tickets: int, method: str = "auto") -> tuple[float, float, int]:
    policy = slalang.loads(
        f"team desk {{ calendar always agents {AGENTS} }}\n"
        f"sla only {{ first_response within {TARGET_S}s goal 90% }}\n"
    )
    duration_s = round(tickets / RATE_PER_S)
    scenario = {
        "start": "2026-01-05T00:00:00Z",
        "duration": f"{duration_s}s",
        "seed": 1,
        "arrivals": [{"rate": "100/30m"}],
        "work": {"first_response": {"team": "desk", "time": {"dist": "exponential", "mean": "3m"}}},
    }
    started = time.perf_counter()
    result = simulate(policy, scenario, method=method)
    elapsed = time.perf_counter() - started
    metric = result.metric("only", "first_response")
    return elapsed, metric.attainment or 0.0, metric.tickets


def run_simpy(tickets: int) -> tuple[float, float, int]:
    rng = np.random.default_rng(1)
    gaps = rng.exponential(1 / RATE_PER_S, tickets)
    services = rng.exponential(MEAN_S, tickets)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=AGENTS)
    met = [0]

    def ticket(index: int):
        arrived = env.now
        with desk.request() as request:
            yield request
            yield env.timeout(services[index])
        if env.now - arrived <= TARGET_S:
            met[0] += 1

    def arrivals():
        for index in range(tickets):
            yield env.timeout(gaps[index])
            env.process(ticket(index))

    started = time.perf_counter()
    env.process(arrivals())
    env.run()
    return time.perf_counter() - started, met[0] / tickets, tickets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--simpy-tickets", type=int, default=100_000)
    args = parser.parse_args()

    ours_s, ours_attainment, ours_n = run_slalang(args.tickets)
    loop_s, loop_attainment, _ = run_slalang(args.tickets, method="events")
    theirs_s, theirs_attainment, theirs_n = run_simpy(args.simpy_tickets)
    theirs_scaled_s = theirs_s * ours_n / theirs_n
    predicted = erlang.response_within(AGENTS, RATE_PER_S * MEAN_S, MEAN_S, TARGET_S)

    print(f"model: M/M/{AGENTS}, A = {RATE_PER_S * MEAN_S:g} Erlangs, first response within {TARGET_S} s")
    print(f"slalang simulate  {ours_n:>9,} tickets  {ours_s:7.2f} s   attainment {ours_attainment:.4f}")
    print(f"  (general event loop, method=events:  {loop_s:7.2f} s   attainment {loop_attainment:.4f})")
    print(
        f"SimPy             {theirs_n:>9,} tickets  {theirs_s:7.2f} s   attainment {theirs_attainment:.4f}"
        f"   (extrapolated to {ours_n:,}: {theirs_scaled_s:.2f} s)"
    )
    print(f"Erlang C          attainment {predicted:.4f}")
    print(f"speed-up: {theirs_scaled_s / ours_s:.1f}x (goal >= 10x); slalang under 10 s: {'yes' if ours_s < 10 else 'NO'}")
    print(f"attainments differ by {abs(ours_attainment - theirs_attainment) * 100:.2f} percentage points")


if __name__ == "__main__":
    main()
