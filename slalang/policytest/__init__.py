"""Policy tests: tickets and the evaluation output they must get, in ``*_test.yaml`` files."""

from __future__ import annotations

from .document import TestFileError
from .expectations import Mismatch, compare
from .runner import CaseResult, FileResult, PolicyErrors, RunResult, run_tests
from .suite import Case, TestFile, find_test_files, load_test_file, parse_test_file

__all__ = [
    "Case",
    "CaseResult",
    "FileResult",
    "Mismatch",
    "PolicyErrors",
    "RunResult",
    "TestFile",
    "TestFileError",
    "compare",
    "find_test_files",
    "load_test_file",
    "parse_test_file",
    "run_tests",
]
