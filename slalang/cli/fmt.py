"""``slalang fmt PATH... [--check] [--diff]``: rewrite policies in the canonical layout."""

from __future__ import annotations

import sys

import click

from ..fmt import FormatResult
from ..fmt.files import (
    Unreadable,
    find_policy_files,
    format_file,
    unified_diff,
    write_atomic,
)
from ..fmt.formatter import format_text
from ..output_file import remove_stale_temporaries
from ..report.findings.text import render_text, use_colour


@click.command(name="fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any would.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print the changes as a unified diff.")
def fmt(paths: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """Format policy files (a directory means every *.sla below it) in place.

    Comments are kept where they are and the meaning never changes: a file that does not
    parse is left alone and its syntax errors are printed. Exit status: 0 done (or nothing
    to change), 1 a file has syntax errors or, with --check, would change, 2 a path could
    not be read. `-` formats standard input to standard output.
    """
    files, problems = find_policy_files(paths)
    status = 0
    changed = unchanged = failed = 0
    for problem in problems:
        _unreadable(problem)
    for path in files:
        outcome = _format_stdin() if path == "-" else format_file(path)
        if isinstance(outcome, Unreadable):
            _unreadable(outcome)
            problems.append(outcome)
            continue
        if not outcome.ok:
            sources = {outcome.path: outcome.original}
            click.echo(render_text(outcome.diagnostics, sources, use_colour(sys.stderr)), err=True, nl=False, color=True)
            click.echo(f"{outcome.path}: not formatted (fix the errors above first)", err=True)
            failed += 1
            status = 1
            continue
        if path == "-" and not check and not show_diff:
            click.echo(outcome.formatted, nl=False)
            continue
        if path != "-" and not check and not show_diff:
            remove_stale_temporaries(path)  # what a killed run of fmt left beside the file
        if not outcome.changed:
            unchanged += 1
            continue
        changed += 1
        if show_diff:
            click.echo(unified_diff(outcome), nl=False)
        if check:
            click.echo(f"would reformat {outcome.path}")
            status = 1
        elif not show_diff:
            try:
                write_atomic(path, outcome.formatted or "")
            except OSError as exc:
                problems.append(Unreadable(path, exc.strerror or str(exc)))
                click.echo(f"slalang fmt: cannot write {path}: {exc.strerror or exc}; it was left as it was", err=True)
                continue
            click.echo(f"reformatted {outcome.path}", err=True)
    if problems:
        status = 2
    if files != ["-"]:
        verb = "would be reformatted" if (check or show_diff) else "reformatted"
        line = f"{_files(changed)} {verb}, {_files(unchanged)} left unchanged"
        if failed:
            line += f", {_files(failed)} with syntax errors"
        click.echo(line, err=True)
    sys.exit(status)


def _format_stdin() -> FormatResult:
    return format_text(sys.stdin.read(), "<stdin>")


def _unreadable(problem: Unreadable) -> None:
    click.echo(f"slalang fmt: cannot read {problem.path}: {problem.reason}", err=True)


def _files(count: int) -> str:
    return f"{count} file" + ("" if count == 1 else "s")
