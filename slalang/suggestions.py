"""Hints for misspelt names: the closest known name, or the list of known ones."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_SUGGESTED_LENGTH = 100
"""A longer word is no misspelling of a name: no suggestion (difflib would index all of it)."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (case-insensitive), or None when none is close."""
    if len(name) > MAX_SUGGESTED_LENGTH:
        return None
    candidates = list(dict.fromkeys(known))
    for candidate in candidates:
        if candidate.lower() == name.lower():
            return candidate
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def name_hint(name: str, known: Iterable[str], kind: str, otherwise: str | None = None) -> str:
    """``did you mean `office`?``, else the known names, else ``otherwise``."""
    names = list(dict.fromkeys(known))
    match = closest(name, names)
    if match is not None:
        return f"did you mean `{match}`?"
    if names:
        shown = ", ".join(f"`{n}`" for n in names[:8]) + (", ..." if len(names) > 8 else "")
        return f"known {kind}: {shown}" + (f"; or {otherwise}" if otherwise else "")
    return otherwise or f"no {kind} are declared"
