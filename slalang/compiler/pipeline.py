"""The compiler: an ordered table of stages run over one state.

Each stage reports every error of its kind. Once a stage has reported an error, the
stages marked ``partial_ok`` still run (declarations and names can be checked over the
files that did parse, so one run shows a syntax error in one file and a misspelt name in
another); the loop stops at the first stage that needs a clean set (values are checked on
resolved names, the model is built from checked values). After a file failed to load, an
unknown name it may have declared is not reported: that would be a cascade, not a finding.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..collector import collector_paused
from ..diagnostics import Diagnostic, cap_per_kind, error, has_errors, sort_diagnostics
from ..model import PolicySet
from ..source import Span, span_text
from .declarations import collect_declarations
from .imports import resolve_imports
from .lower import lower_model
from .names import resolve_names
from .paths import make_entries
from .state import CompileState, InlineText
from .values import check_values
from .workspace import WORKSPACE_FILE, SetChoiceError, choose_policy_set, split_policy_sets


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[CompileState], list[Diagnostic]]
    partial_ok: bool = False  # runs even after an earlier stage reported errors


STAGES: tuple[Stage, ...] = (
    Stage("resolve_imports", resolve_imports),  # read, parse, follow imports: policy-set order
    Stage("collect_declarations", collect_declarations, partial_ok=True),  # one table per kind; duplicates
    Stage("resolve_names", resolve_names, partial_ok=True),  # every reference names something declared
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
    failed = False
    for stage in stages:
        if failed and not stage.partial_ok:
            break
        found = stage.run(state)
        if failed:
            found = _without_cascades(found, state, diagnostics)
        diagnostics.extend(found)
        failed = failed or has_errors(found)
    if failed:
        state.model = None
    return diagnostics


def _without_cascades(found: list[Diagnostic], state: CompileState, earlier: list[Diagnostic]) -> list[Diagnostic]:
    """``found`` without the unknown names that a file which failed to load may declare."""
    unloaded = [state.sources.get(f.name) for f in state.files.values() if f.tree is None]
    if any(text is None for text in unloaded) or any(d.code == "import-error" for d in earlier):
        could_declare = None  # a file we could not read at all: it may declare anything
    else:
        could_declare = "\n".join(t for t in unloaded if t is not None)

    def cascade(d: Diagnostic) -> bool:
        if d.code != "unknown-name":
            return False
        if could_declare is None:
            return True
        name = _span_text(state, d)
        return not name or re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", could_declare) is not None

    return [d for d in found if not cascade(d)]


def _span_text(state: CompileState, d: Diagnostic) -> str:
    span = d.span
    text = state.sources.get(span.file)
    if text is None or span.line != span.end_line:
        return ""
    return span_text(text.splitlines(), span)


def compile_paths(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    root: str | os.PathLike[str] | None = None,
    *,
    overlay: Mapping[str, str] | None = None,
) -> CompileResult:
    """Compile the policy set the paths name (files, or directories of ``*.sla`` files).

    Imports stay inside ``root``: by default the directory given, or a file's own directory.
    ``overlay`` maps resolved file paths to text read instead of the file (an editor's
    unsaved buffers); which files belong to the set is still decided on disk.
    """
    given = [paths] if isinstance(paths, (str, os.PathLike)) else paths  # one path bare: not a list of characters
    names, diagnostics = _one_set([os.fspath(p) for p in given])
    if has_errors(diagnostics):
        return CompileResult(None, sort_diagnostics(diagnostics), {})
    entries, found = make_entries(names, os.fspath(root) if root is not None else None)
    diagnostics.extend(found)
    if not names:
        diagnostics.append(
            error("import-error", "no policy path given", Span.point("<args>"), help="name a policy file or directory")
        )
    if has_errors(diagnostics):
        return CompileResult(None, sort_diagnostics(diagnostics), {})
    return _run(CompileState(list(entries), dict(overlay or {})))


def _one_set(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """A directory whose ``slalang.toml`` lists sets stands for its ``default`` set (or its
    only one); several without a default is an error here."""
    chosen: list[str] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        sets, found = split_policy_sets(path)
        diagnostics.extend(found)
        if found:
            continue
        try:
            chosen.append(choose_policy_set(path))
        except SetChoiceError as exc:
            diagnostics.append(error(
                "import-error", str(exc), Span.point(os.path.join(path, WORKSPACE_FILE)),
                help=f"name one of them, e.g. {os.path.join(path, os.path.relpath(sets[0], path))}",
            ))
    return chosen, diagnostics


def compile_text(text: str, name: str = "<string>") -> CompileResult:
    """Compile policy text held in memory; it may not ``import`` files."""
    return _run(CompileState([InlineText(name, text)]))


def _run(state: CompileState) -> CompileResult:
    with collector_paused():  # the stages build acyclic trees, tables and models (collector.py)
        diagnostics = run_stages(state)
    model = None if has_errors(diagnostics) else state.model
    return CompileResult(model, cap_per_kind(diagnostics), dict(state.sources))
