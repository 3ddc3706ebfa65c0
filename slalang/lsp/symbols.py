"""Every declared name of a policy set and every place it is used, from the syntax trees.

The index walks the AST generically: each top-level declaration with a ``name`` declares
that name (its kind as the compiler names it); every other ``ast.Name`` is a use. What a
use refers to comes from a short table of the fields whose kind the grammar fixes
(``CalendarRef.name`` is a calendar); for a field the table does not know (a construct
added later), a kind word in the node or field name decides (``...calendar...`` -> calendar),
and otherwise the name's text is looked up among every kind. A node nested in a declaration
that has its own ``name`` (a metric line, a measure) declares a name local to that
declaration, which ``escalate`` refers to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from .. import ast
from ..compiler.declarations import NAMED_KINDS
from ..compiler.names import last_word_span
from ..model import ALWAYS
from ..source import Span

PRIORITY = "priority"
METRIC = "metric"
CALENDAR = NAMED_KINDS[ast.CalendarDecl][0]

# (node class, field) -> the kind of declaration the name in that field refers to.
REFERENCE_FIELDS: dict[tuple[str, str], str] = {
    ("CalendarRef", "name"): CALENDAR,
    ("TeamItem", "value"): CALENDAR,
    ("OlaDecl", "team"): NAMED_KINDS[ast.TeamDecl][0],
    ("OlaDecl", "on"): CALENDAR,
    ("MetricItem", "via"): NAMED_KINDS[ast.OlaDecl][0],
    ("MeasureItem", "via"): NAMED_KINDS[ast.OlaDecl][0],
    ("EscalateItem", "chain"): NAMED_KINDS[ast.ChainDecl][0],
    ("SegmentCond", "name"): NAMED_KINDS[ast.SegmentDecl][0],
    ("PriorityCond", "name"): PRIORITY,
}
# Names local to the enclosing declaration: (node class, field) that declares, and that refers.
LOCAL_DEFINITION_FIELDS: dict[tuple[str, str], str] = {("MetricItem", "metric"): METRIC}
LOCAL_REFERENCE_FIELDS: frozenset[tuple[str, str]] = frozenset({("EscalateItem", "metric")})
# Names that are words of the language, not declared names (day names, events, period units).
NOT_NAMES: frozenset[str] = frozenset({"DayRange", "TriggerItem", "PeriodItem"})

# A kind word in a node or field name the table does not know, and the kind it stands for.
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("calendar", CALENDAR),
    ("segment", NAMED_KINDS[ast.SegmentDecl][0]),
    ("team", NAMED_KINDS[ast.TeamDecl][0]),
    ("chain", NAMED_KINDS[ast.ChainDecl][0]),
    ("ola", NAMED_KINDS[ast.OlaDecl][0]),
    ("sla", NAMED_KINDS[ast.SlaDecl][0]),
    ("priorit", PRIORITY),
)


@dataclass(frozen=True, eq=False)
class Definition:
    """A declared name: where it is written and the node that declares it."""

    kind: str  # "calendar", "SLA", "priority", "metric", ... (as messages name kinds)
    name: str
    span: Span  # the name itself
    node: Any  # the declaration (for a priority: the `priorities` line; for a metric: its line)
    parent: Definition | None = None  # the declaration a local name belongs to

    @property
    def declaration_span(self) -> Span:
        return self.node.span


@dataclass(frozen=True)
class Reference:
    """A use of a name; ``kind`` None when only the name's text can say what it refers to."""

    kind: str | None
    name: str
    span: Span
    scope: Definition | None  # the top-level declaration it is written in
    local: bool = False  # refers to a name local to ``scope`` (a metric of its SLA)


@dataclass(frozen=True)
class ImportLink:
    """An ``import "path"`` line: the path as written, where, and the file it names."""

    path: str
    span: Span
    file: str


def kind_of(declaration: Any) -> str:
    """A declaration's kind as users read it: the compiler's word, or its class name in words."""
    known = NAMED_KINDS.get(type(declaration))
    if known is not None:
        return known[0]
    words = re.findall(r"[A-Z][a-z0-9]*", type(declaration).__name__.removesuffix("Decl"))
    return " ".join(words).lower() or type(declaration).__name__.lower()


class SymbolIndex:
    """Definitions and references of a set of parsed files (first declaration of a name wins)."""

    def __init__(self, files: Iterable[ast.File]):
        self.files: dict[str, ast.File] = {}
        self.definitions: list[Definition] = []
        self.references: list[Reference] = []
        self.imports: list[ImportLink] = []
        for file in files:
            self.files[file.path] = file
            for declaration in file.declarations:
                self._declaration(declaration)
        order = {path: i for i, path in enumerate(self.files)}  # the files in the order given: policy-set order
        self.definitions.sort(key=lambda d: (order.get(d.span.file, -1), d.span.line, d.span.column))
        self.references.sort(key=lambda r: (order.get(r.span.file, -1), r.span.line, r.span.column))
        self._by_name: dict[tuple[str, str], list[Definition]] = {}
        self._by_text: dict[str, list[Definition]] = {}
        for d in self.definitions:
            if d.parent is None:
                self._by_name.setdefault((d.kind, d.name), []).append(d)
                self._by_text.setdefault(d.name, []).append(d)

    # --- building -----------------------------------------------------------------------

    def _declaration(self, declaration: Any) -> None:
        if isinstance(declaration, ast.Import):
            self.imports.append(ImportLink(declaration.path.value, declaration.path.span, declaration.span.file))
            return
        top: Definition | None = None
        name = getattr(declaration, "name", None)
        if isinstance(name, ast.Name):
            top = Definition(kind_of(declaration), name.text, name.span, declaration)
            self.definitions.append(top)
        if isinstance(declaration, ast.PrioritiesDecl):
            for priority in declaration.names:
                self.definitions.append(Definition(PRIORITY, priority.text, priority.span, declaration))
            return
        for node in nodes(declaration):
            if isinstance(node, ast.Action) and node.kind == "set_priority":  # `set priority NAME`: a bare word
                self.references.append(Reference(PRIORITY, node.target, last_word_span(node.span, node.target), top))
                continue
            if isinstance(node, ast.NameListItem):  # a credit's `slas` name SLAs, its `metrics` their metrics
                kind = NAMED_KINDS[ast.SlaDecl][0] if node.kind == "slas" else METRIC
                self.references.extend(Reference(kind, n.text, n.span, top) for n in node.names)
                continue
            for f in fields(node):
                value = getattr(node, f.name)
                for item in value if isinstance(value, tuple) else (value,):
                    if isinstance(item, ast.Name):
                        self._name(node, f.name, item, declaration, top)

    def _name(self, node: Any, field_name: str, name: ast.Name, declaration: Any, top: Definition | None) -> None:
        if node is declaration and field_name == "name":
            return  # the declaration's own name
        cls = type(node).__name__
        if cls in NOT_NAMES:
            return
        key = (cls, field_name)
        local_kind = LOCAL_DEFINITION_FIELDS.get(key)
        if local_kind is None and field_name == "name" and key not in REFERENCE_FIELDS and _kind_word(key) is None:
            local_kind = kind_of(node).removesuffix(" item")  # a named block of its own: a measure
        if local_kind is not None:
            if top is not None:
                self.definitions.append(Definition(local_kind, name.text, name.span, node, top))
            return
        if key in LOCAL_REFERENCE_FIELDS:
            self.references.append(Reference(None, name.text, name.span, top, local=True))
            return
        kind = REFERENCE_FIELDS.get(key) or _kind_word(key)
        self.references.append(Reference(kind, name.text, name.span, top))

    # --- questions ----------------------------------------------------------------------

    def resolve(self, reference: Reference) -> list[Definition]:
        """The declarations a use refers to (several only for an ambiguous name of unknown kind)."""
        if reference.local:
            scope = reference.scope
            return [d for d in self.definitions if d.parent is scope and d.name == reference.name][:1]
        if reference.kind is not None:
            return self._by_name.get((reference.kind, reference.name), [])[:1]
        found = self._by_text.get(reference.name, [])
        kinds = dict.fromkeys(d.kind for d in found)
        return [next(d for d in found if d.kind == k) for k in kinds]

    def is_builtin(self, reference: Reference) -> bool:
        return reference.kind == CALENDAR and reference.name == ALWAYS

    def lookup(self, kind: str, name: str) -> Definition | None:
        found = self._by_name.get((kind, name))
        return found[0] if found else None

    def declared(self, name: str) -> list[Definition]:
        """Every top-level declaration of a name, of any kind, in policy-set order."""
        return self._by_text.get(name, [])

    def named(self, kind: str) -> list[Definition]:
        """The first declaration of each name of a kind, in policy-set order."""
        return [ds[0] for (k, _), ds in self._by_name.items() if k == kind]

    def at(self, file: str, line: int, column: int) -> Definition | Reference | ImportLink | None:
        """The declared name, use or import path written at a place (1-based line and column)."""
        for d in self.definitions:
            if _contains(d.span, file, line, column):
                return d
        for r in self.references:
            if _contains(r.span, file, line, column):
                return r
        for i in self.imports:
            if _contains(i.span, file, line, column):
                return i
        return None

    def target(self, found: Definition | Reference) -> list[Definition]:
        return [found] if isinstance(found, Definition) else self.resolve(found)

    def references_to(self, definition: Definition) -> list[Reference]:
        return [r for r in self.references if any(d is definition for d in self.resolve(r))]

    def declarations_in(self, file: str) -> list[Definition]:
        return [d for d in self.definitions if d.span.file == file]

    def children(self, definition: Definition) -> list[Definition]:
        return [d for d in self.definitions if d.parent is definition]

    def first_of(self, definition: Definition) -> Definition:
        """The declaration that wins for this name (itself unless it is a duplicate)."""
        if definition.parent is not None:
            return definition
        return self.lookup(definition.kind, definition.name) or definition


def nodes(root: Any) -> Iterator[Any]:
    """``root`` and every AST node below it, in source order (no recursion: conditions nest deeply)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        children = []
        for f in fields(node):
            value = getattr(node, f.name)
            for item in value if isinstance(value, tuple) else (value,):
                if is_dataclass(item) and not isinstance(item, (Span, type, ast.Name)):
                    children.append(item)
        stack.extend(reversed(children))


def _kind_word(key: tuple[str, str]) -> str | None:
    text = f"{key[0]}.{key[1]}".lower()
    for word, kind in _KIND_WORDS:
        if word in text:
            return kind
    return None


def _contains(span: Span, file: str, line: int, column: int) -> bool:
    if span.file != file or not (span.line <= line <= span.end_line):
        return False
    if line == span.line and column < span.column:
        return False
    return not (line == span.end_line and column > span.end_column)


def written_paths(files: Iterable[ast.File]) -> set[tuple[str, ...]]:
    """Every field path (``("customer", "plan")``) written in the files, for completion."""
    return {node.parts for file in files for d in file.declarations for node in nodes(d) if isinstance(node, ast.Path)}
