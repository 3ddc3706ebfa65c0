"""Which strings name a time zone where a policy or a ticket may name one (language.md).

A zone is valid when ``zoneinfo.ZoneInfo`` accepts the exact string with the bundled tzdata:
the keys of the ``tzdata`` package, case-sensitive, links such as ``US/Eastern`` included;
an empty string, ``localtime``, a path or anything but a string is not a zone. The answer
does not depend on the machine's own zone files, so a policy compiles alike everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from zoneinfo import available_timezones

_NOT_ZONES = frozenset({"localtime", "posixrules", "posix", "right"})


@lru_cache(maxsize=1)
def bundled_zones() -> frozenset[str]:
    """The IANA keys of the bundled tzdata (the system's zones, less files that are not zones,
    when the tzdata package is missing)."""
    try:
        text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):  # pragma: no cover - tzdata is a dependency
        return frozenset(available_timezones()) - _NOT_ZONES
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_zone(value: object) -> bool:
    """Whether ``value`` names an IANA zone (see the module docstring)."""
    return isinstance(value, str) and value in bundled_zones()
