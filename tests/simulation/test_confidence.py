"""Student's t intervals for replicated simulations, checked against printed t tables."""

from __future__ import annotations

import pytest

from slalang.simulation.confidence import interval, t_cdf, t_quantile


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [(0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 4, 2.776), (0.975, 9, 2.262), (0.95, 4, 2.132),
     (0.995, 4, 4.604), (0.975, 30, 2.042), (0.975, 10_000, 1.960)],
)
def test_t_quantiles_match_the_tables(p, df, table):
    assert t_quantile(p, df) == pytest.approx(table, abs=5e-4)
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


def test_the_t_distribution_is_symmetric():
    for df in (1, 3, 17):
        assert t_cdf(0.0, df) == pytest.approx(0.5)
        assert t_cdf(-1.7, df) + t_cdf(1.7, df) == pytest.approx(1.0)


def test_interval_of_replications():
    found = interval([0.90, 0.92, 0.91, 0.93, 0.95])
    assert found.mean == pytest.approx(0.922)
    # s = 0.019235, t(0.975, 4) = 2.776: half-width 0.02388
    assert found.half_width == pytest.approx(2.776445 * 0.0192354 / 5**0.5, rel=1e-4)
    assert interval([0.5]) == interval([0.5, 0.5, 0.5]) == type(found)(0.5, 0.5, 0.5)
    with pytest.raises(ValueError):
        interval([])
