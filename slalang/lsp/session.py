"""What the server knows between requests: the editor's buffers, the files on disk, the sets
they form, their syntax trees and the latest check of each set.

Every read goes through ``text_of``: an open buffer's text wins over the file on disk, so
unsaved edits in one file are seen by every file of its set. Syntax trees are partial
(``syntax.parse_partial``): a half-typed declaration leaves the others usable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pygls.uris import from_fs_path, to_fs_path

from .. import ast
from ..syntax import parse_partial, read_source
from .checking import CheckRun, SetCheck
from .policy_sets import PolicySetRef, candidate_sets, set_files
from .positions import LineIndex
from .symbols import SymbolIndex

MAX_CACHED_INDEXES = 8


@dataclass(frozen=True)
class Buffer:
    text: str
    version: int | None


class Session:
    """``buffers()`` gives the editor's open documents by URI (the pygls workspace)."""

    def __init__(self, buffers: Callable[[], Mapping[str, Buffer]], encoding: str):
        self.buffers = buffers
        self.encoding = encoding
        self.results: dict[PolicySetRef, SetCheck] = {}
        self._trees: dict[str, tuple[str, ast.File]] = {}  # key -> (text, tree)
        self._disk: dict[str, tuple[tuple[float, int], str | None]] = {}  # path -> ((mtime, size), text)
        self._indexes: dict[tuple, SymbolIndex] = {}

    # --- names of things ----------------------------------------------------------------

    @staticmethod
    def path_of(uri: str) -> str | None:
        """The absolute file path of a ``file:`` URI, else None."""
        if not uri.startswith("file:"):
            return None
        path = to_fs_path(uri)
        return os.path.abspath(path) if path else None

    def key_of(self, uri: str) -> str:
        """The name a document's spans use: its path, or its URI when it is not a file."""
        return self.path_of(uri) or uri

    @staticmethod
    def uri_of(key: str) -> str:
        if "://" in key or key.startswith("untitled:"):
            return key
        return from_fs_path(key) or key

    def open_buffers(self) -> dict[str, Buffer]:
        """Open buffers by key (path, or URI for buffers that are not files)."""
        return {self.key_of(uri): buffer for uri, buffer in self.buffers().items()}

    # --- texts and trees ----------------------------------------------------------------

    def text_of(self, key: str) -> str | None:
        buffer = self.open_buffers().get(key)
        if buffer is not None:
            return buffer.text
        if not os.path.isabs(key):
            return None
        try:
            info = os.stat(key)
        except OSError:
            return None
        stamp = (info.st_mtime, info.st_size)
        cached = self._disk.get(key)
        if cached is None or cached[0] != stamp:
            text, _ = read_source(key)
            cached = (stamp, text)
            self._disk[key] = cached
        return cached[1]

    def tree(self, key: str) -> ast.File | None:
        text = self.text_of(key)
        if text is None:
            return None
        cached = self._trees.get(key)
        if cached is None or cached[0] != text:
            cached = (text, parse_partial(text, key)[0])
            self._trees[key] = cached
        return cached[1]

    def lines(self, key: str) -> LineIndex:
        return LineIndex(self.text_of(key) or "", self.encoding)

    # --- policy sets --------------------------------------------------------------------

    def sets_of(self, key: str) -> list[PolicySetRef]:
        """The policy sets a document belongs to (policy_sets.py says how they are found)."""
        if not os.path.isabs(key):
            return [PolicySetRef(inline=key)]
        found = candidate_sets(key)
        if found.direct:
            return list(found.sets)
        holding = [ref for ref in found.sets if key in self.files_of(ref)]
        return holding or [PolicySetRef((key,))]

    def files_of(self, ref: PolicySetRef) -> list[str]:
        if ref.inline is not None:
            return [ref.inline]
        return set_files(ref, self.tree)

    def sets_to_check(self, key: str) -> list[PolicySetRef]:
        """The sets a change to ``key`` affects: those it belongs to, and those whose last check read it."""
        refs = self.sets_of(key)
        refs += [ref for ref, result in self.results.items() if key in result.files and ref not in refs]
        return refs

    def snapshot(self, ref: PolicySetRef) -> CheckRun:
        """What a check of ``ref`` reads now: the open buffers' texts and versions."""
        overlay: dict[str, str] = {}
        versions: dict[str, int] = {}
        inline_text = None
        for uri, buffer in self.buffers().items():
            path = self.path_of(uri)
            if path is not None:
                overlay[os.path.realpath(path)] = buffer.text
            elif uri == ref.inline:
                inline_text = buffer.text
            if buffer.version is not None:
                versions[uri] = buffer.version
        return CheckRun(ref, overlay, versions, inline_text)

    # --- the index of names -------------------------------------------------------------

    def index_for(self, key: str) -> tuple[SymbolIndex, dict[str, str]]:
        """The names of every set the document belongs to, and the texts of their files."""
        keys: list[str] = []
        for ref in self.sets_of(key):
            keys += [k for k in self.files_of(ref) if k not in keys]
        if key not in keys:
            keys.insert(0, key)
        texts = {k: t for k in keys if (t := self.text_of(k)) is not None}
        signature = tuple((k, hash(texts[k])) for k in keys if k in texts)
        index = self._indexes.get(signature)
        if index is None:
            trees = [tree for k in keys if (tree := self.tree(k)) is not None]
            index = SymbolIndex(trees)
            if len(self._indexes) >= MAX_CACHED_INDEXES:
                self._indexes.pop(next(iter(self._indexes)))
            self._indexes[signature] = index
        return index, texts
