"""What an import produces: the text of a policy set, and everything it could not carry.

An import always builds the whole policy set, writing a ``# slalang: lossy: REASON``
comment at each place where it differs from the source; ``problems`` lists the same places
located in the input. The command writes nothing when there is a problem, unless the user
accepts the losses with ``--allow-lossy``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..output_file import write_file_atomically
from .problems import Problem
from .writer import format_policy

CALENDARS_FILE = "calendars.sla"
SLAS_FILE = "slas.sla"


@dataclass(frozen=True)
class ImportResult:
    """``header`` (resolved statuses, priorities), ``calendars`` and ``slas`` are policy text."""

    vendor: str
    header: str
    calendars: tuple[str, ...]
    slas: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def faithful(self) -> bool:
        return not self.problems

    def single_file(self, name: str = "policy.sla") -> str:
        """The policy set as one formatted file."""
        parts = [self.header, *self.calendars, *self.slas]
        return format_policy("\n".join(parts), name)

    def files(self) -> dict[str, str]:
        """The policy set as a directory: ``calendars.sla`` (when there are calendars) and ``slas.sla``."""
        out = {}
        if self.calendars:
            intro = f"# Calendars imported from {self.vendor}.\n"
            out[CALENDARS_FILE] = format_policy("\n".join([intro, *self.calendars]), CALENDARS_FILE)
        out[SLAS_FILE] = format_policy("\n".join([self.header, *self.slas]), SLAS_FILE)
        return out


def write_import(result: ImportResult, output: str) -> list[str]:
    """Write ``result`` to ``output``: one file when it ends in ``.sla``, else a directory
    (made if missing). Returns the paths written."""
    if output.endswith(".sla"):
        write_file_atomically(output, result.single_file(os.path.basename(output)))
        return [output]
    os.makedirs(output, exist_ok=True)
    written = []
    for name, text in result.files().items():
        path = os.path.join(output, name)
        write_file_atomically(path, text)
        written.append(path)
    return written
