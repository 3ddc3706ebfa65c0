"""``slalang rules`` and ``slalang rule ID``: the analysis rules' documentation in the terminal."""

from __future__ import annotations

import difflib
import json
import sys

import click

from ..analysis.docs import rule_page, rule_summary
from ..analysis.rules import COMPILE_CODES, RULES


@click.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json: a list of {id, severity, summary}.")
def rules(fmt: str) -> None:
    """List the analysis rules: id, default severity and what each finds.

    `slalang rule ID` shows one rule's page (with a bad and a good example); the same pages
    are in docs/rules/. Exit status: 0.
    """
    entries = [{"id": r.ID, "severity": r.SEVERITY.value, "summary": rule_summary(r)} for r in RULES]
    if fmt == "json":
        click.echo(json.dumps(entries, indent=2))
        return
    width = max(len(e["id"]) for e in entries)
    for e in entries:
        click.echo(f"{e['id']:<{width}}  {e['severity']:<7}  {e['summary']}")
    click.echo(f"\nParse and compile errors (always errors): {', '.join(COMPILE_CODES)}.")
    click.echo("Show one rule with `slalang rule ID`.")


@click.command(name="rule")
@click.argument("rule_id", metavar="ID")
def rule(rule_id: str) -> None:
    """Show the documentation of the analysis rule ID: what it finds, a bad and a good example,
    and how to silence or configure it.

    Exit status: 0 shown; 2 no rule has that id (the closest ids are suggested).
    """
    for candidate in RULES:
        if candidate.ID == rule_id:
            click.echo(rule_page(candidate), nl=False)
            return
    if rule_id in COMPILE_CODES:
        click.echo(
            f"`{rule_id}` is a parse or compile error, not an analysis rule: it is always an error, "
            "and the message, hint and caret say what to fix. See docs/language.md."
        )
        return
    known = [r.ID for r in RULES] + list(COMPILE_CODES)
    close = difflib.get_close_matches(rule_id, known, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; `slalang rules` lists them"
    click.echo(f"slalang rule: no rule {rule_id!r}{hint}", err=True)
    sys.exit(2)
