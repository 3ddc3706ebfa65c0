"""The ``slalang`` command: a thin group whose subcommands live one per module."""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
from typing import Any

import click

from .. import __version__
from .terminal import color_option

# Explicit list: command name -> "module:attribute". Loaded on first use so that
# ``slalang check`` does not import the simulator or the server.
COMMANDS: dict[str, str] = {
    "check": "slalang.cli.check:check",
    "compile": "slalang.cli.compile:compile_command",
    "eval": "slalang.cli.eval:eval_command",
    "due": "slalang.cli.due:due",
    "explain": "slalang.cli.explain:explain",
    "report": "slalang.cli.report:report",
    "credits": "slalang.cli.credits:credits_command",
    "availability": "slalang.cli.availability:availability_command",
    "diff": "slalang.cli.diff:diff",
    "simulate": "slalang.cli.simulate:simulate",
    "staff": "slalang.cli.staff:staff",
    "fmt": "slalang.cli.fmt:fmt",
    "test": "slalang.cli.test:test",
    "init": "slalang.cli.init:init",
    "serve": "slalang.cli.serve:serve",
    "lsp": "slalang.cli.lsp:lsp",
    "import": "slalang.cli.import_:import_group",
    "tickets": "slalang.cli.tickets:tickets_group",
    "export": "slalang.cli.export:export_group",
    "reconcile": "slalang.cli.reconcile:reconcile_group",
    "rule": "slalang.cli.rules:rule",
    "rules": "slalang.cli.rules:rules",
}

# What `slalang --help` says of each command, in one line at 80 columns (a command left out
# here shows the first sentence of its help, whole).
SUMMARIES: dict[str, str] = {
    "check": "Check a policy set: compile errors and analysis findings.",
    "compile": "Compile a policy set to JSON (the validated rule objects).",
    "eval": "Evaluate tickets: deadlines, breaches, pauses and escalations.",
    "explain": "Explain one ticket: its SLA, clock, deadlines and escalations.",
    "report": "Attainment against goals by SLA, segment, priority and month.",
    "diff": "What a policy change does to real tickets.",
    "simulate": "Simulate load against the policy's teams, with Erlang C beside it.",
    "staff": "The smallest head-count per team that meets every goal.",
    "fmt": "Format policy files in one canonical layout (comments kept).",
    "test": "Run the policy tests in *_test.yaml files.",
    "init": "Start a policy repository: a policy, its tests and a CI recipe.",
    "serve": "Serve evaluation, checks and simulation over HTTP.",
    "lsp": "Run the language server for editors.",
    "import": "Import SLA policies and business hours from a helpdesk.",
    "tickets": "Convert a helpdesk's tickets to slalang tickets (JSON Lines).",
    "export": "Export a policy set as a helpdesk's API bodies.",
    "reconcile": "Compare slalang's verdicts with a helpdesk's own.",
    "rule": "Show one analysis rule's documentation.",
    "rules": "List the analysis rules.",
}

_KEEP = "\ue000"  # stands in for a hyphen while help text is wrapped (same width)


class HelpFormatter(click.HelpFormatter):
    """Click's formatter, except that lines never break after a hyphen: ``ignore[rule-id]``,
    ``--stdin-filename`` and ``Europe/Amsterdam``-style names stay whole."""

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(text.replace("-", _KEEP))
        self._restore(start)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        start = len(self.buffer)
        super().write_dl([(a.replace("-", _KEEP), b.replace("-", _KEEP)) for a, b in rows], col_max, col_spacing)
        self._restore(start)

    def _restore(self, start: int) -> None:
        self.buffer[start:] = [chunk.replace(_KEEP, "-") for chunk in self.buffer[start:]]


class Context(click.Context):
    formatter_class = HelpFormatter


class LazyGroup(click.Group):
    context_class = Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        _dress(command, SUMMARIES.get(name))
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            close = difflib.get_close_matches(name, list(COMMANDS), n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint} (slalang --help lists them.)")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every command with its summary uncut (click shortens them to fit one line). No
        command is imported for this (a command without a summary shows the first sentence of
        its docstring, read from its source), so ``--help`` loads none of their libraries."""
        rows = []
        for name in self.list_commands(ctx):
            if name in SUMMARIES:
                rows.append((name, SUMMARIES[name]))
            else:
                rows.append((name, _docstring_command(name).get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _docstring_command(name: str) -> click.Command:
    """A stand-in for command ``name`` with only its help text (its function's docstring, read
    from the module's source without importing it)."""
    module_name, attribute = COMMANDS[name].split(":")
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:  # pragma: no cover - the package is installed
        return click.Command(name)
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read(), spec.origin)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == attribute:
            return click.Command(name, help=ast.get_docstring(node, clean=False))
    return click.Command(name)  # pragma: no cover - every command is a decorated function


def _dress(command: click.Command, summary: str | None) -> None:
    """The house help formatting, ``--color`` and the listing's summary, for a command and,
    in a group, for each of its subcommands."""
    command.context_class = Context
    if summary is not None:
        command.short_help = summary
    if not any(p.name == "color" for p in command.params):
        command.params.append(color_option())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _dress(sub, None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slalang")
def cli() -> None:
    """SLA policy as code: check, evaluate, simulate and serve service-level policies.

    Run `slalang COMMAND --help` for a command's options and exit statuses.
    """


cli.params.append(color_option())


def main() -> None:
    cli(prog_name="slalang")


if __name__ == "__main__":
    main()
