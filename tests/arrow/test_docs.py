"""docs/warehouse.md's Arrow API example runs as written, in a folder holding the shipped
policy and its sample tickets as tickets.parquet, and writes the result table it says."""

from __future__ import annotations

import os
import re
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

from slalang.arrow import result_schema

from .tickets import ROOT

DOC = os.path.join(ROOT, "docs", "warehouse.md")


def test_the_arrow_api_example_runs(tmp_path, monkeypatch, acme):
    text = open(DOC, encoding="utf-8").read()
    section = text[text.index("## The Arrow API"):]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    shutil.copytree(os.path.join(ROOT, "policies"), tmp_path / "policies", ignore=shutil.ignore_patterns("global", "itdesk"))
    with open(os.path.join(ROOT, "policies", "tickets.jsonl"), encoding="utf-8") as f:
        lines = [line.strip() for line in f if line.strip()]
    pq.write_table(pa.table({"json": lines}), tmp_path / "tickets.parquet")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, DOC, "exec"), {"__name__": "warehouse_example"})
    written = pq.read_table(tmp_path / "results.parquet")
    assert written.num_rows == len(lines)
    assert written.schema.names == result_schema(acme).names
    assert written.column("error").null_count == len(lines)
