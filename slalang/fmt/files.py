"""Formatting files on disk: finding them, reading them, writing them back atomically."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..limits import MAX_FILE_BYTES, limit
from ..output_file import write_file_atomically
from ..syntax import decode_source
from .formatter import BOM, FormatResult, format_text

POLICY_SUFFIX = ".sla"


@dataclass(frozen=True)
class Unreadable:
    """A path named on the command line that could not be read."""

    path: str
    reason: str


def find_policy_files(paths: Iterable[str]) -> tuple[list[str], list[Unreadable]]:
    """Files to format: each named file, and every ``*.sla`` below each named directory.

    Directories are walked in sorted order without following symlinks; a name given twice
    is formatted once.
    """
    found: list[str] = []
    problems: list[Unreadable] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        if path == "-":
            add(path)
        elif os.path.isdir(path):
            for directory, subdirs, files in os.walk(path):
                subdirs.sort()
                for name in sorted(files):
                    if name.endswith(POLICY_SUFFIX):
                        add(os.path.join(directory, name))
        elif os.path.exists(path):
            add(path)
        else:
            problems.append(Unreadable(path, "no such file or directory"))
    return found, problems


def read_text(path: str) -> str | FormatResult | Unreadable:
    """The text of a policy file; a FormatResult carrying the diagnostic when it is not text."""
    max_bytes = limit(MAX_FILE_BYTES)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Unreadable(path, exc.strerror or str(exc))
    if len(data) > max_bytes:
        return Unreadable(path, f"larger than {max_bytes / (1024 * 1024):g} MiB ({MAX_FILE_BYTES.env} raises it)")
    text, diagnostics = decode_source(data, path)
    if text is None:
        return FormatResult(path, "", None, tuple(diagnostics))
    return BOM + text if data.startswith(BOM.encode()) else text


def format_file(path: str) -> FormatResult | Unreadable:
    """Read and format one file (nothing is written)."""
    text = read_text(path)
    if isinstance(text, str):
        return format_text(text, path)
    return text


def write_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old or the new file, never a
    mix; the file keeps its permission bits, a symlink stays and its target is replaced
    (see ``slalang.output_file``)."""
    write_file_atomically(path, text)


def unified_diff(result: FormatResult) -> str:
    """The change formatting makes, as a unified diff (empty when there is none)."""
    if result.formatted is None or not result.changed:
        return ""
    before = result.original.splitlines(keepends=True)
    after = result.formatted.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, fromfile=f"{result.path}", tofile=f"{result.path} (formatted)")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
