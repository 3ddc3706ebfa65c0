"""The JSON log line's timestamp is what ``datetime`` writes, to the millisecond."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from slalang.server.access_log import utc_milliseconds


@settings(max_examples=400, deadline=None)
@given(st.floats(min_value=-2e9, max_value=4e9, allow_nan=False))
@example(1713312900.3439994)  # half a microsecond: datetime rounds the fraction half to even
@example(1.7e9 + 0.9999995)  # rounds up into the next second
@example(0.0)
@example(-0.5)
def test_the_timestamp_is_datetimes(epoch_s: float) -> None:
    expected = dt.datetime.fromtimestamp(epoch_s, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert utc_milliseconds(epoch_s) == expected
    assert utc_milliseconds(epoch_s) == expected  # from the kept second
