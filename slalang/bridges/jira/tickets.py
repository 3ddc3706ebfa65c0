"""``slalang tickets jira``: Jira (Service Management) issues -> slalang tickets.

Issues come from ``GET /rest/api/2/search?expand=changelog`` (or ``/rest/api/3/...``) with
their comments in ``fields.comment``. A ticket's ``id`` is the issue key; its initial status
and priority are the ``fromString`` of the first changelog item for that field, else the
current value; every later change is a ``status`` or ``field`` event. Jira timestamps
(``2017-02-28T09:24:59.366-0600``) are written as RFC 3339. A comment is a reply unless
it is internal (Jira Service Management's ``jsdPublic: false``, or the ``sd.public.comment``
property with ``internal: true``): the reporter's replies are customer replies, everyone
else's agent replies. ``--map`` renames statuses, priorities and fields (by field id,
``customfield_10010``, or by the name the changelog shows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..pages import Document, Record, records
from ..problems import json_kind
from ..ticket_map import TicketMap
from ..tickets import RecordError, TicketBuilder, TicketsResult, instant

BUILT_IN: dict[str, tuple[str, ...]] = {
    "status": ("ticket", "status"),
    "priority": ("ticket", "priority"),
    "issuetype": ("ticket", "type"),
    "labels": ("ticket", "labels"),
    "assignee": ("ticket", "assignee"),
    "components": ("ticket", "components"),
}
CHANGELOG_NAMES = {"issuetype": ("issuetype", "Issue Type", "issue type")}


def jira_tickets(issues: Iterable[Document], mapping: TicketMap | None = None) -> TicketsResult:
    mapping = mapping or TicketMap()
    result = TicketsResult()
    for record in records(issues, "issues", "issue"):
        try:
            result.tickets.append(_ticket(record, mapping))
        except RecordError as exc:
            result.problems.append(exc.problem(record))
    return result


def _ticket(record: Record, mapping: TicketMap) -> dict[str, Any]:
    issue = record.value
    if not isinstance(issue, dict):
        raise RecordError(f"an issue must be an object, got {json_kind(issue)}")
    key = issue.get("key")
    if not isinstance(key, str) or not key:
        raise RecordError("the issue has no `key`", "key")
    fields = issue.get("fields")
    if not isinstance(fields, dict):
        raise RecordError(f"`fields` must be an object, got {json_kind(fields)}", "fields")
    created_at, created_s = instant(fields.get("created"), "fields", "created")
    builder = TicketBuilder(key, created_at, created_s)
    histories = _histories(issue)
    changes = [(h, i, item) for h, history in enumerate(histories) for i, item in enumerate(_items(history, h))]
    tracked = _tracked(fields, mapping)
    for field_id, path in tracked.items():
        first = next((item for _, _, item in changes if _item_field(item) == field_id or _named(item, field_id)), None)
        value = _from_item(first, field_id) if first is not None else _current(field_id, fields.get(field_id))
        builder.initial(path, _mapped(path, value, mapping))
    reporter = _person(fields.get("reporter"))
    for index, comment in enumerate(_comments(fields)):
        if not isinstance(comment, dict) or _internal(comment):
            continue
        at, at_s = instant(comment.get("created"), "fields", "comment", "comments", index, "created")
        author = _person(comment.get("author"))
        kind = "customer_reply" if author is not None and author == reporter else "agent_reply"
        builder.event(at, at_s, {"type": kind}, "fields", "comment", "comments", index)
    for h, history in enumerate(histories):
        at, at_s = instant(history.get("created"), "changelog", "histories", h, "created")
        for i, item in enumerate(_items(history, h)):
            changed = next((f for f in tracked if _item_field(item) == f or _named(item, f)), None)
            if changed is None:
                continue
            path = tracked[changed]
            value = _mapped(path, _to_item(item, changed), mapping)
            builder.change(at, at_s, path, value, "changelog", "histories", h, "items", i)
    return builder.to_json()


def _histories(issue: dict[str, Any]) -> list[dict[str, Any]]:
    changelog = issue.get("changelog")
    if changelog is None:
        raise RecordError(
            "the issue has no `changelog`: its history is unknown", "changelog",
            hint="fetch issues with expand=changelog",
        )
    if not isinstance(changelog, dict) or not isinstance(changelog.get("histories"), list):
        raise RecordError("`changelog.histories` must be a list", "changelog")
    histories = changelog["histories"]
    total = changelog.get("total")
    if isinstance(total, int) and total > len(histories):
        raise RecordError(
            f"the changelog holds {len(histories)} of its {total} entries; the rest of the history is missing", "changelog",
            hint="fetch the whole changelog with GET /rest/api/2/issue/KEY/changelog and put its values in changelog.histories",
        )
    for index, history in enumerate(histories):
        if not isinstance(history, dict):
            raise RecordError(f"a changelog entry must be an object, got {json_kind(history)}", "changelog", "histories", index)
    return sorted(histories, key=lambda h: _sort_instant(h.get("created")))


def _sort_instant(value: Any) -> int:
    try:
        return instant(value)[1]
    except RecordError:
        return 0


def _items(history: dict[str, Any], index: int) -> list[dict[str, Any]]:
    items = history.get("items")
    if not isinstance(items, list):
        raise RecordError("a changelog entry needs `items`", "changelog", "histories", index)
    return [item for item in items if isinstance(item, dict)]


def _tracked(fields: dict[str, Any], mapping: TicketMap) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for field_id, default in BUILT_IN.items():
        path = mapping.path(field_id, default)
        if path is not None:
            out[field_id] = path
    for field_id, path in mapping.fields.items():
        out[field_id] = path
    return out


def _item_field(item: dict[str, Any]) -> Any:
    return item.get("fieldId") or item.get("field")


def _named(item: dict[str, Any], field_id: str) -> bool:
    return item.get("field") in CHANGELOG_NAMES.get(field_id, ())


def _from_item(item: dict[str, Any], field_id: str) -> Any:
    return _item_value(item.get("fromString"), item.get("from"), field_id)


def _to_item(item: dict[str, Any], field_id: str) -> Any:
    return _item_value(item.get("toString"), item.get("to"), field_id)


def _item_value(text: Any, raw: Any, field_id: str) -> Any:
    if field_id in ("labels", "components"):
        return text.split() if isinstance(text, str) else []
    if field_id == "assignee":
        return raw if raw is not None else text
    return text


def _current(field_id: str, value: Any) -> Any:
    """A field's value as it reads in a ticket: names of objects, lists of names."""
    if isinstance(value, list):
        return [_current(field_id, v) for v in value]
    if isinstance(value, dict):
        if field_id == "assignee":
            return _person(value)
        for key in ("value", "name", "displayName", "key", "id"):
            if isinstance(value.get(key), (str, int)):
                return value[key]
        return None
    return value


def _mapped(path: tuple[str, ...], value: Any, mapping: TicketMap) -> Any:
    if path == ("ticket", "status"):
        return mapping.status(value)
    if path == ("ticket", "priority"):
        return mapping.priority(value)
    return value


def _person(value: Any) -> Any:
    if isinstance(value, dict):
        for key in ("accountId", "key", "name", "emailAddress"):
            if value.get(key):
                return value[key]
    return None


def _comments(fields: dict[str, Any]) -> list[Any]:
    comment = fields.get("comment")
    if comment is None:
        return []
    if isinstance(comment, dict) and isinstance(comment.get("comments"), list):
        total = comment.get("total")
        if isinstance(total, int) and total > len(comment["comments"]):
            raise RecordError(
                f"fields.comment holds {len(comment['comments'])} of its {total} comments; the other replies are missing",
                "fields", "comment", hint="fetch GET /rest/api/2/issue/KEY/comment and put all of them in fields.comment.comments",
            )
        return comment["comments"]
    raise RecordError("`fields.comment.comments` must be a list", "fields", "comment")


def _internal(comment: dict[str, Any]) -> bool:
    if comment.get("jsdPublic") is False:
        return True
    for prop in comment.get("properties") or []:
        if isinstance(prop, dict) and prop.get("key") == "sd.public.comment":
            value = prop.get("value")
            if isinstance(value, dict) and value.get("internal") is True:
                return True
    return False
