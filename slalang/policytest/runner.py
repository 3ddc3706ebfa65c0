"""Running policy tests: compile each policy once, evaluate each case, compare, explain failures."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from ..diagnostics import Diagnostic, has_errors
from .document import TestFileError
from .expectations import Mismatch, compare
from .suite import Case, TestFile, load_test_file

if TYPE_CHECKING:
    from ..evaluation.explain import Explanation

PASSED, FAILED, ERROR = "passed", "failed", "error"

Trace = Union["Explanation", str]
"""The explain trace of a failing case, or why there is none (its ticket is bad input)."""


@dataclass(frozen=True)
class PolicyErrors:
    """Why a policy set does not compile: its error diagnostics and the sources they point into."""

    diagnostics: tuple[Diagnostic, ...]
    sources: Mapping[str, str]


@dataclass(frozen=True)
class CaseResult:
    case: Case
    outcome: str  # PASSED | FAILED | ERROR
    mismatches: tuple[Mismatch, ...] = ()
    got: dict[str, Any] | None = None  # the evaluation output
    message: str | None = None  # why the case could not run (ERROR)
    trace: Trace | None = None  # the explain trace of a failing case
    seconds: float = 0.0


@dataclass(frozen=True)
class FileResult:
    path: str
    cases: tuple[CaseResult, ...] = ()
    problem: TestFileError | None = None  # the test file itself is bad
    policy_error: PolicyErrors | None = None  # the policy does not compile
    deselected: int = 0  # cases left out by -k
    seconds: float = 0.0

    @property
    def empty(self) -> bool:
        """A good test file with no case at all (a test that cannot fail)."""
        return self.problem is None and self.policy_error is None and not self.cases and not self.deselected


@dataclass(frozen=True)
class RunResult:
    files: tuple[FileResult, ...]
    missing: tuple[str, ...] = ()  # paths named that do not exist
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files for c in f.cases if c.outcome == outcome)

    @property
    def bad_files(self) -> list[FileResult]:
        return [f for f in self.files if f.problem is not None]

    @property
    def exit_code(self) -> int:
        """2: a test file or path is bad; 1: a case failed or errored, a file has no case, or
        nothing ran at all; 0: every case passed."""
        if self.missing or self.bad_files:
            return 2
        ran = sum(len(f.cases) for f in self.files)
        if self.count(FAILED) or self.count(ERROR) or any(f.empty or f.policy_error for f in self.files) or not ran:
            return 1
        return 0


def selected(name: str, keywords: Iterable[str]) -> bool:
    """``-k`` selection: the name contains any of the keywords (case-insensitive); none: all."""
    keywords = list(keywords)
    return not keywords or any(k.lower() in name.lower() for k in keywords)


class PolicyCache:
    """Compiles each policy set once per run, however many test files test it."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, ...], tuple[Any, PolicyErrors | None]] = {}

    def get(self, paths: tuple[str, ...]) -> tuple[Any, PolicyErrors | None]:
        """(an Evaluator, None) or (None, the errors)."""
        if paths not in self._compiled:
            from ..compiler import compile_paths
            from ..evaluation import Evaluator

            result = compile_paths(list(paths))
            if result.model is None or has_errors(result.diagnostics):
                errors = tuple(d for d in result.diagnostics if d.is_error)
                self._compiled[paths] = (None, PolicyErrors(errors, result.sources))
            else:
                self._compiled[paths] = (Evaluator(result.model), None)
        return self._compiled[paths]


def run_case(evaluator: Any, case: Case, explain: Callable[[Any, Case], Trace | None]) -> CaseResult:
    from ..evaluation import resolve_now

    started = time.perf_counter()
    try:
        got = evaluator.evaluate(case.ticket, resolve_now(case.now), line=None).to_json()
    except Exception as exc:  # noqa: BLE001 - a defect in the evaluator must not stop the other cases
        return CaseResult(case, ERROR, message=f"evaluation raised {type(exc).__name__}: {exc}",
                          seconds=time.perf_counter() - started)
    mismatches = tuple(compare(case.expect, got))
    if not mismatches:
        return CaseResult(case, PASSED, got=got, seconds=time.perf_counter() - started)
    trace = explain(evaluator, case)
    return CaseResult(case, FAILED, mismatches, got, trace=trace, seconds=time.perf_counter() - started)


def run_file(path: str, keywords: Iterable[str], cache: PolicyCache,
             explain: Callable[[Any, Case], Trace | None]) -> FileResult:
    started = time.perf_counter()
    try:
        test_file: TestFile = load_test_file(path)
    except TestFileError as problem:
        return FileResult(path, problem=problem, seconds=time.perf_counter() - started)
    keywords = list(keywords)
    chosen = [c for c in test_file.cases if selected(c.name, keywords)]
    deselected = len(test_file.cases) - len(chosen)
    if not chosen:
        return FileResult(path, deselected=deselected, seconds=time.perf_counter() - started)
    evaluator, policy_error = cache.get(test_file.policy_paths)
    if evaluator is None:
        results = tuple(CaseResult(c, ERROR, message="the policy does not compile") for c in chosen)
        return FileResult(path, results, policy_error=policy_error, deselected=deselected,
                          seconds=time.perf_counter() - started)
    results = tuple(run_case(evaluator, c, explain) for c in chosen)
    return FileResult(path, results, deselected=deselected, seconds=time.perf_counter() - started)


def run_tests(paths: list[str], keywords: Iterable[str] = (),
              explain: Callable[[Any, Case], Trace | None] | None = None) -> RunResult:
    """Run every test file named or found below the named directories."""
    from .suite import find_test_files
    from .trace import explain_case

    started = time.perf_counter()
    files, missing = find_test_files(paths)
    cache = PolicyCache()
    keywords = list(keywords)
    results = tuple(run_file(f, keywords, cache, explain or explain_case) for f in files)
    return RunResult(results, tuple(missing), time.perf_counter() - started)
