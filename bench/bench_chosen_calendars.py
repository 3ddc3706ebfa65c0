"""Calendars chosen from the ticket: ``office in customer.timezone`` for customers in 300 zones.

    python bench/bench_chosen_calendars.py            # 100,000 tickets
    python bench/bench_chosen_calendars.py --n 20000  # scaled down

Generates tickets for ``policies/global/global.sla`` whose customers name one of 300 IANA
zones (the ``paying`` SLA reads office hours in the customer's zone, ``enterprise_standard``
chooses the calendar by region and measures agent work), evaluates them with
``evaluate_file`` in this process, and prints tickets/s and how many timelines were built:
each (calendar, zone) once, not once per ticket. For the policies that use none of these
constructs, ``bench_eval.py`` is the comparison (they take the same path as before).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time

import orjson

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

POLICY = os.path.join(ROOT, "policies", "global", "global.sla")
NOW = "2027-01-15T00:00:00Z"


def write_tickets(path: str, n: int, zones: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "wb") as out:
        for number in range(n):
            created = 1793491200 + rng.randrange(0, 60 * 86400)
            plan = rng.choice(("pro", "enterprise"))
            customer = {"plan": plan, "timezone": rng.choice(zones), "region": rng.choice(("emea", "amer", "apac"))}
            events = [{"at": created + rng.randrange(60, 7200), "type": "agent_reply"}]
            if rng.random() < 0.5:
                events.append({"at": created + rng.randrange(7200, 86400), "type": "status", "status": "solved"})
            ticket = {
                "id": f"Z-{number}", "created_at": _z(created), "ticket": {"priority": "normal", "status": "new"},
                "customer": customer, "events": [{**e, "at": _z(e["at"])} for e in events],
            }
            out.write(orjson.dumps(ticket) + b"\n")


def _z(epoch_s: int) -> str:
    return dt.datetime.fromtimestamp(epoch_s, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()

    import slalang
    from slalang.evaluation import evaluate_file
    from slalang.timeline import timeline as timeline_module
    from slalang.zones import bundled_zones

    zones = sorted(z for z in bundled_zones() if "/" in z and not z.startswith("Etc/"))[:300]
    built = 0
    original = timeline_module.Timeline.__init__

    def counting(self, calendar):  # type: ignore[no-untyped-def]
        nonlocal built
        built += 1
        original(self, calendar)

    timeline_module.Timeline.__init__ = counting  # type: ignore[method-assign]
    policy = slalang.load(POLICY)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tickets.jsonl")
        write_tickets(path, args.n, zones)
        started = time.perf_counter()
        summary = evaluate_file(policy, path, lambda data: None, now=NOW, jobs=1)
        elapsed = time.perf_counter() - started
    print(f"{summary.tickets} tickets, customers in {len(zones)} zones: {summary.tickets / elapsed:,.0f} tickets/s")
    print(f"timelines built: {built} (at most one per calendar and zone)")


if __name__ == "__main__":
    main()
