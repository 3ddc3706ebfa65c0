"""What several commands share: failing with a message, the ``--now`` option, loading a
policy (or exiting with its located errors), reading tickets, writing output, and the
terminal's colour, width and progress bar. Commands import these, never each other
(``simulation_inputs`` holds what ``simulate`` and ``staff`` share)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

import click

from ..api import Policy, load
from ..compiler.workspace import SetChoiceError, choose_policy_set, path_problem
from ..diagnostics import Diagnostic, PolicyError
from ..evaluation import InstantError, parse_rfc3339
from ..output_file import write_file_atomically
from ..report.findings.text import render_text, use_colour


def fail(command: str, message: str, code: int = 2) -> NoReturn:
    """``slalang COMMAND: message`` on standard error, then exit (2: nothing could run)."""
    click.echo(f"slalang {command}: {message}", err=True)
    sys.exit(code)


def parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A click callback: ``--now`` as UTC epoch seconds (RFC 3339 with an offset, as tickets' timestamps)."""
    if value is None:
        return None
    try:
        return parse_rfc3339(value.strip())
    except InstantError as exc:
        raise click.BadParameter(str(exc)) from None


def show_diagnostics(diagnostics: Iterable[Diagnostic], sources: dict[str, str]) -> None:
    """Located diagnostics on standard error (coloured on a terminal, or as FORCE_COLOR / --color say)."""
    click.echo(render_text(diagnostics, sources, use_colour(sys.stderr)).rstrip("\n"), err=True, color=True)


def policy_set_option(function: Any) -> Any:
    """``--set NAME``: which policy set of a directory whose slalang.toml lists ``sets``."""
    return click.option(
        "--set", "policy_set", metavar="NAME",
        help="Of a directory whose slalang.toml lists `sets`, the set NAME (default: its `default`).",
    )(function)


def policy_path(command: str, path: str, policy_set: str | None = None) -> str:
    """The one policy set ``path`` names (``--set`` or the slalang.toml ``default`` chooses
    among several); exit 2 when the path cannot be read, holds no policy file, or holds
    several sets and none is chosen: the same usage error for every command."""
    problem = path_problem(path)
    if problem is not None:
        fail(command, problem)
    try:
        return choose_policy_set(path, policy_set)
    except SetChoiceError as exc:
        fail(command, str(exc))


def load_policy(command: str, path: str, consequence: str = "", policy_set: str | None = None) -> Policy:
    """The compiled policy set at ``path`` (see ``policy_path``); on errors print them
    located and exit 2. ``consequence`` ends the message: ``"; nothing evaluated"``."""
    chosen = policy_path(command, path, policy_set)
    try:
        return load(chosen)
    except PolicyError as exc:
        show_diagnostics(exc.diagnostics, exc.sources)
        fail(command, f"{path}: the policy has errors (see above){consequence}")
    except OSError as exc:
        fail(command, f"cannot read {path}: {exc.strerror or exc}")


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
        click.echo(text, nl=False, color=True)  # coloured or not as the caller decided
        return
    try:
        write_file_atomically(output, text)
    except OSError as exc:
        fail(command, f"cannot write {output}: {exc.strerror or exc}")


@contextlib.contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Any]:
    """A rich progress bar on a terminal (standard error); a no-op elsewhere.

    Yields ``advance(fraction)`` for one run, or None when disabled.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task(label, total=1.0)

        def advance(fraction: float) -> None:
            progress.update(task, completed=fraction)

        yield advance


def rows_format(fmt: str | None, output: str | None) -> str:
    """The format of rows (``credits``, ``availability``): ``--format`` when given, else
    ``table`` on a terminal and JSON Lines elsewhere."""
    if fmt is not None:
        return fmt
    return "table" if output is None and sys.stdout.isatty() else "jsonl"
