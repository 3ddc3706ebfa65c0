"""``slalang init``: a starting policy, its tests, sample tickets and a CI recipe.

The templates are the other files of this package; ``PLAN`` says where each one goes.
Nothing is ever overwritten: if any destination exists, nothing is written at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources

from .. import __version__

VERSION_MARK = "@SLALANG_VERSION@"

# (template in this package, destination relative to the target directory)
PLAN: tuple[tuple[str, str], ...] = (
    ("support.sla", "policies/support.sla"),
    ("support_test.yaml", "policies/support_test.yaml"),
    ("sample_tickets.jsonl", "tickets/sample.jsonl"),
    ("github_workflow.yml", ".github/workflows/slalang.yml"),
)


@dataclass(frozen=True)
class ScaffoldConflict(Exception):
    """Files that already exist where the scaffold would write."""

    existing: tuple[str, ...]

    def __str__(self) -> str:
        return "already exist: " + ", ".join(self.existing)


def template_text(name: str) -> str:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return text.replace(VERSION_MARK, __version__)


def planned_paths(directory: str) -> list[str]:
    return [os.path.join(directory, *destination.split("/")) for _, destination in PLAN]


def scaffold(directory: str) -> list[str]:
    """Write the starter files below ``directory`` (created if missing); the paths written.

    Raises ScaffoldConflict, before writing anything, when any of them already exists.
    Each file is created exclusively, so a file that appears meanwhile is not overwritten
    either.
    """
    targets = planned_paths(directory)
    existing = tuple(path for path in targets if os.path.lexists(path))
    if existing:
        raise ScaffoldConflict(existing)
    written: list[str] = []
    for (template, _), target in zip(PLAN, targets, strict=True):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(template_text(template))
        except FileExistsError:
            raise ScaffoldConflict((target,)) from None
        written.append(target)
    return written
