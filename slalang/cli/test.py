"""``slalang test PATH... [-k NAME] [--junit FILE]``: run the policy tests in ``*_test.yaml``."""

from __future__ import annotations

import sys

import click

from ..policytest import run_tests
from ..report.policytest import junit_xml, render_run
from .terminal import colour


@click.command(name="test")
@click.argument("paths", nargs=-1)
@click.option("-k", "keywords", multiple=True, metavar="TEXT",
              help="Run only the cases whose name contains TEXT (case-insensitive); repeat for any of several.")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the results as JUnit XML to this file, for CI.")
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
def test(paths: tuple[str, ...], keywords: tuple[str, ...], junit_path: str | None, verbose: bool) -> None:
    """Run policy tests: each case evaluates a ticket and compares the output with `expect`.

    PATH is a test file or a directory (every *_test.yaml below it); default: the current
    directory. A failing case is shown with its file:line, what was expected and what came
    out, and the explain trace of the ticket. Exit status: 0 every case passed; 1 a case failed, a test file has no case,
    or a policy does not compile; 2 a test file is malformed or a path does not exist.
    """
    run = run_tests(list(paths) or ["."], keywords)
    click.echo(render_run(run, verbose, colour(sys.stdout)), nl=False, color=True)
    if junit_path:
        try:
            with open(junit_path, "w", encoding="utf-8") as handle:
                handle.write(junit_xml(run))
        except OSError as exc:
            click.echo(f"slalang test: cannot write {junit_path}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    sys.exit(run.exit_code)
