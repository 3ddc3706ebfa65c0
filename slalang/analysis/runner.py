"""One ``slalang check`` run as a library call: compile, analyse, filter, decide the exit status.

``run_check`` compiles the whole set (every syntax and compile error of every file), and
only if that succeeded runs the analysis. Problems that stop the run before it starts
(an unreadable path, a bad configuration or baseline, an unknown rule id) raise
``UsageError``; the CLI turns that into exit status 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, cap_per_kind, has_errors, sort_diagnostics
from .baseline import BaselineError, Entry, entries, new_findings, read_baseline, write_baseline
from .config import CheckConfig, ConfigError, find_config, load_config

if TYPE_CHECKING:  # the rules and the model load when a check runs (result_cache answers without them)
    from ..model import PolicySet

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def known_ids() -> tuple[str, ...]:
    """Every id ``--select``, ``--ignore`` and the configuration may name: the rules' and the compiler's."""
    from .rules import COMPILE_CODES, RULE_IDS

    return RULE_IDS + COMPILE_CODES


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "KNOWN_IDS":  # the constant it was, computed when asked for (it loads every rule)
        return known_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    stdin_text: str | None = None  # the policy text when ``paths`` is ``["-"]``
    stdin_filename: str | None = None  # the name it is reported under (and imports are read beside)
    policy_set: str | None = None  # check only this set of each directory that lists `sets`


STDIN = "-"


@dataclass
class CheckOutcome:
    diagnostics: list[Diagnostic]
    sources: dict[str, str]
    model: PolicySet | None  # the compiled model when the run covered exactly one policy set
    exit_status: int
    config: CheckConfig
    baseline_written: int | None = None
    suppressed_by_baseline: int = 0
    file_count: int = 0
    notes: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # baseline keys, one per diagnostic, in order

    def fingerprints(self) -> list[str]:
        return [e.fingerprint for e in self.entries]


@dataclass(frozen=True)
class SetOutcome:
    """The findings of one policy set."""

    diagnostics: list[Diagnostic]
    sources: dict[str, str]
    model: PolicySet | None
    file_count: int


def _check_paths(options: CheckOptions) -> None:
    from ..compiler.workspace import path_problem

    paths = options.paths
    if not paths:
        raise UsageError("give at least one policy file or directory")
    if STDIN in paths:
        if len(paths) > 1:
            raise UsageError("`-` (standard input) cannot be checked together with other paths")
        if options.stdin_text is None:
            raise UsageError("no text was read from standard input")
        return
    if options.stdin_filename is not None:
        raise UsageError("--stdin-filename names the text read with `-`; give `-` as the path")
    for path in paths:
        problem = path_problem(path)
        if problem is not None:
            raise UsageError(problem)


def resolve_config(options: CheckOptions) -> CheckConfig:
    known = known_ids()
    try:
        if options.config_file is not None:
            if not os.path.isfile(options.config_file):
                raise UsageError(f"cannot read the configuration {options.config_file}: no such file")
            config = load_config(options.config_file, known)
        else:
            start = options.paths[0] if options.paths[0] != STDIN else (options.stdin_filename or os.curdir)
            found = find_config(start)
            config = load_config(found, known) if found is not None else CheckConfig()
        return config.with_options(options.select, options.ignore, known)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def run_check(options: CheckOptions) -> CheckOutcome:
    _check_paths(options)
    config = resolve_config(options)
    accepted = None
    if options.baseline is not None:
        try:
            accepted = read_baseline(options.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
    if list(options.paths) == [STDIN]:
        groups: list[list[str]] = []
        set_findings: list[Diagnostic] = []
        parts = [check_stdin(options.stdin_text or "", options.stdin_filename, config)]
    else:
        groups, set_findings = policy_set_groups(options.paths, options.policy_set)
        parts = [check_policy_set(group, config) for group in groups]
    if accepted is not None:
        kept_parts = [SetOutcome(new_findings(p.diagnostics, p.model, accepted), p.sources, p.model, p.file_count)
                      for p in parts]
    else:
        kept_parts = parts
    diagnostics = cap_per_kind([*set_findings, *(d for p in kept_parts for d in p.diagnostics)])
    outcome = CheckOutcome(
        diagnostics=diagnostics,
        sources={name: text for p in parts for name, text in p.sources.items()},
        model=parts[0].model if len(parts) == 1 else None,
        exit_status=EXIT_OK,
        config=config,
        file_count=sum(p.file_count for p in parts),
        entries=_entries_in_order(diagnostics, kept_parts),
    )
    if options.write_baseline is not None:
        found = [e for p in parts for e in entries(p.diagnostics, p.model)]
        try:
            outcome.baseline_written = write_baseline(options.write_baseline, found)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
        if any(p.model is None for p in parts) or has_errors(set_findings):
            outcome.exit_status = EXIT_FINDINGS
        return outcome
    outcome.suppressed_by_baseline = sum(len(p.diagnostics) for p in parts) - sum(len(p.diagnostics) for p in kept_parts)
    outcome.exit_status = exit_status(outcome.diagnostics, options.strict)
    return outcome


def policy_set_groups(
    paths: Sequence[str], policy_set: str | None = None
) -> tuple[list[list[str]], list[Diagnostic]]:
    """The policy sets to check: the paths together form one set, except a directory whose
    ``slalang.toml`` lists ``sets``, each of which is checked on its own (only the one
    called ``policy_set`` when that is given; UsageError when a directory has none by
    that name)."""
    from ..compiler.workspace import SetChoiceError, choose_policy_set, split_policy_sets

    together: list[str] = []
    groups: list[list[str]] = []
    findings: list[Diagnostic] = []
    for path in paths:
        sets, found = split_policy_sets(path)
        findings.extend(found)
        if sets == [path]:
            together.append(path)
        elif policy_set is not None:
            try:
                groups.append([choose_policy_set(path, policy_set)])
            except SetChoiceError as exc:
                raise UsageError(str(exc)) from None
        else:
            groups.extend([s] for s in sets)
    return ([together] if together else []) + groups, findings


def check_policy_set(
    paths: list[str],
    config: CheckConfig,
    *,
    overlay: Mapping[str, str] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SetOutcome:
    """Compile one policy set (every syntax and compile error), then analyse it if it compiled.

    ``overlay`` (resolved path -> text) and ``should_stop`` are for editors: see
    ``compile_paths`` and ``run_rules``.
    """
    from ..analysis import analyse_model
    from ..compiler import compile_paths

    result = compile_paths(paths, overlay=overlay)
    sources = dict(result.sources)
    compile_findings = sort_diagnostics(d for d in result.diagnostics if d.is_error or config.enabled(d.code))
    if result.model is None or has_errors(result.diagnostics):
        return SetOutcome(compile_findings, sources, None, len(sources))
    model = result.model
    diagnostics = sort_diagnostics(compile_findings + analyse_model(model, sources, config, should_stop))
    return SetOutcome(diagnostics, sources, model, len(model.files or sources))


def check_stdin(text: str, filename: str | None, config: CheckConfig) -> SetOutcome:
    """Check policy text read from standard input, reported as ``filename`` (``<stdin>``).

    When ``filename`` is a policy file on disk, the text stands for it in its policy set
    (its imports are read beside it, as an editor's unsaved buffer is); otherwise the text
    is checked on its own and may not import files.
    """
    if filename is not None and os.path.isfile(filename):
        return check_policy_set([filename], config, overlay={os.path.realpath(filename): text})
    from ..analysis import analyse_model
    from ..compiler import compile_text

    result = compile_text(text, filename or "<stdin>")
    sources = dict(result.sources)
    compile_findings = sort_diagnostics(d for d in result.diagnostics if d.is_error or config.enabled(d.code))
    if result.model is None or has_errors(result.diagnostics):
        return SetOutcome(compile_findings, sources, None, 1)
    diagnostics = sort_diagnostics(compile_findings + analyse_model(result.model, sources, config))
    return SetOutcome(diagnostics, sources, result.model, 1)


def _entries_in_order(diagnostics: list[Diagnostic], parts: list[SetOutcome]) -> list[Entry]:
    keyed: dict[int, Entry] = {}
    for part in parts:
        for d, entry in zip(part.diagnostics, entries(part.diagnostics, part.model), strict=True):
            keyed.setdefault(id(d), entry)
    return [keyed.get(id(d)) or entries([d], None)[0] for d in diagnostics]


def exit_status(diagnostics: Sequence[Diagnostic], strict: bool) -> int:
    """1 with an error finding (or, when strict, a warning); 0 otherwise. Infos never fail."""
    if has_errors(diagnostics):
        return EXIT_FINDINGS
    if strict and any(d.severity.value == "warning" for d in diagnostics):
        return EXIT_FINDINGS
    return EXIT_OK
