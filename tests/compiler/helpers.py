"""Shared helpers for the compiler tests: compile text, find a diagnostic, show what it underlines."""

from __future__ import annotations

from dataclasses import dataclass

from slalang.compiler import CompileResult, compile_text
from slalang.diagnostics import Diagnostic

# A small valid policy that error cases add one construct to.
PRELUDE = """\
priorities urgent > high > normal > low
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:30 }
segment enterprise when customer.plan == "enterprise"
team tier1 { calendar office agents 3 lead "lead@example.com" }
ola triage by tier1 within 30m
escalation standard_chain { at 100% notify team.lead }
"""


def compile_source(text: str, name: str = "case.sla") -> CompileResult:
    return compile_text(text, name)


def underlined(result: CompileResult, diagnostic: Diagnostic) -> str:
    """The source text a diagnostic's span covers."""
    span = diagnostic.span
    lines = result.sources[span.file].split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    parts = [lines[span.line - 1][span.column - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


def errors(result: CompileResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.is_error]


def only_error(result: CompileResult) -> Diagnostic:
    found = errors(result)
    assert len(found) == 1, "\n".join(f"{d.span.line}:{d.span.column} {d.code} {d.message}" for d in found)
    return found[0]


@dataclass(frozen=True)
class Case:
    """One compile error: a snippet added to ``prelude`` must give exactly this one error."""

    id: str
    snippet: str
    code: str
    message: str  # a fragment of the message
    underlined: str  # exactly the source text under the span
    hint: str  # a fragment of the help
    prelude: str = PRELUDE


def sla(body: str, name: str = "s") -> str:
    return f"sla {name} {{ {body} }}"


def assert_case(case: Case) -> None:
    result = compile_source(case.prelude + case.snippet + "\n")
    diagnostic = only_error(result)
    assert result.model is None
    assert diagnostic.code == case.code
    assert case.message in diagnostic.message, diagnostic.message
    assert underlined(result, diagnostic) == case.underlined
    assert diagnostic.help is not None and case.hint in diagnostic.help, diagnostic.help
