"""One ``slalang check`` of a policy set for the editor: the buffers' text instead of the files'.

The same compile and rules as ``slalang check`` (``analysis.runner.check_policy_set``), with
the configuration ``check`` would find, so the editor and CI report the same findings.
``should_stop`` lets a newer edit cancel a run between rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..analysis import AnalysisCancelled, analyse_model
from ..analysis.config import CheckConfig
from ..analysis.runner import CheckOptions, UsageError, check_policy_set, resolve_config
from ..compiler import compile_text
from ..diagnostics import Diagnostic, cap_per_kind, has_errors
from ..model import PolicySet
from .policy_sets import PolicySetRef

__all__ = ["AnalysisCancelled", "CheckRun", "SetCheck", "check_set"]


@dataclass(frozen=True)
class CheckRun:
    """What one run reads: the set, the editor's texts (resolved path -> text) and their versions."""

    ref: PolicySetRef
    overlay: Mapping[str, str]
    versions: Mapping[str, int]  # URI -> the version of the buffer the run read
    inline_text: str | None = None  # the text of an ``inline`` set


@dataclass(frozen=True)
class SetCheck:
    """The findings of one run; ``files`` maps each file read (absolute path, or URI) to its text."""

    run: CheckRun
    diagnostics: list[Diagnostic]
    files: dict[str, str]
    model: PolicySet | None
    notes: list[str] = field(default_factory=list)  # problems with the configuration


def check_set(run: CheckRun, should_stop: Callable[[], bool] | None = None) -> SetCheck:
    """Compile and analyse one set; raises ``AnalysisCancelled`` when ``should_stop`` says so."""
    if run.ref.inline is not None:
        return _check_inline(run, should_stop)
    config, notes = _config(run.ref)
    outcome = check_policy_set(list(run.ref.paths), config, overlay=run.overlay, should_stop=should_stop)
    files = {os.path.abspath(name): text for name, text in outcome.sources.items()}
    diagnostics = cap_per_kind(outcome.diagnostics)  # as slalang check lists them: 25 of a kind per file
    return SetCheck(run, diagnostics, files, outcome.model, notes)


def _check_inline(run: CheckRun, should_stop: Callable[[], bool] | None) -> SetCheck:
    name = run.ref.inline or "<buffer>"
    text = run.inline_text or ""
    result = compile_text(text, name)
    diagnostics = list(result.diagnostics)
    if result.model is not None and not has_errors(diagnostics):
        diagnostics = cap_per_kind(diagnostics + analyse_model(result.model, result.sources, None, should_stop))
    return SetCheck(run, diagnostics, {name: text}, result.model, [])


def _config(ref: PolicySetRef) -> tuple[CheckConfig, list[str]]:
    try:
        return resolve_config(CheckOptions(paths=list(ref.paths))), []
    except UsageError as exc:
        return CheckConfig(), [f"slalang: the check configuration cannot be used ({exc}); checking with defaults"]
