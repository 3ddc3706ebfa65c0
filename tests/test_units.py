"""Durations and percentages, written one way: for people (``1d 16h``, exact or as a
statistic) and in the policy language's notation (``1h30m``, what findings quote)."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.analysis import wording
from slalang.units import (
    UNIT_SECONDS,
    format_duration,
    format_goal,
    format_language_duration,
    format_percent,
    format_points,
    parse_language_duration,
)

PEOPLE = re.compile(r"^-?(?:\d+d)?(?: ?\d+h)?(?: ?\d+m)?(?: ?\d+(?:\.\d+)?s)?$")
SIZES = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def read_people_duration(text: str) -> Fraction:
    """The test's own reading of a duration for people (``-1d 2h 3.5s``)."""
    sign = -1 if text.startswith("-") else 1
    total = Fraction(0)
    for part in text.lstrip("-").split(" "):
        total += Fraction(part[:-1]) * SIZES[part[-1]]
    return sign * total


def test_exact_durations_write_every_unit_largest_first_with_spaces():
    cases = {
        0: "0s",
        45: "45s",
        90: "1m 30s",
        3600: "1h",
        3605: "1h 5s",
        5400: "1h 30m",
        86400: "1d",
        144000: "1d 16h",
        86400 * 2 + 3 * 3600 + 59: "2d 3h 59s",
        86400 * 9: "9d",  # no weeks: a day is the largest unit people read
        -1800: "-30m",
    }
    assert {s: format_duration(s) for s in cases} == cases


def test_a_fraction_of_a_second_is_kept_in_an_exact_duration():
    assert format_duration(Fraction(341658, 10)) == "9h 29m 25.8s"
    assert format_duration(Fraction(1, 2)) == "0.5s"
    assert format_duration(-Fraction(3, 2)) == "-1.5s"
    assert format_duration(120.25) == "2m 0.25s"


def test_statistics_are_rounded_to_the_second_and_shown_to_the_unit_below_the_largest():
    # The reports' figures as they always read (integers: percentiles are observed samples).
    cases = {0: "0s", 45: "45s", 90: "1m 30s", 3600: "1h", 3605: "1h", 5400: "1h 30m",
             86400 * 2 + 3 * 3600 + 59: "2d 3h", 86400 * 2 + 5 * 60: "2d"}
    assert {s: format_duration(s, approximate=True) for s in cases} == cases
    # Simulated times: a tenth of a second under a minute, else rounded to the second first.
    assert [format_duration(s, approximate=True) for s in (8.43, 0.04, 45.0, 59.96, 119.6, 7532.4)] == [
        "8.4s", "0s", "45s", "1m", "2m", "2h 5m",
    ]


def test_no_value_is_an_em_dash_and_an_endless_time_is_never():
    assert format_duration(None) == format_duration(None, approximate=True) == "—"
    assert format_duration(float("inf")) == "never"


@settings(max_examples=300)
@given(st.integers(-10**9, 10**9))
def test_an_exact_duration_reads_back_as_the_same_seconds(seconds):
    text = format_duration(seconds)
    assert PEOPLE.match(text), text
    assert read_people_duration(text) == seconds


@settings(max_examples=300)
@given(st.integers(-10**12, 10**12))
def test_an_exact_duration_keeps_milliseconds(milliseconds):
    seconds = Fraction(milliseconds, 1000)
    assert read_people_duration(format_duration(seconds)) == seconds


def test_an_exact_duration_rounds_to_the_millisecond_and_never_writes_60s():
    assert format_duration(Fraction(1, 3)) == "0.333s"
    assert format_duration(Fraction(599999, 10000)) == "1m"  # 59.9999s
    assert format_duration(1e-7) == "0s"


@settings(max_examples=300)
@given(st.floats(min_value=0, max_value=10**8, allow_nan=False))
def test_a_statistic_is_at_most_one_unit_off_and_never_shows_more_than_two_units(seconds):
    text = format_duration(seconds, approximate=True)
    assert PEOPLE.match(text), text
    parts = text.split(" ")
    assert len(parts) <= 2
    shown = read_people_duration(text)
    if seconds < 59.95:
        assert abs(float(shown) - seconds) <= 0.05 + 1e-9
    else:
        whole = round(seconds)
        largest = next(size for size in (86400, 3600, 60) if whole >= size)
        below = {86400: 3600, 3600: 60, 60: 1}[largest]
        assert 0 <= whole - shown < below


def test_the_language_notation_is_what_a_policy_writes():
    assert [format_language_duration(s) for s in (0, 45, 900, 5400, 86400, 288000, -1800)] == [
        "0s", "45s", "15m", "1h30m", "1d", "3d8h", "-30m",
    ]
    assert format_language_duration(172800, "h") == "48h"
    assert format_language_duration(604800 + 3600, "w") == "1w1h"


@settings(max_examples=300)
@given(st.integers(0, 10**9), st.sampled_from(["w", "d", "h", "m", "s"]))
def test_the_language_notation_reads_back(seconds, largest_unit):
    assert parse_language_duration(format_language_duration(seconds, largest_unit)) == seconds


@pytest.mark.parametrize("text", ["", "h", "1.5h", "30m1h", "1h1h", "1 h", "15", "1d-2h", "1x"])
def test_the_language_notation_rejects_anything_else(text):
    with pytest.raises(ValueError, match="is not a duration"):
        parse_language_duration(text)


def test_unit_sizes_are_the_languages():
    assert UNIT_SECONDS == {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    assert parse_language_duration(" 1w2d3h4m5s ") == 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5


def test_findings_keep_the_language_notation():
    """Findings are bytes of JSON, SARIF, annotations and baseline fingerprints: their
    durations read as a policy writes them, as before units were one module."""
    assert [wording.duration(s) for s in (900, 5400, 90000, 172800, 288000, -1800)] == [
        "15m", "1h30m", "25h", "2d", "3d8h", "-30m",
    ]
    assert wording.target(172800) == "48h"
    assert wording.duration(float("inf")) == "never" and wording.duration(float("-inf")) == "-never"


def test_percentages():
    assert [format_percent(v) for v in (95.0, 77.777, None)] == ["95.0%", "77.8%", "—"]
    assert format_percent(73.6, 0) == "74%"
    assert [format_goal(g) for g in (95.0, 99.9, 100.0)] == ["95%", "99.9%", "100%"]
    assert [format_points(d) for d in (2.54, -3.0, 0.01, None)] == ["+2.5 pp", "−3.0 pp", "±0.0 pp", "—"]
