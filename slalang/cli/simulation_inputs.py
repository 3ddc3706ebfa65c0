"""What ``slalang simulate`` and ``slalang staff`` share: the policy and the scenario they run."""

from __future__ import annotations

from ..api import Policy
from ..simulation import Scenario, ScenarioError, load_scenario, parse_staffing
from .common import fail, load_policy, show_diagnostics


def load_scenario_inputs(
    command: str, policy_path: str, scenario_path: str, staffing: tuple[str, ...] = (), policy_set: str | None = None
) -> tuple[Policy, Scenario]:
    """The compiled policy and the validated scenario (with ``--staffing TEAM=N`` overrides),
    or exit 2 after printing located errors. ``policy_set``: see ``common.policy_path``."""
    policy = load_policy(command, policy_path, "; nothing simulated", policy_set)
    try:
        scenario = load_scenario(scenario_path, policy.model)
    except ScenarioError as exc:
        show_diagnostics(exc.diagnostics, exc.sources)
        fail(command, f"{scenario_path}: the scenario has errors (see above); nothing simulated")
    try:
        overrides = parse_staffing(policy, staffing)
    except ValueError as exc:
        fail(command, f"--staffing {exc}")
    return policy, scenario.with_staffing(overrides) if overrides else scenario
