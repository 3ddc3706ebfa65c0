"""``slalang check PATH...``: compile and analyse a policy set, report every finding."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from ..analysis.config import split_ids
from ..analysis.result_cache import cache_wanted, run_check_cached
from ..analysis.runner import EXIT_OK, EXIT_USAGE, STDIN, CheckOptions, CheckOutcome, UsageError
from ..output_file import write_file_atomically
from .terminal import colour

FORMATS = ("text", "json", "sarif", "github")


@click.command(name="check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json, sarif (SARIF 2.1.0) or github (Actions annotations).")
@click.option("--select", metavar="IDS", help="Only these rule ids, comma-separated.")
@click.option("--ignore", metavar="IDS", help="Not these rule ids, comma-separated.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with error findings (2 still means the check could not run).")
@click.option("--statistics", is_flag=True,
              help="Instead of the findings, how many there are of each rule (text, or json with --format json).")
@click.option("--output-file", metavar="FILE", help="Write the findings to FILE (atomically) instead of standard output.")
@click.option("--stdin-filename", metavar="NAME",
              help="With `-` as the path: the name standard input is reported under; an existing policy file's "
              "imports are read beside it.")
@click.option("--set", "policy_set", metavar="NAME",
              help="Of a directory whose slalang.toml lists `sets`, check only the set NAME (default: every set).")
@click.option("--baseline", metavar="FILE", help="Report only findings not accepted by this baseline file.")
@click.option("--write-baseline", metavar="FILE", help="Accept today's findings: write them to FILE and exit 0.")
@click.option("--config", "config_file", metavar="FILE",
              help="A pyproject.toml or slalang.toml (default: the nearest one above the first PATH).")
@click.option("--no-cache", is_flag=True,
              help="Check again even when the same policy content was checked before (also: SLALANG_NO_CACHE=1).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: str | None,
    ignore: str | None,
    strict: bool,
    exit_zero: bool,
    statistics: bool,
    output_file: str | None,
    stdin_filename: str | None,
    policy_set: str | None,
    baseline: str | None,
    write_baseline: str | None,
    config_file: str | None,
    no_cache: bool,
) -> None:
    """Check a policy set: syntax and compile errors of every file, then the analysis rules.

    PATH is a policy file, a directory of them, or `-` for standard input (name it with
    --stdin-filename). A directory without policy files is a usage error, as a missing path.

    Exit status: 0 no error findings (warnings fail only with --strict; always 0 with
    --exit-zero), 1 error findings, 2 the check could not run (usage, unreadable path, bad
    configuration or baseline). Silence a finding with `# slalang: ignore[rule-id]` on its
    line or the line above; `slalang rule ID` explains a rule.

    Findings are cached per policy content in the user cache folder ($XDG_CACHE_HOME/slalang,
    else ~/.cache/slalang): a second check of unchanged files prints the same output without
    compiling. --no-cache (or SLALANG_NO_CACHE=1) checks again.
    """
    if statistics and output_format in ("sarif", "github"):
        _usage("--statistics writes text or json; use it with --format text or --format json")
    stdin_text = sys.stdin.read() if list(paths) == [STDIN] else None
    options = CheckOptions(
        paths=paths,
        config_file=config_file,
        select=split_ids(select),
        ignore=split_ids(ignore) or (),
        strict=strict,
        baseline=baseline,
        write_baseline=write_baseline,
        stdin_text=stdin_text,
        stdin_filename=stdin_filename,
        policy_set=policy_set,
    )
    try:
        outcome = run_check_cached(options, use_cache=cache_wanted(no_cache))
    except UsageError as exc:
        _usage(str(exc))
    if outcome.baseline_written is not None:
        count = outcome.baseline_written
        click.echo(f"wrote {count} finding{'s' if count != 1 else ''} to {write_baseline}", err=True)
        sys.exit(outcome.exit_status)
    to_terminal = output_file in (None, "-")
    if statistics:
        from ..report.findings.statistics import render_statistics

        text = render_statistics(outcome.diagnostics, outcome.file_count, output_format)
    else:
        text = _render(outcome, output_format, colour(sys.stdout) if to_terminal else False)
    if output_file is None or output_file == "-":
        click.echo(text, nl=False, color=True)  # coloured or not as decided above
    else:
        try:
            write_file_atomically(output_file, text)
        except OSError as exc:
            _usage(f"cannot write {output_file}: {exc.strerror or exc}")
    if output_format == "text" and outcome.suppressed_by_baseline:
        click.echo(f"({outcome.suppressed_by_baseline} accepted by the baseline not shown)", err=True)
    sys.exit(EXIT_OK if exit_zero else outcome.exit_status)


def _usage(message: str) -> NoReturn:
    click.echo(f"slalang check: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _render(outcome: CheckOutcome, output_format: str, color: bool) -> str:
    if output_format == "json":
        from ..report.findings.json import render_json

        return render_json(outcome.diagnostics)
    if output_format == "sarif":
        from ..report.findings.sarif import render_sarif

        return render_sarif(outcome.diagnostics, outcome.fingerprints())
    if output_format == "github":
        from ..report.findings.github import render_github

        return render_github(outcome.diagnostics)
    from ..report.findings.text import render_text, summary

    text = render_text(outcome.diagnostics, outcome.sources, color)
    return text + ("\n" if text else "") + summary(outcome.diagnostics, outcome.file_count) + "\n"
