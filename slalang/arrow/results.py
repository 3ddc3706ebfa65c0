"""Result batches: the JSON Lines ``slalang eval`` writes, as Arrow columns (``schema.py``).

``result`` holds each line exactly as ``eval`` writes it (without the newline); the other
columns are read from it, so they cannot disagree with it.
"""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa  # type: ignore[import-untyped]

from .schema import ClockColumns, clock_columns, result_schema

_SINGLE_FIELDS = ("deadline", "stop", "counted_s", "paused_s")


def id_text(value: Any) -> str | None:
    """A ticket id as the ``id`` column holds it: a string as is, a number as its JSON text."""
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


class ResultColumns:
    """Builds result batches for one policy."""

    def __init__(self, policy: Any) -> None:
        self.schema = result_schema(policy)
        self.clocks: tuple[ClockColumns, ...] = clock_columns(policy)

    def batch(self, lines: list[bytes]) -> pa.RecordBatch:
        """One row per JSON line (each ``eval``'s result for one ticket), in order."""
        columns: dict[str, list[Any]] = {name: [] for name in self.schema.names}
        ids, slas, texts, errors = columns["id"], columns["sla"], columns["result"], columns["error"]
        per_clock = [
            (
                clock.name,
                columns[f"{clock.name}_status"],
                [columns[f"{clock.name}_{field}"] for field in _SINGLE_FIELDS] if clock.single else None,
                columns[f"{clock.name}_cycles"] if clock.cycles else None,
            )
            for clock in self.clocks
        ]
        for line in lines:
            result = orjson.loads(line)
            ids.append(id_text(result.get("id")))
            slas.append(result.get("sla"))
            texts.append(line.decode("utf-8"))
            errors.append(result.get("error"))
            metrics = result.get("metrics") or {}
            for name, status, single, cycles in per_clock:
                found = metrics.get(name)
                if found is None:
                    status.append(None)
                    if single is not None:
                        for column in single:
                            column.append(None)
                    if cycles is not None:
                        cycles.append(None)
                    continue
                status.append(found.get("status"))
                runs = found.get("cycles")
                if single is not None:
                    if runs is None:
                        single[0].append(found.get("deadline"))  # UTC text, read by Arrow below
                        single[1].append(found.get("stop"))
                        single[2].append(found.get("counted_s"))
                        single[3].append(found.get("paused_s"))
                    else:
                        for column in single:
                            column.append(None)
                if cycles is not None:
                    cycles.append(None if runs is None else len(runs))
        arrays = [
            pa.array(columns[f.name], type=pa.string()).cast(f.type) if pa.types.is_timestamp(f.type)
            else pa.array(columns[f.name], type=f.type)
            for f in self.schema
        ]
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)
