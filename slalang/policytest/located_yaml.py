"""YAML with locations: every value of a test file knows its line and column.

Timestamps and dates stay text (``2026-11-23T12:00:00Z`` is read as the string the
evaluator expects, not a ``datetime``), a key given twice is an error, and every problem
is a ``TestFileError`` pointing at ``file:line:col`` and at the value's path in the file
(``cases[2].expect.sla``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[Any, ...]  # ("cases", 2, "expect", "sla")


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


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


class _Loader(yaml.SafeLoader):
    """The safe loader without the timestamp rule, so instants stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

MAX_DEPTH = 64


@dataclass
class LocatedDocument:
    """The data of a YAML document and the (line, column) where each value starts."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # where each key is written

    def where(self, path: Path) -> tuple[int, int]:
        """The location of the value at ``path``, or of its nearest located parent."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def error(self, path: Path, message: str, hint: str | None = None, at_key: bool = False) -> TestFileError:
        """A TestFileError at the value of ``path`` (``at_key``: at its key, for a wrong key)."""
        line, column = self.key_marks[path] if at_key and path in self.key_marks else self.where(path)
        return TestFileError(self.file, line, column, format_path(path) if path else "", message, hint)


def load_located(text: str, file: str) -> LocatedDocument:
    """Parse one YAML document; raises TestFileError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        document = LocatedDocument(file, None)
        document.data = None if node is None else _convert(loader, node, (), document, 0)
        return document
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        raise TestFileError(file, line, column, "", f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise TestFileError(file, 1, 1, "", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _convert(loader: _Loader, node: yaml.Node, path: Path, document: LocatedDocument, depth: int) -> Any:
    document.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > MAX_DEPTH:
        raise document.error(path, f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                document.key_marks[path + (str(key),)] = key_mark
                raise document.error(path + (str(key),), f"a key must be text, not {type(key).__name__} {key!r}",
                                     'quote it: "on": ...', at_key=True)
            if key in out:
                document.key_marks[path + (key,)] = key_mark
                raise document.error(path + (key,), f"`{key}` is given twice", "keep one of them", at_key=True)
            document.key_marks[path + (key,)] = key_mark
            out[key] = _convert(loader, value_node, path + (key,), document, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, path + (i,), document, depth + 1) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
