"""Hypothesis profiles.

``default`` (what the README's test command uses) is derandomised: every run draws the same
examples, so CI gives the same answer for the same commit. ``explore`` draws new examples on
each run: run it (repeatedly) when changing the parser, the calendar engine or the
evaluator, e.g. ``python -m pytest tests/timeline --hypothesis-profile=explore``.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("default")
