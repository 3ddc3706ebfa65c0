"""``slalang check PATH...``: compile and analyse a policy set, report every finding."""

from __future__ import annotations

import sys

import click

from ..analysis.config import split_ids
from ..analysis.runner import EXIT_USAGE, CheckOptions, UsageError, run_check

FORMATS = ("text", "json", "sarif", "github")


@click.command(name="check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json, sarif (SARIF 2.1.0) or github (Actions annotations).")
@click.option("--select", metavar="IDS", help="Only these rule ids, comma-separated.")
@click.option("--ignore", metavar="IDS", help="Not these rule ids, comma-separated.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@click.option("--baseline", metavar="FILE", help="Report only findings not accepted by this baseline file.")
@click.option("--write-baseline", metavar="FILE", help="Accept today's findings: write them to FILE and exit 0.")
@click.option("--config", "config_file", metavar="FILE",
              help="A pyproject.toml or slalang.toml (default: the nearest one above the first PATH).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: str | None,
    ignore: str | None,
    strict: bool,
    baseline: str | None,
    write_baseline: str | None,
    config_file: str | None,
) -> None:
    """Check a policy set: syntax and compile errors of every file, then the analysis rules.

    Exit status: 0 no error findings (warnings fail only with --strict), 1 error findings,
    2 the check could not run (usage, unreadable path, bad configuration or baseline).
    Silence a finding with `# slalang: ignore[rule-id]` on its line or the line above.
    """
    options = CheckOptions(
        paths=paths,
        config_file=config_file,
        select=split_ids(select),
        ignore=split_ids(ignore) or (),
        strict=strict,
        baseline=baseline,
        write_baseline=write_baseline,
    )
    try:
        outcome = run_check(options)
    except UsageError as exc:
        click.echo(f"slalang check: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if outcome.baseline_written is not None:
        count = outcome.baseline_written
        click.echo(f"wrote {count} finding{'s' if count != 1 else ''} to {write_baseline}", err=True)
        sys.exit(outcome.exit_status)
    click.echo(_render(outcome, output_format), nl=False)
    if output_format == "text" and outcome.suppressed_by_baseline:
        click.echo(f"({outcome.suppressed_by_baseline} accepted by the baseline not shown)", err=True)
    sys.exit(outcome.exit_status)


def _render(outcome, output_format: str) -> str:
    if output_format == "json":
        from ..report.findings.json import render_json

        return render_json(outcome.diagnostics)
    if output_format == "sarif":
        from ..report.findings.sarif import render_sarif

        return render_sarif(outcome.diagnostics, outcome.fingerprints())
    if output_format == "github":
        from ..report.findings.github import render_github

        return render_github(outcome.diagnostics)
    from ..report.findings.text import render_text, summary, use_colour

    text = render_text(outcome.diagnostics, outcome.sources, use_colour(sys.stdout))
    return text + ("\n" if text else "") + summary(outcome.diagnostics, outcome.file_count) + "\n"
