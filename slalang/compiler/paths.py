"""Policy-set paths: which files a path names, their display names, and the policy root.

A policy set is a file or a directory (every ``*.sla`` below it, in sorted path order).
The policy root is the directory given, or a file's own directory, unless the caller names
one. Nothing outside the root is ever opened: containment is checked on the normalised
path and again on the path with every symlink resolved.
"""

from __future__ import annotations

import os

from ..diagnostics import Diagnostic, error
from ..source import Span
from .state import Entry

POLICY_SUFFIX = ".sla"


def display_name(path: str) -> str:
    """``path`` relative to the working directory when it lies under it, else absolute."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except ValueError:  # another drive (Windows)
        return absolute
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute
    return relative


def is_inside(path: str, directory: str) -> bool:
    """Whether ``path`` is ``directory`` or lies below it (both absolute, same normal form)."""
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:
        return False


def make_entries(paths: list[str], root: str | None) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries for the paths a caller named; a path that does not exist is an error."""
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    fixed_root = os.path.abspath(root) if root is not None else None
    if fixed_root is not None and not os.path.isdir(fixed_root):
        diagnostics.append(
            error(
                "import-error",
                f"policy root `{display_name(fixed_root)}` is not a directory",
                Span.point(display_name(fixed_root)),
                help="give the directory that holds the policy files and everything they import",
            )
        )
        return [], diagnostics
    for path in paths:
        absolute = os.path.abspath(path)
        name = display_name(absolute)
        if not os.path.exists(absolute):
            diagnostics.append(
                error(
                    "import-error",
                    f"no such file or directory: `{name}`",
                    Span.point(name),
                    help="give a policy file (`*.sla`) or a directory that holds policy files",
                )
            )
            continue
        own_root = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        entry_root = fixed_root or own_root
        if not is_inside(absolute, entry_root) or not is_inside(
            os.path.realpath(absolute), os.path.realpath(entry_root)
        ):
            diagnostics.append(
                error(
                    "import-error",
                    f"`{name}` is outside the policy root `{display_name(entry_root)}`",
                    Span.point(name),
                    help="give a root directory that contains every policy file of the set",
                )
            )
            continue
        entries.append(Entry(absolute, entry_root))
    return entries, diagnostics


def policy_files(entry: Entry) -> tuple[list[str], list[Diagnostic]]:
    """The absolute paths of the files an entry names, in sorted path order."""
    if not os.path.isdir(entry.path):
        return [entry.path], []
    found: list[tuple[tuple[str, ...], str]] = []
    for directory, subdirectories, filenames in os.walk(entry.path):
        subdirectories.sort()
        for filename in filenames:
            if filename.endswith(POLICY_SUFFIX):
                path = os.path.join(directory, filename)
                parts = tuple(os.path.relpath(path, entry.path).split(os.sep))
                found.append((parts, path))
    found.sort()
    diagnostics: list[Diagnostic] = []
    files: list[str] = []
    real_root = os.path.realpath(entry.root)
    for _, path in found:
        if is_inside(os.path.realpath(path), real_root):
            files.append(path)
        else:
            diagnostics.append(
                error(
                    "import-error",
                    f"`{display_name(path)}` is a symlink that leads out of the policy root "
                    f"`{display_name(entry.root)}`; it was not read",
                    Span.point(display_name(path)),
                    help="copy the file into the policy root instead of linking to it",
                )
            )
    if not found:
        name = display_name(entry.path)
        diagnostics.append(
            error(
                "import-error",
                f"no policy file (`*{POLICY_SUFFIX}`) under `{name}`",
                Span.point(name),
                help="policy files end in `.sla`; give the directory that holds them",
            )
        )
    return files, diagnostics
