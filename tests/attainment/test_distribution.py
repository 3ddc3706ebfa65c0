"""Percentiles and histograms of time to stop."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.attainment import histogram, percentile


def test_nearest_rank_percentiles():
    values = list(range(10, 110, 10))  # 10..100
    assert percentile(values, 50) == 50
    assert percentile(values, 90) == 90
    assert percentile(values, 91) == 100
    assert percentile([7], 50) == 7
    assert percentile([], 50) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=60), st.sampled_from([50, 90, 99]))
def test_percentile_is_the_smallest_sample_covering_the_share(values, pct):
    values.sort()
    p = percentile(values, pct)
    assert p in values
    at_or_below = sum(1 for v in values if v <= p)
    assert at_or_below >= math.ceil(pct / 100 * len(values))
    assert sum(1 for v in values if v < p) < math.ceil(pct / 100 * len(values))


def test_histogram_puts_a_stop_on_the_target_under_it():
    bins = histogram([0, 900, 901, 1800, 1801, 10**6], 900)
    under = [b for b in bins if not b.over_target]
    over = [b for b in bins if b.over_target]
    assert sum(b.count for b in under) == 2  # 0 and exactly the target: met
    assert sum(b.count for b in over) == 4
    assert bins[0].from_s == 0 and bins[-1].to_s is None and bins[-1].count == 2  # > 2x target
    assert bins[-2].to_s == 1800 and bins[-2].count == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 10**6), max_size=80), st.integers(1, 200_000))
def test_histogram_counts_every_sample_once_and_breaches_only_past_target(values, target_s):
    values.sort()
    bins = histogram(values, target_s)
    assert sum(b.count for b in bins) == len(values)
    assert sum(b.count for b in bins if b.over_target) == sum(1 for v in values if v > target_s)

