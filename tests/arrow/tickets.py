"""Tickets for the warehouse tests: realistic ones for the shipped acme policy (replies,
waits for the customer, reopens, priority changes, three offsets), a few bad ones, and the
same tickets as Arrow tables in both layouts."""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

import orjson
import pyarrow as pa

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACME = os.path.join(ROOT, "policies", "acme.sla")
NOW = "2027-01-15T00:00:00Z"
OFFSETS = ("+01:00", "Z", "-05:00")


def stamp(epoch_s: int, offset: str) -> str:
    if offset == "Z":
        return dt.datetime.fromtimestamp(epoch_s, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = 1 if offset[0] == "+" else -1
    zone = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
    return dt.datetime.fromtimestamp(epoch_s, zone).strftime("%Y-%m-%dT%H:%M:%S") + offset


def ticket(rng: random.Random, number: int) -> dict[str, Any]:
    created = 1793491200 + rng.randrange(0, 70 * 86400)  # Nov 2026 to Jan 2027: some still running at NOW
    offset = rng.choice(OFFSETS)
    customer: dict[str, Any] = {"plan": rng.choice(("enterprise", "pro", "free", "trial"))}
    if rng.random() < 0.5:
        customer["arr"] = rng.choice((0, 5000, 250000))
    if rng.random() < 0.2:
        customer["tags"] = ["vip"]
    events = []
    t = created
    if rng.random() < 0.9:
        t += rng.randrange(60, 6 * 3600)
        events.append({"at": stamp(t, offset), "type": "agent_reply"})
        if rng.random() < 0.5:
            t += rng.randrange(60, 3600)
            events.append({"at": stamp(t, offset), "type": "status", "status": "pending_customer"})
            t += rng.randrange(600, 2 * 86400)
            events.append({"at": stamp(t, offset), "type": "customer_reply"})
            events.append({"at": stamp(t, offset), "type": "status", "status": "open"})
            if rng.random() < 0.7:
                t += rng.randrange(60, 8 * 3600)
                events.append({"at": stamp(t, offset), "type": "agent_reply"})
        if rng.random() < 0.15:
            t += rng.randrange(60, 3600)
            events.append({"at": stamp(t, offset), "type": "field", "field": "priority", "value": "urgent"})
        if rng.random() < 0.8:
            t += rng.randrange(600, 3 * 86400)
            events.append({"at": stamp(t, offset), "type": "status", "status": "solved"})
            if rng.random() < 0.15:
                t += rng.randrange(3600, 86400)
                events.append({"at": stamp(t, offset), "type": "status", "status": "open"})
                t += rng.randrange(600, 86400)
                events.append({"at": stamp(t, offset), "type": "status", "status": "solved"})
    return {
        "id": f"T-{number}",
        "created_at": stamp(created, offset),
        "ticket": {"priority": rng.choice(("urgent", "high", "normal", "low")), "status": "new", "type": "question"},
        "customer": customer,
        "events": events,
    }


def good_tickets(n: int, seed: int = 17) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [ticket(rng, number) for number in range(n)]


BAD_LINES = (
    b'{"id": "B-1", "created_at": "2026-11-20T10:00:00"}',  # no offset
    b'{"id": "B-2", "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "nope"}}',  # undeclared priority
    b'{"id": "B-3"',  # not JSON
    b'{"created_at": "2026-11-20T10:00:00Z"}',  # no id
)


def json_lines(n: int, seed: int = 17, bad_every: int = 9) -> list[bytes]:
    """``n`` good tickets as JSON, with a bad line after every ``bad_every``."""
    lines: list[bytes] = []
    bad = iter(BAD_LINES * (n // bad_every + 1))
    for number, value in enumerate(good_tickets(n, seed)):
        lines.append(orjson.dumps(value))
        if number % bad_every == bad_every - 1:
            lines.append(next(bad))
    return lines


def json_table(lines: list[bytes]) -> pa.Table:
    return pa.table({"json": pa.array([line.decode() for line in lines], pa.string())})


EVENT = pa.struct([("at", pa.string()), ("type", pa.string()), ("status", pa.string()), ("field", pa.string()),
                   ("value", pa.string())])
TYPED_SCHEMA = pa.schema([
    ("id", pa.string()),
    ("created_at", pa.string()),
    ("ticket", pa.struct([("priority", pa.string()), ("status", pa.string()), ("type", pa.string())])),
    ("customer", pa.struct([("plan", pa.string()), ("arr", pa.int64()), ("tags", pa.list_(pa.string()))])),
    ("events", pa.list_(EVENT)),
    ("region", pa.string()),  # a column the tickets do not use: ignored
])


def typed_table(tickets: list[dict[str, Any]]) -> pa.Table:
    """The tickets as typed columns: structs (a missing field is null), events a list of structs."""
    rows = [dict(t, region="emea") for t in tickets]
    return pa.Table.from_pylist(rows, schema=TYPED_SCHEMA)
