"""A type-checking user of the library gets real types back, not ``Any``.

mypy checks a small user script against the package (its ``py.typed`` makes the package's
annotations count): every public call reveals the documented type, and misusing a result
(reading a metric off an outcome before ``if outcome.ok:``) is an error the user sees.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

USER_SCRIPT = """\
import slalang

policy = slalang.load("policies/acme.sla")
reveal_type(policy)
reveal_type(policy.evaluate({"id": "T-1"}))
reveal_type(policy.evaluate_many([{"id": "T-1"}]))
reveal_type(policy.simulate("policies/scenario.yaml", seed=1))
reveal_type(policy.check())
reveal_type(policy.credits([]))
reveal_type(policy.availability([]))
reveal_type(slalang.loads("priorities high > low"))

outcome = policy.evaluate({"id": "T-1"})
outcome.first_response  # a TicketFailure has no metrics: the user must narrow first
if outcome.ok:
    reveal_type(outcome)
else:
    reveal_type(outcome)
"""

EXPECTED = {
    4: "slalang.api.Policy",
    5: "slalang.evaluation.result.TicketResult | slalang.evaluation.result.TicketFailure",
    6: "Iterator[slalang.evaluation.result.TicketResult | slalang.evaluation.result.TicketFailure]",
    7: "slalang.simulation.results.SimulationResult",
    8: "list[slalang.diagnostics.Diagnostic]",
    9: "slalang.credits.tickets.CreditReport",
    10: "slalang.credits.availability.AvailabilityReport",
    11: "slalang.api.Policy",
    16: "slalang.evaluation.result.TicketResult",  # `if outcome.ok:` narrows
    18: "slalang.evaluation.result.TicketFailure",
}


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[str]]:
    """mypy's messages on the user script, by line. It runs from the repository root with the
    project's configuration, so it reuses the cache that `scripts/check` leaves there."""
    script = tmp_path_factory.mktemp("user") / "user_script.py"
    script.write_text(USER_SCRIPT)
    env = {**os.environ, "MYPYPATH": str(ROOT)}  # this checkout's slalang/, as `mypy` checks it
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context", str(script)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 1: the deliberate error below
    messages: dict[int, list[str]] = {}
    for line in done.stdout.splitlines():
        found = re.match(r".*user_script\.py:(\d+): (?:note|error): (.*)", line)
        assert found, f"unexpected mypy output: {line}"
        messages.setdefault(int(found[1]), []).append(found[2])
    return messages


def _plain(message: str) -> str:
    """The revealed type without the standard library's module names, which mypy versions
    write differently (``builtins.list`` or ``list``, ``typing.Iterator`` or ``Iterator``)."""
    return re.sub(r"\b(?:builtins|typing|collections\.abc)\.", "", message)


@pytest.mark.parametrize("line", sorted(EXPECTED))
def test_public_api_reveals_its_documented_type(mypy_output: dict[int, list[str]], line: int) -> None:
    revealed = [_plain(m) for m in mypy_output.get(line, []) if m.startswith("Revealed type is")]
    assert revealed == [f'Revealed type is "{EXPECTED[line]}"'], USER_SCRIPT.splitlines()[line - 1]
    assert "Any" not in revealed[0]


def test_a_failure_must_be_narrowed_before_reading_a_metric(mypy_output: dict[int, list[str]]) -> None:
    assert mypy_output.get(14) == [
        'Item "TicketFailure" of "TicketResult | TicketFailure" has no attribute "first_response"  [union-attr]'
    ], mypy_output.get(14)


def test_the_script_has_no_other_complaints(mypy_output: dict[int, list[str]]) -> None:
    assert set(mypy_output) == set(EXPECTED) | {14}, mypy_output
