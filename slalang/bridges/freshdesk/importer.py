"""``slalang import freshdesk``: SLA policies and business hours as a slalang policy set.

Freshdesk counts a target with ``business_hours`` on the business hours of the ticket's
group (``GET /api/v2/groups``: ``business_hour_id``), and on the default business hours for
a ticket without a group or whose group has none: ``calendar by ticket.group_id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..imports import ImportResult
from ..pages import Document, ordered, records
from ..problems import Problem
from ..writer import literal, quote
from .business_hours import ImportedCalendar, import_business_hours
from .policies import PRIORITIES, RESOLVED, CalendarChoice, import_policy

HOLIDAYS_NOTE = (
    "Freshdesk's API does not list a calendar's holidays; add `closed YYYY-MM-DD` lines to the imported "
    "calendars for the holidays your account has"
)


def import_freshdesk(
    policies: Iterable[Document], business_hours: Iterable[Document] = (), groups: Iterable[Document] = ()
) -> ImportResult:
    policy_records = ordered(records(policies, None), "position")
    hour_records = records(business_hours, None)
    group_records = records(groups, None)
    problems: list[Problem] = []
    taken: set[str] = set()
    calendars: list[ImportedCalendar] = []
    for record in hour_records:
        calendar = import_business_hours(record, taken)
        calendars.append(calendar)
        problems += calendar.problems
    usable = [c for c in calendars if c.text]
    business, choice_problems = _business_item(usable, group_records)
    problems += choice_problems
    slas: list[str] = []
    for record in policy_records:
        imported = import_policy(record, taken, CalendarChoice(business))
        slas += imported.texts
        problems += imported.problems
    count = len(policy_records)
    header = "\n".join([
        f"# Imported from Freshdesk with `slalang import freshdesk`: {count} SLA polic{'y' if count == 1 else 'ies'}, "
        f"{len(hour_records)} business-hours calendar{'s' if len(hour_records) != 1 else ''}.",
        "# `# freshdesk: {...}` comments keep what slalang has no place for; `slalang export freshdesk` reads them back.",
        "resolved when status in [" + ", ".join(quote(s) for s in RESOLVED) + "]",
        "priorities " + " > ".join(PRIORITIES.values()),
        "",
    ])
    notes = (HOLIDAYS_NOTE,) if usable else ()
    return ImportResult("Freshdesk", header, tuple(c.text for c in usable), tuple(slas), tuple(problems), notes)


def _business_item(calendars: list[ImportedCalendar], groups: list[Any]) -> tuple[str | None, list[Problem]]:
    if not calendars:
        return None, []
    default = next((c for c in calendars if c.is_default), calendars[0])
    by_id = {str(c.calendar_id): c for c in calendars if c.calendar_id is not None}
    arms: list[tuple[Any, str]] = []
    problems: list[Problem] = []
    for record in groups:
        group = record.value
        if not isinstance(group, dict) or group.get("business_hour_id") is None or "id" not in group:
            continue
        calendar = by_id.get(str(group["business_hour_id"]))
        if calendar is None:
            problems.append(record.problem(
                f"business_hour_id {group['business_hour_id']!r} names no business hours given; the group counts on the default",
                None, "business_hour_id",
            ))
            continue
        if calendar is not default:
            arms.append((group["id"], calendar.name))
    if len(calendars) > 1 and not groups:
        problems.append(Problem(
            "--business-hours", "", "there are several business-hours calendars but no groups: every target with business_hours "
            f"counts on the default calendar ({default.name})",
            "pass GET /api/v2/groups with --groups so that each group counts on its own calendar",
        ))
    if not arms:
        return f"calendar {default.name}", problems
    lines = [f"        {literal(group_id)} {name}" for group_id, name in arms]
    return "calendar by ticket.group_id {\n" + "\n".join(lines) + f"\n        else {default.name}\n    }}", problems
