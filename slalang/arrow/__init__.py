"""Arrow as the batch contract (docs/warehouse.md): ticket tables in, result tables out.

``evaluate_batches(policy, batches, now=None)`` evaluates Arrow record batches of tickets
(a ``json`` column, or typed columns) and yields result batches whose schema,
``result_schema(policy)``, is derived from the policy: ``id``, ``sla``, ``result`` (the
JSON object ``slalang eval`` writes), ``error``, and per metric and measure its status,
deadline, stop, counted and paused seconds (or its count of cycles). ``parquet`` reads and
writes the same tables as Parquet files. Needs ``pyarrow`` (``pip install 'slalang[arrow]'``).
"""

from __future__ import annotations

from ..lazy_names import lazy_names

_HOMES = {
    "ArrowEvaluator": "evaluate",
    "evaluate_batches": "evaluate",
    "ClockColumns": "schema",
    "clock_columns": "schema",
    "result_schema": "schema",
    "TYPED_COLUMNS": "tickets",
    "batch_items": "tickets",
    "layout_of": "tickets",
}
"""Where each public name lives: imported on first use, so that ``slalang.arrow.paths``
(which the CLI reads before it knows whether Parquet is involved) needs no pyarrow."""

__all__ = sorted(_HOMES)


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
