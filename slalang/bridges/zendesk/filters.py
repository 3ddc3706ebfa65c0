"""Zendesk SLA policy filters and slalang conditions, both ways.

A filter is ``{"all": [...], "any": [...]}``: every condition of ``all`` and at least one of
``any`` (an empty ``any`` is no constraint). Each condition is ``{"field", "operator",
"value"}``. Only the fields below have a place in a slalang ticket; the ticket adapter
(``slalang tickets zendesk``) fills the same paths, so a condition means the same on both
sides. ``is_not`` becomes ``not PATH == VALUE``, which, like Zendesk, holds for a ticket
without the field (``PATH != VALUE`` would not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ... import model
from ..pages import Record
from ..problems import Problem, json_kind
from ..writer import Cond, all_of, any_of, contains, equals, negate

# Zendesk filter field -> the slalang path the ticket adapter fills. ``custom_fields_N`` is
# matched separately.
FIELD_PATHS: dict[str, str] = {
    "type": "ticket.type",
    "group_id": "ticket.group_id",
    "brand_id": "ticket.brand_id",
    "via_id": "ticket.via_id",
    "ticket_form_id": "ticket.ticket_form_id",
    "assignee_id": "ticket.assignee_id",
    "requester_id": "ticket.requester_id",
    "organization_id": "customer.organization_id",
}
TAGS_FIELD = "current_tags"
TAGS_PATH = "ticket.tags"
ID_FIELDS = frozenset({"group_id", "brand_id", "via_id", "ticket_form_id", "assignee_id", "requester_id", "organization_id"})
_CUSTOM = re.compile(r"custom_fields_([0-9]+)\Z")


def field_path(field: str) -> str | None:
    if field in FIELD_PATHS:
        return FIELD_PATHS[field]
    if field == TAGS_FIELD:
        return TAGS_PATH
    if _CUSTOM.match(field):
        return f"ticket.{field}"
    return None


def path_field(path: tuple[str, ...]) -> str | None:
    """The Zendesk field for a slalang path, or None."""
    text = ".".join(path)
    for field, mapped in FIELD_PATHS.items():
        if mapped == text:
            return field
    if text == TAGS_PATH:
        return TAGS_FIELD
    if len(path) == 2 and path[0] == "ticket" and _CUSTOM.match(path[1]):
        return path[1]
    return None


@dataclass
class FilterResult:
    cond: Cond | None  # None: no constraint
    problems: list[Problem]


def import_filter(record: Record) -> FilterResult:
    """The condition of a policy's ``filter``; conditions that cannot be carried are left out
    and reported."""
    policy = record.value
    problems: list[Problem] = []
    raw = policy.get("filter")
    if raw is None:
        return FilterResult(None, problems)
    if not isinstance(raw, dict):
        problems.append(record.problem(f"`filter` must be an object, got {json_kind(raw)}", None, "filter"))
        return FilterResult(None, problems)
    for key in raw:
        if key not in ("all", "any"):
            problems.append(record.problem(f"filter key `{key}` is not `all` or `any`; it was left out", None, "filter", key))
    groups: dict[str, list[Cond]] = {}
    for group in ("all", "any"):
        items = raw.get(group) or []
        if not isinstance(items, list):
            problems.append(record.problem(f"`filter.{group}` must be a list, got {json_kind(items)}", None, "filter", group))
            continue
        conds: list[Cond] = []
        for index, item in enumerate(items):
            cond, problem = _condition(record, item, ("filter", group, index))
            if problem is not None:
                problems.append(problem)
            elif cond is not None:
                conds.append(cond)
        groups[group] = conds
    parts = list(groups.get("all", []))
    if groups.get("any"):
        parts.append(any_of(groups["any"]))
    return FilterResult(all_of(parts) if parts else None, problems)


def _condition(record: Record, item: Any, at: tuple[Any, ...]) -> tuple[Cond | None, Problem | None]:
    if not isinstance(item, dict):
        return None, record.problem(f"a filter condition must be an object, got {json_kind(item)}", None, *at)
    field, operator, value = item.get("field"), item.get("operator"), item.get("value")
    path = field_path(field) if isinstance(field, str) else None
    if path is None or not isinstance(field, str):
        return None, record.problem(
            f"filter field {field!r} has no slalang path; the condition was left out",
            "slalang maps type, current_tags, group_id, brand_id, via_id, ticket_form_id, assignee_id, requester_id, "
            "organization_id and custom_fields_N",
            *at, "field",
        )
    if field == TAGS_FIELD:
        if operator not in ("includes", "not_includes"):
            return None, record.problem(f"operator {operator!r} on current_tags is not includes or not_includes", None, *at, "operator")
        tags = value.split() if isinstance(value, str) else value if isinstance(value, list) else None
        if not tags or not all(isinstance(t, str) for t in tags):
            return None, record.problem(f"current_tags takes tags separated by spaces, got {json_kind(value)}", None, *at, "value")
        cond = any_of([contains(TAGS_PATH, tag) for tag in tags])
        return (cond if operator == "includes" else negate(cond)), None
    if operator not in ("is", "is_not"):
        return None, record.problem(f"operator {operator!r} on {field} has no slalang meaning here (only is and is_not)", None, *at, "operator")
    value = _typed(field, value)
    if isinstance(value, (dict, list)) or value is None:
        return None, record.problem(f"the value of {field} must be a string, a number or a boolean, got {json_kind(value)}", None, *at, "value")
    cond = equals(path, value)
    return (cond if operator == "is" else negate(cond)), None


def _typed(field: str, value: Any) -> Any:
    """Zendesk writes ids as numbers or as digit strings; tickets carry numbers, so an id in
    digits is read as the number."""
    if field in ID_FIELDS and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


# --- export ------------------------------------------------------------------------------


class NotAFilter(ValueError):
    """A slalang condition that has no Zendesk filter form; the message says why."""


def export_filter(parts: list[model.Condition]) -> dict[str, list[dict[str, Any]]]:
    """The filter for the conjuncts of an SLA's ``when`` (its priority taken out): plain
    conditions go to ``all``; at most one ``or`` of plain conditions goes to ``any``."""
    all_items: list[dict[str, Any]] = []
    any_items: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, model.Any_) and _tag_group(part) is None:
            if any_items:
                raise NotAFilter("a Zendesk filter holds one `any` list: two `or` groups cannot both be carried")
            items = [_exported(item) for item in part.items]
            if any(len(i) != 1 for i in items):
                raise NotAFilter("an `or` group may hold only single conditions (and tag tests) in Zendesk's `any` list")
            any_items.extend(i[0] for i in items)
        else:
            all_items.extend(_exported(part))
    return {"all": all_items, "any": any_items}


def _exported(cond: model.Condition) -> list[dict[str, Any]]:
    """One condition as Zendesk conditions (a tag group is one ``includes``)."""
    tags = _tag_group(cond)
    if tags is not None:
        return [{"field": TAGS_FIELD, "operator": "includes", "value": " ".join(tags)}]
    if isinstance(cond, model.Not):
        tags = _tag_group(cond.item)
        if tags is not None:
            return [{"field": TAGS_FIELD, "operator": "not_includes", "value": " ".join(tags)}]
        inner = cond.item
        if isinstance(inner, model.FieldCmp) and inner.op == "==":
            return [_field_condition(inner, "is_not")]
    if isinstance(cond, model.FieldCmp):
        if cond.op == "==":
            return [_field_condition(cond, "is")]
        if cond.op == "!=":
            raise NotAFilter(
                f"`{'.'.join(cond.path)} != ...` is false for a ticket without the field, and Zendesk's is_not is true"
                " there; write `not PATH == VALUE` for Zendesk's meaning"
            )
    if isinstance(cond, model.All):
        out: list[dict[str, Any]] = []
        for item in cond.items:
            out.extend(_exported(item))
        if len(out) > 1:
            raise NotAFilter("an `and` inside an `or` has no Zendesk filter form")
        return out
    raise NotAFilter(f"the condition {_describe(cond)} has no Zendesk filter form")


def _tag_group(cond: model.Condition) -> list[str] | None:
    """``ticket.tags contains "a"`` or an ``or`` of such: the tags, else None."""
    items = cond.items if isinstance(cond, model.Any_) else (cond,)
    tags = []
    for item in items:
        if not (isinstance(item, model.FieldContains) and ".".join(item.path) == TAGS_PATH and isinstance(item.value, str)):
            return None
        if not item.value or any(ch.isspace() for ch in item.value):
            return None
        tags.append(item.value)
    return tags


def _field_condition(cond: model.FieldCmp, operator: str) -> dict[str, Any]:
    field = path_field(cond.path)
    if field is None or field == TAGS_FIELD:
        raise NotAFilter(f"the path {'.'.join(cond.path)} has no Zendesk filter field")
    return {"field": field, "operator": operator, "value": cond.value}


def _describe(cond: model.Condition) -> str:
    kind = type(cond).__name__.rstrip("_")
    names = {"FieldIn": "`in [...]`", "FieldContains": "`contains`", "PriorityCmp": "on priority", "SegmentRef": "`segment`",
             "Const": "`true`/`false`", "Not": "`not`", "Any": "`or`", "All": "`and`", "FieldCmp": "comparison"}
    return names.get(kind, kind)
