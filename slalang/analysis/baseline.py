"""Baselines: accept the findings a policy set has today, fail only on new ones.

A finding's fingerprint is its rule, its file and a stable key: the named definition it is
about (``sla enterprise_urgent / metric resolution``, found from the model by which
definition's source range holds the finding) and its message with every number, duration
and instant blanked out. Line numbers and figures are left out, so moving an SLA or
tuning a target keeps its accepted findings accepted; renaming it makes them new.

The file is JSON: ``{"version": 1, "findings": [{"rule", "file", "key", "fingerprint"}]}``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from ..source import Span

if TYPE_CHECKING:  # the model is only read here, never built
    from ..model import PolicySet

VERSION = 1
_FIGURE = re.compile(r"(?<![\w.])\d[\w.:+\-]*")


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message says why."""


@dataclass(frozen=True)
class Entry:
    rule: str
    file: str
    key: str

    @property
    def fingerprint(self) -> str:
        text = "\0".join((self.rule, self.file.replace(os.sep, "/"), self.key))
        return hashlib.sha256(text.encode()).hexdigest()[:20]


def _inside(inner: Span, outer: Span) -> bool:
    if inner.file != outer.file or outer.line == 0:
        return False
    return (outer.line, outer.column) <= (inner.line, inner.column) and (inner.end_line, inner.end_column) <= (
        outer.end_line,
        outer.end_column,
    )


def _definitions(model: PolicySet | None) -> list[tuple[Span, str]]:
    """(span, name) of every named definition and its parts, outermost first."""
    if model is None:
        return []
    found: list[tuple[Span, str]] = []
    for calendar in model.calendars.values():
        found.append((calendar.span, f"calendar {calendar.name}"))
    for segment in model.segments.values():
        found.append((segment.span, f"segment {segment.name}"))
    for team in model.teams.values():
        found.append((team.span, f"team {team.name}"))
    for ola in model.olas.values():
        found.append((ola.span, f"ola {ola.name}"))
    for chain in model.chains.values():
        found.append((chain.span, f"escalation {chain.name}"))
        for index, step in enumerate(chain.steps, start=1):
            found.append((step.span, f"escalation {chain.name} / step {index}"))
    for sla in model.slas:
        found.append((sla.span, f"sla {sla.name}"))
        if sla.when is not None:
            found.append((sla.when.span, f"sla {sla.name} / when"))
        if sla.pause is not None:
            found.append((sla.pause.span, f"sla {sla.name} / pause"))
        for metric in sla.metrics:
            found.append((metric.span, f"sla {sla.name} / metric {metric.kind}"))
            if metric.escalation_chain is None:
                for index, step in enumerate(metric.escalation, start=1):
                    found.append((step.span, f"sla {sla.name} / {metric.kind} step {index}"))
        for measure in sla.measures:
            found.append((measure.span, f"sla {sla.name} / measure {measure.name}"))
            if measure.escalation_chain is None:
                for index, step in enumerate(measure.escalation, start=1):
                    found.append((step.span, f"sla {sla.name} / {measure.name} step {index}"))
    for credit in model.credits.values():
        found.append((credit.span, f"credit {credit.name}"))
    for availability in model.availabilities.values():
        found.append((availability.span, f"availability {availability.name}"))
    return found


def entries(diagnostics: Iterable[Diagnostic], model: PolicySet | None) -> list[Entry]:
    definitions = _definitions(model)
    result = []
    for d in diagnostics:
        owner = "file"
        best: Span | None = None
        for span, name in definitions:
            if _inside(d.span, span) and (best is None or _inside(span, best)):
                best, owner = span, name
        message = _FIGURE.sub("#", d.message)
        result.append(Entry(d.code, d.span.file, f"{owner}: {message}"))
    return result


def write_baseline(path: str, found: list[Entry]) -> int:
    """Write the fingerprints of these findings (``entries(diagnostics, model)``); returns how many."""
    document = {
        "version": VERSION,
        "findings": [
            {"rule": e.rule, "file": e.file, "key": e.key, "fingerprint": e.fingerprint}
            for e in sorted(found, key=lambda e: (e.file, e.rule, e.key))
        ],
    }
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(found)


def read_baseline(path: str) -> Counter[str]:
    """Fingerprints (with how many findings each accepts) from a baseline file."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from None
    if not isinstance(document, dict) or document.get("version") != VERSION or not isinstance(
        document.get("findings"), list
    ):
        raise BaselineError(f'{path}: not a baseline file (expected {{"version": {VERSION}, "findings": [...]}})')
    counts: Counter[str] = Counter()
    for item in document["findings"]:
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise BaselineError(f"{path}: every finding needs a \"fingerprint\" string")
        counts[item["fingerprint"]] += 1
    return counts


def new_findings(
    diagnostics: list[Diagnostic], model: PolicySet | None, accepted: Counter[str]
) -> list[Diagnostic]:
    """The findings the baseline does not accept (each accepted fingerprint covers as many findings as it lists)."""
    remaining = Counter(accepted)
    kept = []
    for d, entry in zip(diagnostics, entries(diagnostics, model), strict=True):
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
        else:
            kept.append(d)
    return kept
