"""The fuzz harness, briefly: each target draws a few dozen hostile inputs (the same ones on
every run) in a child process under a memory and a time bound. ``python -m fuzz.campaign``
runs them for as long as you like (docs/fuzzing.md)."""

from __future__ import annotations

import traceback

import pytest

from fuzz.targets import TARGETS

EXAMPLES = {"policy": 15, "tickets": 15, "scenario": 15, "policy_test": 15, "server": 10}


def short_run(name: str, examples: int) -> str | None:
    """Run one target (in the bounded child); the failure it found, or None."""
    from fuzz.campaign import fuzz_round

    try:
        fuzz_round(name, examples, per_input_s=20, database=None, derandomize=True)
    except Exception:  # noqa: BLE001 - the failure, shrunk, is the test's message
        return traceback.format_exc()[-6000:]
    return None


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_short_fuzz_run_finds_nothing(bounded, name: str) -> None:
    failure = bounded.call(short_run, name, EXAMPLES[name], mib=1500, seconds=180)
    assert failure is None, failure


def test_each_target_catches_what_it_promises_to() -> None:
    """The targets are not vacuous: a broken promise fails them."""
    from fuzz import targets
    from slalang.diagnostics import error
    from slalang.source import Span

    with pytest.raises(AssertionError):
        targets.assert_located([error("syntax", "x", Span("other.sla", 1, 1, 1, 2))], "text", "fuzz.sla")
    with pytest.raises(AssertionError):
        targets.assert_located([error("syntax", "x", Span("fuzz.sla", 9, 1, 9, 2))], "one line", "fuzz.sla")
    flood = [error("syntax", f"x{n}", Span("fuzz.sla", 1, n + 1, 1, n + 2)) for n in range(40)]
    with pytest.raises(AssertionError):
        targets.assert_located(flood, "x" * 40, "fuzz.sla")
