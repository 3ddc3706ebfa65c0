"""The terminal a command writes to: colour (``--color``), width, and the zone people read
times in (``--tz``). Commands ask here; renderers take the answers as arguments."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import click

from ..report.terminal import use_colour
from ..units import zone_named

DEFAULT_WIDTH = 140
"""Tables written to a file or a pipe are laid out for this width unless ``COLUMNS`` says otherwise."""

COLOR_CHOICES = ("auto", "always", "never")


def _set_colour(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--color always|never``: set FORCE_COLOR / NO_COLOR for this run (restored after it),
    so that every stream, rich console and worker process follows one convention."""
    if value is None or value == "auto" or ctx.resilient_parsing:
        return
    saved = {name: os.environ.get(name) for name in ("NO_COLOR", "FORCE_COLOR")}

    def restore() -> None:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old

    ctx.call_on_close(restore)
    os.environ.pop("NO_COLOR" if value == "always" else "FORCE_COLOR", None)
    os.environ["FORCE_COLOR" if value == "always" else "NO_COLOR"] = "1"


def color_option() -> click.Option:
    """``--color auto|always|never``, accepted by ``slalang`` and by every command."""
    return click.Option(
        ["--color"],
        type=click.Choice(COLOR_CHOICES),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_colour,
        help="Colour: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces it), always or never.",
    )


def colour(stream: IO[Any] | None = None) -> bool:
    """Whether to colour what goes to ``stream`` (standard output by default)."""
    return use_colour(sys.stdout if stream is None else stream)


def width(output: str | None = None) -> int:
    """The width to lay tables out for: ``COLUMNS``, else the terminal's when writing to it,
    else DEFAULT_WIDTH."""
    if output not in (None, "-"):
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def table_style(output: str | None) -> tuple[bool, int]:
    """(colour, width) for a table written to ``output`` (None or ``-``: standard output)."""
    to_terminal = output in (None, "-")
    return (colour(sys.stdout) if to_terminal else False), width(output)


def stdout_console() -> Any:
    """A rich console on standard output, at ``width()``, coloured as ``colour()`` says."""
    from rich.console import Console

    color = colour(sys.stdout)
    return Console(
        width=width(), force_terminal=color, color_system="standard" if color else None, highlight=False, emoji=False
    )


def local_zone() -> dt.tzinfo:
    """This machine's zone: ``TZ`` when it names one, else /etc/localtime, else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return zone_named(name)
        except ValueError:
            pass
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with localtime.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        return ZoneInfo("UTC")


def parse_zone(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.tzinfo | None:
    """A click callback: ``--tz ZONE|local`` as a zone (None: UTC, as machine formats)."""
    if value is None:
        return None
    if value.strip().lower() == "local":
        return local_zone()
    try:
        return zone_named(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def tz_option(what: str = "tables and text") -> Any:
    """``--tz ZONE|local`` for a command whose people-facing output shows instants."""
    return click.option(
        "--tz",
        "zone",
        metavar="ZONE",
        callback=parse_zone,
        help=f"Show times in {what} in ZONE (an IANA name such as Europe/Amsterdam, or local); "
        "default UTC. JSON, JSON Lines and CSV stay in UTC.",
    )
