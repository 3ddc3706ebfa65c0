"""Availability from outages, against values computed by hand (credits.md): overlapping and
ongoing outages, business-hours calendars, period boundaries, the default `since`."""

from __future__ import annotations

import pytest

import slalang
from slalang.credits import Outage, OutageFailure, compute_availability
from slalang.evaluation import parse_rfc3339

POLICY = """
calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }
calendar mondays { timezone "UTC" hours mon 09:00-10:00 }
availability api "Public API" {
    objective 99.9%
    period month in "UTC"
    below 99.9% credit 10%
    below 99% credit 25%
    below 95% credit 100%
}
availability portal {
    calendar office
    objective 99%
    period week in "UTC"
    below 99% credit 5%
}
"""


def outage(service: str, start: str, end: str | None, ident: str | None = None) -> Outage:
    return Outage(service, parse_rfc3339(start), None if end is None else parse_rfc3339(end), ident)


def rows(outages, now: str, since: str | None = None, text: str = POLICY, service: str | None = None, **kw) -> list[dict]:
    report = compute_availability(slalang.loads(text), outages, now, since, **kw)
    return [r for r in report.to_json() if service is None or r["service"] == service]


def test_the_spec_example_overlapping_outages_count_once_and_split_at_the_period_boundary() -> None:
    outages = [
        outage("api", "2026-11-03T10:00:00Z", "2026-11-03T10:45:00Z", "INC-1"),
        outage("api", "2026-11-03T10:30:00Z", "2026-11-03T11:00:00Z", "INC-2"),
        outage("api", "2026-11-30T23:50:00Z", "2026-12-01T00:20:00Z", "INC-3"),
    ]
    found = rows(outages, "2026-12-15T00:00:00Z", service="api")
    assert found == [
        {"service": "api", "period": "2026-11", "open_s": 30 * 86400, "down_s": 3600 + 600, "uptime": 0.99838,
         "objective": 0.999, "met": False, "credit_pct": 10.0},
        {"service": "api", "period": "2026-12", "open_s": 14 * 86400, "down_s": 1200, "uptime": 0.999008,
         "objective": 0.999, "met": True, "credit_pct": 0.0},
    ]


def test_an_ongoing_outage_lasts_until_now_and_an_end_after_now_is_clipped() -> None:
    now = "2026-11-10T12:00:00Z"
    ongoing = rows([outage("api", "2026-11-10T11:00:00Z", None)], now, service="api")
    later_end = rows([outage("api", "2026-11-10T11:00:00Z", "2026-11-20T00:00:00Z")], now, service="api")
    assert ongoing == later_end
    row = ongoing[0]
    assert (row["open_s"], row["down_s"]) == (9 * 86400 + 12 * 3600, 3600)


def test_an_outage_starting_after_now_is_ignored() -> None:
    found = rows([outage("api", "2026-11-10T13:00:00Z", None)], "2026-11-10T12:00:00Z", since="2026-11-01T00:00:00Z",
                 service="api")
    assert [r["down_s"] for r in found] == [0]


def test_only_open_time_of_the_calendar_counts() -> None:
    # the week of Monday 2026-11-02: office is open 5 x 8h = 40h
    outages = [
        outage("portal", "2026-11-07T10:00:00Z", "2026-11-07T12:00:00Z"),  # Saturday: closed, not down
        outage("portal", "2026-11-06T16:00:00Z", "2026-11-09T10:00:00Z"),  # Friday 16:00 to Monday 10:00
    ]
    found = rows(outages, "2026-11-15T23:00:00Z", service="portal")
    assert [(r["period"], r["open_s"], r["down_s"], r["uptime"], r["met"], r["credit_pct"]) for r in found] == [
        ("2026-W45", 40 * 3600, 3600, 0.975, False, 5.0),
        ("2026-W46", 40 * 3600, 3600, 0.975, False, 5.0),
    ]


def test_a_period_with_no_open_time_has_no_uptime_and_no_credit() -> None:
    text = POLICY.replace("calendar office\n", "calendar mondays\n")
    found = rows([outage("portal", "2026-11-09T07:00:00Z", None)], "2026-11-09T08:00:00Z", text=text, service="portal")
    assert found == [{"service": "portal", "period": "2026-W46", "open_s": 0, "down_s": 0, "uptime": None,
                      "objective": 0.99, "met": None, "credit_pct": 0.0}]


def test_since_defaults_to_the_earliest_outage_of_any_service_and_every_declared_service_gets_rows() -> None:
    report = compute_availability(slalang.loads(POLICY), [outage("billing", "2026-09-20T00:00:00Z", "2026-09-20T01:00:00Z")],
                                  "2026-11-10T12:00:00Z")
    assert report.unknown_services == ("billing",)
    assert [(r["service"], r["period"]) for r in report.to_json()][:3] == [("api", "2026-09"), ("api", "2026-10"), ("api", "2026-11")]
    assert {r["service"] for r in report.to_json()} == {"api", "portal"}
    assert all(r["down_s"] == 0 for r in report.to_json())


def test_with_no_outage_and_no_since_only_the_period_holding_now() -> None:
    assert [(r["service"], r["period"]) for r in rows([], "2026-11-10T12:00:00Z")] == [("api", "2026-11"), ("portal", "2026-W46")]


def test_since_reports_whole_periods_from_the_one_holding_it() -> None:
    found = rows([], "2026-11-10T12:00:00Z", since="2026-10-15T00:00:00Z", service="api")
    assert [(r["period"], r["open_s"]) for r in found] == [("2026-10", 31 * 86400), ("2026-11", 9 * 86400 + 12 * 3600)]


def test_since_after_now_is_an_error() -> None:
    with pytest.raises(ValueError, match="since is after now"):
        rows([], "2026-11-10T12:00:00Z", since="2026-11-11T00:00:00Z")


def test_bad_lines_are_passed_on_and_counted() -> None:
    seen = []
    report = compute_availability(slalang.loads(POLICY), [OutageFailure(2, "bad"), outage("api", "2026-11-10T11:00:00Z", None)],
                                  "2026-11-10T12:00:00Z", on_failure=seen.append)
    assert (report.outages, report.failed, [f.line for f in seen]) == (2, 1, [2])


def test_outages_beyond_one_chunk_are_sorted_through_the_disk_with_the_same_result() -> None:
    outages = [outage("api", f"2026-11-{d:02d}T{h:02d}:00:00Z", f"2026-11-{d:02d}T{h:02d}:30:00Z")
               for d in range(28, 0, -1) for h in (20, 3, 11)]
    outages += [outage("api", "2026-11-05T03:10:00Z", "2026-11-05T04:00:00Z")]  # overlaps one of them
    assert rows(outages, "2026-12-01T00:00:00Z", chunk=7) == rows(outages, "2026-12-01T00:00:00Z")
    assert rows(outages, "2026-12-01T00:00:00Z", service="api")[0]["down_s"] == 28 * 3 * 1800 + 1800


def test_periods_in_a_dst_zone_are_as_long_as_the_clock_says() -> None:
    text = 'availability api { objective 99.9% period month in "Europe/Amsterdam" }'
    found = rows([outage("api", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z")], "2026-04-15T00:00:00Z",
                 since="2026-03-01T00:00:00Z", text=text)
    # March 2026 in Amsterdam lost an hour to summer time; the outage straddles the switch: one real hour
    assert [(r["period"], r["open_s"], r["down_s"]) for r in found] == [
        ("2026-03", 31 * 86400 - 3600, 3600),
        ("2026-04", 14 * 86400 + 2 * 3600, 0),  # from 1 April 00:00 CEST (31 March 22:00 UTC)
    ]
