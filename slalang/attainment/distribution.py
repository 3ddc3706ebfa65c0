"""Percentiles and histograms of time to stop (counted seconds from start to stop)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Histogram bin edges as fractions of the metric's target: ten bins up to the target,
# then wider bins past it, the last one open-ended. A bin past 1.0 holds breaches.
TARGET_FRACTION_EDGES: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0)


def percentile(sorted_values: Sequence[int], pct: float) -> int | None:
    """Nearest-rank percentile: the smallest sample with at least ``pct``% of samples <= it.

    Always an observed value (no interpolation); ``None`` for no samples.
    """
    if not sorted_values:
        return None
    if not 0 < pct <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {pct}")
    rank = max(1, math.ceil(pct / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class HistogramBin:
    """Samples with ``from_s < value <= to_s`` counted seconds (the first bin includes 0).

    ``to_s`` is None for the open-ended last bin. ``over_target`` marks bins past the target.
    """

    from_s: int
    to_s: int | None
    count: int
    over_target: bool

    def to_json(self) -> dict:
        return {"from_s": self.from_s, "to_s": self.to_s, "count": self.count, "over_target": self.over_target}


def histogram(sorted_values: Sequence[int], target_s: int) -> tuple[HistogramBin, ...]:
    """Bin samples by fraction of the target (see ``TARGET_FRACTION_EDGES``).

    Bins are right-closed so that a stop exactly on the target (met) lands in the last bin
    at or under the target, and every bin past it holds only breaches.
    """
    edges = [round(f * target_s) for f in TARGET_FRACTION_EDGES]
    counts = [0] * len(edges)  # the last slot is the open-ended bin past the final edge
    i = 0
    for value in sorted_values:
        while i < len(edges) - 1 and value > edges[i + 1]:
            i += 1
        counts[i] += 1
    bins = []
    for k in range(len(edges)):
        upper = edges[k + 1] if k + 1 < len(edges) else None
        bins.append(HistogramBin(edges[k], upper, counts[k], over_target=edges[k] >= target_s))
    return tuple(bins)
