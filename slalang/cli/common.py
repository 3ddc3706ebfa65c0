"""What several commands share: the ``--now`` option and loading a policy or exiting with its errors."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from ..api import Policy, load
from ..diagnostics import PolicyError
from ..evaluation import InstantError, parse_rfc3339
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
