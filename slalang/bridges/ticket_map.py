"""``--map MAP.yaml``: renaming a helpdesk's statuses, priorities and fields for slalang.

```yaml
statuses:            # helpdesk status -> ticket.status
  Done: solved
  Waiting for customer: pending_customer
priorities:          # helpdesk priority -> ticket.priority (a name the policy declares)
  Highest: urgent
fields:              # helpdesk field -> slalang path (a bare name is ticket.NAME)
  customfield_10010: request_type
  organization_id: customer.organization_id
```

Every key is optional; a value not listed keeps its helpdesk spelling. The file is read with
the project's located-YAML reader, so a mistake is reported at its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..evaluation.tickets import field_path
from ..located_yaml import LocatedDocument, YamlError, load_located
from .pages import read_text
from .problems import BridgeError, Problem

SECTIONS = ("statuses", "priorities", "fields")


@dataclass(frozen=True)
class TicketMap:
    statuses: dict[str, str] = field(default_factory=dict)
    priorities: dict[str, str] = field(default_factory=dict)
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # helpdesk field -> ("ticket", "x")

    def status(self, value: Any) -> Any:
        return self.statuses.get(value, value) if isinstance(value, str) else value

    def priority(self, value: Any) -> Any:
        return self.priorities.get(value, value) if isinstance(value, str) else value

    def path(self, name: str, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
        """Where a helpdesk field goes: the map's path, else ``default``."""
        return self.fields.get(name, default)


def load_map(path: str) -> TicketMap:
    """Read MAP.yaml; BridgeError located at the mistake."""
    text = read_text(path)
    try:
        document = load_located(text)
        return _parse(document)
    except YamlError as exc:
        raise BridgeError(Problem(path, "", exc.message, exc.hint or None, exc.line, exc.column)) from None


def _parse(document: LocatedDocument) -> TicketMap:
    data = document.data
    if data is None:
        return TicketMap()
    if not isinstance(data, dict):
        raise document.error((), "the map must be a mapping with statuses, priorities and fields", "statuses:\n  Done: solved")
    for key in data:
        if key not in SECTIONS:
            raise document.error((key,), f"unknown section `{key}`", "the sections are statuses, priorities and fields", at_key=True)
    sections: dict[str, dict[str, str]] = {}
    for section in SECTIONS:
        raw = data.get(section) or {}
        if not isinstance(raw, dict):
            raise document.error((section,), f"`{section}` must map helpdesk names to slalang names")
        out: dict[str, str] = {}
        for name, value in raw.items():
            if isinstance(value, bool) or not isinstance(value, (str, int, float)) or str(value).strip() == "":
                raise document.error((section, name), f"the new name for {name!r} must be text, not {type(value).__name__}")
            out[name] = str(value)
        sections[section] = out
    paths: dict[str, tuple[str, ...]] = {}
    for name, value in sections["fields"].items():
        try:
            paths[name] = field_path(value)
        except ValueError as exc:
            raise document.error(("fields", name), str(exc), "write a name such as request_type, ticket.team or customer.plan") from None
    return TicketMap(sections["statuses"], sections["priorities"], paths)
