"""slalang on Spark (docs/warehouse.md): ``evaluate(df, policy, now=None)``.

Needs ``pyspark`` (``pip install 'slalang[spark]'``) on the driver and pyarrow and slalang
on the executors.
"""

from __future__ import annotations

from .evaluate import evaluate, spark_schema

__all__ = ["evaluate", "spark_schema"]
