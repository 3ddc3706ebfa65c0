"""Static analysis of a compiled policy set: one module per rule, exact condition reasoning.

``analyse(policy, config)`` runs every enabled rule of ``rules.RULES`` over the model and
returns the findings (with the policy's compile warnings), severities adjusted by the
configuration, suppression comments applied, sorted by location.

The rules, the context and the model load on first use (PEP 562): ``slalang check`` reads
its configuration and its result cache (``result_cache``) through this package, and a run
answered from the cache should not pay for z3, numpy and the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, sort_diagnostics
from ..lazy_names import lazy_names
from .config import CheckConfig
from .suppression import apply_suppressions

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from ..model import PolicySet
    from .context import Context
    from .rules import COMPILE_CODES, RULE_IDS, RULES

_LAZY: dict[str, str] = {"COMPILE_CODES": "rules", "RULE_IDS": "rules", "RULES": "rules", "Context": "context"}

__all__ = [
    "COMPILE_CODES",
    "AnalysisCancelled",
    "RULES",
    "RULE_IDS",
    "CheckConfig",
    "Context",
    "analyse",
    "analyse_model",
    "run_rules",
]


def analyse(policy: Any, config: CheckConfig | None = None) -> list[Diagnostic]:
    """Findings for a ``Policy`` (from ``slalang.load``): its compile diagnostics and every rule's."""
    findings = analyse_model(policy.model, policy.sources, config)
    return sort_diagnostics(list(policy.diagnostics) + findings)


class AnalysisCancelled(Exception):
    """Raised between rules when the caller's ``should_stop`` says the answer is no longer wanted."""


def analyse_model(
    model: PolicySet,
    sources: Mapping[str, str],
    config: CheckConfig | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[Diagnostic]:
    """The rules' findings for a compiled model and its source texts."""
    from .context import Context
    from .rules import COMPILE_CODES, RULE_IDS

    config = config or CheckConfig()
    return run_rules(Context(model, sources, config.today(), RULE_IDS + COMPILE_CODES), config, should_stop)


def run_rules(ctx: Context, config: CheckConfig, should_stop: Callable[[], bool] | None = None) -> list[Diagnostic]:
    """Every enabled rule over one context (whose shared answers the rules reuse).

    ``should_stop`` is asked before each rule (an editor that has a newer text cancels a
    stale run this way); when it answers True, ``AnalysisCancelled`` is raised.
    """
    from .rules import RULES

    findings: list[Diagnostic] = []
    for rule in RULES:
        if not config.enabled(rule.ID):
            continue
        if should_stop is not None and should_stop():
            raise AnalysisCancelled(rule.ID)
        severity = config.severity_of(rule.ID, rule.SEVERITY)
        for diagnostic in rule.check(ctx):
            findings.append(diagnostic if diagnostic.severity is severity else diagnostic.with_severity(severity))
    return sort_diagnostics(apply_suppressions(findings, ctx.sources))


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
