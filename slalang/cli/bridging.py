"""What the helpdesk commands (import, export, tickets, reconcile) share: pulling options,
reading inputs from files or over HTTPS, and printing located problems."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import click

from ..bridges.http import Connection, PullError
from ..bridges.pages import Document, read_documents
from ..bridges.problems import BridgeError, Problem
from .common import fail


def pull_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--url``, ``--token-env``, ``--ca-bundle`` and ``--timeout``."""
    options = [
        click.option("--url", metavar="URL", help="Pull over HTTPS from this account (https://acme.zendesk.com) instead of files."),
        click.option("--token-env", metavar="VAR",
                     help="The environment variable holding the API token (user:secret is sent as Basic, else Bearer)."),
        click.option("--ca-bundle", metavar="FILE", help="PEM certificates to trust for --url (a private CA)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
                     help="Seconds to wait for each answer from --url."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def connection(command: str, url: str, token_env: str | None, ca_bundle: str | None, timeout: float) -> Connection:
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            fail(command, f"--token-env {token_env}: the environment variable is not set or empty")
    try:
        return Connection(url, token, ca_bundle, timeout)
    except PullError as exc:
        fail(command, str(exc))


def read_input(command: str, path: str) -> list[Document]:
    try:
        return read_documents(path)
    except BridgeError as exc:
        fail(command, str(exc.problem))


def pull(command: str, conn: Connection, path: str) -> list[Document]:
    try:
        return conn.pull(path)
    except PullError as exc:
        fail(command, str(exc))


def print_problems(problems: Sequence[Problem], intro: str) -> None:
    click.echo(intro, err=True)
    for problem in problems:
        click.echo("  " + str(problem).replace("\n", "\n  "), err=True)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
