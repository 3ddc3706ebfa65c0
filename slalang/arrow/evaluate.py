"""``evaluate_batches``: Arrow record batches of tickets in, result batches out.

Each input batch is evaluated on the batch path ``slalang eval`` uses (with the compiled
scanner when it is built) and becomes one result batch with the same rows in the same
order, so memory is bounded by the batch size however many batches stream through.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from ..evaluation.batch import BatchEvaluator
from ..evaluation.evaluator import policy_model
from ..evaluation.instants import resolve_now
from .results import ResultColumns
from .tickets import batch_items


class ArrowEvaluator:
    """Evaluates record batches for one policy as of one instant; reusable across batches."""

    def __init__(self, policy: Any, now: Any = None) -> None:
        model = policy_model(policy)
        self.now_s = resolve_now(now)
        self.batch = BatchEvaluator(model)
        self.columns = ResultColumns(model)
        self.schema: pa.Schema = self.columns.schema

    def evaluate(self, batch: pa.RecordBatch, first_row: int = 1, rows: list[int] | None = None) -> pa.RecordBatch:
        """The results of one batch of tickets (rows numbered from ``first_row``, or by ``rows``)."""
        return self.evaluate_items(batch_items(batch, first_row, rows))

    def evaluate_items(self, items: list[tuple[int, Any]]) -> pa.RecordBatch:
        """The results of ``(row or line, bytes | decoded ticket | InputError)`` items."""
        collecting = gc.isenabled()
        gc.disable()  # short-lived acyclic objects only (as in evaluation.runner)
        try:
            data, _, _ = self.batch.evaluate_to_lines(items, self.now_s)
            lines = data.split(b"\n")
            lines.pop()  # every line ends with a newline
            return self.columns.batch(lines)
        finally:
            if collecting:
                gc.enable()


def evaluate_batches(policy: Any, batches: Iterable[pa.RecordBatch] | pa.Table, now: Any = None) -> Iterator[pa.RecordBatch]:
    """Evaluate Arrow record batches of tickets (a ``json`` column, or typed columns ``id``,
    ``created_at``, ``ticket``, ``customer``, ``events``) against ``policy`` (a ``Policy``
    or compiled ``PolicySet``) as of ``now`` (RFC 3339, epoch seconds, or None: the time of
    the call, fixed for every batch). Yields one result batch per input batch, its schema
    ``result_schema(policy)``; a bad ticket is a row with its ``error``, never an exception."""
    evaluator = ArrowEvaluator(policy, now)
    if isinstance(batches, pa.Table):
        batches = batches.to_batches()
    row = 1
    for batch in batches:
        yield evaluator.evaluate(batch, row)
        row += batch.num_rows
