"""What the bridges report: a place in the input (file, line, JSON pointer) and a reason.

Every construct an import or export cannot carry, and every ticket record an adapter cannot
convert, becomes a ``Problem``: where it is, why, and what to do. A ``BridgeError`` is for
input that cannot be read at all (a file that is not JSON, a page of the wrong shape); it
carries one ``Problem`` too, so it is reported the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..evaluation.tickets import json_kind

__all__ = ["BridgeError", "Problem", "child", "json_kind", "pointer"]


def pointer(*parts: Any) -> str:
    """A JSON pointer (RFC 6901) to ``parts``: ``pointer("sla_policies", 3)`` -> ``/sla_policies/3``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def child(base: str, *parts: Any) -> str:
    """The pointer ``base`` extended by ``parts``."""
    return base + pointer(*parts)


@dataclass(frozen=True)
class Problem:
    """One thing that could not be carried across, located in its input.

    ``line`` is the line of a JSON Lines file (or of a policy file, with ``column``) and
    ``pointer`` a JSON pointer inside that line's document (or the whole file's).
    """

    source: str
    pointer: str
    reason: str
    hint: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        place = self.source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        if self.pointer:
            place += f"#{self.pointer}"
        return place

    def __str__(self) -> str:
        text = f"{self.where}: {self.reason}"
        return text + (f"\n    hint: {self.hint}" if self.hint else "")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "pointer": self.pointer}
        if self.line is not None:
            out["line"] = self.line
        if self.column is not None:
            out["column"] = self.column
        out["reason"] = self.reason
        if self.hint:
            out["hint"] = self.hint
        return out


class BridgeError(Exception):
    """Input that cannot be read at all; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
