"""Formatting files on disk: finding them, reading them, writing them back atomically."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from ..syntax import MAX_FILE_BYTES, decode_source
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
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Unreadable(path, exc.strerror or str(exc))
    if len(data) > MAX_FILE_BYTES:
        return Unreadable(path, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
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
    """Replace ``path`` with ``text`` so that a reader sees the old or the new file, never a mix.

    The text goes to a temporary file in the same directory, is flushed to disk, gets the
    original's permission bits and then takes its place with ``os.replace``. On any failure
    the temporary file is removed and the original is untouched. A symlink is followed: the
    file it points to is replaced, the link stays.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    mode = stat.S_IMODE(os.stat(target).st_mode)
    handle, temporary = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_directory(directory)


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
