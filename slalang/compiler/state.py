"""The compiler's working state, filled in stage by stage.

Each stage reads what the earlier stages left here and adds its own part: the loaded files
(``resolve_imports``), the declaration tables (``collect_declarations``), and finally the
model (``lower_model``). Only the stages mutate it; callers see a frozen ``CompileResult``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import ast
from ..model import PolicySet


@dataclass(frozen=True)
class Entry:
    """One path the caller named, with the policy root its imports must stay inside."""

    path: str  # absolute, normalised (not resolved through symlinks)
    root: str  # absolute, normalised


@dataclass(frozen=True)
class InlineText:
    """Policy text given in memory (``compile_text``); it may not import files."""

    name: str
    text: str


@dataclass
class LoadedFile:
    name: str  # the name spans use: relative to the working directory when under it
    real: str | None  # resolved path, the identity of the file (None for in-memory text)
    root: str | None  # the policy root its imports must stay inside (None for in-memory text)
    tree: ast.File | None  # None when the file could not be read or parsed


@dataclass
class Declarations:
    """Every declaration of the set by kind, in policy-set order; the first of a name wins."""

    headers: list[ast.PolicyHeader] = field(default_factory=list)
    resolved: list[ast.ResolvedDecl] = field(default_factory=list)
    priorities: list[ast.PrioritiesDecl] = field(default_factory=list)
    calendars: dict[str, ast.CalendarDecl] = field(default_factory=dict)
    segments: dict[str, ast.SegmentDecl] = field(default_factory=dict)
    teams: dict[str, ast.TeamDecl] = field(default_factory=dict)
    olas: dict[str, ast.OlaDecl] = field(default_factory=dict)
    chains: dict[str, ast.ChainDecl] = field(default_factory=dict)
    slas: dict[str, ast.SlaDecl] = field(default_factory=dict)
    credits: dict[str, ast.CreditDecl] = field(default_factory=dict)
    availabilities: dict[str, ast.AvailabilityDecl] = field(default_factory=dict)

    @property
    def priority_names(self) -> tuple[str, ...]:
        """The declared priorities, most important first (empty when none are declared)."""
        if not self.priorities:
            return ()
        return tuple(n.text for n in self.priorities[0].names)


@dataclass
class CompileState:
    entries: list[Entry | InlineText]
    overlay: Mapping[str, str] = field(default_factory=dict)  # resolved path -> text that replaces the file's
    files: dict[str, LoadedFile] = field(default_factory=dict)  # by name, in load order
    sources: dict[str, str] = field(default_factory=dict)  # name -> text
    order: list[str] = field(default_factory=list)  # file names in policy-set order
    declarations: list[ast.Declaration] = field(default_factory=list)  # policy-set order, no imports
    tables: Declarations = field(default_factory=Declarations)
    model: PolicySet | None = None
