"""`slalang check` as a library call: policy sets, baselines, exit status."""

from __future__ import annotations

import json
from pathlib import Path

from slalang.analysis.runner import CheckOptions, run_check

REPO = Path(__file__).resolve().parents[2]
SHADOWED = """priorities high > low
sla everyone { first_response within 1h }
sla never { when priority high  first_response within 30m }
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_policies_are_three_sets_and_have_no_errors() -> None:
    outcome = run_check(CheckOptions(paths=[str(REPO / "policies")]))
    assert outcome.exit_status == 0
    assert outcome.file_count == 7  # acme.sla + calendars.sla, the three IT desk files, global/ (two)
    assert not [d for d in outcome.diagnostics if d.is_error]
    assert {Path(d.span.file).name for d in outcome.diagnostics} <= {"acme.sla", "calendars.sla", "global.sla"}


def test_each_set_is_checked_on_its_own_and_findings_of_both_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "a" / "a.sla", SHADOWED)
    write(tmp_path / "b" / "b.sla", SHADOWED)  # same names: no duplicate-name, the sets are separate
    write(tmp_path / "slalang.toml", 'sets = ["a", "b"]\n')
    outcome = run_check(CheckOptions(paths=[str(tmp_path)]))
    shadowed = sorted(Path(d.span.file).name for d in outcome.diagnostics if d.code == "shadowed-sla")
    assert shadowed == ["a.sla", "b.sla"]
    assert not [d for d in outcome.diagnostics if d.code == "duplicate-name"]
    assert outcome.exit_status == 1


def test_a_baseline_accepts_todays_findings_and_fails_only_on_new_ones(tmp_path: Path) -> None:
    policy = write(tmp_path / "p.sla", SHADOWED)
    baseline = tmp_path / "baseline.json"
    written = run_check(CheckOptions(paths=[str(policy)], write_baseline=str(baseline)))
    assert written.baseline_written >= 1
    assert any(f["rule"] == "shadowed-sla" for f in json.loads(baseline.read_text())["findings"])
    again = run_check(CheckOptions(paths=[str(policy)], baseline=str(baseline)))
    assert again.exit_status == 0 and again.suppressed_by_baseline >= 1
    policy.write_text(SHADOWED + "sla also_never { when priority low  first_response within 2h }\n")
    later = run_check(CheckOptions(paths=[str(policy)], baseline=str(baseline)))
    assert [d.message for d in later.diagnostics if d.code == "shadowed-sla"] and later.exit_status == 1
    assert all("also_never" in d.message for d in later.diagnostics if d.code == "shadowed-sla")


def test_each_policy_set_makes_one_z3_context_and_no_other() -> None:
    # A z3 context costs about 10 ms to make; z3's global one (made by z3 functions called
    # without a context, such as SolverFor) would be a fourth for the three shipped sets.
    import subprocess
    import sys

    probe = (
        "import z3\n"
        "made = []\n"
        "real = z3.Context.__init__\n"
        "def counting(self, *args, **kwargs):\n"
        "    made.append(1)\n"
        "    real(self, *args, **kwargs)\n"
        "z3.Context.__init__ = counting\n"
        "from slalang.analysis.runner import CheckOptions, run_check\n"
        f"run_check(CheckOptions(paths=[{str(REPO / 'policies')!r}]))\n"
        "print(len(made))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "3"


def test_the_lazily_loaded_names_are_still_there() -> None:
    # slalang.analysis and its runner load the rules on first use; their names stay importable.
    from slalang.analysis import COMPILE_CODES, RULE_IDS, RULES, Context
    from slalang.analysis.runner import KNOWN_IDS

    assert KNOWN_IDS == RULE_IDS + COMPILE_CODES and [rule.ID for rule in RULES] == list(RULE_IDS)
    assert Context.__module__ == "slalang.analysis.context"
