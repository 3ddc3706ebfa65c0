"""Handling-time and patience distributions, sampled in whole arrays from a seeded Generator.

Every sampler draws from ``numpy.random.Generator`` (PCG64) with one vectorised call, so a
stream of draws depends only on the seed and the number of draws, never on the order in
which the event loop happens to use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Exponential:
    mean_s: float

    def sample(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return rng.exponential(self.mean_s, count)


@dataclass(frozen=True)
class LogNormal:
    """Log-normal with the given mean and standard deviation of the time itself."""

    mean_s: float
    sd_s: float

    @property
    def sigma(self) -> float:
        return math.sqrt(math.log1p((self.sd_s / self.mean_s) ** 2))

    @property
    def mu(self) -> float:
        return math.log(self.mean_s) - self.sigma**2 / 2

    def sample(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return rng.lognormal(self.mu, self.sigma, count)


@dataclass(frozen=True)
class Fixed:
    value_s: float

    @property
    def mean_s(self) -> float:
        return self.value_s

    def sample(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return np.full(count, float(self.value_s))


@dataclass(frozen=True)
class Empirical:
    """Resampled with replacement from observed times (seconds)."""

    values_s: tuple[float, ...]
    source: str = "values"

    @property
    def mean_s(self) -> float:
        return math.fsum(self.values_s) / len(self.values_s)

    def sample(self, rng: np.random.Generator, count: int) -> np.ndarray:
        pool = np.asarray(self.values_s, dtype=np.float64)
        return pool[rng.integers(0, len(pool), count)]



Distribution = Exponential | LogNormal | Fixed | Empirical
