"""``slalang compile PATH... [-o FILE]``: the validated rule objects as JSON."""

from __future__ import annotations

import json
import sys

import click

from ..compiler import compile_paths
from ..model_json import model_to_json
from ..output_file import write_file_atomically
from ..report.findings.text import render_text, use_colour
from .common import policy_path, policy_set_option


@click.command(name="compile")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default=None, metavar="FILE", help="Write the JSON to FILE (atomically) instead of standard output.")
@click.option("--compact", is_flag=True, help="Write the JSON on one line instead of indented.")
@click.option("--root", default=None, metavar="DIR", help="Policy root imports must stay inside (default: the directory given, or the file's own directory).")
@policy_set_option
def compile_command(paths: tuple[str, ...], output: str | None, compact: bool, root: str | None,
                    policy_set: str | None) -> None:
    """Compile a policy set (files, or directories of *.sla files) to JSON.

    The form is described by slalang/schemas/compiled-policy.schema.json (docs/compiled-form.md).
    Exit status: 0 compiled, 1 the policy set has errors (printed to standard error),
    2 a path could not be read or the output could not be written.
    """
    chosen = [policy_path("compile", path, policy_set) for path in paths]
    result = compile_paths(chosen, root=root)
    if result.diagnostics:
        click.echo(render_text(result.diagnostics, result.sources, use_colour(sys.stderr)), err=True, nl=False, color=True)
    if not result.ok or result.model is None:
        sys.exit(1)
    data = model_to_json(result.model)
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_file_atomically(output, text)
    except OSError as exc:
        click.echo(f"slalang compile: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
