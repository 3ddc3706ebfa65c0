"""The compiler: an ordered table of stages run over one state.

Each stage reports every error of its kind; the loop stops after the first stage that
reported an error, since later stages rely on what it checks (names resolve before values
are checked, values are checked before the model is built).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import Diagnostic, error, has_errors, sort_diagnostics
from ..model import PolicySet
from ..source import Span
from .declarations import collect_declarations
from .imports import resolve_imports
from .lower import lower_model
from .names import resolve_names
from .paths import make_entries
from .state import CompileState, InlineText
from .values import check_values
from .workspace import WORKSPACE_FILE, split_policy_sets


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[CompileState], list[Diagnostic]]


STAGES: tuple[Stage, ...] = (
    Stage("resolve_imports", resolve_imports),  # read, parse, follow imports: policy-set order
    Stage("collect_declarations", collect_declarations),  # one table per kind; duplicates
    Stage("resolve_names", resolve_names),  # every reference names something declared
    Stage("check_values", check_values),  # times, dates, zones, durations, types, repeats
    Stage("lower_model", lower_model),  # build the frozen PolicySet
)


@dataclass(frozen=True)
class CompileResult:
    """The compiled model (None when there were errors), every diagnostic, and the sources."""

    model: PolicySet | None
    diagnostics: list[Diagnostic]
    sources: dict[str, str]  # file name as used in spans -> text

    @property
    def ok(self) -> bool:
        return self.model is not None and not has_errors(self.diagnostics)


def run_stages(state: CompileState, stages: tuple[Stage, ...] = STAGES) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for stage in stages:
        found = stage.run(state)
        diagnostics.extend(found)
        if has_errors(found):
            state.model = None
            break
    return diagnostics


def compile_paths(paths: list[str], root: str | None = None) -> CompileResult:
    """Compile the policy set the paths name (files, or directories of ``*.sla`` files).

    Imports stay inside ``root``: by default the directory given, or a file's own directory.
    """
    if isinstance(paths, (str, os.PathLike)):  # one path given bare: not a list of characters
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    paths, diagnostics = _one_set(paths)
    if has_errors(diagnostics):
        return CompileResult(None, sort_diagnostics(diagnostics), {})
    entries, found = make_entries(paths, os.fspath(root) if root is not None else None)
    diagnostics.extend(found)
    if not paths:
        diagnostics.append(
            error("import-error", "no policy path given", Span.point("<args>"), help="name a policy file or directory")
        )
    if has_errors(diagnostics):
        return CompileResult(None, sort_diagnostics(diagnostics), {})
    return _run(CompileState(list(entries)))


def _one_set(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """A directory whose ``slalang.toml`` lists one set stands for it; several is an error here."""
    chosen: list[str] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        sets, found = split_policy_sets(path)
        diagnostics.extend(found)
        if len(sets) > 1:
            names = ", ".join(os.path.relpath(s, path) for s in sets)
            diagnostics.append(error(
                "import-error", f"`{path}` holds {len(sets)} policy sets ({names}); this command takes one",
                Span.point(os.path.join(path, WORKSPACE_FILE)),
                help=f"name one of them, e.g. {os.path.join(path, os.path.relpath(sets[0], path))}",
            ))
        chosen.extend(sets)
    return chosen, diagnostics


def compile_text(text: str, name: str = "<string>") -> CompileResult:
    """Compile policy text held in memory; it may not ``import`` files."""
    return _run(CompileState([InlineText(name, text)]))


def _run(state: CompileState) -> CompileResult:
    diagnostics = run_stages(state)
    model = None if has_errors(diagnostics) else state.model
    return CompileResult(model, sort_diagnostics(diagnostics), dict(state.sources))
