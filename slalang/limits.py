"""The bounds slalang puts on what it reads, in one table (docs/limits.md lists each; a test
keeps the page in step with this table).

Each bound keeps hostile or broken input (a few hundred bytes of YAML aliases, an 8 MB file
of one token, a ticket nested a thousand deep) to a clear, located error in bounded time and
memory. The defaults are far above what a real policy, ticket file or scenario needs; each
one can be raised (or lowered) for a run with its environment variable, e.g.
``SLALANG_MAX_YAML_VALUES=1000000 slalang simulate ...``.

Limits that belong to one command are its options instead (``slalang eval
--max-ticket-bytes``, ``slalang serve --max-body`` ...); docs/limits.md lists those too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """A named bound: its default, the environment variable that overrides it, and what it counts."""

    name: str
    default: int
    what: str

    @property
    def env(self) -> str:
        return "SLALANG_" + self.name.upper()


def limit(bound: Limit) -> int:
    """The bound in force: the environment variable's whole number when it is set, else the default."""
    raw = os.environ.get(bound.env)
    if raw is None or not raw.strip():
        return bound.default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        return bound.default
    return value if value > 0 else bound.default


MAX_FILE_BYTES = Limit("max_file_bytes", 8 * 1024 * 1024, "bytes in one policy file")
MAX_TOKENS = Limit("max_tokens", 2_000_000, "tokens (words, numbers, strings, punctuation) in one policy file")
MAX_DECLARATION_TOKENS = Limit("max_declaration_tokens", 100_000, "tokens in one declaration of a policy file")
MAX_NESTING = Limit("max_nesting", 100, "levels of `and`, `or` and `not` in one condition")
MAX_DIAGNOSTICS_PER_KIND = Limit(
    "max_diagnostics_per_kind", 25, "findings of one rule (or one kind of error) reported per file"
)
MAX_YAML_BYTES = Limit("max_yaml_bytes", 8 * 1024 * 1024, "bytes in one scenario or test file")
MAX_YAML_VALUES = Limit("max_yaml_values", 250_000, "values in one YAML document once aliases are expanded")
MAX_YAML_DEPTH = Limit("max_yaml_depth", 64, "levels of nesting in a YAML document")
MAX_SIM_ARRIVALS = Limit("max_sim_arrivals", 5_000_000, "tickets a scenario is expected to bring (rates times duration)")

ALL: tuple[Limit, ...] = (
    MAX_FILE_BYTES,
    MAX_TOKENS,
    MAX_DECLARATION_TOKENS,
    MAX_NESTING,
    MAX_DIAGNOSTICS_PER_KIND,
    MAX_YAML_BYTES,
    MAX_YAML_VALUES,
    MAX_YAML_DEPTH,
    MAX_SIM_ARRIVALS,
)
