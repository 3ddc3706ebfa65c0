"""Deadlines "+8 business hours" on Mon-Fri 09:00-17:00 Europe/Amsterdam with NL holidays.

100,000 random start instants (to the second) over 2026. slalang's vectorised
``Timeline.advance_many`` against what a user would otherwise reach for:

- pandas ``CustomBusinessHour`` (applied to tz-naive local times, as pandas requires),
- ``businesstimedelta`` (``WorkDayRule`` + ``HolidayRule(holidays.NL())``, both in the zone).

Every contender does the same work under the same rules: the same first ``--timed`` starts
(the two libraries are far too slow for 100,000 in a benchmark run), its set-up included
(slalang builds the calendar's years from scratch, pandas its offset, businesstimedelta its
rules), every library imported before any timer starts, one warm-up run on other starts,
then the best of ``--repeat`` runs, all on the same timer (CPU time; wall time beside it).
slalang is also timed on all the starts, for its own rate. Every answer of the libraries is
then compared with slalang's on those starts; disagreements are sorted into kinds and
settled by a minute-stepping reference that reads the wall clock directly.

Office hours never touch the 02:00-03:00 DST switch, so a second, small cross-check runs a
night shift (22:00-06:00 every day) from starts every 10 minutes around 2026's two DST
nights, where wall-clock hours and real hours differ.

Run: python bench/bench_business_hours.py [--starts 100000] [--timed 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import businesstimedelta as btd
import holidays
import numpy as np
import pandas as pd
import pytz

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from slalang.model import Calendar, HolidaySource, WeeklyRange
from slalang.timeline import timeline_for
from slalang.timeline.timeline import Timeline
from slalang.timeline.wallclock import wall_to_utc

ZONE_NAME = "Europe/Amsterdam"
ZONE = ZoneInfo(ZONE_NAME)
TARGET_S = 8 * 3600
YEAR_START = int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp())
YEAR_END = int(dt.datetime(2027, 1, 1, tzinfo=dt.UTC).timestamp())
NL_HOLIDAYS = holidays.country_holidays("NL", years=[2026, 2027])


@dataclass(frozen=True)
class Hours:
    """One set of business hours, as each contender spells it."""

    title: str
    calendar: Calendar
    opening: dt.time
    closing: dt.time  # before ``opening``: the shift runs past midnight
    weekdays: tuple[int, ...]
    with_holidays: bool

    def reference_open(self, instant: int) -> bool:
        """The wall clock's reading, the rules applied by hand (no DST switch near an edge)."""
        local = dt.datetime.fromtimestamp(instant, ZONE)
        time_of_day = local.time()
        if self.with_holidays and local.date() in NL_HOLIDAYS:
            return False
        if self.opening < self.closing:
            day, inside = local.date(), self.opening <= time_of_day < self.closing
        elif time_of_day >= self.opening:
            day, inside = local.date(), True
        else:  # the small hours belong to the shift that started the day before
            day, inside = local.date() - dt.timedelta(days=1), time_of_day < self.closing
        return inside and day.weekday() in self.weekdays


OFFICE = Hours(
    "Mon-Fri 09:00-17:00, NL holidays",
    Calendar(
        name="office",
        title=None,
        timezone=ZONE_NAME,
        hours=tuple(WeeklyRange(day, 9 * 60, 17 * 60) for day in range(5)),
        holidays=(HolidaySource("NL", None),),
    ),
    dt.time(9),
    dt.time(17),
    (0, 1, 2, 3, 4),
    True,
)
NIGHT_SHIFT = Hours(
    "every night 22:00-06:00",
    Calendar(
        name="nights",
        title=None,
        timezone=ZONE_NAME,
        hours=tuple(WeeklyRange(day, 22 * 60, 30 * 60) for day in range(7)),
    ),
    dt.time(22),
    dt.time(6),
    tuple(range(7)),
    False,
)


def iso(instant: int) -> str:
    return dt.datetime.fromtimestamp(instant, ZONE).isoformat()


def reference_deadline(hours: Hours, start: int, target_s: int) -> int:
    """Step minute by minute (openness only changes on whole minutes here)."""
    t, counted = start, 0
    while True:
        step = 60 - t % 60  # to the next whole minute
        if hours.reference_open(t):
            if counted + step >= target_s:
                return t + (target_s - counted)
            counted += step
        t += step


# --- the contenders ---------------------------------------------------------------------


def slalang_deadlines(hours: Hours, starts: np.ndarray) -> np.ndarray:
    """A new timeline each call, so that building the calendar's years is timed too."""
    return Timeline(hours.calendar).advance_many(starts, np.full(len(starts), TARGET_S))


def pandas_deadlines(hours: Hours, starts: np.ndarray) -> np.ndarray:
    offset = pd.offsets.CustomBusinessHour(
        n=TARGET_S // 3600,
        start=hours.opening.strftime("%H:%M"),
        end=hours.closing.strftime("%H:%M"),
        weekmask=" ".join(
            ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d] for d in hours.weekdays
        ),
        holidays=sorted(NL_HOLIDAYS) if hours.with_holidays else [],
    )
    local = pd.to_datetime(starts, unit="s", utc=True).tz_convert(ZONE_NAME).tz_localize(None)
    with warnings.catch_warnings():  # "Non-vectorized DateOffset being applied"
        warnings.simplefilter("ignore")
        shifted = local + offset
    # A wall time that does not exist becomes the first instant after the gap.
    first_occurrence = np.ones(len(shifted), dtype=bool)
    back = shifted.tz_localize(ZONE_NAME, ambiguous=first_occurrence, nonexistent="shift_forward")
    return back.as_unit("s").asi8.astype(np.int64)


def businesstimedelta_deadlines(hours: Hours, starts: np.ndarray) -> np.ndarray:
    tz = pytz.timezone(ZONE_NAME)
    rules = [
        btd.WorkDayRule(
            start_time=hours.opening,
            end_time=hours.closing,
            working_days=list(hours.weekdays),
            tz=tz,
        )
    ]
    if hours.with_holidays:
        rules.append(btd.HolidayRule(holidays.NL(), tz=tz))
    delta = btd.BusinessTimeDelta(btd.Rules(rules), seconds=TARGET_S)
    return np.array(
        [int((dt.datetime.fromtimestamp(int(s), dt.UTC) + delta).timestamp()) for s in starts],
        dtype=np.int64,
    )


CONTENDERS: dict[str, Callable[[Hours, np.ndarray], np.ndarray]] = {
    "pandas": pandas_deadlines,
    "businesstimedelta": businesstimedelta_deadlines,
}


def timed(function, hours: Hours, starts: np.ndarray, warm_up: np.ndarray, repeat: int) -> tuple[np.ndarray, float, float]:
    """The answers, and the best CPU and wall seconds of ``repeat`` runs after one warm-up run."""
    function(hours, warm_up)
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        cpu_began, began = time.process_time(), time.perf_counter()
        result = function(hours, starts)
        best_wall = min(best_wall, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - cpu_began)
    return result, best_cpu, best_wall


# --- cross-check ----------------------------------------------------------------------


def wall_clock_deadline(hours: Hours, start: int) -> int:
    """The deadline when counting wall-clock hours on naive local times (DST ignored)."""
    naive = dataclasses.replace(hours.calendar, name=hours.calendar.name + "_naive", timezone="UTC")
    local = dt.datetime.fromtimestamp(start, ZONE).replace(tzinfo=None)
    as_utc = int(local.replace(tzinfo=dt.UTC).timestamp())
    reached = timeline_for(naive).advance(as_utc, TARGET_S)
    return wall_to_utc(ZONE, dt.datetime.fromtimestamp(reached, dt.UTC).replace(tzinfo=None))


def classify(hours: Hours, start: int, theirs: int, ours: int) -> str:
    """What kind of disagreement, after asking the reference who is right."""
    truth = reference_deadline(hours, start, TARGET_S)
    timeline = timeline_for(hours.calendar)
    if ours != truth:
        return "slalang wrong"

    def rolled(deadline: int) -> int:  # a deadline on a closing moved to the next opening
        return deadline if timeline.is_open(deadline) else timeline.next_open(deadline)

    if theirs == rolled(truth):
        return f"they roll a deadline on a {hours.closing:%H:%M} closing to the next opening"
    explanations = []
    if timeline.is_open(start):
        rest_of_shift_end = timeline.open_intervals(start, start + 86400)[0][1]
        skipped = timeline.advance(timeline.next_open(rest_of_shift_end), TARGET_S)
        if theirs == skipped:
            explanations.append("they skip the rest of a shift that began the day before")
    wall = wall_clock_deadline(hours, start)
    if theirs in (wall, rolled(wall)):
        explanations.append("they count wall-clock hours, not real ones, across a DST switch")
    if explanations:  # near a switch, both mistakes can land on the same instant
        return " / ".join(explanations)
    if hours.with_holidays and dt.datetime.fromtimestamp(start, ZONE).date() in NL_HOLIDAYS:
        return "they are wrong for a start on a holiday"
    return "they are wrong (other)"


def cross_check(hours: Hours, name: str, starts: np.ndarray, theirs: np.ndarray, ours: np.ndarray):
    differing = np.flatnonzero(theirs != ours)
    print(f"  {name}: {len(differing)} of {len(starts)} deadlines differ from slalang's")
    kinds: Counter[str] = Counter()
    examples: dict[str, int] = {}
    for i in differing:
        kind = classify(hours, int(starts[i]), int(theirs[i]), int(ours[i]))
        kinds[kind] += 1
        examples.setdefault(kind, int(i))
    for kind, count in kinds.most_common():
        i = examples[kind]
        truth = reference_deadline(hours, int(starts[i]), TARGET_S)
        print(f"    {count:6d}  {kind}")
        print(
            f"            e.g. start {iso(int(starts[i]))}: {name} {iso(int(theirs[i]))}, "
            f"slalang {iso(int(ours[i]))}, reference {iso(truth)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=100_000)
    parser.add_argument("--timed", type=int, default=2000, help="starts every contender is timed on")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per contender (the best counts)")
    parser.add_argument(
        "--reference", type=int, default=300, help="starts checked by the reference"
    )
    args = parser.parse_args()

    rng = np.random.default_rng(2026)
    starts = rng.integers(YEAR_START, YEAR_END, size=args.starts, dtype=np.int64)
    warm_up = rng.integers(YEAR_START, YEAR_END, size=50, dtype=np.int64)
    common = starts[: args.timed]
    subsets = {name: common for name in CONTENDERS}

    ours, all_cpu, all_wall = timed(slalang_deadlines, OFFICE, starts, warm_up, args.repeat)
    answers: dict[str, np.ndarray] = {}
    rows = {"slalang advance_many": timed(slalang_deadlines, OFFICE, common, warm_up, args.repeat)[1:]}
    for name, function in CONTENDERS.items():
        answers[name], cpu, wall = timed(function, OFFICE, common, warm_up, args.repeat)
        rows[{"pandas": "pandas CustomBusinessHour"}.get(name, name)] = (cpu, wall)

    print(f"+8 business hours, {OFFICE.title}, {ZONE_NAME}")
    print(f"every contender: the same {len(common):,} random starts in 2026, set-up included, after a warm-up,"
          f" best of {args.repeat}")
    print(f"{'':28s}{'CPU s':>9s}{'wall s':>9s}{'deadlines/CPU-s':>17s}{'slalang faster':>16s}")
    ours_cpu = rows["slalang advance_many"][0]
    for name, (cpu, wall) in rows.items():
        print(f"{name:28s}{cpu:9.4f}{wall:9.4f}{len(common) / cpu:17,.0f}{cpu / ours_cpu:15,.0f}x")
    print(f"slalang on all {len(starts):,} starts: {all_cpu:.3f} s CPU ({len(starts) / all_cpu:,.0f} deadlines per"
          f" CPU-second; {all_wall:.3f} s wall), the calendar's years built inside the timer")

    sample = rng.choice(len(starts), size=min(args.reference, len(starts)), replace=False)
    wrong = [i for i in sample if reference_deadline(OFFICE, int(starts[i]), TARGET_S) != ours[i]]
    print(f"\nCross-check ({OFFICE.title}); the minute reference settles every disagreement")
    print(f"  slalang vs the reference on {len(sample)} random starts: {len(wrong)} differ")
    for name in CONTENDERS:
        count = len(subsets[name])
        cross_check(OFFICE, name, subsets[name], answers[name], ours[:count])

    nights = [dt.datetime(2026, 3, 27, tzinfo=ZONE), dt.datetime(2026, 10, 23, tzinfo=ZONE)]
    dst_starts = np.concatenate(
        [np.arange(int(n.timestamp()), int(n.timestamp()) + 3 * 86400, 600) for n in nights]
    ).astype(np.int64)
    ours_dst = slalang_deadlines(NIGHT_SHIFT, dst_starts)
    wrong = [
        i
        for i in range(len(dst_starts))
        if reference_deadline(NIGHT_SHIFT, int(dst_starts[i]), TARGET_S) != ours_dst[i]
    ]
    print(f"\nCross-check ({NIGHT_SHIFT.title}), {len(dst_starts)} starts around the DST nights")
    print(f"  slalang vs the reference: {len(wrong)} differ")
    for name, function in CONTENDERS.items():
        cross_check(NIGHT_SHIFT, name, dst_starts, function(NIGHT_SHIFT, dst_starts), ours_dst)


if __name__ == "__main__":
    main()
