"""Erlang C (M/M/c) and Erlang A (M/M/c+M) queueing formulas, computed stably.

Everything is built on the Erlang B recursion ``B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1))``,
which stays within [0, 1] at every step, so head-counts in the thousands neither overflow
(no ``A**c / c!``) nor lose precision.

Notation: ``A`` offered load in Erlangs (arrival rate × mean handling time), ``c`` agents,
``h`` mean handling time in seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def erlang_b(agents: int, load_erlangs: float) -> float:
    """Blocking probability of M/M/c/c (Erlang B)."""
    _check(agents, load_erlangs)
    b = 1.0
    for k in range(1, agents + 1):
        b = load_erlangs * b / (k + load_erlangs * b)
    return b


def erlang_c(agents: int, load_erlangs: float) -> float:
    """Probability that an arrival waits in M/M/c (Erlang C); 1.0 when the queue is unstable."""
    _check(agents, load_erlangs)
    if load_erlangs >= agents:
        return 1.0
    b = erlang_b(agents, load_erlangs)
    return agents * b / (agents - load_erlangs * (1.0 - b))


def service_level(agents: int, load_erlangs: float, mean_handle_s: float, threshold_s: float) -> float:
    """Share of arrivals whose wait in queue is at most ``threshold_s`` (FCFS M/M/c)."""
    if load_erlangs >= agents:
        return 0.0
    c = erlang_c(agents, load_erlangs)
    return 1.0 - c * math.exp(-(agents - load_erlangs) * threshold_s / mean_handle_s)


def mean_wait_s(agents: int, load_erlangs: float, mean_handle_s: float) -> float:
    """Average speed of answer: mean wait in queue over all arrivals (M/M/c)."""
    if load_erlangs >= agents:
        return math.inf
    return erlang_c(agents, load_erlangs) * mean_handle_s / (agents - load_erlangs)


def response_within(agents: int, load_erlangs: float, mean_handle_s: float, target_s: float) -> float:
    """Share of arrivals whose wait plus handling is at most ``target_s`` (FCFS M/M/c).

    A waiting arrival waits Exp(θ) with θ = (c − A)/h, then is handled for Exp(μ), μ = 1/h;
    the sum is hypoexponential. Arrivals that do not wait only take the handling time.
    """
    if load_erlangs >= agents:
        return 0.0
    mu = 1.0 / mean_handle_s
    theta = (agents - load_erlangs) * mu
    p_wait = erlang_c(agents, load_erlangs)
    handled_late = math.exp(-mu * target_s)
    if math.isclose(theta, mu, rel_tol=1e-9):
        waited_late = (1.0 + mu * target_s) * math.exp(-mu * target_s)
    else:
        waited_late = (theta * math.exp(-mu * target_s) - mu * math.exp(-theta * target_s)) / (theta - mu)
    return 1.0 - ((1.0 - p_wait) * handled_late + p_wait * waited_late)


def agents_for(
    load_erlangs: float,
    mean_handle_s: float,
    target_s: float,
    goal: float,
    *,
    measure: str = "response",
    max_agents: int = 100_000,
) -> int:
    """Smallest head-count whose FCFS M/M/c figure reaches ``goal`` (a share, 0..1).

    ``measure="response"`` asks for wait plus handling within ``target_s``;
    ``measure="wait"`` for the wait alone (the classic call-centre service level).
    A goal that no head-count reaches (handling alone too slow) returns the head-count at
    which waiting has become negligible.
    """
    if measure not in ("response", "wait"):
        raise ValueError(f"measure must be 'response' or 'wait', not {measure!r}")
    figure = response_within if measure == "response" else service_level
    agents = max(1, math.floor(load_erlangs) + 1)
    previous = -1.0
    while agents < max_agents:
        value = figure(agents, load_erlangs, mean_handle_s, target_s)
        if value >= goal:
            return agents
        if value - previous < 1e-9 and erlang_c(agents, load_erlangs) < 1e-6:
            return agents  # unreachable goal: more agents no longer help
        previous = value
        agents += 1
    return max_agents


@dataclass(frozen=True)
class ErlangA:
    """Steady state of M/M/c+M: Poisson arrivals, exponential handling and patience."""

    p_wait: float  # share of arrivals that find every agent busy
    p_abandon: float  # share of arrivals that give up before being served
    mean_wait_s: float  # mean time in queue over all arrivals (served or not)
    mean_queue: float  # time-average number waiting
    utilisation: float  # share of agent time spent handling


def erlang_a(agents: int, arrival_rate_per_s: float, mean_handle_s: float, mean_patience_s: float) -> ErlangA:
    """Erlang A (Palm's M/M/c+M) from the birth-death chain, normalised through Erlang B.

    With π_c the probability of exactly ``c`` in the system, the states up to ``c`` sum to
    π_c / B(c, A), and a state ``c + j`` is π_c · Π_{k=1..j} λ / (cμ + kθ). The ratios shrink
    geometrically once cμ + kθ exceeds λ, so the sum is cut when a term stops mattering.
    """
    if agents < 1:
        raise ValueError("agents must be at least 1")
    if arrival_rate_per_s <= 0 or mean_handle_s <= 0 or mean_patience_s <= 0:
        raise ValueError("rates and means must be positive")
    lam = arrival_rate_per_s
    mu = 1.0 / mean_handle_s
    theta = 1.0 / mean_patience_s
    load = lam / mu
    blocking = erlang_b(agents, load)
    ratio = 1.0  # π_{c+j} / π_c
    queue_states = 0.0  # Σ_{j≥1} π_{c+j}/π_c
    queue_mass = 0.0  # Σ_{j≥1} j π_{c+j}/π_c
    j = 0
    while True:
        j += 1
        if j > 10_000_000:
            raise ValueError("the queue does not settle: patience too long for an overloaded team")
        ratio *= lam / (agents * mu + j * theta)
        queue_states += ratio
        queue_mass += j * ratio
        if ratio < 1e-17 * (1.0 + queue_states) and agents * mu + j * theta > lam:
            break
    total = 1.0 / blocking + queue_states  # (Σ_n π_n) / π_c
    p_wait = (1.0 + queue_states) / total
    mean_queue = queue_mass / total
    p_abandon = theta * mean_queue / lam
    return ErlangA(
        p_wait=p_wait,
        p_abandon=p_abandon,
        mean_wait_s=mean_queue / lam,
        mean_queue=mean_queue,
        utilisation=load * (1.0 - p_abandon) / agents,
    )


def _check(agents: int, load_erlangs: float) -> None:
    if agents < 1:
        raise ValueError("agents must be at least 1")
    if load_erlangs < 0:
        raise ValueError("the offered load must not be negative")
