"""What a scenario describes: the tickets that arrive, the work they bring, the head-counts.

``scenario.py`` reads and validates a scenario file into these; ``plan.py`` works out
each arrival stream's SLA and routes from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .distributions import Distribution

CODE_YAML = "scenario-yaml"
CODE_INVALID = "scenario-invalid"
CODE_UNKNOWN = "scenario-unknown-name"


@dataclass(frozen=True)
class ArrivalStream:
    """Tickets with these attributes arrive as a Poisson stream."""

    index: int  # position in ``arrivals``
    ticket: Mapping[str, Any]
    customer: Mapping[str, Any]
    rate_per_s: float  # while ``profile`` is open, or always
    profile: str | None = None  # a calendar: arrive only while it is open
    at_s: tuple[float, ...] | None = None  # scripted arrivals (seconds after the start) instead of a rate

    @property
    def attrs(self) -> dict[str, Any]:
        return {"ticket": dict(self.ticket), "customer": dict(self.customer)}


@dataclass(frozen=True)
class WorkSpec:
    """Who delivers a metric (``resolution`` or ``sla.resolution``) and how long it takes."""

    key: str
    team: str | None  # used when the SLA's metric has no ``via`` chain
    time: Distribution
    steps: Mapping[str, Distribution] = field(default_factory=dict)  # by OLA name
    patience: Distribution | None = None  # a waiting piece is abandoned after this long


@dataclass(frozen=True)
class Accounts:
    """``accounts: {per: customer.id, count: N}``: every simulated ticket gets one of N accounts
    (1 to N, drawn at random with the scenario's seed) in the field ``per``."""

    per: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Scenario:
    name: str  # the file it came from
    start_utc: int
    duration_s: int
    seed: int | None
    arrivals: tuple[ArrivalStream, ...]
    work: Mapping[str, WorkSpec]
    staffing: Mapping[str, int] = field(default_factory=dict)
    accounts: Accounts | None = None

    def with_staffing(self, counts: Mapping[str, int]) -> Scenario:
        """The same scenario with these head-counts overriding the current ones."""
        return replace(self, staffing={**self.staffing, **counts})

    @property
    def expected_tickets(self) -> float:
        """The tickets the arrival rates bring over the scenario's duration (an estimate: an
        arrival profile's closed hours are not left out)."""
        return sum(stream.rate_per_s for stream in self.arrivals) * self.duration_s
