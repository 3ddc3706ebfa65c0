"""What several commands share: the ``--now`` option and loading a policy or exiting with its errors."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any, NoReturn

import click

from ..api import Policy, load
from ..diagnostics import PolicyError
from ..evaluation import InstantError, parse_rfc3339
from ..output_file import write_file_atomically
from ..report.findings.text import render_text, use_colour


def fail(command: str, message: str, code: int = 2) -> NoReturn:
    click.echo(f"slalang {command}: {message}", err=True)
    sys.exit(code)


def parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A click callback: ``--now`` as UTC epoch seconds (RFC 3339 with an offset required)."""
    if value is None:
        return None
    try:
        return parse_rfc3339(value.strip())
    except InstantError as exc:
        raise click.BadParameter(str(exc)) from None


def load_policy(command: str, path: str, consequence: str = "") -> Policy:
    """The compiled policy set at ``path``; on errors print them located and exit 2."""
    if not os.path.exists(path):
        fail(command, f"cannot read policy {path}: no such file or directory")
    try:
        return load(path)
    except PolicyError as exc:
        click.echo(render_text(exc.diagnostics, exc.sources, use_colour(sys.stderr)).rstrip("\n"), err=True)
        fail(command, f"{path}: the policy has errors (see above){consequence}")


def ticket_source(command: str, path: str) -> Any:
    """A path, or standard input for ``-``; exit 2 when the file cannot be read."""
    if path == "-":
        return sys.stdin.buffer
    if not os.path.exists(path) or os.path.isdir(path) or not os.access(path, os.R_OK):
        fail(command, f"cannot read tickets from {path}: no such file, a directory, or not readable")
    return path


def emit(command: str, text: str, output: str | None) -> None:
    """Write to FILE (atomically) or standard output; exit 2 when FILE cannot be written."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    try:
        write_file_atomically(output, text)
    except OSError as exc:
        fail(command, f"cannot write {output}: {exc.strerror or exc}")


def terminal_style(output: str | None) -> tuple[bool, int]:
    """(colour, width) for table output: colour and the terminal's width on a terminal."""
    if output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        return True, shutil.get_terminal_size((140, 24)).columns
    return False, 140


def rows_format(fmt: str | None, output: str | None) -> str:
    """The format of rows (``credits``, ``availability``): ``--format`` when given, else
    ``table`` on a terminal and JSON Lines elsewhere."""
    if fmt is not None:
        return fmt
    return "table" if output is None and sys.stdout.isatty() else "jsonl"
