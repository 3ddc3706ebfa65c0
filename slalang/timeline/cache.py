"""One ``Timeline`` per calendar, shared by every caller (the only mutable global here)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from ..model import Calendar
from .timeline import Timeline

MAX_CACHED_CALENDARS = 1024  # a calendar read in each of several hundred customer zones stays cached

_lock = threading.Lock()
_timelines: OrderedDict[Calendar, Timeline] = OrderedDict()


def timeline_for(calendar: Calendar) -> Timeline:
    """The timeline of ``calendar``; equal calendars share one, least recently used dropped."""
    with _lock:
        timeline = _timelines.get(calendar)
        if timeline is not None:
            _timelines.move_to_end(calendar)
            return timeline
    timeline = Timeline(calendar)  # outside the lock: may raise ValueError for a bad zone
    with _lock:
        timeline = _timelines.setdefault(calendar, timeline)
        _timelines.move_to_end(calendar)
        while len(_timelines) > MAX_CACHED_CALENDARS:
            _timelines.popitem(last=False)
        return timeline
