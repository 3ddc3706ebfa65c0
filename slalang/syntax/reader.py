"""Reading a policy file safely: size limit, UTF-8 check and NUL bytes, as located diagnostics."""

from __future__ import annotations

import os
import stat

from .. import limits
from ..diagnostics import Diagnostic, error
from ..source import Span

MAX_FILE_BYTES = limits.MAX_FILE_BYTES.default
"""Largest policy file read by default (8 MiB); a policy set of thousands of SLAs is far
smaller. ``SLALANG_MAX_FILE_BYTES`` raises it (slalang/limits.py)."""

_MIB = 1024 * 1024


def read_source(path: str, max_bytes: int | None = None) -> tuple[str | None, list[Diagnostic]]:
    """The text of ``path``, or None and a located ``syntax`` diagnostic saying why not.
    ``max_bytes``: the bound in force (``SLALANG_MAX_FILE_BYTES``, else 8 MiB) unless given."""
    max_bytes = limits.limit(limits.MAX_FILE_BYTES) if max_bytes is None else max_bytes
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return None, [error("syntax", "is a directory, not a policy file", Span.point(path), None)]
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device could block or never end
            return None, [error("syntax", "is not a regular file", Span.point(path), "give the path of a .sla file")]
        size = info.st_size
        if size > max_bytes:
            return None, [_too_large(path, size, max_bytes)]
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        return None, [error("syntax", "is a directory, not a policy file", Span.point(path), None)]
    except FileNotFoundError:
        return None, [error("syntax", "file not found", Span.point(path), "check the path and its spelling")]
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, [error("syntax", f"cannot read the file: {reason}", Span.point(path), None)]
    if len(data) > max_bytes:  # the file grew while we looked at it
        return None, [_too_large(path, len(data), max_bytes)]
    return decode_source(data, path)


def decode_source(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode policy bytes as UTF-8 (a leading byte order mark is dropped)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        byte = data[exc.start]
        return None, [
            error(
                "syntax",
                f"the file is not valid UTF-8: byte 0x{byte:02x} cannot start or continue a character here",
                Span(path, line, column, line, column + 1),
                "save the file as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, [
            error(
                "syntax",
                "the file contains a NUL byte; it looks like a binary file, not a policy",
                Span(path, line, column, line, column + 1),
                "policy files are plain UTF-8 text",
            )
        ]
    return text, []


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _too_large(path: str, size: int, max_bytes: int) -> Diagnostic:
    return error(
        "syntax",
        f"file is {size / _MIB:.1f} MiB; the limit is {max_bytes / _MIB:.0f} MiB",
        Span.point(path),
        f"split the policy into several files joined with `import`, or raise {limits.MAX_FILE_BYTES.env}",
    )
