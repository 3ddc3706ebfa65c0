"""Tickets from Arrow record batches, as the evaluator reads them: ``(row, item)`` pairs.

Two layouts (``layout_of`` tells which a schema has):

- a ``json`` column (string or binary): one ticket's JSON per row, read exactly as a line
  of JSON Lines;
- typed columns ``id``, ``created_at``, ``ticket``, ``customer``, ``events`` (any other
  column is ignored). ``created_at`` and each event's ``at`` may be strings (RFC 3339 with
  an offset) or timestamps with a time zone; a timestamp without one is reported as bad
  input, as a string without an offset is. ``ticket``, ``customer`` and ``events`` may be
  structs, maps and lists of them, or strings holding JSON. A null struct field is a field
  the ticket does not have (a struct column has every field on every row).

``row`` is the row's number in the whole input, from 1: what a result's ``"line"`` says
when the ticket fails. With ``max_item_bytes``, a row whose ticket is larger than that as
JSON (the ``json`` column's bytes; the JSON text of a typed row's ticket) is an InputError,
as a line of JSON Lines over ``--max-ticket-bytes`` is; a ``RowPlace`` names its file and
its row there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ..evaluation.ticket_files import InputError

TYPED_COLUMNS = ("id", "created_at", "ticket", "customer", "events")
_OBJECT_COLUMNS = ("ticket", "customer", "events")


def layout_of(schema: pa.Schema) -> str:
    """``json`` or ``typed``; ValueError when the schema has neither layout."""
    if "json" in schema.names:
        kind = schema.field("json").type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind)):
            raise ValueError(f"the `json` column must hold strings (a ticket's JSON per row), not {kind}")
        return "json"
    if "id" in schema.names and "created_at" in schema.names:
        return "typed"
    raise ValueError(
        "a ticket table needs a `json` column (a ticket's JSON per row) or typed columns "
        f"{', '.join(TYPED_COLUMNS)} (at least id and created_at); found: {', '.join(schema.names) or 'no columns'}"
    )


@dataclass(frozen=True, slots=True)
class RowPlace:
    """Where a batch's rows are: the file it was read from, and the number of its first row
    in that file (from 1), for errors a reader can find the row by."""

    path: str
    first_row: int


@dataclass(frozen=True, slots=True)
class _SizeLimit:
    """``max_item_bytes`` applied to the rows of one batch (numbered from ``first_row`` in
    the whole input; ``place`` says where they are in their file, when known)."""

    max_item_bytes: int
    first_row: int
    place: RowPlace | None

    def error(self, row: int, ticket_id: Any = None) -> InputError:
        """``ticket_files.too_large``'s error, saying the size is the JSON's and, when known,
        the row's file and its row there."""
        where = ""
        if self.place is not None:
            where = f"row {self.place.first_row + row - self.first_row} of {self.place.path}; "
        return InputError(
            row,
            f"ticket is larger than {self.max_item_bytes} bytes as JSON ({where}raise the limit with --max-ticket-bytes)",
            ticket_id,
        )


def batch_items(
    batch: pa.RecordBatch,
    first_row: int,
    rows: list[int] | None = None,
    *,
    max_item_bytes: int | None = None,
    place: RowPlace | None = None,
) -> list[tuple[int, Any]]:
    """The batch's tickets as ``(row, bytes | decoded ticket | InputError)``, numbered from
    ``first_row`` or, when given, by ``rows`` (one number per row); a ticket larger than
    ``max_item_bytes`` as JSON is an InputError (located by ``place``, when given)."""
    numbers = rows if rows is not None else range(first_row, first_row + batch.num_rows)
    limit = None if max_item_bytes is None else _SizeLimit(max_item_bytes, first_row, place)
    if layout_of(batch.schema) == "json":
        return _json_items(batch.column(batch.schema.get_field_index("json")), numbers, limit)
    return _typed_items(batch, numbers, limit)


def _json_items(column: pa.Array, numbers: Iterable[int], limit: _SizeLimit | None) -> list[tuple[int, Any]]:
    items: list[tuple[int, Any]] = []
    binary = pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type)
    for row, value in zip(numbers, column.to_pylist(), strict=True):
        if value is None:
            items.append((row, InputError(row, "the `json` column is null")))
            continue
        data = value if binary else value.encode("utf-8")
        items.append((row, limit.error(row) if limit is not None and len(data) > limit.max_item_bytes else data))
    return items


def _typed_items(batch: pa.RecordBatch, numbers: Iterable[int], limit: _SizeLimit | None) -> list[tuple[int, Any]]:
    names = [name for name in TYPED_COLUMNS if name in batch.schema.names]
    arrays = [instants_as_text(batch.column(batch.schema.get_field_index(name))) for name in names]
    columns = [array.to_pylist() for array in arrays]
    converters = [_converter(array.type, parse_json=name in _OBJECT_COLUMNS) for name, array in zip(names, arrays, strict=True)]
    items: list[tuple[int, Any]] = []
    for row, values in zip(numbers, zip(*columns, strict=True), strict=True):
        ticket: dict[str, Any] = {}
        bad = None
        for name, value, convert in zip(names, values, converters, strict=True):
            if value is None:
                continue
            try:
                ticket[name] = convert(value)
            except orjson.JSONDecodeError as exc:
                bad = InputError(row, f"invalid JSON in the `{name}` column: {exc}", ticket.get("id"))
                break
        if bad is None and limit is not None and _json_size(ticket) > limit.max_item_bytes:
            bad = limit.error(row, ticket.get("id"))
        items.append((row, bad if bad is not None else ticket))
    return items


def _json_size(ticket: dict[str, Any]) -> int:
    """The size of a typed row's ticket as JSON text (0 when a value has no JSON form: the
    evaluator reports that value, not the size)."""
    try:
        return len(orjson.dumps(ticket))
    except TypeError:
        return 0


def instants_as_text(array: pa.Array) -> pa.Array:
    """``array`` with every timestamp in it, nested in structs and lists too, as RFC 3339
    text, converted by Arrow: in UTC with a ``Z`` when the timestamp has a zone, without an
    offset when it has none (which validation then reports, as for a string without one)."""
    kind = array.type
    if pa.types.is_timestamp(kind):
        if kind.tz is None:
            return pc.strftime(array, format="%Y-%m-%dT%H:%M:%S")
        return pc.strftime(array.cast(pa.timestamp(kind.unit, tz="UTC")), format="%Y-%m-%dT%H:%M:%SZ")
    if not _holds_timestamps(kind):
        return array
    if pa.types.is_struct(kind):
        children = [instants_as_text(child) for child in array.flatten()]
        names = [kind.field(i).name for i in range(kind.num_fields)]
        return pa.StructArray.from_arrays(children, names=names, mask=array.is_null())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        make = pa.ListArray if pa.types.is_list(kind) else pa.LargeListArray
        if array.offset:
            array = pa.concat_arrays([array])  # from_arrays takes a null mask only with offsets from 0
        mask = array.is_null() if array.null_count else None
        return make.from_arrays(array.offsets, instants_as_text(array.values), mask=mask)
    return array  # a map or a fixed-size list: converted value by value in Python


def _holds_timestamps(kind: pa.DataType) -> bool:
    if pa.types.is_timestamp(kind):
        return True
    if pa.types.is_struct(kind):
        return any(_holds_timestamps(kind.field(i).type) for i in range(kind.num_fields))
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _holds_timestamps(kind.value_type)
    return False


def _converter(kind: pa.DataType, parse_json: bool = False) -> Callable[[Any], Any]:
    """How a value of an Arrow type (as ``to_pylist`` gives it) becomes the JSON value a
    ticket file would hold: timestamps as RFC 3339 (with the offset they carry, or none,
    which validation then reports), null struct fields left out, a map as an object,
    decimals as numbers, a string holding JSON (``parse_json``) decoded."""
    if pa.types.is_struct(kind):
        fields = [(kind.field(i).name, _converter(kind.field(i).type)) for i in range(kind.num_fields)]
        if all(convert is _same for _, convert in fields):
            return _without_nulls
        return lambda value: {name: convert(value[name]) for name, convert in fields if value.get(name) is not None}
    if pa.types.is_map(kind):
        convert_item = _converter(kind.item_type)
        return lambda value: {str(key): convert_item(item) for key, item in value if item is not None}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        convert_element = _converter(kind.value_type)
        if convert_element is _same:
            return _same
        return lambda value: [None if element is None else convert_element(element) for element in value]
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_time(kind):
        return lambda value: value.isoformat()
    if pa.types.is_decimal(kind):
        return lambda value: int(value) if value == value.to_integral_value() else float(value)
    if parse_json and (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return orjson.loads
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return lambda value: value.decode("utf-8", errors="replace")
    return _same


def _same(value: Any) -> Any:
    return value


def _without_nulls(value: dict[str, Any]) -> dict[str, Any]:
    return {name: inner for name, inner in value.items() if inner is not None}
