"""Policy tests: tickets and the evaluation output they must get, in ``*_test.yaml`` files."""

from __future__ import annotations

from .expectations import Mismatch, compare
from .junit import junit_xml
from .located_yaml import TestFileError
from .report import render_run
from .runner import CaseResult, FileResult, RunResult, run_tests
from .suite import Case, TestFile, find_test_files, load_test_file, parse_test_file

__all__ = [
    "Case",
    "CaseResult",
    "FileResult",
    "Mismatch",
    "RunResult",
    "TestFile",
    "TestFileError",
    "compare",
    "find_test_files",
    "junit_xml",
    "load_test_file",
    "parse_test_file",
    "render_run",
    "run_tests",
]
