"""What the commands that read tickets share about Parquet (docs/warehouse.md): telling a
Parquet input or output from its name, and reading Parquet tickets. pyarrow is imported
only when a Parquet file is named, so the other commands start as fast without it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import click

from ..arrow.paths import is_parquet_input, parquet_files
from ..evaluation import read_tickets
from ..output_file import write_file_atomically
from .common import fail

__all__ = ["is_parquet_input", "is_parquet_output", "check_parquet_input", "parquet_output", "require_arrow",
           "ticket_items", "write_parquet_rows"]


def is_parquet_output(path: str | None) -> bool:
    return path is not None and path != "-" and path.lower().endswith(".parquet")


def parquet_output(command: str, output: str | None) -> bool:
    """True when ``-o`` names a Parquet file (its name ends in .parquet). Exit 2 when
    ``--format`` was given too (it does not apply), or when pyarrow is missing."""
    if not is_parquet_output(output):
        return False
    if click.get_current_context().get_parameter_source("fmt") != click.core.ParameterSource.DEFAULT:
        fail(command, f"{output} is written as Parquet (its name ends in .parquet); --format does not apply")
    require_arrow(command)
    return True


def write_parquet_rows(command: str, output: str, rows: Sequence[Mapping[str, Any]], table: str | None = None) -> None:
    """The command's JSON rows as its Parquet table (``arrow.tables``; ``table`` names another
    of its tables, such as report's ``breaches``), written atomically to OUTPUT; exit 2 when
    it cannot be written."""
    from ..arrow.tables import TABLES, parquet_bytes

    try:
        write_file_atomically(output, parquet_bytes(rows, TABLES[table or command]))
    except OSError as exc:
        fail(command, f"cannot write {output}: {exc.strerror or exc}")


def require_arrow(command: str) -> None:
    """Exit 2 with what to install when pyarrow is missing."""
    try:
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        fail(command, "Parquet needs pyarrow: pip install 'slalang[arrow]'")


def check_parquet_input(command: str, path: str) -> None:
    """Exit 2 unless every file of the Parquet input is readable and has a ticket layout."""
    require_arrow(command)
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from ..arrow.tickets import layout_of

    try:
        files = parquet_files(path)
    except OSError:
        fail(command, f"cannot read tickets from {path}: no Parquet file found")
    for name in files:
        try:
            layout_of(pq.read_schema(name))
        except OSError as exc:
            fail(command, f"cannot read tickets from {name}: {exc.strerror or exc}")
        except pa.ArrowInvalid as exc:
            fail(command, f"cannot read tickets from {name}: not a Parquet file ({exc})")
        except ValueError as exc:
            fail(command, f"{name}: {exc}")


def ticket_items(command: str, path: str) -> Iterator[tuple[int, Any]]:
    """``(line or row, decoded ticket or InputError)`` for every ticket of TICKETS: a Parquet
    input (rows numbered from 1 across its files) or a JSON ticket file (``-``: standard input);
    exit 2 when it cannot be read."""
    if is_parquet_input(path):
        check_parquet_input(command, path)
        from ..arrow.parquet import read_parquet_tickets

        return read_parquet_tickets(path)
    if path == "-":
        return read_tickets(sys.stdin.buffer)
    if not os.path.exists(path) or not os.access(path, os.R_OK):
        fail(command, f"cannot read tickets from {path}: no such file, or not readable")
    return read_tickets(path)
