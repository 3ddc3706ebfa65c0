"""Erlang C and Erlang A formulas against published values and their limits."""

from __future__ import annotations

import math

import pytest

from slalang.simulation import erlang


def test_erlang_c_reference_case():
    # 100 tickets per 30 minutes, 180 s each: A = 10 Erlangs, on 14 agents.
    load = 100 / 1800 * 180
    assert load == pytest.approx(10.0)
    assert round(erlang.erlang_c(14, load), 4) == 0.1741
    assert round(erlang.service_level(14, load, 180, 20), 4) == 0.8884
    assert round(erlang.mean_wait_s(14, load, 180), 2) == 7.84


@pytest.mark.parametrize(
    ("agents", "load", "p_wait"),
    [(1, 0.5, 0.5), (2, 1.0, 1 / 3), (6, 4.0, 0.2848), (3, 2.0, 0.4444)],
)
def test_erlang_c_small_cases_by_hand(agents, load, p_wait):
    # M/M/1: C = ρ; M/M/2 at A = 1: C = A^2/(2 - A) / (1 + A + A^2/(2 - A)) = 1/3.
    assert erlang.erlang_c(agents, load) == pytest.approx(p_wait, abs=5e-5)


def test_erlang_b_recursion_is_stable_for_large_teams():
    # A**c / c! overflows a float near c = 170; the recursion does not.
    b = erlang.erlang_b(5000, 4900.0)
    c = erlang.erlang_c(5000, 4900.0)
    assert 0.0 < b < c < 1.0
    assert erlang.erlang_c(5000, 5000.0) == 1.0


def test_response_within_matches_its_parts():
    # Far past any wait the response share tends to 1; at t = 0 it is 0.
    assert erlang.response_within(14, 10.0, 180, 0.0) == pytest.approx(0.0, abs=1e-12)
    assert erlang.response_within(14, 10.0, 180, 1e6) == pytest.approx(1.0)
    # Without waiting (C -> 0) it is the handling time's distribution.
    assert erlang.response_within(200, 1.0, 180, 180) == pytest.approx(1 - math.exp(-1), abs=1e-9)


def test_agents_for_finds_the_smallest_count():
    count = erlang.agents_for(10.0, 180, 20, 0.8, measure="wait")
    assert erlang.service_level(count, 10.0, 180, 20) >= 0.8
    assert erlang.service_level(count - 1, 10.0, 180, 20) < 0.8
    assert count == 14


def test_erlang_a_tends_to_erlang_c_with_endless_patience():
    a = erlang.erlang_a(14, 10 / 180, 180, 1e9)
    assert a.p_wait == pytest.approx(erlang.erlang_c(14, 10.0), rel=1e-6)
    assert a.mean_wait_s == pytest.approx(erlang.mean_wait_s(14, 10.0, 180), rel=1e-5)
    assert a.p_abandon == pytest.approx(0.0, abs=1e-6)


def test_erlang_a_settles_even_when_overloaded():
    # 120% load: Erlang C has no steady state, Erlang A does (impatient customers leave).
    a = erlang.erlang_a(10, 12 / 180, 180, 300)
    assert 0.0 < a.p_abandon < 1.0
    assert 0.5 < a.p_wait < 1.0
    # Every arrival is served or abandons: served load = λ(1 - P_ab)h <= c.
    assert a.utilisation <= 1.0


def test_erlang_a_reference_values():
    # M/M/1+M with μ = θ is M/M/∞ in disguise beyond one server: π_n ∝ A^n / n!, so with
    # A = 1: P(wait) = 1 - π_0 = 1 - e^-1, L_q = E[N] - P(N>=1) = 1 - (1 - e^-1) = e^-1.
    a = erlang.erlang_a(1, 1 / 60, 60, 60)
    assert a.p_wait == pytest.approx(1 - math.exp(-1), rel=1e-9)
    assert a.mean_queue == pytest.approx(math.exp(-1), rel=1e-9)
    assert a.p_abandon == pytest.approx(math.exp(-1), rel=1e-9)  # θ L_q / λ with θ = λ


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError):
        erlang.erlang_c(0, 1.0)
    with pytest.raises(ValueError):
        erlang.erlang_a(2, 0.0, 60, 60)
