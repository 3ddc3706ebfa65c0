"""Read YAML safely and remember where every value was written.

``read_yaml(text)`` returns the plain data (as ``yaml.safe_load`` would, except that
timestamps stay strings, so a scenario's ``start`` keeps its offset) together with a
``Locations`` map from each value's path (``("arrivals", 2, "rate")``) to its line and
column. The loader is ``yaml.SafeLoader`` with the timestamp resolver removed: no tags
beyond the safe ones are honoured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Locations:
    """1-based (line, column, end line, end column) of each value and mapping key, by path."""

    values: dict[Path, tuple[int, int, int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int, int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int, int, int]:
        """Where the value at ``path`` was written; the nearest written ancestor otherwise."""
        for cut in range(len(path), -1, -1):
            found = self.values.get(path[:cut])
            if found is not None:
                return found
        return (1, 1, 1, 2)

    def of_key(self, path: Path) -> tuple[int, int, int, int]:
        """Where the key naming ``path`` was written (its value's place when no key)."""
        return self.keys.get(path) or self.of_value(path)


class YamlError(ValueError):
    """Text that is not YAML, or YAML with a duplicate key."""

    def __init__(self, message: str, line: int, column: int, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.hint = hint


def read_yaml(text: str) -> tuple[Any, Locations]:
    loader = None
    try:
        loader = _Loader(text)  # the reader rejects control characters here
        node = loader.get_single_node()
        if node is None:
            return None, Locations()
        locations = Locations()
        _walk(node, (), locations)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "not valid YAML"
        raise YamlError(
            f"not valid YAML: {problem}", line, column, "check the indentation and the quoting near this line"
        ) from None
    except yaml.reader.ReaderError as exc:
        line, column = _reader_position(text, exc.position)
        raise YamlError(
            f"not valid YAML: {exc.reason} (U+{_code_point(exc.character):04X})", line, column,
            "remove the control character; YAML allows printable text only",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}", 1, 1, "check the file is a YAML mapping") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, locations


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def _reader_position(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _extent(node: yaml.Node) -> tuple[int, int, int, int]:
    start, end = node.start_mark, node.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, max(end.column + 1, start.column + 2))


def _walk(node: yaml.Node, path: Path, locations: Locations) -> None:
    if len(path) > 64:
        raise YamlError("the document nests too deeply (a recursive alias?)", node.start_mark.line + 1,
                        node.start_mark.column + 1, "a scenario is a few levels deep; remove the alias")
    locations.values[path] = _extent(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in seen:
                raise YamlError(
                    f"duplicate key {key!r} (first written on line {seen[key]})",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    "each key may appear once in a mapping; remove or merge one of them",
                )
            seen[key] = key_node.start_mark.line + 1
            child = path + (key,)
            locations.keys[child] = _extent(key_node)
            _walk(value_node, child, locations)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), locations)


def format_path(path: Path) -> str:
    """``("arrivals", 2, "rate")`` -> ``arrivals[2].rate``; the root is ``(top level)``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"
