"""The ``slalang`` command: a thin group whose subcommands live one per module."""

from __future__ import annotations

import importlib

import click

from .. import __version__

# Explicit list: command name -> "module:attribute". Loaded on first use so that
# ``slalang check`` does not import the simulator or the server.
COMMANDS: dict[str, str] = {
    "check": "slalang.cli.check:check",
    "compile": "slalang.cli.compile:compile_command",
    "eval": "slalang.cli.eval:eval_command",
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
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slalang")
def cli() -> None:
    """SLA policy as code: check, evaluate, simulate and serve service-level policies."""


def main() -> None:
    cli(prog_name="slalang")


if __name__ == "__main__":
    main()
