"""Reading tickets from files and standard input, streamed with flat memory.

Three layouts are accepted, whatever the file's name:

- JSON Lines: one ticket per line (blank lines are skipped);
- a JSON list of tickets (``[{...}, {...}]``), split element by element while reading;
- one or more JSON objects written over several lines (a pretty-printed ticket).

The layout is recognised from the first bytes: ``[`` starts a list; a first object that
does not close on its first line starts the multi-line layout; anything else is JSON Lines.
Nothing is read whole: memory stays within one ticket plus one read block. A ticket larger
than ``max_item_bytes`` is reported as an error without being held in memory, and the
other tickets are still read.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

import orjson

DEFAULT_MAX_ITEM_BYTES = 64 * 1024 * 1024
READ_BLOCK_BYTES = 1 << 22
_WHITESPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"
_STRUCTURE = re.compile(rb'[\[\]{}",]')
_STRING_TAIL = re.compile(rb'(?:[^"\\]++|\\.)*+"', re.S)  # possessive: no backtracking state, however long
_STRING_BODY = re.compile(rb'(?:[^"\\]++|\\.)*+', re.S)  # up to the closing quote, or a backslash at the end
_SCALAR_END = re.compile(rb"[\s,\]]")
_LINE_END = re.compile(rb"\n")
_STRAY = frozenset(b",]}:")  # bytes that cannot start a value: the rest of their line is one bad item


@dataclass(frozen=True, slots=True)
class InputError:
    """A ticket that could not even be decoded (its id is unknown)."""

    line: int
    reason: str
    id: Any = None


@dataclass(frozen=True, slots=True)
class LineBlock:
    """Complete JSON Lines, the first of which is line ``first_line``."""

    first_line: int
    data: bytes


@dataclass(frozen=True, slots=True)
class ItemList:
    """Items that are not line-aligned (a list's elements, multi-line objects)."""

    items: tuple[tuple[int, bytes | InputError], ...]


@dataclass(frozen=True, slots=True)
class LineRange:
    """The whole JSON Lines at bytes ``[start, end)`` of the file ``path``, the first of
    which is line ``first_line``: a chunk that the process evaluating it reads itself."""

    path: str
    start: int
    end: int
    first_line: int


Chunk = LineBlock | ItemList


def count_newlines(data: bytes | bytearray, start: int = 0, end: int | None = None) -> int:
    """``data.count(b"\\n", start, end)``: the compiled module's (several times as fast on
    JSON Lines) when it is built, else Python's."""
    global _count_newlines
    if _count_newlines is None:
        from .fast import compiled  # not at import: the compiled module imports numpy

        _count_newlines = compiled.count_newlines if compiled is not None else _python_count_newlines
    return _count_newlines(data, start, end)


def _python_count_newlines(data: bytes | bytearray, start: int = 0, end: int | None = None) -> int:
    return data.count(b"\n", start, end)


_count_newlines: Any = None


def too_large(line: int, max_item_bytes: int) -> InputError:
    return InputError(
        line,
        f"ticket is larger than {max_item_bytes} bytes (raise the limit with --max-ticket-bytes)",
    )


def decode_item(line: int, item: bytes | bytearray | memoryview | InputError) -> Any:
    """The decoded JSON value of one item, or an InputError saying why it is not JSON."""
    if isinstance(item, InputError):
        return item
    try:
        return orjson.loads(item)
    except orjson.JSONDecodeError as exc:
        return InputError(line, f"invalid JSON: {_located(str(exc), line)}")


_JSON_PLACE = re.compile(r": line (\d+) column (\d+) \(char \d+\)$")


def _located(message: str, first_line: int) -> str:
    """orjson counts lines from the ticket's start; say the file's line and column instead."""
    match = _JSON_PLACE.search(message)
    if match is None:
        return message
    line = first_line + int(match.group(1)) - 1
    return f"{message[: match.start()]} at line {line}, column {match.group(2)}"


def split_lines(block: LineBlock, max_item_bytes: int) -> Iterator[tuple[int, bytes | InputError]]:
    """The non-blank lines of a block with their line numbers."""
    line = block.first_line
    for text in block.data.split(b"\n"):
        if text.strip(_WHITESPACE):
            yield line, (text if len(text) <= max_item_bytes else too_large(line, max_item_bytes))
        line += 1


def iter_chunks(
    source: str | os.PathLike | IO[bytes],
    *,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    block_bytes: int = READ_BLOCK_BYTES,
) -> Iterator[Chunk]:
    """Chunks of raw tickets, in file order. ``source`` is a path, ``-`` (stdin) or a binary stream."""
    if isinstance(source, (str, os.PathLike)):
        if os.fspath(source) == "-":
            yield from _chunks_of(sys.stdin.buffer, max_item_bytes, block_bytes)
            return
        with open(source, "rb") as stream:
            yield from _chunks_of(stream, max_item_bytes, block_bytes)
        return
    yield from _chunks_of(source, max_item_bytes, block_bytes)


def iter_items(
    source: str | os.PathLike | IO[bytes],
    *,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
) -> Iterator[tuple[int, bytes | InputError]]:
    """Raw tickets (undecoded bytes) with the line each starts on."""
    for chunk in iter_chunks(source, max_item_bytes=max_item_bytes):
        if isinstance(chunk, LineBlock):
            yield from split_lines(chunk, max_item_bytes)
        else:
            yield from chunk.items


def read_tickets(
    source: str | os.PathLike | IO[bytes],
    *,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
) -> Iterator[tuple[int, Any]]:
    """``(line, decoded ticket or InputError)`` for every ticket, streamed."""
    for line, item in iter_items(source, max_item_bytes=max_item_bytes):
        yield line, decode_item(line, item)


def line_ranges(path: str, block_bytes: int, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES) -> Iterator[LineRange] | None:
    """The file cut on line boundaries into ranges of about ``block_bytes``, if it is JSON
    Lines (None for a list or multi-line objects, which must be split by reading them).
    Only the ranges are found here (the lines are counted, nothing is kept): whoever
    evaluates a range reads it with ``range_chunks``."""
    with open(path, "rb") as stream:
        reader = _Reader(stream, block_bytes)
        head = reader.peek_nonblank(max_item_bytes)
        if head is not None and not _is_json_lines(head, reader.buffer):
            return None
        stream.seek(0)
        start = len(_BOM) if stream.read(len(_BOM)) == _BOM else 0
    return _ranges(path, start, block_bytes)


def _ranges(path: str, start: int, block_bytes: int) -> Iterator[LineRange]:
    buffer = bytearray(block_bytes)
    line = 1
    with open(path, "rb", buffering=0) as stream:
        stream.seek(start)
        position = range_start = start  # the file offset of ``buffer[0]``; where the next range starts
        while True:
            size = stream.readinto(buffer)
            if not size:
                break
            cut = buffer.rfind(b"\n", 0, size)
            if cut >= 0:  # the range ends after this block's last newline
                end = position + cut + 1
                yield LineRange(path, range_start, end, line)
                line += count_newlines(buffer, 0, cut + 1)  # the earlier blocks of the range had none
                range_start = end
            position += size
    if position > range_start:
        yield LineRange(path, range_start, position, line)


def range_chunks(chunk: LineRange, max_item_bytes: int) -> Iterator[Chunk]:
    """The chunks of a ``LineRange``, read from its file (a line longer than
    ``max_item_bytes`` is reported without being held, as ``iter_chunks`` does)."""
    with open(chunk.path, "rb") as stream:
        stream.seek(chunk.start)
        size = chunk.end - chunk.start
        reader = _Reader(_Bounded(stream, size), max(1, min(size, READ_BLOCK_BYTES)))
        yield from _line_chunks(reader, max_item_bytes, first_line=chunk.first_line)


class _Bounded:
    """The next ``size`` bytes of a stream."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream = stream
        self.left = size

    def read(self, size: int) -> bytes:
        data = self.stream.read(min(size, self.left)) if self.left > 0 else b""
        self.left -= len(data)
        return data


# --- layout detection ---------------------------------------------------------------------


def _chunks_of(stream: IO[bytes], max_item_bytes: int, block_bytes: int) -> Iterator[Chunk]:
    reader = _Reader(stream, block_bytes)
    head = reader.peek_nonblank(max_item_bytes)
    if head is None:
        return
    if head[0:1] == b"[":
        yield from _value_chunks(reader, max_item_bytes, in_list=True)
    elif not _is_json_lines(head, reader.buffer):
        yield from _value_chunks(reader, max_item_bytes, in_list=False)
    else:
        yield from _line_chunks(reader, max_item_bytes)


def _is_json_lines(head: bytes, buffer: bytes) -> bool:
    """Whether a stream starting with ``head`` (``buffer`` with its blanks) is JSON Lines:
    not a list, nor an object that does not close on its first line."""
    first = head[0:1]
    return first != b"[" and not (first == b"{" and not _closes_on_first_line(buffer))


def _closes_on_first_line(buffer: bytes) -> bool:
    """Whether the first non-blank line holds a complete JSON value (or is not an object)."""
    start = len(buffer) - len(buffer.lstrip(_WHITESPACE))
    end = buffer.find(b"\n", start)
    line = buffer[start:] if end < 0 else buffer[start:end]
    depth = 0
    pos = 0
    while True:
        match = _STRUCTURE.search(line, pos)
        if match is None:
            return depth <= 0
        char = match.group()
        pos = match.end()
        if char == b'"':
            tail = _STRING_TAIL.match(line, pos)
            if tail is None:
                return depth <= 0
            pos = tail.end()
        elif char in (b"{", b"["):
            depth += 1
        elif char in (b"}", b"]"):
            depth -= 1


class _Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class _Reader:
    """Reads blocks; keeps what was peeked so nothing is read twice."""

    def __init__(self, stream: _Readable, block_bytes: int) -> None:
        self.stream = stream
        self.block_bytes = block_bytes
        self.buffer = b""
        self.eof = False
        self.skipped_lines = 0  # blank lines before the first ticket, read and dropped by ``peek_nonblank``

    def read(self) -> bytes:
        """The next block (what was peeked first); b"" at the end."""
        if self.buffer:
            data, self.buffer = self.buffer, b""
            return data
        if self.eof:
            return b""
        data = self.stream.read(self.block_bytes)
        if not data:
            self.eof = True
            return b""
        return bytes(data)

    def peek_nonblank(self, limit: int) -> bytes | None:
        """Buffers the start of the stream up to its first non-blank line (or ``limit``
        bytes past its start); returns it without leading blanks (None for a blank stream).
        Blank blocks before it are dropped, their lines counted in ``skipped_lines``."""
        parts: list[bytes] = []
        size = 0
        first = True
        while not self.eof and size <= limit:
            data = self.stream.read(self.block_bytes)
            if not data:
                self.eof = True
                break
            data = bytes(data)
            if first and data.startswith(_BOM):
                data = data[len(_BOM):]
            first = False
            if not parts:
                text = data.lstrip(_WHITESPACE)
                if not text:  # still blank: keep nothing but the count of its lines
                    self.skipped_lines += data.count(b"\n")
                    continue
                cut = data.rfind(b"\n", 0, len(data) - len(text)) + 1  # keep the line it starts on
                self.skipped_lines += data.count(b"\n", 0, cut)
                data = data[cut:]
                ends = b"\n" in text  # the first line ends in this block
            else:
                ends = b"\n" in data
            parts.append(data)
            size += len(data)
            if ends:
                break
        self.buffer = b"".join(parts)
        return self.buffer.lstrip(_WHITESPACE) or None


# --- JSON Lines -----------------------------------------------------------------------------


def _line_chunks(reader: _Reader, max_item_bytes: int, first_line: int = 1) -> Iterator[Chunk]:
    line = first_line + reader.skipped_lines  # number of the first line held in ``pending``
    pending: list[bytes] = []  # an incomplete line, in parts
    pending_size = 0
    skipping = False  # inside a line already reported as too large
    while True:
        block = reader.read()
        if not block:
            break
        cut = block.rfind(b"\n")
        if cut < 0:
            if skipping:
                continue
            pending.append(block)
            pending_size += len(block)
            if pending_size > max_item_bytes:
                yield ItemList(((line, too_large(line, max_item_bytes)),))
                pending, pending_size, skipping = [], 0, True
            continue
        # one copy of the block's complete lines (with the line it completes), made from a view
        head_start, tail = 0, block[cut + 1 :]
        if skipping:
            head_start = block.find(b"\n") + 1
            line += 1
            skipping = False
        head = memoryview(block)[head_start : cut + 1]
        if pending:
            data = b"".join([*pending, head])
            pending, pending_size = [], 0
        else:
            data = block if head_start == 0 and cut + 1 == len(block) else bytes(head)
        if data:
            yield LineBlock(line, data)
            line += count_newlines(data)
        if tail:
            pending, pending_size = [tail], len(tail)
            if pending_size > max_item_bytes:
                yield ItemList(((line, too_large(line, max_item_bytes)),))
                pending, pending_size, skipping = [], 0, True
    if pending and not skipping:
        yield LineBlock(line, b"".join(pending))


# --- lists and multi-line objects --------------------------------------------------------------


class _Truncated(Exception):
    pass


def _value_chunks(reader: _Reader, max_item_bytes: int, *, in_list: bool) -> Iterator[Chunk]:
    """Splits a JSON list (or a run of JSON values) into its top-level values."""
    scanner = _ValueScanner(reader, max_item_bytes)
    batch: list[tuple[int, bytes | InputError]] = []
    batch_size = 0
    for item in scanner.values(in_list):
        batch.append(item)
        batch_size += len(item[1]) if isinstance(item[1], bytes) else 0
        if len(batch) >= 4096 or batch_size >= READ_BLOCK_BYTES:
            yield ItemList(tuple(batch))
            batch, batch_size = [], 0
    if batch:
        yield ItemList(tuple(batch))


class _ValueScanner:
    """Finds where top-level JSON values end, tracking strings and nesting only."""

    def __init__(self, reader: _Reader, max_item_bytes: int) -> None:
        self.reader = reader
        self.max_item_bytes = max_item_bytes
        self.buf = b""
        self.pos = 0
        self.line = 1 + reader.skipped_lines  # line number of buf[0]

    def _more(self, keep_from: int) -> bool:
        """Drops ``buf[:keep_from]`` and appends the next block; False at the end."""
        block = self.reader.read()
        if not block:
            return False
        self.line += self.buf.count(b"\n", 0, keep_from)
        self.buf = self.buf[keep_from:] + block
        self.pos -= keep_from
        return True

    def _line_of(self, pos: int) -> int:
        return self.line + self.buf.count(b"\n", 0, pos)

    def _skip_blank(self) -> bool:
        """Moves to the next non-blank byte; False at the end of the input."""
        while True:
            buf = self.buf
            n = len(buf)
            pos = self.pos
            while pos < n and buf[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < n:
                return True
            if not self._more(pos):
                return False

    def values(self, in_list: bool) -> Iterator[tuple[int, bytes | InputError]]:
        if in_list:
            self._skip_blank()
            self.pos += 1  # the opening "["
            if self._skip_blank() and self.buf[self.pos : self.pos + 1] == b"]":
                self.pos += 1
                yield from self._trailing()
                return
        while True:
            if not self._skip_blank():
                if in_list:
                    yield self._line_of(self.pos), InputError(self._line_of(self.pos), "invalid JSON: the list is not closed with ]")
                return
            start_line = self._line_of(self.pos)
            try:
                item = self._value()
            except _Truncated:
                yield start_line, InputError(start_line, "invalid JSON: the input ends inside this ticket")
                return
            yield start_line, (item if item is not None else too_large(start_line, self.max_item_bytes))
            if not in_list:
                continue
            if not self._skip_blank():
                yield self._line_of(self.pos), InputError(self._line_of(self.pos), "invalid JSON: the list is not closed with ]")
                return
            sep = self.buf[self.pos : self.pos + 1]
            self.pos += 1
            if sep == b"]":
                yield from self._trailing()
                return
            if sep != b",":
                line = self._line_of(self.pos - 1)
                yield line, InputError(line, f"invalid JSON: expected , or ] between tickets, found {sep.decode('latin-1')!r}")
                return

    def _trailing(self) -> Iterator[tuple[int, InputError]]:
        if self._skip_blank():
            line = self._line_of(self.pos)
            yield line, InputError(line, "invalid JSON: unexpected data after the list of tickets")

    def _value(self) -> bytes | None:
        """The bytes of the value at ``pos`` (None when it is too large); advances past it."""
        start = self.pos
        first = self.buf[start : start + 1]
        oversized = False
        if first not in (b"{", b"["):
            return self._scalar(start)
        depth = 0
        pos = start
        while True:
            match = _STRUCTURE.search(self.buf, pos)
            if match is None:
                start, pos, oversized = self._need_more(start, len(self.buf), oversized)
                continue
            char = match.group()
            pos = match.end()
            if char == b'"':
                start, pos, oversized = self._skip_string(start, pos, oversized)
            elif char in (b"{", b"["):
                depth += 1
            elif char in (b"}", b"]"):
                depth -= 1
                if depth == 0:
                    self.pos = pos
                    return None if oversized else self.buf[start:pos]
            if pos - start > self.max_item_bytes and not oversized:
                oversized = True

    def _need_more(self, start: int, resume: int, oversized: bool) -> tuple[int, int, bool]:
        """Reads on; keeps the value's bytes unless it is already too large."""
        if resume - start > self.max_item_bytes:
            oversized = True
        keep_from = resume if oversized else start
        self.pos = resume
        if not self._more(keep_from):
            raise _Truncated
        shift = keep_from
        return (start - shift if not oversized else 0), self.pos, oversized

    def _skip_string(self, start: int, pos: int, oversized: bool) -> tuple[int, int, bool]:
        """Moves past the string whose body starts at ``pos``, reading on as needed and
        keeping none of it once the value is too large; returns ``_need_more``'s triple."""
        while True:
            end = _STRING_BODY.match(self.buf, pos).end()  # type: ignore[union-attr]  # always matches
            if end < len(self.buf) and self.buf[end : end + 1] == b'"':
                return start, end + 1, oversized
            # the block ends inside the string (perhaps right after a backslash): keep that byte
            start, pos, oversized = self._need_more(start, end, oversized)

    def _scalar(self, start: int) -> bytes | None:
        """The bytes of the scalar at ``start`` (None when it is too large); advances past it."""
        oversized = False
        if self.buf[start : start + 1] == b'"':
            start, pos, oversized = self._skip_string(start, start + 1, oversized)
            self.pos = pos
            return None if oversized or pos - start > self.max_item_bytes else self.buf[start:pos]
        pos = start
        ends = _LINE_END if self.buf[start] in _STRAY else _SCALAR_END  # never an empty item: always move on
        while True:
            end = ends.search(self.buf, pos)
            if end is not None:
                self.pos = end.start()
                return None if oversized or self.pos - start > self.max_item_bytes else self.buf[start : self.pos]
            try:
                start, pos, oversized = self._need_more(start, len(self.buf), oversized)
            except _Truncated:
                self.pos = len(self.buf)
                return None if oversized else self.buf[start:]
