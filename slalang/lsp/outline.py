"""Document symbols: the outline of one file, declarations with their metrics as children."""

from __future__ import annotations

from lsprotocol import types as lsp

from .. import ast
from .positions import LineIndex
from .symbols import CALENDAR, METRIC, PRIORITY, Definition, SymbolIndex

_KINDS = {
    CALENDAR: lsp.SymbolKind.Event,
    "segment": lsp.SymbolKind.Interface,
    "team": lsp.SymbolKind.Struct,
    "OLA": lsp.SymbolKind.Method,
    "escalation chain": lsp.SymbolKind.Function,
    "SLA": lsp.SymbolKind.Class,
    PRIORITY: lsp.SymbolKind.EnumMember,
    METRIC: lsp.SymbolKind.Field,
}


def document_symbols(index: SymbolIndex, file: str, lines: LineIndex) -> list[lsp.DocumentSymbol]:
    symbols: list[lsp.DocumentSymbol] = []
    priorities: dict[int, list[lsp.DocumentSymbol]] = {}  # id of a `priorities` line -> its names
    tree = index.files.get(file)
    for declaration in tree.declarations if tree is not None else ():
        if isinstance(declaration, ast.PolicyHeader):
            symbols.append(_plain(f'policy "{declaration.name.value}"', lsp.SymbolKind.Module, declaration, lines))
        elif isinstance(declaration, ast.Import):
            symbols.append(_plain(f'import "{declaration.path.value}"', lsp.SymbolKind.File, declaration, lines))
    for d in index.declarations_in(file):
        if d.parent is not None:
            continue
        if d.kind == PRIORITY:
            names = priorities.get(id(d.node))
            if names is None:
                names = priorities[id(d.node)] = []
                group = _plain("priorities", lsp.SymbolKind.Enum, d.node, lines)
                group.children = names
                symbols.append(group)
            names.append(_symbol(d, lines, []))
            continue
        children = [_symbol(c, lines, []) for c in index.children(d)]
        symbols.append(_symbol(d, lines, children))
    symbols.sort(key=lambda s: (s.range.start.line, s.range.start.character))
    return symbols


def _symbol(d: Definition, lines: LineIndex, children: list[lsp.DocumentSymbol]) -> lsp.DocumentSymbol:
    full = lines.range(d.declaration_span)
    name_range = lines.range(d.span)
    if d.kind == PRIORITY:
        full = name_range
    return lsp.DocumentSymbol(
        name=d.name,
        detail=d.kind,
        kind=_KINDS.get(d.kind, lsp.SymbolKind.Object),
        range=full,
        selection_range=name_range,
        children=children or None,
    )


def _plain(name: str, kind: lsp.SymbolKind, node: object, lines: LineIndex) -> lsp.DocumentSymbol:
    r = lines.range(node.span)  # type: ignore[attr-defined]  # every AST node has a span; the outline walks several kinds
    return lsp.DocumentSymbol(name=name, kind=kind, range=r, selection_range=r)
