"""One ``slalang check`` run as a library call: compile, analyse, filter, decide the exit status.

``run_check`` compiles the whole set (every syntax and compile error of every file), and
only if that succeeded runs the analysis. Problems that stop the run before it starts
(an unreadable path, a bad configuration or baseline, an unknown rule id) raise
``UsageError``; the CLI turns that into exit status 2.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Sequence

from ..diagnostics import Diagnostic, has_errors, sort_diagnostics
from ..model import PolicySet
from .baseline import BaselineError, entries, new_findings, read_baseline, write_baseline
from .config import CheckConfig, ConfigError, find_config, load_config
from .rules import COMPILE_CODES, RULE_IDS

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
KNOWN_IDS: tuple[str, ...] = RULE_IDS + COMPILE_CODES


class UsageError(Exception):
    """The check could not run; the message says why."""


@dataclass(frozen=True)
class CheckOptions:
    paths: Sequence[str]
    config_file: str | None = None
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    strict: bool = False
    baseline: str | None = None
    write_baseline: str | None = None


@dataclass
class CheckOutcome:
    diagnostics: list[Diagnostic]
    sources: dict[str, str]
    model: PolicySet | None
    exit_status: int
    config: CheckConfig
    baseline_written: int | None = None
    suppressed_by_baseline: int = 0
    file_count: int = 0
    notes: list[str] = field(default_factory=list)

    def fingerprints(self) -> list[str]:
        return [e.fingerprint for e in entries(self.diagnostics, self.model)]


def _check_paths(paths: Sequence[str]) -> None:
    if not paths:
        raise UsageError("give at least one policy file or directory")
    for path in paths:
        if not os.path.exists(path):
            raise UsageError(f"cannot read {path}: no such file or directory")
        if not os.access(path, os.R_OK) or (os.path.isdir(path) and not os.access(path, os.X_OK)):
            raise UsageError(f"cannot read {path}: permission denied")


def resolve_config(options: CheckOptions) -> CheckConfig:
    try:
        if options.config_file is not None:
            if not os.path.isfile(options.config_file):
                raise UsageError(f"cannot read the configuration {options.config_file}: no such file")
            config = load_config(options.config_file, KNOWN_IDS)
        else:
            found = find_config(options.paths[0])
            config = load_config(found, KNOWN_IDS) if found is not None else CheckConfig()
        return config.with_options(options.select, options.ignore, KNOWN_IDS)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def run_check(options: CheckOptions) -> CheckOutcome:
    from ..analysis import analyse_model
    from ..compiler import compile_paths

    _check_paths(options.paths)
    config = resolve_config(options)
    accepted = None
    if options.baseline is not None:
        try:
            accepted = read_baseline(options.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
    result = compile_paths(list(options.paths))
    sources = dict(result.sources)
    compile_findings = sort_diagnostics(d for d in result.diagnostics if d.is_error or config.enabled(d.code))
    if result.model is None or has_errors(result.diagnostics):
        return CheckOutcome(compile_findings, sources, None, EXIT_FINDINGS, config, file_count=len(sources))
    model = result.model
    diagnostics = sort_diagnostics(compile_findings + analyse_model(model, sources, config))
    outcome = CheckOutcome(diagnostics, sources, model, EXIT_OK, config, file_count=len(model.files or sources))
    if options.write_baseline is not None:
        try:
            outcome.baseline_written = write_baseline(options.write_baseline, diagnostics, model)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
        return outcome
    if accepted is not None:
        kept = new_findings(diagnostics, model, accepted)
        outcome.suppressed_by_baseline = len(diagnostics) - len(kept)
        outcome.diagnostics = kept
    outcome.exit_status = exit_status(outcome.diagnostics, options.strict)
    return outcome


def exit_status(diagnostics: Sequence[Diagnostic], strict: bool) -> int:
    """1 with an error finding (or, when strict, a warning); 0 otherwise. Infos never fail."""
    if has_errors(diagnostics):
        return EXIT_FINDINGS
    if strict and any(d.severity.value == "warning" for d in diagnostics):
        return EXIT_FINDINGS
    return EXIT_OK
