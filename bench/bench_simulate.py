"""Benchmark: tickets through one team (M/M/c on `always`), slalang vs SimPy, side by side.

The model: 100 tickets per 30 minutes, 180 s mean handling (exponential), 14 agents
(A = 10 Erlangs), first response within 5 minutes. Both sides simulate the same number of
tickets (no extrapolation), each after one small warm-up run, best of ``--runs``, with the
same timers (CPU time of this process, and wall time). slalang runs twice: through its
exact in-order shortcut for this shape, and through the general event loop (what every real
policy with shifts, OLA chains or patience takes; issue 16's goal, 20x SimPy, is for that
one), compiled (``slalang_native_sim``, when built) and in Python (as under
``SLALANG_NATIVE=0``, or without a C compiler). Its timing covers ``simulate`` (drawing the random numbers, deadlines, the loop and the
results); SimPy's covers only ``env.run`` (its random numbers are drawn before the timer).
The policy is compiled and both libraries imported before any timer starts. Both
attainments are printed beside the Erlang C figure for the same model.

A second table runs the general loop, compiled and in Python, on a real policy that SimPy
has no ready model for: Acme's (``policies/acme.sla`` with ``policies/scenario.yaml``, for
``--weeks`` weeks instead of four: teams on office hours, `via` chains through three teams,
earliest deadline first across four SLAs), and checks that both give the same result.

    python bench/bench_simulate.py [--tickets N] [--runs N] [--weeks N]
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
from slalang.simulation import erlang, fast, parse_scenario, simulate  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

AGENTS = 14
RATE_PER_S = 100 / 1800
MEAN_S = 180.0
TARGET_S = 300


POLICY = slalang.loads(
    f"team desk {{ calendar always agents {AGENTS} }}\n"
    f"sla only {{ first_response within {TARGET_S}s goal 90% }}\n"
)


def run_slalang(tickets: int, method: str = "auto", loop: str = "compiled") -> tuple[float, float, float, int]:
    """(CPU s, wall s, attainment, tickets) of one run; ``loop="python"`` keeps the general
    event loop in Python, as ``SLALANG_NATIVE=0`` does."""
    policy = POLICY
    compiled = fast.compiled
    if loop == "python":
        fast.compiled = None
    duration_s = round(tickets / RATE_PER_S)
    scenario = {
        "start": "2026-01-05T00:00:00Z",
        "duration": f"{duration_s}s",
        "seed": 1,
        "arrivals": [{"rate": "100/30m"}],
        "work": {"first_response": {"team": "desk", "time": {"dist": "exponential", "mean": "3m"}}},
    }
    try:
        cpu_started, started = time.process_time(), time.perf_counter()
        result = simulate(policy, scenario, method=method)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        fast.compiled = compiled
    metric = result.metric("only", "first_response")
    return cpu, elapsed, metric.attainment or 0.0, metric.tickets


def run_simpy(tickets: int) -> tuple[float, float, float, int]:
    """(CPU s, wall s, attainment, tickets) of one run."""
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

    cpu_started, started = time.process_time(), time.perf_counter()
    env.process(arrivals())
    env.run()
    return time.process_time() - cpu_started, time.perf_counter() - started, met[0] / tickets, tickets


def run_acme(weeks: int, loop: str = "compiled") -> tuple[float, float, dict, int]:
    """(CPU s, wall s, the result's JSON, tickets) of Acme's scenario over ``weeks`` weeks."""
    policy = slalang.load(os.path.join(ROOT, "policies", "acme.sla"))
    with open(os.path.join(ROOT, "policies", "scenario.yaml"), encoding="utf-8") as f:
        text = f.read().replace("duration: 28d", f"duration: {weeks * 7}d")
    scenario = parse_scenario(text, "scenario.yaml", policy.model)
    compiled = fast.compiled
    if loop == "python":
        fast.compiled = None
    try:
        cpu_started, started = time.process_time(), time.perf_counter()
        result = simulate(policy, scenario)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        fast.compiled = compiled
    return cpu, elapsed, result.to_json(), result.tickets


def best(run, tickets: int, runs: int, *args: str) -> tuple[float, float, float, int]:
    """One warm-up run on a tenth of the tickets, then the best of ``runs`` (by CPU time)."""
    run(max(1000, tickets // 10), *args)
    samples = [run(tickets, *args) for _ in range(runs)]
    cpu = min(s[0] for s in samples)
    wall = min(s[1] for s in samples)
    return cpu, wall, samples[-1][2], samples[-1][3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--weeks", type=int, default=260)
    args = parser.parse_args()

    load = os.getloadavg()
    fast_cpu, fast_wall, fast_attainment, ours_n = best(run_slalang, args.tickets, args.runs)
    if fast.compiled is None:
        sys.exit(f"the compiled event loop is not in use: {fast.unusable_reason() or 'SLALANG_NATIVE=0'}")
    loop_cpu, loop_wall, loop_attainment, _ = best(run_slalang, args.tickets, args.runs, "events")
    python_cpu, python_wall, python_attainment, _ = best(run_slalang, args.tickets, args.runs, "events", "python")
    simpy_cpu, simpy_wall, simpy_attainment, simpy_n = best(run_simpy, ours_n, args.runs)
    predicted = erlang.response_within(AGENTS, RATE_PER_S * MEAN_S, MEAN_S, TARGET_S)

    print(f"load average before: {load[0]:.2f} (1 min) on {os.cpu_count()} cores")
    print(f"model: M/M/{AGENTS}, A = {RATE_PER_S * MEAN_S:g} Erlangs, first response within {TARGET_S} s;"
          f" {ours_n:,} tickets each side, best of {args.runs} after a warm-up")
    print(f"{'':<34} {'CPU s':>7} {'wall s':>7} {'attainment':>11} {'SimPy / it (CPU)':>17}")
    rows = [("slalang, in-order shortcut", fast_cpu, fast_wall, fast_attainment),
            ("slalang, general loop, compiled", loop_cpu, loop_wall, loop_attainment),
            ("slalang, general loop, Python", python_cpu, python_wall, python_attainment),
            ("SimPy", simpy_cpu, simpy_wall, simpy_attainment)]
    for label, cpu, wall, attainment in rows:
        print(f"{label:<34} {cpu:>7.3f} {wall:>7.3f} {attainment:>11.4f} {simpy_cpu / cpu:>16.1f}x")
    print(f"{'Erlang C':<34} {'':>7} {'':>7} {predicted:>11.4f}")
    print(f"general event loop vs SimPy: {simpy_cpu / loop_cpu:.1f}x in CPU time (goal >= 20x:"
          f" {'met' if simpy_cpu / loop_cpu >= 20 else 'NOT met'}); shortcut {simpy_cpu / fast_cpu:.1f}x")
    print(f"attainments: event loop, Python loop and shortcut equal:"
          f" {'yes' if loop_attainment == python_attainment == fast_attainment else 'NO'};"
          f" SimPy differs by {abs(loop_attainment - simpy_attainment) * 100:.2f} percentage points"
          f" (other random numbers, the same model)")
    assert simpy_n == ours_n

    acme = {}
    for loop in ("compiled", "python"):
        run_acme(4, loop)  # warm-up: the calendars' timelines are built and cached
        samples = [run_acme(args.weeks, loop) for _ in range(args.runs)]
        acme[loop] = (min(s[0] for s in samples), min(s[1] for s in samples), samples[-1][2], samples[-1][3])
    print()
    print(f"a real policy: Acme's scenario for {args.weeks} weeks, {acme['compiled'][3]:,} tickets,"
          f" best of {args.runs} after a warm-up")
    print(f"{'':<34} {'CPU s':>7} {'wall s':>7} {'vs Python (CPU)':>17}")
    for loop, (cpu, wall, _, _) in acme.items():
        print(f"{'slalang, general loop, ' + loop:<34} {cpu:>7.3f} {wall:>7.3f} {acme['python'][0] / cpu:>16.1f}x")
    print(f"results equal: {'yes' if acme['compiled'][2] == acme['python'][2] else 'NO'}")


if __name__ == "__main__":
    main()
