"""docs/api.md's examples run as written: every ```python block, in order, in one namespace.

They carry their own asserts, so a claim the page makes that the library stops keeping
fails here, with the block's line number in docs/api.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "api.md"
FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(first line of the code in the file, code) for every ```python block."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


def test_the_page_has_examples_of_every_entry_point() -> None:
    code = "\n".join(block for _, block in python_blocks(DOC.read_text(encoding="utf-8")))
    for call in ("slalang.load(", "slalang.loads(", "policy.evaluate(", "policy.evaluate_many(",
                 "policy.check(", "policy.simulate(", "except PolicyError", "ThreadPoolExecutor",
                 ".credits(", ".availability(", "policy.due("):
        assert call in code, call


def test_examples_run_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the page says: run from the repository root
    namespace: dict = {"__name__": "docs_api_examples"}
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    for line, block in blocks:
        compiled = compile("\n" * (line - 1) + block, str(DOC), "exec")  # tracebacks point into the page
        exec(compiled, namespace)
    assert os.getcwd() == str(ROOT)
