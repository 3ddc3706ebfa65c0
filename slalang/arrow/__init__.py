"""Arrow as the batch contract (docs/warehouse.md): ticket tables in, result tables out.

``evaluate_batches(policy, batches, now=None)`` evaluates Arrow record batches of tickets
(a ``json`` column, or typed columns) and yields result batches whose schema,
``result_schema(policy)``, is derived from the policy: ``id``, ``sla``, ``result`` (the
JSON object ``slalang eval`` writes), ``error``, and per metric and measure its status,
deadline, stop, counted and paused seconds (or its count of cycles). ``parquet`` reads and
writes the same tables as Parquet files. Needs ``pyarrow`` (``pip install 'slalang[arrow]'``).
"""

from __future__ import annotations

from .evaluate import ArrowEvaluator, evaluate_batches
from .schema import ClockColumns, clock_columns, result_schema
from .tickets import TYPED_COLUMNS, batch_items, layout_of

__all__ = [
    "ArrowEvaluator",
    "ClockColumns",
    "TYPED_COLUMNS",
    "batch_items",
    "clock_columns",
    "evaluate_batches",
    "layout_of",
    "result_schema",
]
