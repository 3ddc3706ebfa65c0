"""Calendars as open intervals in UTC, and counted-time arithmetic over them.

``timeline_for(calendar)`` gives the (cached, thread-safe) ``Timeline`` of a calendar; all
instants are int UTC epoch seconds. See ``wallclock`` for how local times that DST skips
or repeats are placed, and ``local_hours`` for the precedence of the calendar rules.
"""

from __future__ import annotations

from .cache import timeline_for
from .intervals import HORIZON_S
from .timeline import NO_DEADLINE, Timeline

__all__ = ["HORIZON_S", "NO_DEADLINE", "Timeline", "timeline_for"]
