"""A test file's YAML with locations: every problem points at ``file:line:col`` and at the
value's path in the file (``cases[2].expect.sla``).

The YAML itself is read by ``slalang.located_yaml`` (timestamps stay text, a key given twice,
a tag that is not JSON-like, or a document that aliases expand past its bound is an error);
this module only says where a test file's problems are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import located_yaml
from ..located_yaml import Path, YamlError, format_path


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
    """A test file's data and where each of its values and keys was written."""

    file: str
    document: located_yaml.LocatedDocument

    @property
    def data(self) -> Any:
        return self.document.data

    def where(self, path: Path) -> tuple[int, int]:
        """The location of the value at ``path``, or of its nearest located parent."""
        return self.document.where(path)

    def error(self, path: Path, message: str, hint: str | None = None, at_key: bool = False) -> TestFileError:
        """A TestFileError at the value of ``path`` (``at_key``: at its key, for a wrong key)."""
        return yaml_problem(self.document.error(path, message, hint or "", at_key), self.file)


def load_located(text: str, file: str) -> LocatedDocument:
    """Parse one YAML document; raises TestFileError."""
    try:
        return LocatedDocument(file, located_yaml.load_located(text))
    except YamlError as exc:
        raise yaml_problem(exc, file) from None


def yaml_problem(exc: YamlError, file: str) -> TestFileError:
    return TestFileError(file, exc.line, exc.column, format_path(exc.path) if exc.path else "", exc.message,
                         exc.hint or None)


__all__ = ["LocatedDocument", "Path", "TestFileError", "format_path", "load_located", "yaml_problem"]
