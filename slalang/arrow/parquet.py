"""Parquet files as ticket input and result output.

A Parquet input (``paths.py`` says which files it names) is read as one table, in batches,
so memory stays within a batch. Rows are numbered across the whole input, from 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ..evaluation.ticket_files import DEFAULT_MAX_ITEM_BYTES, decode_item
from .paths import parquet_files
from .tickets import RowPlace, batch_items, layout_of

BATCH_ROWS = 65536
"""Rows per batch read: large enough to amortise a batch, small enough to bound memory."""

def parquet_batches(source: str, batch_rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
    """The record batches of every file of a Parquet input, in order. Every file must have
    one of the ticket layouts (checked before its first batch is read)."""
    for _, batch in placed_batches(source, batch_rows):
        yield batch


def placed_batches(source: str, batch_rows: int = BATCH_ROWS) -> Iterator[tuple[RowPlace, pa.RecordBatch]]:
    """``parquet_batches`` with where each batch is: its file, and its first row there."""
    for path in parquet_files(source):
        try:
            reader = pq.ParquetFile(path)
        except pa.ArrowInvalid as exc:
            raise ValueError(f"{path}: not a Parquet file ({exc})") from None
        try:
            layout_of(reader.schema_arrow)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
        row = 1
        try:
            for batch in reader.iter_batches(batch_size=batch_rows):
                yield RowPlace(path, row), batch
                row += batch.num_rows
        except pa.ArrowException as exc:  # a damaged file: reading it fails as a file does
            raise OSError(f"{path}: {exc}") from None


def read_parquet_tickets(
    source: str, batch_rows: int = BATCH_ROWS, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES
) -> Iterator[tuple[int, Any]]:
    """``(row, decoded ticket or InputError)`` for every ticket of a Parquet input, as
    ``evaluation.read_tickets`` yields them for a JSON file (``report``, ``diff``, ``credits``,
    ``explain``); a ticket larger than ``max_item_bytes`` as JSON is an InputError."""
    row = 1
    for place, batch in placed_batches(source, batch_rows):
        for number, item in batch_items(batch, row, max_item_bytes=max_item_bytes, place=place):
            yield number, decode_item(number, item) if isinstance(item, bytes) else item
        row += batch.num_rows


class ParquetOutput:
    """Result batches written to a binary stream as one Parquet file (zstd)."""

    def __init__(self, stream: Any, schema: pa.Schema) -> None:
        self.writer = pq.ParquetWriter(stream, schema, compression="zstd")

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self.writer.write_batch(batch)

    def close(self) -> None:
        self.writer.close()
