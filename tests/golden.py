"""Golden files: output compared byte for byte with a file kept beside the tests.

Every golden test calls ``assert_golden(path, actual)``. A missing or different file fails the
test with a unified diff. After an intended change, regenerate the files the selected tests
compare against, and review the change before committing it::

    SLALANG_UPDATE_GOLDEN=1 python -m pytest tests/fmt
    git diff tests/

``SLALANG_UPDATE_GOLDEN=1`` is the only switch: a test never writes its golden file otherwise.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

UPDATE_VARIABLE = "SLALANG_UPDATE_GOLDEN"


def updating() -> bool:
    """True when this run rewrites golden files (``SLALANG_UPDATE_GOLDEN=1``)."""
    return os.environ.get(UPDATE_VARIABLE) == "1"


def assert_golden(path: str | os.PathLike[str], actual: str) -> None:
    """``actual`` must equal the text of ``path`` exactly; with ``SLALANG_UPDATE_GOLDEN=1``
    it is written there instead (newlines as given, UTF-8)."""
    golden = Path(path)
    if updating():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual.encode("utf-8"))
        return
    if not golden.is_file():
        pytest.fail(
            f"missing golden file {golden}: create it with `{UPDATE_VARIABLE}=1 python -m pytest` on this test "
            "and review it before committing",
            pytrace=False,
        )
    expected = golden.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"{golden.name} (golden)", "actual"
            )
        )
        raise AssertionError(
            f"output differs from the golden file {golden} ({UPDATE_VARIABLE}=1 to accept it after review):\n{diff}"
        )
