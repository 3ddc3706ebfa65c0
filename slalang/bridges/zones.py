"""Rails time-zone names (what Zendesk and Freshdesk write in ``time_zone``) and IANA zones.

The table is data, kept beside this module in ``rails_time_zones.json`` with its source
named: ``ActiveSupport::TimeZone::MAPPING`` of Ruby on Rails, which both helpdesks use for
their time-zone settings. Several Rails names share one IANA zone ("Edinburgh" and
"London" are both ``Europe/London``), so going back needs a preference: the name the
import kept in its structured comment when it still means the same zone, else the first
name in the table's order.
"""

from __future__ import annotations

import json
import zoneinfo
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def rails_table() -> tuple[tuple[str, str], ...]:
    """(Rails name, IANA zone) pairs in the source's order."""
    data = json.loads(resources.files(__package__).joinpath("rails_time_zones.json").read_text(encoding="utf-8"))
    return tuple((str(name), str(zone)) for name, zone in data["zones"])


@lru_cache(maxsize=1)
def _forward() -> dict[str, str]:
    return dict(rails_table())


def is_iana_zone(name: object) -> bool:
    """``zoneinfo`` with the bundled tzdata accepts ``name`` exactly (language.md's reading)."""
    if not isinstance(name, str) or not name or name == "localtime" or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def iana_zone(rails_name: object) -> str | None:
    """The IANA zone a helpdesk's ``time_zone`` value names: a Rails name through the table,
    or an IANA name as it is; None when it is neither."""
    if isinstance(rails_name, str):
        zone = _forward().get(rails_name)
        if zone is not None:
            return zone
        if is_iana_zone(rails_name):
            return rails_name
    return None


def rails_name(zone: str, preferred: object = None) -> str | None:
    """The ``time_zone`` value to write for IANA ``zone``: ``preferred`` (the name an import
    kept) when it still names ``zone``, else the table's first Rails name for it; None when
    no Rails name means ``zone`` (the helpdesks offer only the Rails names)."""
    if isinstance(preferred, str) and iana_zone(preferred) == zone:
        return preferred
    for name, mapped in rails_table():
        if mapped == zone:
            return name
    return None
