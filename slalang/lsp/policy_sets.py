"""Which policy set an edited file belongs to, and which files a set reads.

The language server checks what ``slalang check`` would check for the file:

1. the nearest ``slalang.toml`` above the file whose ``sets`` list an entry holding the file
   (the file itself, a directory above it, or a file that imports it) -> that set;
2. the nearest ``slalang.toml`` without ``sets`` -> its directory, one set;
3. otherwise the file's own directory, one set (language.md: a directory is a policy set);
4. a file no set reaches (not listed, not imported) -> the file alone, with its imports;
5. an editor buffer with no file (``untitled:``) -> its text alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .. import ast
from ..compiler.paths import POLICY_SUFFIX, is_inside, policy_files
from ..compiler.state import Entry
from ..compiler.workspace import WORKSPACE_FILE, split_policy_sets


@dataclass(frozen=True)
class PolicySetRef:
    """A policy set as ``slalang check`` takes it: absolute paths, or one buffer's URI."""

    paths: tuple[str, ...] = ()
    inline: str | None = None  # the URI of a buffer that is not a file

    @property
    def label(self) -> str:
        return self.inline or ", ".join(self.paths)


@dataclass(frozen=True)
class Candidates:
    """The sets a file may belong to; ``direct`` when they hold it by path (no import needed)."""

    sets: tuple[PolicySetRef, ...]
    direct: bool


def candidate_sets(path: str) -> Candidates:
    """The policy sets that may hold the policy file ``path`` (absolute), see the module doc."""
    directory = os.path.dirname(path)
    current = directory
    while True:
        if os.path.isfile(os.path.join(current, WORKSPACE_FILE)):
            entries, _ = split_policy_sets(current)
            entries = [os.path.abspath(e) for e in entries]
            holding = [e for e in entries if e == path or (os.path.isdir(e) and is_inside(path, e))]
            if holding:
                return Candidates(tuple(PolicySetRef((e,)) for e in holding), True)
            return Candidates(tuple(PolicySetRef((e,)) for e in entries), False)
        parent = os.path.dirname(current)
        if parent == current:
            return Candidates((PolicySetRef((directory,)),), True)
        current = parent


def set_files(ref: PolicySetRef, parse: Callable[[str], ast.File | None]) -> list[str]:
    """The files a set reads, in policy-set order: its own files, each file's imports in place.

    ``parse(path)`` gives a file's (partial) syntax tree, or None when it cannot be read. This
    follows imports as the compiler does for navigation; the compiler's own run decides
    what is an error.
    """
    order: list[str] = []
    placed: set[str] = set()
    for entry_path in ref.paths:
        root = entry_path if os.path.isdir(entry_path) else os.path.dirname(entry_path)
        files, _ = policy_files(Entry(entry_path, root)) if os.path.exists(entry_path) else ([], [])
        for file in files:
            _place(file, root, parse, order, placed)
    return order


def _place(start: str, root: str, parse: Callable[[str], ast.File | None], order: list[str], placed: set[str]) -> None:
    stack = [iter([start])]
    while stack:
        path = next(stack[-1], None)
        if path is None:
            stack.pop()
            continue
        if path in placed:
            continue
        placed.add(path)
        order.append(path)
        tree = parse(path)
        if tree is not None:
            stack.append(iter(_imported(tree, path, root)))


def _imported(tree: ast.File, path: str, root: str) -> list[str]:
    found = []
    for declaration in tree.declarations:
        if isinstance(declaration, ast.Import):
            target = import_target(declaration.path.value, path, root)
            if target is not None:
                found.append(target)
    return found


def import_target(raw: str, importer: str, root: str | None) -> str | None:
    """The absolute path an ``import`` line names, when it is a policy file inside the root."""
    if not raw.strip() or "\0" in raw or os.path.isabs(raw) or not raw.endswith(POLICY_SUFFIX):
        return None
    target = os.path.normpath(os.path.join(os.path.dirname(importer), raw))
    if root is not None and not is_inside(target, root):
        return None
    return target if os.path.isfile(target) else None
