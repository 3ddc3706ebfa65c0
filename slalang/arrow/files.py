"""Files in, files out: ticket files (Parquet or JSON) evaluated to a Parquet result file.

``ticket_chunks`` turns a Parquet input into the chunks ``evaluation.runner`` evaluates (so
``slalang eval`` reads Parquet with its worker processes); ``evaluate_to_parquet`` writes
the result table (``result_schema``) of any ticket input, a row group at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import pyarrow as pa  # type: ignore[import-untyped]

from ..evaluation.evaluator import policy_model
from ..evaluation.runner import RunSummary, evaluate_file
from ..evaluation.ticket_files import DEFAULT_MAX_ITEM_BYTES
from .parquet import BATCH_ROWS, ParquetOutput, placed_batches
from .results import ResultColumns
from .tickets import RowPlace, batch_items

CHUNK_ROWS = 8192
"""Rows per chunk handed to ``evaluation.runner``: small enough to keep the worker
processes evenly busy, large enough to amortise the hand-over."""


@dataclass(frozen=True, slots=True)
class BatchChunk:
    """One record batch of tickets as a chunk of ``evaluation.runner``: it travels to a worker
    process as Arrow data, and becomes items (``batch_items``) only there."""

    batch: pa.RecordBatch
    first_row: int
    max_item_bytes: int | None = None
    place: RowPlace | None = None

    @property
    def items(self) -> list[tuple[int, Any]]:
        return batch_items(self.batch, self.first_row, max_item_bytes=self.max_item_bytes, place=self.place)


def ticket_chunks(
    source: str, batch_rows: int = CHUNK_ROWS, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES
) -> Iterator[BatchChunk]:
    """A Parquet input's tickets as chunks, one per batch, rows numbered across the input;
    a ticket larger than ``max_item_bytes`` as JSON is a bad row, as a line of JSON Lines is."""
    row = 1
    for place, batch in placed_batches(source, batch_rows):
        yield BatchChunk(batch, row, max_item_bytes, place)
        row += batch.num_rows


def evaluate_to_parquet(
    policy: Any, source: Any, stream: IO[bytes], *, parquet: bool, now: Any = None, jobs: int | None = None,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES, rows_per_group: int = BATCH_ROWS,
) -> RunSummary:
    """Evaluates every ticket of ``source`` (Parquet when ``parquet``, else a JSON ticket
    file) and writes the result table to ``stream`` as Parquet. The tickets are evaluated as
    ``slalang eval`` evaluates them (``jobs`` worker processes); their JSON lines are turned
    into columns here, ``rows_per_group`` at a time (one Parquet row group each)."""
    model = policy_model(policy)
    columns = ResultColumns(model)
    output = ParquetOutput(stream, columns.schema)
    pending: list[bytes] = []

    def flush(at_least: int) -> None:
        while pending and len(pending) >= at_least:
            output.write(columns.batch(pending[:rows_per_group]))
            del pending[:rows_per_group]

    def write(data: bytes) -> None:
        lines = data.split(b"\n")
        lines.pop()  # every line ends with a newline
        pending.extend(lines)
        flush(rows_per_group)

    try:
        summary = evaluate_file(model, source, write, now=now, fmt="jsonl", jobs=jobs, max_item_bytes=max_item_bytes,
                                chunks=ticket_chunks(source, max_item_bytes=max_item_bytes) if parquet else None)
        flush(1)
    finally:
        output.close()
    return summary
