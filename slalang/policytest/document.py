"""A test file's YAML with locations: every problem points at ``file:line:col`` and at the
value's path in the file (``cases[2].expect.sla``).

The YAML itself is read by ``slalang.located_yaml`` (timestamps stay text, a key given twice,
a tag that is not JSON-like, or a document that aliases expand past its bound is an error);
this module only says where a test file's problems are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..located_yaml import Locations, Path, YamlError, format_path, read_yaml


@dataclass(frozen=True)
class TestFileError(Exception):
    """A problem with a test file itself (not a failing case): where and what."""

    __test__ = False  # not a pytest test class

    file: str
    line: int
    column: int
    path: str  # "cases[2].expect.sla", or "" when the problem is not about one value
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: "
        text = where + (f"{self.path}: " if self.path else "") + self.message
        return text + (f"\n    hint: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class LocatedDocument:
    """The data of a test file and where each of its values and keys was written."""

    file: str
    data: Any
    locations: Locations

    def where(self, path: Path) -> tuple[int, int]:
        """The location of the value at ``path``, or of its nearest located parent."""
        line, column, _, _ = self.locations.of_value(path)
        return line, column

    def error(self, path: Path, message: str, hint: str | None = None, at_key: bool = False) -> TestFileError:
        """A TestFileError at the value of ``path`` (``at_key``: at its key, for a wrong key)."""
        line, column, _, _ = self.locations.of_key(path) if at_key else self.locations.of_value(path)
        return TestFileError(self.file, line, column, format_path(path) if path else "", message, hint)


def load_located(text: str, file: str) -> LocatedDocument:
    """Parse one YAML document; raises TestFileError."""
    try:
        data, locations = read_yaml(text)
    except YamlError as exc:
        raise yaml_problem(exc, file) from None
    return LocatedDocument(file, data, locations)


def yaml_problem(exc: YamlError, file: str) -> TestFileError:
    return TestFileError(file, exc.line, exc.column, format_path(exc.path) if exc.path else "", exc.message, exc.hint)


__all__ = ["LocatedDocument", "Path", "TestFileError", "format_path", "load_located", "yaml_problem"]
