"""``local_minutes_to_utc`` (the calendar build's batch conversion) equals the one-by-one rule.

Dates are drawn across DST switches in both hemispheres, zones with half- and quarter-hour
offsets, zones that skipped or repeated whole days (Pacific/Apia 2011, America/Sitka 1867's
date-line move), and local-mean-time offsets with seconds, over 1800-2100.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.timeline.wallclock import local_minute_to_utc, local_minutes_to_utc

ODD_ZONES = [
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "America/Sitka",
    "Africa/Casablanca",
    "America/Sao_Paulo",
    "Antarctica/Troll",
    "Europe/Dublin",
    "UTC",
]

# Local dates of switches and odd days, so that draws land near them often.
NEAR = [
    dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2026, 3, 8), dt.date(2026, 11, 1),
    dt.date(2026, 4, 5), dt.date(2026, 10, 4), dt.date(2011, 12, 30), dt.date(1867, 10, 18),
    dt.date(1995, 1, 1), dt.date(2024, 3, 10), dt.date(1916, 5, 14), dt.date(1800, 1, 2),
]


@st.composite
def dated_minutes(draw: st.DrawFn) -> list[tuple[dt.date, int]]:
    around = draw(st.sampled_from(NEAR))
    spread = draw(st.sampled_from([3, 40, 400, 30_000]))
    pairs = []
    for _ in range(draw(st.integers(1, 40))):
        day = around + dt.timedelta(days=draw(st.integers(-spread, spread)))
        day = min(max(day, dt.date(1800, 1, 2)), dt.date(2100, 12, 31))
        pairs.append((day, draw(st.integers(0, 1440))))
    return pairs


@settings(max_examples=120, deadline=None)
@given(zone_name=st.sampled_from(ODD_ZONES), pairs=dated_minutes())
def test_batch_conversion_equals_the_one_by_one_rule(zone_name: str, pairs: list[tuple[dt.date, int]]) -> None:
    zone = ZoneInfo(zone_name)
    ordinals = np.array([d.toordinal() for d, _ in pairs], dtype=np.int64)
    minutes = np.array([m for _, m in pairs], dtype=np.int64)
    expected = [local_minute_to_utc(zone, d, m) for d, m in pairs]
    assert local_minutes_to_utc(zone, ordinals, minutes).tolist() == expected


def test_every_minute_of_switch_days_matches() -> None:
    for zone_name in ("Europe/Amsterdam", "Australia/Lord_Howe", "Pacific/Apia", "America/Sitka"):
        zone = ZoneInfo(zone_name)
        days = [dt.date(2026, 3, 29), dt.date(2026, 4, 5), dt.date(2011, 12, 29), dt.date(1867, 10, 18)]
        pairs = [(d + dt.timedelta(days=k), m) for d in days for k in (-4, 0, 1, 5) for m in range(0, 1441, 15)]
        ordinals = np.array([d.toordinal() for d, _ in pairs], dtype=np.int64)
        minutes = np.array([m for _, m in pairs], dtype=np.int64)
        assert local_minutes_to_utc(zone, ordinals, minutes).tolist() == [
            local_minute_to_utc(zone, d, m) for d, m in pairs
        ]


def test_no_pairs_give_no_instants() -> None:
    empty = np.zeros(0, dtype=np.int64)
    assert local_minutes_to_utc(ZoneInfo("UTC"), empty, empty).tolist() == []


def test_no_zone_has_two_transitions_within_one_sample_spacing() -> None:
    """The batch conversion samples offsets every ``_SAMPLE_S``: that is only exact while no
    zone of the installed tz database changes its offset twice between two samples."""
    import zoneinfo
    from zoneinfo import _zoneinfo as pure_zoneinfo

    from slalang.timeline.wallclock import _SAMPLE_S

    closest = min(
        later - earlier
        for name in zoneinfo.available_timezones()
        for transitions in [pure_zoneinfo.ZoneInfo.no_cache(name)._trans_utc]  # type: ignore[attr-defined]
        for earlier, later in zip(transitions, transitions[1:], strict=False)
    )
    assert closest > _SAMPLE_S
