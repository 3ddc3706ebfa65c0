"""Check configuration: ``[tool.slalang]`` in pyproject.toml, or a ``slalang.toml``.

```toml
[tool.slalang]
severity = { overlapping-slas = "error", unused-definition = "warning" }
skip = ["coverage-gap"]
reference-date = "2026-01-01"     # default: today (UTC)
```

A ``slalang.toml`` holds the same keys at its top level (or under ``[tool.slalang]``). The
file is found by walking up from the policy path; in each directory ``slalang.toml`` wins
over ``pyproject.toml``, and a ``pyproject.toml`` without ``[tool.slalang]`` is passed over.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..diagnostics import Severity

CONFIG_FILES = ("slalang.toml", "pyproject.toml")
KEYS = ("severity", "skip", "reference-date", "sets", "default")  # ``sets``, ``default``: see compiler/workspace.py


class ConfigError(Exception):
    """A configuration file or option that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class CheckConfig:
    """What to report and how: severities per rule id, rules to skip or select, the reference date."""

    severity: dict[str, Severity] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()
    select: frozenset[str] | None = None  # None: every rule
    reference_date: dt.date | None = None  # None: today (UTC)
    source: str | None = None  # the file the settings came from

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.skip:
            return False
        return self.select is None or rule_id in self.select

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)

    def today(self) -> dt.date:
        return self.reference_date or dt.datetime.now(dt.UTC).date()

    def with_options(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] = (), known: Iterable[str] = ()
    ) -> CheckConfig:
        """These settings narrowed by ``--select`` and ``--ignore`` (ids checked against ``known``)."""
        known_ids = list(known)
        selected = None if select is None else frozenset(_check_ids(select, known_ids, "--select"))
        ignored = frozenset(_check_ids(ignore, known_ids, "--ignore"))
        return replace(self, select=selected, skip=self.skip | ignored)


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest configuration file from ``start`` (a file or directory) upwards."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name == "slalang.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "slalang" in data["tool"]


def load_config(path: str | os.PathLike[str], known: Iterable[str]) -> CheckConfig:
    """Read one configuration file; unknown keys, rule ids or values are a ConfigError."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    tool = data.get("tool")
    if isinstance(tool, dict) and "slalang" in tool:
        table = tool["slalang"]
        where = f"{file} [tool.slalang]"
    elif file.name == "pyproject.toml":
        return CheckConfig(source=str(file))
    else:
        table = {k: v for k, v in data.items() if k != "tool"}
        where = str(file)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    return parse_settings(table, where, list(known))


def parse_settings(table: dict[str, Any], where: str, known: list[str]) -> CheckConfig:
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown setting {key!r}{_suggest(key, KEYS)} (settings: {', '.join(KEYS)})")
    severity: dict[str, Severity] = {}
    raw_severity = table.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise ConfigError(f'{where}: severity must be a table such as {{ overlapping-slas = "error" }}')
    for rule_id, level in raw_severity.items():
        _check_ids([rule_id], known, f"{where}: severity")
        try:
            severity[rule_id] = Severity(level)
        except ValueError:
            raise ConfigError(
                f"{where}: severity of {rule_id} must be \"error\", \"warning\" or \"info\", got {level!r}"
            ) from None
    skip = table.get("skip", [])
    if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
        raise ConfigError(f'{where}: skip must be a list of rule ids such as ["coverage-gap"]')
    _check_ids(skip, known, f"{where}: skip")
    reference = table.get("reference-date")
    reference_date = None
    if reference is not None:
        if isinstance(reference, dt.date) and not isinstance(reference, dt.datetime):
            reference_date = reference
        elif isinstance(reference, str):
            try:
                reference_date = dt.date.fromisoformat(reference)
            except ValueError:
                raise ConfigError(f"{where}: reference-date must be a date such as \"2026-01-01\", got {reference!r}") from None
        else:
            raise ConfigError(f"{where}: reference-date must be a date such as \"2026-01-01\", got {reference!r}")
    return CheckConfig(severity=severity, skip=frozenset(skip), reference_date=reference_date, source=where)


def split_ids(text: str | None) -> list[str] | None:
    """``"a, b"`` -> ["a", "b"]; None stays None."""
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _check_ids(ids: Iterable[str], known: list[str], where: str) -> list[str]:
    checked = []
    for rule_id in ids:
        if known and rule_id not in known:
            raise ConfigError(f"{where}: unknown rule id {rule_id!r}{_suggest(rule_id, known)}")
        checked.append(rule_id)
    return checked


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
