"""Hypothesis strategies for the Zendesk round trips: API pages (J), policies (P), tickets.

J is drawn from what an import carries without a report: the documented filter fields and
operators, every SLA metric, schedules with intervals in minutes from Sunday and holidays.
Two details keep ``export(import(J)) == J`` a statement about meaning rather than spelling:
an ``any`` list holds single-tag ``includes`` only (Zendesk reads "a b" as either tag, and
so does the ``or`` slalang writes), and intervals and holidays neither touch nor overlap
(touching ones mean one longer interval, which export writes as one), and each lies within
one calendar day, as the API requires.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from slalang.bridges.zendesk.metrics import METRICS, PRIORITIES

RAILS_ZONES = ("Amsterdam", "Edinburgh", "London", "Eastern Time (US & Canada)", "Kathmandu", "Chatham Is.", "UTC", "Newfoundland")
REPLY_METRICS = ("first_reply_time", "next_reply_time")
ALL_METRICS = tuple(m.name for m in METRICS)
TAGS = ("vip", "gold", "spam", "beta")
TYPES = ("incident", "question", "problem", "task")
IDS = (5, 7, 360000123456)

titles = st.sampled_from(["Enterprise", "VIP customers", "Everyone else", "Zoë's desk", "Billing & invoices"])
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@st.composite
def condition(draw, in_any: bool) -> dict:
    kind = draw(st.sampled_from(["type", "group_id", "tags", "custom", "organization_id", "brand_id"]))
    if kind == "tags":
        if in_any:
            return {"field": "current_tags", "operator": "includes", "value": draw(st.sampled_from(TAGS))}
        tags = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True))
        return {"field": "current_tags", "operator": draw(st.sampled_from(["includes", "not_includes"])), "value": " ".join(tags)}
    operator = draw(st.sampled_from(["is", "is_not"]))
    if kind == "type":
        return {"field": "type", "operator": operator, "value": draw(st.sampled_from(TYPES))}
    if kind == "custom":
        return {"field": "custom_fields_360000101", "operator": operator, "value": draw(st.sampled_from(["gold", "silver"]))}
    return {"field": kind, "operator": operator, "value": draw(st.sampled_from(IDS))}


@st.composite
def filters(draw) -> dict:
    all_items = draw(st.lists(condition(False), max_size=2))
    any_items = draw(st.one_of(st.just([]), st.lists(condition(True), min_size=2, max_size=3)))
    if any_items and all(i["field"] == "current_tags" for i in any_items):
        any_items[0] = {"field": "type", "operator": "is", "value": "incident"}
    return {"all": all_items, "any": any_items}


@st.composite
def policy_metrics(draw, metrics: tuple[str, ...], business: bool, every_priority: bool, mixed: bool) -> list[dict]:
    """``mixed``: metrics of one priority may differ in business hours (per-metric calendars)."""
    priorities = list(PRIORITIES) if every_priority else draw(st.lists(st.sampled_from(PRIORITIES), min_size=0, max_size=4, unique=True))
    out = []
    for priority in priorities:
        shared = business and draw(st.booleans())
        for metric in draw(st.lists(st.sampled_from(metrics), min_size=1, max_size=3, unique=True)):
            minutes = draw(st.integers(1, 20000))
            hours = business and draw(st.booleans()) if mixed else shared
            out.append({"priority": priority, "metric": metric, "target": minutes, "business_hours": hours,
                        "target_in_seconds": minutes * 60})
    return out


@st.composite
def sla_policies(
    draw, metrics: tuple[str, ...] = ALL_METRICS, business: bool = True, every_priority: bool = False, mixed: bool = True
) -> list[dict]:
    count = draw(st.integers(1, 3))
    positions = sorted(draw(st.sets(st.integers(1, 20), min_size=count, max_size=count)))
    ids = draw(st.lists(st.integers(1, 10**12), min_size=count, max_size=count, unique=True))
    out = []
    for index in range(count):
        policy = {"url": f"https://acme.zendesk.com/api/v2/slas/policies/{ids[index]}.json", "id": ids[index],
                  "title": draw(titles)}
        if draw(st.booleans()):
            policy["description"] = draw(st.one_of(st.none(), texts))
        policy["position"] = positions[index]
        policy["filter"] = draw(filters())
        policy["policy_metrics"] = draw(policy_metrics(metrics, business, every_priority, mixed))
        policy["created_at"] = "2021-07-16T11:06:01Z"
        policy["updated_at"] = "2022-01-01T00:00:00Z"
        out.append(policy)
    return out


@st.composite
def intervals(draw) -> list[dict]:
    """Zendesk intervals: each within one calendar day, apart from the next in that day."""
    out = []
    for day in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, 96).map(lambda q: q * 15), max_size=4)))
        for start, end in zip(cuts[0::2], cuts[1::2], strict=False):
            out.append({"start_time": day * 1440 + start, "end_time": day * 1440 + end})
    return out


@st.composite
def holiday_list(draw) -> list[dict]:
    """Holidays at least one open day apart (a run of closed dates is one holiday)."""
    out = []
    day = draw(st.integers(0, 30))
    for index in range(draw(st.integers(0, 3))):
        length = draw(st.integers(0, 2))
        first = dt.date(2026, 1, 1) + dt.timedelta(days=day)
        out.append({"id": 1000 + index, "name": draw(st.sampled_from(["Christmas", "Day off", "Fête"])),
                    "start_date": first.isoformat(), "end_date": (first + dt.timedelta(days=length)).isoformat()})
        day += length + draw(st.integers(2, 200))
    return out


@st.composite
def schedules(draw, max_count: int = 2) -> list[dict]:
    count = draw(st.integers(0, max_count))
    ids = draw(st.lists(st.integers(1, 10**10), min_size=count, max_size=count, unique=True))
    names = draw(st.lists(st.sampled_from(["Office", "Amsterdam office", "NY desk", "24/7 line"]), min_size=count, max_size=count, unique=True))
    return [{"id": ids[i], "name": names[i], "time_zone": draw(st.sampled_from(RAILS_ZONES)), "intervals": draw(intervals()),
             "holidays": draw(holiday_list()), "created_at": "2015-09-09T22:07:28Z", "updated_at": "2015-09-10T22:07:28Z"}
            for i in range(count)]


def normalised_policies(policies: list[dict]) -> list[dict]:
    """J's policies up to ids, timestamps and key order, as the round trip promises; also up
    to the order of ``policy_metrics`` (a set of targets) and with ``target_in_seconds`` filled."""
    out = []
    for policy in sorted(policies, key=lambda p: p["position"]):
        body = {k: v for k, v in policy.items() if k not in ("url", "created_at", "updated_at")}
        body["policy_metrics"] = sorted(
            ({**m, "target_in_seconds": m.get("target_in_seconds", m["target"] * 60)} for m in policy["policy_metrics"]),
            key=lambda m: (PRIORITIES.index(m["priority"]), ALL_METRICS.index(m["metric"])),
        )
        out.append(body)
    return out


def normalised_schedules(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in s.items() if k not in ("created_at", "updated_at")} for s in items]
