"""``slalang test``'s report for people: failures with expected against got, and the explain trace.

A failing or erroring case starts with its ``file:line`` (where the case begins), so that
an editor or a terminal can jump to it. ``color`` adds ANSI colours: passing green,
failing red, errors yellow.
"""

from __future__ import annotations

import json
from typing import Any

from ...policytest.expectations import MISSING
from ...policytest.runner import ERROR, FAILED, PASSED, CaseResult, FileResult, PolicyErrors, RunResult
from ..findings.text import render_text
from .trace import render_case_trace

_MARK = {PASSED: "ok  ", FAILED: "FAIL", ERROR: "ERR "}
_COLOUR = {PASSED: "\033[32m", FAILED: "\033[1;31m", ERROR: "\033[33m"}
_RESET = "\033[0m"


def _paint(text: str, outcome: str, color: bool) -> str:
    return f"{_COLOUR[outcome]}{text}{_RESET}" if color else text


def show(value: Any) -> str:
    if value is MISSING:
        return "(missing)"
    return json.dumps(value, ensure_ascii=False)


def policy_errors_title(errors: PolicyErrors) -> str:
    """What the errors stop: compiling."""
    return "the policy does not compile"


def policy_errors_text(errors: PolicyErrors) -> str:
    """A policy set's errors as ``slalang check`` prints them, without colour."""
    return render_text(errors.diagnostics, errors.sources, color=False).rstrip("\n")


def render_case(result: CaseResult, verbose: bool, path: str | None = None, color: bool = False) -> list[str]:
    """The case's lines; a case that did not pass names ``path:line`` first."""
    where = f"{path}:{result.case.line}: " if path is not None and result.outcome != PASSED else ""
    lines = [f"  {_paint(_MARK[result.outcome], result.outcome, color)} {where}{result.case.name}"]
    if result.outcome == PASSED and not verbose:
        return []
    for m in result.mismatches:
        lines.append(f"       {m.path}: expected {show(m.expected)}, got {show(m.got)}")
        if m.note:
            lines.append(f"       ({m.note})")
    if result.message:
        lines.append(f"       {result.message}")
    if result.trace is not None:
        lines.append("       explain:")
        lines += ["         " + line for line in render_case_trace(result.trace).rstrip("\n").splitlines()]
    return lines


def render_file(result: FileResult, verbose: bool, color: bool = False) -> list[str]:
    if result.problem is not None:
        head = _paint(f"{result.path}: bad test file", ERROR, color)
        return [head, *("  " + line for line in str(result.problem).splitlines())]
    counts = {o: sum(1 for c in result.cases if c.outcome == o) for o in (PASSED, FAILED, ERROR)}
    everything = counts[PASSED] == len(result.cases) and not result.empty and not result.policy_error
    tally = _paint(f"{counts[PASSED]}/{len(result.cases)} passed", PASSED if everything else FAILED, color)
    summary = f"{result.path}: {tally}"
    if result.deselected:
        summary += f" ({result.deselected} deselected by -k)"
    lines = [summary]
    if result.empty:
        lines.append("  no cases: add at least one under `cases:` (a test file without cases tests nothing)")
    if result.policy_error:
        lines.append(f"  {policy_errors_title(result.policy_error)}:")
        lines += ["    " + line for line in policy_errors_text(result.policy_error).splitlines()]
        return lines
    for case in result.cases:
        lines += render_case(case, verbose, result.path, color)
    return lines


def render_run(run: RunResult, verbose: bool = False, color: bool = False) -> str:
    lines: list[str] = [f"slalang test: no such file or directory: {path}" for path in run.missing]
    for result in run.files:
        lines += render_file(result, verbose, color)
    if not run.files and not run.missing:
        lines.append("no test files found (policy tests are files named *_test.yaml)")
    passed, failed, errors = run.count(PASSED), run.count(FAILED), run.count(ERROR)
    tail = f"{passed} passed, {failed} failed"
    if errors:
        tail += f", {errors} errors"
    bad = len(run.bad_files)
    if bad:
        tail += f", {bad} bad test file" + ("s" if bad > 1 else "")
    lines.append(_paint(tail, PASSED if run.exit_code == 0 else FAILED, color))
    return "\n".join(lines) + "\n"
