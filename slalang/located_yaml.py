"""YAML read safely, with the place of every value: the one reader of scenarios and test files.

``read_yaml(text)`` returns the plain data a JSON document could hold (mappings with text
keys, lists, text, numbers, booleans, null) and a ``Locations`` map from each value's path
(``("arrivals", 2, "rate")``) to where it was written. Anything else is a ``YamlError``
with a line, a column and a hint, never a traceback:

- text that is not YAML, a control character, a key given twice, a key that is not text;
- a type tag other than the JSON-like ones (``!!set``, ``!!binary``, ``!!timestamp``,
  ``!!omap``, ``!python/...``): timestamps written plainly stay text, as the evaluator
  reads them;
- more than ``MAX_YAML_VALUES`` values once anchors and aliases are expanded (a few hundred
  bytes of nested aliases can stand for billions of values), or nesting deeper than
  ``MAX_YAML_DEPTH`` (which also stops an alias that refers to its own container);
- a file larger than ``MAX_YAML_BYTES`` (``read_yaml_file``).

Anchors, aliases and merge keys (``<<: *defaults``) are otherwise allowed; a caller that
wants none (the server) passes ``allow_aliases=False``. The bounds are listed in
docs/limits.md with the environment variables that raise them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from .limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_VALUES, limit

Path = tuple[str | int, ...]
Extent = tuple[int, int, int, int]  # 1-based line, column, end line, end column

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null"))
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
_NOT_JSON = {
    "set": "a set",
    "omap": "an ordered mapping",
    "pairs": "a list of pairs",
    "binary": "binary data",
    "timestamp": "a timestamp object",
}


class _Loader(yaml.SafeLoader):
    """The safe loader without the timestamp rule, so instants stay text, and with a bound on
    nesting while it composes (PyYAML composes recursively: 900 levels were a RecursionError)."""

    max_depth = MAX_YAML_DEPTH.default
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > self.max_depth + 1:
                mark = self.peek_event().start_mark
                raise YamlError(f"the document nests more than {self.max_depth} levels deep",
                                mark.line + 1, mark.column + 1, "a scenario or a test file is a few levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(ValueError):
    """Text that cannot be read as a plain YAML document: what, where, and what to do."""

    def __init__(self, message: str, line: int, column: int, hint: str, path: Path = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.path = path  # the value the problem is about, () when not about one value


@dataclass(frozen=True)
class Locations:
    """1-based (line, column, end line, end column) of each value and mapping key, by path."""

    values: dict[Path, Extent] = field(default_factory=dict)
    keys: dict[Path, Extent] = field(default_factory=dict)

    def of_value(self, path: Path) -> Extent:
        """Where the value at ``path`` was written; the nearest written ancestor otherwise."""
        for cut in range(len(path), -1, -1):
            found = self.values.get(path[:cut])
            if found is not None:
                return found
        return (1, 1, 1, 2)

    def of_key(self, path: Path) -> Extent:
        """Where the key naming ``path`` was written (its value's place when no key)."""
        return self.keys.get(path) or self.of_value(path)


@dataclass(frozen=True)
class LocatedDocument:
    """A document's data and where each value was written, to raise located errors with."""

    data: Any
    locations: Locations

    def where(self, path: Path) -> tuple[int, int]:
        """The line and column of the value at ``path``, or of its nearest located parent."""
        line, column, _, _ = self.locations.of_value(path)
        return line, column

    def error(self, path: Path, message: str, hint: str = "", at_key: bool = False) -> YamlError:
        """A YamlError at the value of ``path`` (``at_key``: at its key, for a wrong key)."""
        line, column, _, _ = self.locations.of_key(path) if at_key else self.locations.of_value(path)
        return YamlError(message, line, column, hint, path)


def load_located(text: str) -> LocatedDocument:
    """``read_yaml``'s data and locations as one document; raises YamlError."""
    return LocatedDocument(*read_yaml(text))


def format_path(path: Path) -> str:
    """``("arrivals", 2, "rate")`` -> ``arrivals[2].rate``; the root is ``(top level)``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def read_yaml_file(path: str) -> tuple[Any, Locations, str]:
    """The data, locations and text of the YAML file at ``path``; YamlError (line 1) when it
    cannot be read: missing, not a regular file, larger than ``MAX_YAML_BYTES``, not UTF-8."""
    max_bytes = limit(MAX_YAML_BYTES)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise YamlError("is not a regular file", 1, 1, "give the path of a YAML file")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise YamlError(f"cannot read the file: {exc.strerror or exc}", 1, 1, "check the path") from None
    if len(data) > max_bytes:
        raise YamlError(f"the file is larger than {max_bytes} bytes", 1, 1,
                        f"split it, or raise the limit with {MAX_YAML_BYTES.env}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError("the file is not valid UTF-8 text", line, column, "save it as UTF-8") from None
    text = text.removeprefix("\ufeff")
    value, locations = read_yaml(text)
    return value, locations, text


def read_yaml(text: str, *, allow_aliases: bool = True) -> tuple[Any, Locations]:
    """The plain data of one YAML document and where each value was written; raises YamlError."""
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses control characters here
        loader.max_depth = limit(MAX_YAML_DEPTH)
        node = loader.get_single_node()
        if node is None:
            return None, Locations()
        reader = _Reader(loader, allow_aliases)
        return reader.value(node, (), 0), reader.locations
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlError(f"not valid YAML: {problem}", line, column,
                        "check the indentation and the quoting near this line") from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise YamlError(f"not valid YAML: {exc.reason} (U+{_code_point(exc.character):04X})", line, column,
                        "remove the control character; YAML allows printable text only") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"not valid YAML: {exc}", 1, 1, "check the file is a YAML mapping") from None
    finally:
        if loader is not None:
            loader.dispose()


class _Reader:
    """Builds plain values from the composed node graph, counting every value it builds."""

    def __init__(self, loader: _Loader, allow_aliases: bool) -> None:
        self.loader = loader
        self.allow_aliases = allow_aliases
        self.locations = Locations()
        self.max_values = limit(MAX_YAML_VALUES)
        self.max_depth = limit(MAX_YAML_DEPTH)
        self.count = 0
        self.seen: set[int] = set()  # nodes built once: a second visit comes through an alias

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.locations.values[path] = _extent(node)
        self.count += 1
        if self.count > self.max_values:
            raise _error(node, f"the document holds more than {self.max_values} values once its anchors and "
                         "aliases (&name, *name) are expanded",
                         f"write fewer values or fewer aliases, or raise the limit with {MAX_YAML_VALUES.env}", path)
        if depth > self.max_depth:
            raise _error(node, f"the document nests more than {self.max_depth} levels deep (an alias inside the "
                         "value it names?)", "a scenario or a test file is a few levels deep", path)
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode) and not self.allow_aliases:
            raise _error(node, "YAML anchors and aliases (&name, *name) are not allowed here",
                         "write the values out", path)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ_TAG, path)
            return [self.value(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        self.check_tag(node, None, path)
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            raise _error(node, f"cannot read this value: {exc}", "write a shorter number, or quote it", path) from None

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        self.check_tag(node, _MAP_TAG, path)
        written = {id(key_node) for key_node, _ in node.value}
        self.loader.flatten_mapping(node)  # merge keys (<<: *defaults) first, then the keys written here
        out: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            merged = id(key_node) not in written  # a merged key may be given again: the later one wins
            if not isinstance(key_node, yaml.ScalarNode):
                raise _error(key_node, "a key must be text, not a list or a mapping", "write a name such as rate",
                             path)
            self.check_tag(key_node, None, path)
            key = self.loader.construct_object(key_node)
            child = path + (key if isinstance(key, str) else str(key),)
            self.locations.keys[child] = _extent(key_node)
            if not isinstance(key, str):
                raise _error(key_node, f"a key must be text, not {_kind(key)} {key!r}", f'quote it: "{key_node.value}": ...',
                             child)
            if key in lines and not merged:
                raise _error(key_node, f"`{key}` is given twice (first written on line {lines[key]})",
                             "each key may appear once in a mapping; keep one of them", child)
            if not merged:
                lines[key] = key_node.start_mark.line + 1
            out[key] = self.value(value_node, child, depth + 1)
        return out

    def check_tag(self, node: yaml.Node, collection_tag: str | None, path: Path) -> None:
        tag = node.tag or ""
        if tag == collection_tag or (collection_tag is None and tag in _SCALAR_TAGS):
            return
        short = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
        what = _NOT_JSON.get(tag[len(_TAG):], "a value of that type") if tag.startswith(_TAG) else "a custom type"
        raise _error(node, f"the tag {short} ({what}) is not allowed: expected a mapping, a list, text, a number, "
                     "true/false or null", f"remove {short} and write the value plainly", path)


def _error(node: yaml.Node, message: str, hint: str, path: Path) -> YamlError:
    mark = node.start_mark
    return YamlError(message, mark.line + 1, mark.column + 1, hint, path)


def _extent(node: yaml.Node) -> Extent:
    start, end = node.start_mark, node.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, max(end.column + 1, start.column + 2))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def _position(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
