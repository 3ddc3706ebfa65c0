"""A DataFrame of tickets evaluated on Spark, through ``mapInArrow`` and ``slalang.arrow``.

The policy is compiled once on the driver and shipped once to the executors (a broadcast
variable; on Spark Connect, where there is none, inside the function, once per task); each
Python worker builds its evaluator once and keeps it for every batch of every task it runs.
``now`` is fixed on the driver, so every partition evaluates as of the same instant.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from ..arrow.evaluate import ArrowEvaluator
from ..arrow.schema import result_schema
from ..arrow.tickets import TYPED_COLUMNS
from ..evaluation.evaluator import policy_model
from ..evaluation.instants import resolve_now
from ..model import PolicySet

SPARK_TIMESTAMP = pa.timestamp("us", tz="UTC")
"""Spark's timestamps are microseconds: the result's seconds are cast to them."""

_evaluators: dict[str, ArrowEvaluator] = {}
"""Per Python worker: the evaluators of the latest ``evaluate`` calls it has served."""
_KEPT = 4


def spark_schema(policy: Any) -> Any:
    """The Spark ``StructType`` of ``evaluate``'s result: ``result_schema`` in Spark's types."""
    from pyspark.sql import types as T

    kinds = {pa.string(): T.StringType(), pa.int64(): T.LongType()}
    fields = []
    for field in result_schema(policy):
        kind = T.TimestampType() if pa.types.is_timestamp(field.type) else kinds[field.type]
        fields.append(T.StructField(field.name, kind, True))
    return T.StructType(fields)


def evaluate(df: Any, policy: Any, now: Any = None, row_column: str | None = None) -> Any:
    """``df`` (a ``json`` column, or typed columns ``id``, ``created_at``, ``ticket``,
    ``customer``, ``events``; other columns are ignored) evaluated against ``policy`` as of
    ``now`` (default: the time of this call): a DataFrame of ``result_schema(policy)``, one
    row per ticket. A failed ticket's ``line`` is the value of ``row_column`` when given
    (an integer column, such as a row number the table keeps), else the row's number in its
    partition (Spark has no global row order without a costly extra pass)."""
    model = policy_model(policy)
    now_s = resolve_now(now)
    columns = ["json"] if "json" in df.columns else [c for c in TYPED_COLUMNS if c in df.columns]
    if not columns or (columns != ["json"] and not {"id", "created_at"} <= set(columns)):
        raise ValueError(
            "a ticket DataFrame needs a `json` column or typed columns id, created_at (and ticket, customer, events); "
            f"found: {', '.join(df.columns)}"
        )
    if row_column is not None:
        columns.append(row_column)
    shipped = _ship(df, model)
    key = uuid.uuid4().hex  # this call's: its policy and instant

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        evaluator = _evaluators.get(key)
        if evaluator is None:
            while len(_evaluators) >= _KEPT:
                del _evaluators[next(iter(_evaluators))]
            evaluator = _evaluators[key] = ArrowEvaluator(_received(shipped), now_s)
        first_row = 1
        for batch in batches:
            rows = None
            if row_column is not None:
                rows = batch.column(batch.schema.get_field_index(row_column)).to_pylist()
            result = evaluator.evaluate(batch, first_row, rows)
            first_row += batch.num_rows
            yield _for_spark(result)

    return df.select(*columns).mapInArrow(run, spark_schema(model))


def _ship(df: Any, model: PolicySet) -> Any:
    """A broadcast of the policy, or the policy itself where broadcasts are not available."""
    try:
        context = df.sparkSession.sparkContext
    except Exception:  # Spark Connect: no SparkContext on the client
        return model
    return context.broadcast(model)


def _received(shipped: Any) -> PolicySet:
    return shipped if isinstance(shipped, PolicySet) else shipped.value


def _for_spark(batch: pa.RecordBatch) -> pa.RecordBatch:
    arrays = [
        column.cast(SPARK_TIMESTAMP) if pa.types.is_timestamp(column.type) else column for column in batch.columns
    ]
    names = batch.schema.names
    return pa.RecordBatch.from_arrays(arrays, names=names)
