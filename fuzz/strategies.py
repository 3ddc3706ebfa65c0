"""Hypothesis strategies for the fuzz targets: the shipped examples, mutated with the hostile
pieces each reader must survive. Sizes are modest by default (a test run draws a few dozen
examples in seconds); ``scale`` makes the campaign's pieces larger."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"


def _read(*parts: str) -> str:
    return POLICIES.joinpath(*parts).read_text(encoding="utf-8")


POLICY_SEEDS = (_read("acme.sla"), _read("calendars.sla"), *(p.read_text("utf-8") for p in sorted((POLICIES / "itdesk").glob("*.sla"))))
SCENARIO_SEED = _read("scenario.yaml")
TEST_SEED = _read("acme_test.yaml")
TICKET_SEEDS = tuple(_read("tickets.jsonl").splitlines())


def _runs(pieces: list[str], scale: int) -> st.SearchStrategy[str]:
    """A piece repeated: once, a few times, or many (up to ``scale`` times)."""
    return st.tuples(st.sampled_from(pieces), st.sampled_from([1, 2, 3, 17, 100, scale])).map(lambda p: p[0] * p[1])


def mutated(seeds: tuple[str, ...] | list[str], pieces: list[str], scale: int = 500) -> st.SearchStrategy[str]:
    """A seed text with a few edits: a piece inserted, a span deleted or repeated."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(list(seeds)))
        for _ in range(draw(st.integers(0, 4))):
            if not text:
                text = draw(_runs(pieces, scale))
                continue
            at = draw(st.integers(0, len(text)))
            edit = draw(st.sampled_from(["insert", "delete", "repeat", "truncate"]))
            if edit == "insert":
                text = text[:at] + draw(_runs(pieces, scale)) + text[at:]
            elif edit == "delete":
                text = text[:at] + text[at + draw(st.integers(1, 40)):]
            elif edit == "repeat":
                end = min(len(text), at + draw(st.integers(1, 60)))
                text = text[:at] + text[at:end] * draw(st.sampled_from([2, 5, 50])) + text[at:]
            else:
                text = text[:at]
        return text

    return build()


# --- policy text --------------------------------------------------------------------------------

POLICY_PIECES = [
    "(", ")", "not ", " and ", " or ", "{", "}", "[", "]", ",", "\"", "\\q", "\\", "#", "\n", "\t", "\r", " ",
    "sla x { ", "first_response within 15m ", "within ", "goal 99% ", "via a -> b ", "priority ", "priorities a > b",
    "segment s when ", "calendar c { ", "hours mon-fri 09:00-17:30", "timezone \"Mars/Base\"", "holidays \"XX\"",
    "closed 2026-02-30 ", "open 9999-12-31 10:00-24:00", "1" * 30, "9" * 5000, "15m", "0s", "99999999w", "1.5h",
    "ticket.", "customer.", "status in [", "\"\u00e9\u4e2d\U0001F600\"", "\x00", "\ufeff", "import \"../x.sla\"",
    "escalation e { at 100% notify assignee }", "at 150% + 4h notify \"a@b\"", "x" * 300, "sla",
]


def policy_texts(scale: int = 500) -> st.SearchStrategy[str]:
    return st.one_of(mutated(POLICY_SEEDS, POLICY_PIECES, scale), st.text(max_size=200))


# --- tickets ------------------------------------------------------------------------------------

INSTANTS = ["2026-11-20T16:55:00+01:00", "2026-11-20T16:55:00Z", "0001-01-01T00:00:00Z", "1900-01-01T00:00:00+14:00",
            "2999-12-31T23:59:59-12:00", "3000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T10:00:00Z",
            "2026-11-20 16:55", "2026-11-20T24:00:00Z", "2026-11-20T10:00:00.123456789123Z", "", "now"]


def _json_values(depth: int) -> st.SearchStrategy:
    scalars = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
               | st.sampled_from(["urgent", "high", "solved", "pending_customer", "priority", "customer.plan", "", "x" * 500,
                                  "agent_reply", "status", "field", *INSTANTS]))
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "type", "at", "status", "field", "value", "plan", "priority", "a"]), inner, max_size=3),
        max_leaves=depth)


@st.composite
def _ticket(draw: st.DrawFn) -> str:
    ticket = json.loads(draw(st.sampled_from(TICKET_SEEDS)))
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from(["top", "ticket", "customer", "event"]))
        key = draw(st.sampled_from(["id", "created_at", "priority", "status", "type", "plan", "tags", "at", "events",
                                    "ticket", "customer", "field", "value"]))
        value = draw(st.one_of(_json_values(8), st.sampled_from(INSTANTS)))
        holder = ticket if target == "top" else ticket.get(target if target != "event" else "events")
        if target == "event" and isinstance(holder, list) and holder:
            holder = holder[draw(st.integers(0, len(holder) - 1))]
        if isinstance(holder, dict):
            holder[key] = value
    text = json.dumps(ticket)
    nesting = draw(st.sampled_from([0, 0, 0, 5, 300, 1100]))
    if nesting:
        text = text.replace('"urgent"', "[" * nesting + '"urgent"' + "]" * nesting, 1)
    return text


@st.composite
def ticket_files(draw: st.DrawFn, scale: int = 20_000) -> bytes:
    items = draw(st.lists(_ticket(), min_size=0, max_size=6))
    layout = draw(st.sampled_from(["lines", "list", "pretty"]))
    if layout == "lines":
        text = "\n".join(items) + draw(st.sampled_from(["\n", "", "\n\n\n"]))
    elif layout == "list":
        text = "[" + ",\n".join(items) + draw(st.sampled_from(["]", "", "],", "]]"]))
    else:
        text = "\n".join(json.dumps(json.loads(i), indent=2) for i in items)
    data = text.encode()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xff", b"\xef\xbb\xbf", b"\x00", b"\"", b"{", b"]", b"\n" * 3, b" " * scale,
                                     b"a" * scale, b"[" * 2000, b'"' + b"x" * scale + b'"', b"\\"]))
        data = data[:at] + junk + data[at:]
    return data


# --- YAML -----------------------------------------------------------------------------------------

YAML_PIECES = [
    "&a ", "*a ", "<<: *a\n", "!!set ", "!!binary aGk= ", "!!timestamp ", "!!omap ", "!custom ", "!!python/object:os.system ",
    "[", "]", "{", "}", "- ", ": ", "\n", "  ", "\t", "\"", "'", "#", "? ", "|\n", ">\n", "...\n", "---\n", "%TAG ! x\n",
    "0001-01-05T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "1" * 5000, "0d", "1e308/s", "999999999999/s",
    "seed: -1\n", "staffing: {tier1: 0}\n", "from: /etc/passwd\n", "from: ../../x\n", "\x1d", "\ufeff", "null", "~",
    "dist: empirical\n", "values: []\n", "at: []\n",
]


def scenario_texts(scale: int = 500) -> st.SearchStrategy[str]:
    laughs = st.integers(1, 9).map(lambda n: 'l0: &l0 ["lol"]\n' + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, n + 1)))
    return st.one_of(mutated([SCENARIO_SEED], YAML_PIECES, scale),
                     st.tuples(laughs, mutated([SCENARIO_SEED], YAML_PIECES, scale)).map("".join))


def test_file_texts(scale: int = 500) -> st.SearchStrategy[str]:
    return mutated([TEST_SEED], YAML_PIECES, scale)


# --- server bodies --------------------------------------------------------------------------------

ROUTES = ["/v1/evaluate", "/v1/check", "/v1/simulate"]
CONTENT_TYPES = [None, "application/json", "application/yaml", "text/plain", "text/yaml", "application/x-www-form-urlencoded",
                 "application/json; charset=latin-1", "application/problem+json"]


@st.composite
def server_requests(draw: st.DrawFn) -> tuple[str, bytes, str | None]:
    route = draw(st.sampled_from(ROUTES))
    if route == "/v1/evaluate":
        tickets = [json.loads(t) if t.startswith("{") else t for t in draw(st.lists(_ticket(), max_size=3))]
        shape = draw(st.sampled_from(["tickets", "ticket", "raw"]))
        now = draw(st.one_of(st.none(), st.sampled_from(INSTANTS), _json_values(4)))
        if shape == "raw":
            body = draw(_json_values(12))
        elif shape == "ticket":
            body = {"ticket": tickets[0] if tickets else draw(_json_values(6)), "now": now}
        else:
            body = {"tickets": tickets, "now": now}
        data = json.dumps(body).encode()
    elif route == "/v1/check":
        text = draw(policy_texts(scale=200))
        data = json.dumps({"text": text, "name": draw(st.sampled_from(["p.sla", "", "\x00", "a" * 300]))}).encode() \
            if draw(st.booleans()) else text.encode("utf-8", "surrogatepass")
    else:
        data = draw(scenario_texts(scale=200)).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"[" * 3000, b"{", b"\\"])) + data[at:]
    return route, data, draw(st.sampled_from(CONTENT_TYPES))


STRATEGIES = {
    "policy": lambda: policy_texts(),
    "tickets": lambda: ticket_files(),
    "scenario": lambda: scenario_texts(),
    "policy_test": lambda: test_file_texts(),
    "server": lambda: server_requests(),
}
"""Each target's strategy (``server`` draws the arguments of ``targets.server_body`` as a tuple)."""
