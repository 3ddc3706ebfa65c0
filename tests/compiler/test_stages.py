"""The compiler is an ordered table of stages; after an error only the stages that take a partial set run."""

from __future__ import annotations

from slalang.compiler import STAGES, Stage, run_stages
from slalang.compiler.state import CompileState
from slalang.diagnostics import error, warning
from slalang.source import Span

from .helpers import PRELUDE, compile_source, errors


def test_stage_order_is_pinned() -> None:
    assert [s.name for s in STAGES] == [
        "resolve_imports",
        "collect_declarations",
        "resolve_names",
        "check_values",
        "lower_model",
    ]


def test_stage_names_start_with_a_verb() -> None:
    verbs = {"resolve", "collect", "check", "lower"}
    assert all(s.name.split("_")[0] in verbs for s in STAGES)


def _recording(ran: list[str], name: str, found: list, partial_ok: bool = False) -> Stage:
    def run(state: CompileState) -> list:
        ran.append(name)
        return found

    return Stage(name, run, partial_ok)


def test_a_stage_with_errors_stops_the_run_but_warnings_do_not() -> None:
    ran: list[str] = []
    span = Span.point("x.sla")
    stages = (
        _recording(ran, "check_one", [warning("w", "a warning", span)]),
        _recording(ran, "check_two", [error("e", "first", span), error("e", "second", span)]),
        _recording(ran, "check_three", []),
    )
    diagnostics = run_stages(CompileState([]), stages)
    assert ran == ["check_one", "check_two"]
    assert [d.message for d in diagnostics] == ["a warning", "first", "second"]


def test_stages_that_take_a_partial_set_run_after_an_error_up_to_the_first_that_does_not() -> None:
    ran: list[str] = []
    span = Span.point("x.sla")
    stages = (
        _recording(ran, "check_one", [error("e", "first", span)]),
        _recording(ran, "check_two", [error("e", "second", span)], partial_ok=True),
        _recording(ran, "check_three", [], partial_ok=False),
        _recording(ran, "check_four", [], partial_ok=True),
    )
    state = CompileState([])
    diagnostics = run_stages(state, stages)
    assert ran == ["check_one", "check_two"]
    assert [d.message for d in diagnostics] == ["first", "second"]
    assert state.model is None


def test_declarations_and_names_are_checked_but_not_values_after_a_syntax_error() -> None:
    assert [s.name for s in STAGES if s.partial_ok] == ["collect_declarations", "resolve_names"]


def test_later_stages_do_not_run_after_duplicate_names() -> None:
    # a duplicate name (collect_declarations) and a bad time (check_values): only the first is reported
    text = PRELUDE + 'calendar office { timezone "UTC" hours mon 25:00-26:00 }\n'
    assert [d.code for d in errors(compile_source(text))] == ["duplicate-name"]


def test_a_stage_reports_every_error_of_its_kind() -> None:
    text = PRELUDE + (
        "sla a { calendar ofice resolution within 1h via triag }\n"
        "sla b { when segment enterprize resolution within 1h escalate resolution with chian }\n"
        'calendar c { timezone "UTC" hours mon 25:00-09:00 }\n'
    )
    found = errors(compile_source(text))
    assert [d.message for d in found] == [
        "unknown calendar `ofice`",
        "unknown OLA `triag`",
        "unknown segment `enterprize`",
        "unknown escalation chain `chian`",
    ]


def test_diagnostics_are_sorted_by_location() -> None:
    text = PRELUDE + (
        'calendar c { timezone "UTC" hours mon 25:00-09:00 }\n'
        "sla a { resolution within 0m goal 0% }\n"
    )
    found = compile_source(text).diagnostics
    assert [(d.span.line, d.span.column) for d in found] == sorted((d.span.line, d.span.column) for d in found)
    assert len(found) == 3
