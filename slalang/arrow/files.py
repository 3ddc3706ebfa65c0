"""Files in, files out: ticket files (Parquet or JSON) evaluated to a Parquet result file.

``ticket_chunks`` turns a Parquet input into the chunks ``evaluation.runner`` evaluates (so
``slalang eval`` reads Parquet with its worker processes); ``evaluate_to_parquet`` writes
the result table (``result_schema``) of any ticket input, batch by batch.
"""

from __future__ import annotations

from typing import IO, Any, Iterator

from ..evaluation.runner import RunSummary
from ..evaluation.ticket_files import DEFAULT_MAX_ITEM_BYTES, ItemList, LineBlock, iter_chunks, split_lines
from .evaluate import ArrowEvaluator
from .parquet import BATCH_ROWS, ParquetOutput, parquet_batches
from .tickets import iter_batch_items


def ticket_chunks(source: str, batch_rows: int = BATCH_ROWS) -> Iterator[ItemList]:
    """A Parquet input's tickets as ``ItemList`` chunks, one per batch."""
    for items in iter_batch_items(parquet_batches(source, batch_rows)):
        yield ItemList(tuple(items))


def item_batches(source: Any, parquet: bool, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES) -> Iterator[list[tuple[int, Any]]]:
    """The tickets of a Parquet input (``parquet``) or a JSON ticket file, a batch at a time."""
    chunks: Iterator[Any] = ticket_chunks(source) if parquet else iter_chunks(source, max_item_bytes=max_item_bytes)
    for chunk in chunks:
        yield list(split_lines(chunk, max_item_bytes) if isinstance(chunk, LineBlock) else chunk.items)


def evaluate_to_parquet(
    policy: Any, source: Any, stream: IO[bytes], *, parquet: bool, now: Any = None,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
) -> RunSummary:
    """Evaluates every ticket of ``source`` and writes the result table to ``stream`` as Parquet."""
    evaluator = ArrowEvaluator(policy, now)
    output = ParquetOutput(stream, evaluator.schema)
    tickets = failed = 0
    try:
        for items in item_batches(source, parquet, max_item_bytes):
            batch = evaluator.evaluate_items(items)
            tickets += batch.num_rows
            failed += batch.num_rows - batch.column("error").null_count
            output.write(batch)
    finally:
        output.close()
    return RunSummary(tickets, failed)
