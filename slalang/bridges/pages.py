"""Reading API pages as saved from a helpdesk: one page, a list of pages, or JSON Lines of pages.

A helpdesk's list endpoints answer one page at a time: Zendesk wraps the records in an
object (``{"sla_policies": [...], "next_page": ...}``), Freshdesk answers a bare list. A
file may hold one such page, a JSON list of them, or one page per line (JSON Lines), which
is what ``--url`` writes too. ``read_records`` returns every record with the JSON pointer
(and, for JSON Lines, the line) where it was found, so that what is said about a record
points into the file the user has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .problems import BridgeError, Problem, json_kind, pointer

MAX_FILE_BYTES = 1 << 30
"""Larger inputs are refused rather than read into memory (1 GiB)."""


@dataclass(frozen=True)
class Record:
    """One record of a page and where it was found."""

    value: Any
    source: str
    pointer: str
    line: int | None = None

    def problem(self, reason: str, hint: str | None = None, *parts: Any) -> Problem:
        """A Problem about this record, or about its part at ``parts`` (a pointer below it)."""
        return Problem(self.source, self.pointer + pointer(*parts), reason, hint, self.line)

    def at(self, *parts: Any) -> str:
        return self.pointer + pointer(*parts)


def read_text(path: str) -> str:
    """The text of ``path`` (``-`` is standard input); BridgeError when it cannot be read."""
    import os
    import sys

    try:
        if path == "-":
            return sys.stdin.read()
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise BridgeError(Problem(path, "", f"the file is {size} bytes, more than the {MAX_FILE_BYTES} this command reads"))
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise BridgeError(Problem(path, "", "no such file")) from None
    except IsADirectoryError:
        raise BridgeError(Problem(path, "", "is a directory, not a file")) from None
    except UnicodeDecodeError as exc:
        raise BridgeError(Problem(path, "", f"is not UTF-8 text (byte {exc.start})")) from None
    except OSError as exc:
        raise BridgeError(Problem(path, "", f"cannot be read: {exc.strerror or exc}")) from None


@dataclass(frozen=True)
class Document:
    """One JSON document: a whole file, a line of a JSON Lines file, or one page fetched."""

    value: Any
    source: str
    line: int | None = None


def parse_documents(text: str, source: str) -> list[Document]:
    """The JSON documents in ``text``: one whole document, or one per line (JSON Lines)."""
    try:
        return [Document(json.loads(text), source)]
    except RecursionError:
        raise BridgeError(Problem(source, "", "is nested too deeply to read")) from None
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            if not text.strip():
                raise BridgeError(Problem(source, "", "is empty; expected JSON as the API returns it")) from None
            raise BridgeError(Problem(source, "", f"is not valid JSON: {exc.msg}", None, exc.lineno, exc.colno)) from None
    documents: list[Document] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append(Document(json.loads(line), source, number))
        except RecursionError:
            raise BridgeError(Problem(source, "", "is nested too deeply to read", None, number)) from None
        except json.JSONDecodeError as exc:
            raise BridgeError(
                Problem(source, "", f"is not valid JSON Lines: {exc.msg}", "one page (a JSON value) per line", number, exc.colno)
            ) from None
    return documents


def read_documents(path: str) -> list[Document]:
    return parse_documents(read_text(path), path)


def records(documents: Iterable[Document], key: str | None, singular: str | None = None) -> list[Record]:
    """Every record of the pages in ``documents``. ``key`` names the list in a Zendesk-style
    page (``sla_policies``); a page that is a bare list holds records directly (Freshdesk,
    whose ``key`` is None: an object is then one record, as ``GET .../{id}`` answers);
    ``singular`` names the object of a single-record answer (``sla_policy``)."""
    out: list[Record] = []
    for document in documents:
        out.extend(_page_records(document.value, document.source, document.line, key, singular, ""))
    return out


def read_records(text: str, source: str, key: str | None, singular: str | None = None) -> list[Record]:
    return records(parse_documents(text, source), key, singular)


def _page_records(document: Any, source: str, line: int | None, key: str | None, singular: str | None, base: str) -> Iterator[Record]:
    if isinstance(document, dict) and key is None:
        yield Record(document, source, base, line)
        return
    if isinstance(document, dict):
        assert key is not None
        if key in document:
            items = document[key]
            if not isinstance(items, list):
                raise BridgeError(Problem(source, base + pointer(key), f"`{key}` must be a list, got {json_kind(items)}", None, line))
            for index, item in enumerate(items):
                yield Record(item, source, base + pointer(key, index), line)
            return
        if singular is not None and singular in document:
            yield Record(document[singular], source, base + pointer(singular), line)
            return
        expected = f'`{key}`' + (f" or `{singular}`" if singular else "")
        raise BridgeError(
            Problem(source, base, f"expected a page with {expected}; this object has {_keys(document)}",
                    "save the answer of the API endpoint this option names", line)
        )
    if isinstance(document, list):
        pages = [item for item in document if isinstance(item, (dict, list)) and _is_page(item, key, singular)]
        if document and len(pages) == len(document):
            for index, page in enumerate(document):
                yield from _page_records(page, source, line, key, singular, base + pointer(index))
            return
        for index, item in enumerate(document):
            yield Record(item, source, base + pointer(index), line)
        return
    raise BridgeError(Problem(source, base, f"expected a page (an object or a list), got {json_kind(document)}", None, line))


def _is_page(item: Any, key: str | None, singular: str | None) -> bool:
    if isinstance(item, list):
        return True
    return key is not None and key in item or (singular is not None and singular in item)


def _keys(document: dict[str, Any]) -> str:
    names = list(document)[:6]
    if not names:
        return "no keys"
    more = ", ..." if len(document) > len(names) else ""
    return "keys " + ", ".join(f"`{n}`" for n in names) + more


def ordered(records: Iterable[Record], field: str) -> list[Record]:
    """``records`` sorted by the number in ``field`` (``position``), keeping file order on ties
    and putting records without one last."""
    def key(item: tuple[int, Record]) -> tuple[int, float, int]:
        index, record = item
        value = record.value.get(field) if isinstance(record.value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (0, float(value), index)
        return (1, 0.0, index)

    return [record for _, record in sorted(enumerate(records), key=key)]
