"""Solver models back to concrete tickets, trimmed to the fields that matter.

A model assigns a value-class code to every path the query touched; the ticket takes
each class's sample. Then every field whose removal keeps the claim true (checked with
the evaluator's ``holds``) is dropped, so a witness shows only what makes it a witness.
"""

from __future__ import annotations

import copy as copying
from typing import Any, Protocol

import z3

from ...evaluation.instants import format_utc
from .domain import ROOTS, Path, literal_key
from .encoding import COPIED_PATHS, Encoding

COPIES = 1 + len(COPIED_PATHS)

Attrs = dict[str, Any]


def decode(encoding: Encoding, model: z3.ModelRef, focus: set[Path] | None = None) -> tuple[Attrs, ...]:
    """Ticket attributes (``{"ticket": ..., "customer": ...}``) of every copy from a model.

    With ``focus``, only those paths (and their parents) are read; every other field is
    left out (missing).
    """
    codes = encoding.declared_codes()
    members = encoding.declared_members()
    paths = {path for path, _ in codes}
    if focus is not None:
        wanted = {p[:length] for p in focus for length in range(2, len(p) + 1)}
        paths &= wanted
    ordered = sorted(paths, key=lambda p: (len(p), p))
    values: dict[tuple[Path, int], Any] = {}
    for (path, copy), var in codes.items():
        if path in paths:
            values[(path, copy)] = _read(encoding, model, path, var, members)
    result = []
    for copy in range(COPIES):
        attrs: Attrs = {root: {} for root in ROOTS}
        for path in ordered:
            own = (path, copy) if COPIED_PATHS.get(copy) == path else None
            key = own if own in values else (path, 0)
            if key not in values or values[key] is _MISSING:
                continue
            parent = _container(attrs, path)
            if parent is not None:
                parent[path[-1]] = copying.deepcopy(values[key])
        result.append(attrs)
    return tuple(result)


_MISSING = object()


def _read(encoding: Encoding, model: z3.ModelRef, path: Path, var: z3.BitVecRef, members: dict) -> Any:
    """The sample value the model gives a path (``_MISSING`` for missing)."""
    domain = encoding.domain(path)
    assigned = model[var]
    value = domain.classes[assigned.as_long() if assigned is not None else 0]
    if value.kind == "missing":
        return _MISSING
    if value.kind == "list":
        held = []
        for literal in domain.members:
            flag = members.get((path, literal_key(literal)))
            if flag is not None and z3.is_true(model.eval(flag, model_completion=True)):
                held.append(literal)
        return held
    return value.sample


def _container(attrs: Attrs, path: Path) -> dict | None:
    """The mapping that holds ``path``'s last part (None when a parent is not a mapping)."""
    target: Any = attrs[path[0]]
    for part in path[1:-1]:
        target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return None
    return target


class Claim(Protocol):
    """What a witness must keep showing while fields are dropped from it."""

    def holds(self, attrs: tuple[Attrs, ...]) -> bool:
        """Evaluate from scratch; a true result becomes the reference for ``holds_after``."""

    def holds_after(self, attrs: tuple[Attrs, ...], copies: list[int], path: Path) -> bool:
        """Evaluate after ``path`` changed in ``copies`` since the reference (which a true result replaces)."""


def minimise(attrs: tuple[Attrs, ...], claim: Claim) -> tuple[Attrs, ...]:
    """Drop every field and list item whose removal keeps the claim true (deepest first)."""
    current = tuple(copying.deepcopy(a) for a in attrs)
    if not claim.holds(current):
        return current  # nothing to trim against: keep the solver's answer as it is
    changed = True
    while changed:
        changed = False
        candidates = [(0, path) for path in _leaf_paths(current[0]) if path not in COPIED_PATHS.values()]
        for copy_index in range(len(current)):
            own = COPIED_PATHS.get(copy_index)
            for path in _leaf_paths(current[copy_index]):
                if path in COPIED_PATHS.values() and (copy_index == 0 or path == own):
                    candidates.append((copy_index, path))
        # In the order the fields were found (not a set's, which varies with the string hash seed).
        for copy_index, path in sorted(dict.fromkeys(candidates), key=lambda item: len(item[1]), reverse=True):
            copies = _sharing(len(current), copy_index, path)
            value = _get(current[copy_index], path)
            if value is None:
                continue
            trial = tuple(copying.deepcopy(a) for a in current)
            for index in copies:
                container = _container(trial[index], path)
                if container is not None:
                    container.pop(path[-1], None)
            if claim.holds_after(trial, copies, path):
                current, changed = trial, True
                continue
            if isinstance(value, list):
                for item in list(value):
                    trial = tuple(copying.deepcopy(a) for a in current)
                    for index in copies:
                        held = _get(trial[index], path)
                        if isinstance(held, list) and item in held:
                            held.remove(item)
                    if claim.holds_after(trial, copies, path):
                        current, changed = trial, True
    return current


def _sharing(count: int, copy_index: int, path: Path) -> list[int]:
    """The copies that hold the same value as ``copy_index`` at ``path``."""
    if COPIED_PATHS.get(copy_index) == path:
        return [copy_index]
    return [index for index in range(count) if COPIED_PATHS.get(index) != path]


def _leaf_paths(attrs: Attrs) -> list[Path]:
    found: list[Path] = []

    def visit(prefix: Path, value: Any) -> None:
        if isinstance(value, dict) and len(prefix) >= 1:
            if len(prefix) >= 2:
                found.append(prefix)
            for key, item in value.items():
                visit(prefix + (key,), item)
        elif len(prefix) >= 2:
            found.append(prefix)

    for root in ROOTS:
        visit((root,), attrs.get(root, {}))
    return found


def _get(attrs: Attrs, path: Path) -> Any:
    container = _container(attrs, path)
    return None if container is None else container.get(path[-1])


def ticket(attrs: Attrs, created_at_s: int, ticket_id: str = "witness") -> dict[str, Any]:
    """A ticket shaped as evaluation.md's input (no events)."""
    return {
        "id": ticket_id,
        "created_at": format_utc(created_at_s),
        "ticket": attrs.get("ticket", {}),
        "customer": attrs.get("customer", {}),
        "events": [],
    }
