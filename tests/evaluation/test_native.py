"""The compiled fast path writes exactly the bytes of the Python path, or hands the ticket back.

``slalang/evaluation/fast/scanner.pyx`` is compiled by ``pip install .``; the Python path
is the definition. Each test runs the same tickets through a ``BatchEvaluator`` with the
compiled scanner and through one without it, and compares the JSON Lines byte for byte.

These tests are the contract of the compiled path, so they do not quietly skip: where a C
compiler is present (as in CI, which installs with ``pip install '.[dev]'``), a missing or
stale compiled module is a failure. They use the module even under ``SLALANG_NATIVE=0``.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil

import orjson
import pytest
from compiled_modules import require_compiled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slalang
from slalang.evaluation import evaluate_ticket, fast
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.ticket_files import LineBlock

from .helpers import ROOT
from .strategies import cases

COMPILED = fast.load(honour_switch=False)


@pytest.fixture(autouse=True)
def compiled_module():
    """Fails when the module could be built and is not; skips only where it cannot be built."""
    return require_compiled(COMPILED, fast.unusable_reason() if COMPILED is None else "")

NOW = "2026-12-01T00:00:00Z"
NOW_S = 1796083200


def both_paths(policy, items, now_s):
    """(compiled bytes, Python bytes, tickets the compiled scanner took)."""
    compiled = BatchEvaluator(policy)
    compiled.scanner = fast.scanner_for(compiled.single.policy, compiled.single.rules, compiled.plans, COMPILED)
    assert compiled.scanner is not None
    compiled_lines = compiled.evaluate_to_lines(items, now_s)
    taken = len(compiled.scanner[0])
    python = BatchEvaluator(policy)
    python.scanner = None
    return compiled_lines, python.evaluate_to_lines(items, now_s), taken


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(max_tickets=12))
def test_random_policies_and_tickets_give_the_python_bytes(case):
    policy, tickets, now = case
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, _ = both_paths(policy, items, now)
    assert compiled_lines == python_lines
    simple = [orjson.dumps(evaluate_ticket(policy, t, now=now).to_json()) for t in tickets]
    assert compiled_lines[0] == b"\n".join(simple) + b"\n"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "solved", "open", "urgent", "priority", "customer.plan", "ticket", "customer.a.b",
                       "2026-11-30T10:00:00Z", "2026-11-30T10:00:00", "2026-02-30T10:00:00Z", "agent_reply", "field"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "status", "plan"]), inner, max_size=2),
    max_leaves=6,
)


@st.composite
def damaged(draw, ticket: dict) -> dict:
    """The ticket with one value replaced or removed somewhere (its id stays unique)."""
    ticket = copy.deepcopy(ticket)
    places: list[tuple[object, object]] = [(ticket, key) for key in ("created_at", "ticket", "customer", "events")]
    places += [(ticket["ticket"], "priority"), (ticket["ticket"], "status"), (ticket["customer"], "plan")]
    for event in ticket["events"]:
        places += [(event, key) for key in event]
    container, key = draw(st.sampled_from(places))
    if draw(st.integers(0, 4)) == 0:
        container.pop(key, None)  # type: ignore[attr-defined]
    else:
        container[key] = draw(JSON_VALUES)  # type: ignore[index]
    return ticket


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_damaged_tickets_give_the_python_bytes(data):
    policy, tickets, now = data.draw(cases(max_tickets=6))
    mixed = [data.draw(damaged(t)) if data.draw(st.booleans()) else t for t in tickets]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(mixed, start=1)]
    compiled_lines, python_lines, _ = both_paths(policy, items, now)
    assert compiled_lines == python_lines


@pytest.fixture(scope="module")
def acme_policy():
    return slalang.load(f"{ROOT}/policies/acme.sla").model


def ticket(**changes) -> dict:
    base = {
        "id": "T-1",
        "created_at": "2026-11-30T09:15:00+01:00",
        "ticket": {"priority": "high", "status": "new"},
        "customer": {"plan": "pro"},
        "events": [
            {"at": "2026-11-30T09:40:00+01:00", "type": "agent_reply"},
            {"at": "2026-11-30T10:00:00+01:00", "type": "status", "status": "pending_customer"},
            {"at": "2026-11-30T13:00:00+01:00", "type": "customer_reply"},
            {"at": "2026-11-30T13:00:00+01:00", "type": "status", "status": "open"},
        ],
    }
    base.update(changes)
    return base


AWKWARD_TIMESTAMPS = [
    "2026-11-30T09:15:00Z", "2026-11-30t09:15:00z", "2026-11-30 09:15:00+01:00", "2026-11-30T09:15:00.123456-05:00",
    "2026-11-30T09:15:00.+01:00", "2026-11-30T09:15:00", "2026-11-30T09:15:60Z", "2026-11-30T24:00:00Z",
    "2024-02-29T12:00:00Z", "2026-02-29T12:00:00Z", "1899-12-31T23:59:59Z", "1900-01-01T00:00:00+00:01",
    "2999-12-31T23:59:59-23:59", "3000-01-01T00:00:00Z", "2026-11-30T09:15:00+24:00", "2026-11-30T09:15:00+01:60",
    "2026-11-30T09:15:00+0100", "２０２６-11-30T09:15:00Z", "2026-11-30T09:15:00Z ", " 2026-11-30T09:15:00Z",
]


@pytest.mark.parametrize("stamp", AWKWARD_TIMESTAMPS)
def test_timestamps_are_read_as_the_python_path_reads_them(acme_policy, stamp):
    tickets = [ticket(created_at=stamp), ticket(id="T-2", events=[{"at": stamp, "type": "agent_reply"}])]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, _ = both_paths(acme_policy, items, NOW_S)
    assert compiled_lines == python_lines


def test_the_common_tickets_are_taken_and_the_unusual_handed_back(acme_policy):
    taken = [
        ticket(),
        ticket(id=7, events=[]),
        ticket(id="T-3", ticket=None, customer=None),
        ticket(id="T-4", events=[{"at": "2026-11-30T11:00:00+01:00", "type": "field", "field": "priority", "value": "urgent"}]),
        ticket(id="T-5", events=[{"at": "2026-11-30T11:00:00Z", "type": "field", "field": "customer.plan", "value": "free"}]),
        ticket(id="T-12", events=[{"at": "2026-11-30T10:00:00Z", "type": "agent_reply"}] * 65),
    ]
    handed_back = [
        ticket(id=True),
        ticket(id=""),
        ticket(id="T-6", created_at="2026-11-30T09:15:00"),
        ticket(id="T-7", events=[{"at": "2026-11-30T08:00:00+01:00", "type": "agent_reply"}]),  # before created_at
        ticket(id="T-8", events=[{"at": "2026-11-30T11:00:00Z", "type": "note"}]),
        ticket(id="T-9", events=[{"at": "2026-11-30T11:00:00Z", "type": "field", "field": "customer.address.city", "value": "x"}]),
        ticket(id="T-10", ticket={"priority": "critical"}),
        ticket(id="T-11", events=[{"at": "2026-11-30T11:00:00Z", "type": "field", "field": "ticket", "value": 1}]),
    ]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(taken + handed_back, start=1)]
    items.insert(3, (99, b"{not json"))
    compiled_lines, python_lines, count = both_paths(acme_policy, items, NOW_S)
    assert compiled_lines == python_lines
    assert count == len(taken)
    lines, tickets, failed = compiled_lines
    assert tickets == len(items)
    # every ticket handed back is invalid but T-9 (a nested field), which the Python path
    # evaluates; the line that is not JSON fails
    assert failed == len(handed_back) - 1 + 1


def long_incident(number: int, events: int, *, shuffled: bool = False) -> dict:
    """A ticket of ``events`` events: replies both ways, waits for the customer (pauses),
    re-prioritisations, solves and reopens, every few minutes from its creation."""
    cycle = [
        {"type": "customer_reply"},
        {"type": "agent_reply"},
        {"type": "status", "status": "pending_customer"},
        {"type": "customer_reply"},
        {"type": "status", "status": "open"},
        {"type": "field", "field": "priority", "value": "urgent"},
        {"type": "agent_reply"},
        {"type": "status", "status": "solved"},
        {"type": "customer_reply"},
        {"type": "status", "status": "open"},
        {"type": "field", "field": "customer.plan", "value": "enterprise"},
    ]
    created_s = NOW_S - 20 * 86400
    history = []
    for n in range(events):
        at_s = created_s + 600 + n * 7 * 60 - (n % 3) * 420  # some instants shared, some out of order
        history.append(dict(cycle[n % len(cycle)], at=_utc(at_s)))
    if shuffled:
        history.reverse()
    return {"id": f"L-{number}-{events}", "created_at": _utc(created_s), "ticket": {"priority": "high", "status": "new"},
            "customer": {"plan": "pro"}, "events": history}


def _utc(epoch_s: int) -> str:
    return dt.datetime.fromtimestamp(epoch_s, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("events", [63, 64, 65, 200, 1000])
def test_tickets_with_many_events_are_taken_and_give_the_python_bytes(acme_policy, events):
    tickets = [long_incident(1, events), long_incident(2, events, shuffled=True), ticket(id="short")]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, taken = both_paths(acme_policy, items, NOW_S)
    assert compiled_lines == python_lines
    assert taken == len(tickets)
    assert b'"cycles":[{' in compiled_lines[0]  # the history really has next-response cycles


def test_a_long_ticket_between_short_ones_leaves_no_trace(acme_policy):
    """The scanner's scratch grows for a long ticket and is reused by the next, short one."""
    tickets = [ticket(id="a"), long_incident(1, 3000), ticket(id="b"), long_incident(2, 70, shuffled=True), ticket(id="c")]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, taken = both_paths(acme_policy, items, NOW_S)
    assert compiled_lines == python_lines
    assert taken == len(tickets)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(max_tickets=2, min_events=60, max_events=160))
def test_random_long_histories_give_the_python_bytes(case):
    policy, tickets, now = case
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, taken = both_paths(policy, items, now)
    assert compiled_lines == python_lines


NESTED = "customer.org.billing."


@pytest.fixture(scope="module")
def nested_policy(tmp_path_factory):
    """Acme with every customer attribute one level deeper: ``customer.org.billing.plan``."""
    folder = tmp_path_factory.mktemp("nested")
    shutil.copytree(f"{ROOT}/policies", folder, dirs_exist_ok=True)
    path = folder / "acme.sla"
    path.write_text(path.read_text(encoding="utf-8").replace("customer.", NESTED), encoding="utf-8")
    return slalang.load(path).model


def nested_ticket(number: int, customer) -> dict:
    return ticket(id=f"N-{number}", customer={"org": {"billing": customer}} if customer is not ... else {"org": 5})


@pytest.mark.parametrize("customer", [
    {"plan": "enterprise"}, {"plan": "pro", "arr": 250000}, {"tags": ["vip"]}, {"plan": "free"}, {"plan": None}, {},
    {"plan": ["enterprise"]}, {"plan": {"a": 1}}, {"arr": True}, {"arr": 1e6}, ...,
])
def test_conditions_on_nested_paths_give_the_python_bytes(nested_policy, customer):
    tickets = [nested_ticket(1, customer), nested_ticket(2, customer), ticket(id="flat", customer={"plan": "enterprise"})]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, taken = both_paths(nested_policy, items, NOW_S)
    assert compiled_lines == python_lines
    assert taken == len(tickets)


def test_the_sla_choice_on_nested_paths_is_memoised(nested_policy):
    """A thousand tickets of four kinds ask the policy's conditions four times, not a thousand."""
    compiled = BatchEvaluator(nested_policy)
    calls = []
    rules = compiled.single.rules
    decide = rules.governing

    def counted(attrs):
        calls.append(1)
        return decide(attrs)

    rules.governing = counted
    compiled.scanner = fast.scanner_for(compiled.single.policy, rules, compiled.plans, COMPILED)
    plans = [{"plan": "enterprise"}, {"plan": "pro"}, {"plan": "free"}, {"plan": "pro", "arr": 250000}]
    items = [(n, orjson.dumps(nested_ticket(n, plans[n % 4]))) for n in range(1000)]
    lines, tickets, failed = compiled.evaluate_to_lines(items, NOW_S)
    assert (tickets, failed) == (1000, 0)
    assert len(calls) == 4


def both_paths_on_block(policy, data: bytes, now_s, max_item_bytes=1 << 20):
    """``block_to_lines`` with the scanner splitting and decoding the lines, and without it."""
    compiled = BatchEvaluator(policy)
    compiled.scanner = fast.scanner_for(compiled.single.policy, compiled.single.rules, compiled.plans, COMPILED)
    python = BatchEvaluator(policy)
    python.scanner = None
    block = LineBlock(7, data)
    return compiled.block_to_lines(block, max_item_bytes, now_s), python.block_to_lines(block, max_item_bytes, now_s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_a_block_of_lines_split_by_the_scanner_gives_the_python_bytes(data):
    """Blank and whitespace lines, CRLF, lines that are not JSON or are too long, no newline
    at the end: the scanner numbers and hands back each line as ``split_lines`` does."""
    policy, tickets, now = data.draw(cases(max_tickets=6))
    extras = [b"", b"  \t", b"\r", b"{not json", b"[1, 2", b'"text"', b"  " + orjson.dumps(tickets[0]) + b"\r", b"x" * 5000]
    lines = [orjson.dumps(t) for t in tickets] + data.draw(st.lists(st.sampled_from(extras), max_size=5))
    lines = data.draw(st.permutations(lines))
    block = b"\n".join(lines) + data.draw(st.sampled_from([b"", b"\n", b"\n\n"]))
    compiled, python = both_paths_on_block(policy, block, now, max_item_bytes=4000)
    assert compiled == python


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300).map(lambda data: data.replace(b"\x00", b"\n")), st.integers(0, 320), st.none() | st.integers(0, 320))
def test_counting_newlines_is_bytes_count(data, start, end):
    # ticket_files counts the lines of every block with it (line numbers in errors)
    assert COMPILED.count_newlines(data, start, end) == data.count(b"\n", start, end)
    assert COMPILED.count_newlines(bytearray(data), start, end) == data.count(b"\n", start, end)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=8) | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False), min_size=1, max_size=6,
                unique_by=repr))
def test_ticket_ids_are_written_as_the_python_path_writes_them(acme_policy, ids):
    # plain ASCII text is copied as it is; quotes, backslashes, control and other characters,
    # and numbers go through orjson, as in the Python path
    tickets = [ticket(id=value) for value in ids]
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    compiled_lines, python_lines, _ = both_paths(acme_policy, items, NOW_S)
    assert compiled_lines == python_lines
