"""``slalang import zendesk``: SLA policies and schedules as a slalang policy set."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..imports import ImportResult
from ..pages import Document, Record, ordered, records
from ..problems import BridgeError, Problem, json_kind, pointer
from ..writer import literal, quote
from .metrics import PRIORITIES, RESOLVED
from .policies import CalendarChoice, import_policy
from .schedules import ImportedCalendar, import_schedule


def import_zendesk(
    policies: Iterable[Document],
    schedules: Iterable[Document] = (),
    holidays: Iterable[Document] = (),
) -> ImportResult:
    """The policy set for Zendesk's ``/api/v2/slas/policies`` pages, with the account's
    ``/api/v2/business_hours/schedules`` pages and, optionally, ``/schedules/{id}/holidays``
    pages (each tagged with its ``schedule_id``, or untagged when there is one schedule)."""
    policy_records = ordered(records(policies, "sla_policies", "sla_policy"), "position")
    schedule_records = records(schedules, "schedules", "schedule")
    problems: list[Problem] = []
    extra_holidays = _holidays_by_schedule(list(holidays), schedule_records)
    taken: set[str] = set()
    calendars: list[ImportedCalendar] = []
    for record in schedule_records:
        schedule_id = record.value.get("id") if isinstance(record.value, dict) else None
        calendar = import_schedule(record, taken, extra_holidays.get(_key(schedule_id), []))
        calendars.append(calendar)
        problems += calendar.problems
    choice = CalendarChoice(_business_item([c for c in calendars if c.text]))
    slas: list[str] = []
    for record in policy_records:
        imported = import_policy(record, taken, choice)
        slas += imported.texts
        problems += imported.problems
    counts = f"{len(policy_records)} SLA polic{'y' if len(policy_records) == 1 else 'ies'}, {len(schedule_records)} schedule{'s' if len(schedule_records) != 1 else ''}"
    header = "\n".join([
        f"# Imported from Zendesk with `slalang import zendesk`: {counts}.",
        "# `# zendesk: {...}` comments keep what slalang has no place for; `slalang export zendesk` reads them back.",
        "resolved when status in [" + ", ".join(quote(s) for s in RESOLVED) + "]",
        "priorities " + " > ".join(PRIORITIES),
        "",
    ])
    return ImportResult("Zendesk", header, tuple(c.text for c in calendars if c.text), tuple(slas), tuple(problems))


def _business_item(calendars: list[ImportedCalendar]) -> str | None:
    """The calendar item for ``business_hours: true``: the ticket's schedule, else the default
    (the first schedule listed)."""
    if not calendars:
        return None
    default = calendars[0].name
    arms = [(c.schedule_id, c.name) for c in calendars if c.schedule_id is not None and not isinstance(c.schedule_id, (dict, list))]
    if len(calendars) == 1 or not arms:
        return f"calendar {default}"
    lines = [f"        {literal(schedule_id)} {name}" for schedule_id, name in arms]
    return "calendar by ticket.schedule_id {\n" + "\n".join(lines) + f"\n        else {default}\n    }}"


def _key(schedule_id: Any) -> Any:
    return str(schedule_id) if schedule_id is not None else None


def _holidays_by_schedule(documents: list[Document], schedules: list[Record]) -> dict[Any, list[Record]]:
    """Holidays pages (``{"holidays": [...], "schedule_id": N}``) by schedule id. A page
    without ``schedule_id`` belongs to the only schedule, when there is exactly one."""
    out: dict[Any, list[Record]] = {}
    only = schedules[0].value.get("id") if len(schedules) == 1 and isinstance(schedules[0].value, dict) else None
    for document in documents:
        pages = document.value if isinstance(document.value, list) else [document.value]
        base = [(i,) for i in range(len(pages))] if isinstance(document.value, list) else [()]
        for page, at in zip(pages, base, strict=True):
            if not isinstance(page, dict) or not isinstance(page.get("holidays"), list):
                raise BridgeError(Problem(document.source, pointer(*at), f"expected a page with a `holidays` list, got {json_kind(page)}",
                                          None, document.line))
            owner = page.get("schedule_id", only)
            if owner is None:
                raise BridgeError(Problem(
                    document.source, pointer(*at), "this holidays page does not say which schedule it belongs to",
                    'add "schedule_id": ID to the page (as --url writes it), or embed the holidays in the schedule', document.line,
                ))
            for index, holiday in enumerate(page["holidays"]):
                out.setdefault(_key(owner), []).append(Record(holiday, document.source, pointer(*at, "holidays", index), document.line))
    return out
