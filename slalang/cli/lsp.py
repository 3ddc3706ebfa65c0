"""``slalang lsp``: the language server, speaking LSP over standard input and output."""

from __future__ import annotations

import logging
import sys

import click


@click.command(name="lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only transport).")
@click.option("--log-file", metavar="FILE", help="Write the server's log here (default: standard error).")
@click.option("--verbose", "-v", is_flag=True, help="Log each request, not only problems.")
@click.option("--debounce-ms", type=click.IntRange(0, 10_000), default=300, show_default=True,
              help="Wait this long after the last edit before checking the policy set again.")
def lsp(stdio: bool, log_file: str | None, verbose: bool, debounce_ms: int) -> None:
    """Run the slalang language server for editors (VS Code, Neovim, Helix, ...).

    Diagnostics from the compiler and `check` as you type, hover, go to definition,
    references, outline, formatting, quick fixes and completion. See docs/editors.md.

    Exit status: 0 when the editor shuts it down; 2 when its library (pygls) is not installed.
    """
    try:
        from ..lsp.server import build_server
    except ImportError as exc:  # pygls is an extra: `pip install 'slalang[lsp]'`
        click.echo(f"slalang lsp: the language server needs pygls ({exc.name or exc} is not installed); "
                   "install it with: pip install 'slalang[lsp]'", err=True)
        sys.exit(2)
    handler: logging.Handler
    handler = logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    build_server(debounce_ms / 1000).start_io()
