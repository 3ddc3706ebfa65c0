"""One finding type for syntax, compile and analysis results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .limits import MAX_DIAGNOSTICS_PER_KIND
from .limits import limit as limit_in_force
from .source import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Diagnostic:
    """A located finding: rule id, severity, message with its numbers, hint and witness."""

    code: str
    severity: Severity
    message: str
    span: Span
    help: str | None = None
    witness: dict[str, Any] | None = field(default=None, compare=False)
    omitted: int = field(default=0, compare=False)  # > 0: it stands for this many findings left out

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple:
        s = self.span
        return (s.file, s.line, s.column, self.severity.rank, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        s = self.span
        return {
            "rule": self.code,
            "severity": self.severity.value,
            "file": s.file,
            "line": s.line,
            "column": s.column,
            "end_line": s.end_line,
            "end_column": s.end_column,
            "message": self.message,
            "hint": self.help,
            "witness": self.witness,
        }


def error(code: str, message: str, span: Span, help: str | None = None, witness: dict | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, help, witness)


def warning(code: str, message: str, span: Span, help: str | None = None, witness: dict | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, span, help, witness)


def info(code: str, message: str, span: Span, help: str | None = None, witness: dict | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.INFO, message, span, help, witness)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by location, duplicates removed."""
    seen: set = set()
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.code, d.message, d.span)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def cap_per_kind(diagnostics: Iterable[Diagnostic], limit: int | None = None) -> list[Diagnostic]:
    """Sorted, with at most ``limit`` findings of each kind (file, code and severity); the rest
    of a kind are counted in one finding placed where the first of them is. Capping again
    keeps the count (a summary is not a finding of its kind). ``limit``: the
    ``MAX_DIAGNOSTICS_PER_KIND`` in force (25 unless raised, see slalang/limits.py)."""
    most = limit_in_force(MAX_DIAGNOSTICS_PER_KIND) if limit is None else limit
    kept: list[Diagnostic] = []
    shown: dict[tuple, int] = {}
    left_out: dict[tuple, tuple[Diagnostic, int]] = {}
    for d in sort_diagnostics(diagnostics):
        kind = (d.span.file, d.code, d.severity)
        if d.omitted or shown.get(kind, 0) >= most:
            first, count = left_out.get(kind, (d, 0))
            left_out[kind] = (first, count + (d.omitted or 1))
            continue
        shown[kind] = shown.get(kind, 0) + 1
        kept.append(d)
    for (_, code, severity), (first, count) in left_out.items():
        if count == 1 and not first.omitted:  # one more: show it rather than a line about it
            kept.append(first)
            continue
        plural = severity.value + ("" if count == 1 else "s")
        kept.append(replace(
            first,
            message=f"{count} more {plural} of the kind `{code}` in this file are not listed "
                    f"(at most {most} of each kind are)",
            help=f"fix the ones above first (they often cause the rest), or list more with "
                 f"{MAX_DIAGNOSTICS_PER_KIND.env}=N",
            witness=None,
            omitted=count,
        ))
    return sort_diagnostics(kept)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class PolicyError(Exception):
    """Raised by the library API when a policy set has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, str] | None = None):
        self.diagnostics = sort_diagnostics(diagnostics)
        self.sources = sources or {}
        first = next((d for d in self.diagnostics if d.is_error), self.diagnostics[0] if self.diagnostics else None)
        summary = (
            f"{first.span.file}:{first.span.line}:{first.span.column}: {first.message}" if first else "policy error"
        )
        more = len([d for d in self.diagnostics if d.is_error]) - 1
        if more > 0:
            summary += f" (and {more} more error{'s' if more > 1 else ''})"
        super().__init__(summary)
