"""Hypothesis profiles, and the resource limits hostile-input tests run under.

``default`` (what the README's test command uses) is derandomised: every run draws the same
examples, so CI gives the same answer for the same commit. ``explore`` draws new examples on
each run: run it (repeatedly) when changing the parser, the calendar engine or the
evaluator, e.g. ``python -m pytest tests/timeline --hypothesis-profile=explore``.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import settings

from tests.bounded import Bounded

# `slalang check` keeps its findings per policy content in the user's cache folder. The suite
# checks afresh (and leaves no entries for its temporary folders there); the cache itself is
# tested in tests/analysis/test_result_cache.py with a cache folder of its own.
os.environ["SLALANG_NO_CACHE"] = "1"

settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("default")


# --- resource limits ---------------------------------------------------------------------------
# Tests of hostile input run their work under a memory and a time limit (tests/bounded.py), so
# that a regression fails fast instead of eating the machine that runs the suite.


@pytest.fixture(scope="session")
def bounded() -> Bounded:
    if not sys.platform.startswith("linux"):
        pytest.skip("resource limits are set the Linux way")
    return Bounded()
