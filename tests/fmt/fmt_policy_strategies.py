"""Hypothesis strategies: random but valid policy texts in random layouts.

A policy is drawn as declarations (every construct of the language: header, resolved,
priorities, segments with every kind of condition, calendars with every kind of item,
teams, OLAs, escalation chains, SLAs with every kind of item (calendar choices, metric
blocks, measures with every item), credits and availabilities), each a list of tokens. The
tokens are then joined by random gaps: spaces, tabs, line breaks, blank lines and
comments, so the formatter sees layouts people write and layouts nobody would. Extra
parentheses are drawn around parts of conditions. Every drawn text compiles.
"""

from __future__ import annotations

from hypothesis import strategies as st

PRIORITY_POOL = ["urgent", "high", "normal", "low", "minor"]
STRING_FIELDS = ["customer.plan", "ticket.type", "customer.region", "status", "ticket.status"]
NUMBER_FIELDS = ["customer.arr", "customer.seats"]
LIST_FIELDS = ["customer.tags", "ticket.labels"]
BOOL_FIELDS = ["customer.active"]
WORDS = ["free", "pro", "enterprise", "vip", "eu", "open", "pending", "a b", 'say "hi"', "back\\slash"]
ZONES = ["UTC", "Europe/Amsterdam", "America/New_York", "Asia/Tokyo"]
ZONE_FIELDS = ["customer.timezone", "ticket.tz"]
BY_FIELDS = ["customer.region", "ticket.type", "ticket.status"]  # string-typed, as in STRING_FIELDS
EVENTS = ["created", "agent_reply", "customer_reply", "resolved", "reopened"]
HOLIDAYS = ["NL", "US-NY", "DE", "US-CA"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CMPS = ["==", "!=", "<", "<=", ">", ">="]
COMMENT_ALPHABET = "abc XYZ#{}()\"'-:;!é→"

# Tokens after which (or before which) no space is needed.
TIGHT = {"{", "}", "(", ")", "[", "]", ",", "->", ">", "==", "!=", "<=", ">=", "<"}


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def comment(draw) -> str:
    return "#" + draw(st.text(alphabet=COMMENT_ALPHABET, max_size=12))


@st.composite
def gap(draw, tight_ok: bool) -> str:
    choice = draw(st.integers(0, 13))
    if choice == 0 and tight_ok:
        return ""
    if choice <= 5:
        return " "
    if choice == 6:
        return "   "
    if choice == 7:
        return "\t"
    if choice == 8:
        return "\n"
    if choice == 9:
        return "\n\n\n"
    if choice == 10:
        return "\n    "
    if choice == 11:
        return "  " + draw(comment()) + "\n"
    if choice == 12:
        return "\n" + draw(comment()) + "\n"
    return "\n\n" + draw(comment()) + "\n\n"


@st.composite
def duration(draw) -> str:
    units = draw(st.lists(st.sampled_from("wdhms"), min_size=1, max_size=3, unique=True))
    units.sort(key="wdhms".index)
    return "".join(f"{draw(st.integers(1, 59))}{u}" for u in units)


@st.composite
def percent(draw, max_value: int = 200) -> str:
    whole = draw(st.integers(1, max_value))
    if whole < max_value and draw(st.booleans()):
        return f"{whole}.{draw(st.integers(1, 9))}%"
    return f"{whole}%"


@st.composite
def literal_for(draw, field: str) -> str:
    if field in NUMBER_FIELDS:
        return str(draw(st.integers(-5, 500000)))
    if field in BOOL_FIELDS:
        return draw(st.sampled_from(["true", "false"]))
    return quote(draw(st.sampled_from(WORDS)))


@st.composite
def condition(draw, depth: int, segments: list[str], priorities: list[str]) -> tuple[list[str], int]:
    """Tokens of a condition and its precedence (1 or, 2 and, 3 not, 4 atom)."""
    kind = draw(st.integers(0, 11 if depth > 0 else 8))
    if kind == 0:
        tokens, prec = [draw(st.sampled_from(["true", "false"]))], 4
    elif kind == 1 and segments:
        tokens, prec = ["segment", draw(st.sampled_from(segments))], 4
    elif kind == 2:
        tokens, prec = ["priority", draw(st.sampled_from(priorities))], 4
    elif kind == 3:
        tokens, prec = ["priority", draw(st.sampled_from(CMPS)), draw(st.sampled_from(priorities))], 4
    elif kind in (4, 1):
        field = draw(st.sampled_from(STRING_FIELDS + NUMBER_FIELDS + BOOL_FIELDS))
        op = draw(st.sampled_from(CMPS if field in NUMBER_FIELDS else ["==", "!="]))
        tokens, prec = [*field_tokens(field), op, draw(literal_for(field))], 4
    elif kind in (5, 6):
        field = draw(st.sampled_from(STRING_FIELDS + NUMBER_FIELDS))
        values = draw(st.lists(literal_for(field), min_size=1, max_size=3))
        list_tokens = ["["] + [t for i, v in enumerate(values) for t in ([","] if i else []) + [v]] + ["]"]
        negation = ["not"] if kind == 6 else []
        tokens, prec = [*field_tokens(field), *negation, "in", *list_tokens], 4
    elif kind in (7, 8):
        field = draw(st.sampled_from(LIST_FIELDS))
        tokens, prec = [*field_tokens(field), "contains", quote(draw(st.sampled_from(WORDS)))], 4
    elif kind == 9:
        inner, inner_prec = draw(condition(depth - 1, segments, priorities))
        tokens, prec = ["not", *parenthesise(draw, inner, inner_prec, 3)], 3
    else:
        op, prec = ("or", 1) if kind == 10 else ("and", 2)
        count = draw(st.integers(2, 3))
        tokens = []
        for i in range(count):
            inner, inner_prec = draw(condition(depth - 1, segments, priorities))
            tokens += ([op] if i else []) + parenthesise(draw, inner, inner_prec, prec + (1 if prec == 2 else 0))
    if prec == 4 and draw(st.integers(0, 5)) == 0:
        tokens = ["(", *tokens, ")"]
    return tokens, prec


def field_tokens(field: str) -> list[str]:
    parts = field.split(".")
    out = [parts[0]]
    for part in parts[1:]:
        out += [".", part]
    return out


def parenthesise(draw, tokens: list[str], prec: int, needed: int) -> list[str]:
    """Wrap in parentheses when precedence needs it, and now and then when it does not."""
    if prec < needed or draw(st.integers(0, 6)) == 0:
        return ["(", *tokens, ")"]
    return tokens


@st.composite
def time_ranges(draw, overnight_ok: bool) -> list[str]:
    count = draw(st.integers(1, 2))
    points = sorted(draw(st.lists(st.integers(0, 47), min_size=2 * count, max_size=2 * count, unique=True)))
    tokens: list[str] = []
    for i in range(count):
        start, end = points[2 * i], points[2 * i + 1]
        if overnight_ok and count == 1 and draw(st.booleans()):
            start, end = end, start
        tokens += ([","] if i else []) + [hhmm(start), "-", hhmm(end, allow_24=True)]
    return tokens


def hhmm(half_hours: int, allow_24: bool = False) -> str:
    if allow_24 and half_hours == 47:
        return "24:00"
    return f"{half_hours // 2:02d}:{30 * (half_hours % 2):02d}"


@st.composite
def calendar_decl(draw, name: str) -> list[str]:
    items: list[list[str]] = [["timezone", quote(draw(st.sampled_from(ZONES)))]]
    for _ in range(draw(st.integers(1, 3))):
        days: list[str] = []
        for i in range(draw(st.integers(1, 2))):
            first = draw(st.sampled_from(DAYS))
            days += ([","] if i else []) + [first]
            if draw(st.booleans()):
                days += ["-", draw(st.sampled_from(DAYS))]
        items.append(["hours", *days, *draw(time_ranges(True))])
    if draw(st.booleans()):
        items.append(["holidays", quote(draw(st.sampled_from(HOLIDAYS)))])
    for kind in draw(st.lists(st.sampled_from(["closed", "closed_day", "open"]), max_size=3)):
        date = f"2026-12-{draw(st.integers(1, 28)):02d}"
        if kind == "closed_day":
            items.append(["closed", date])
        else:
            items.append([kind, date, *draw(time_ranges(False))])
    items = draw(st.permutations(items))
    title = [quote(draw(st.sampled_from(WORDS)))] if draw(st.booleans()) else []
    return ["calendar", name, *title, "{", *[t for item in items for t in item], "}"]


@st.composite
def steps(draw, priorities: list[str]) -> list[str]:
    tokens: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        tokens += ["at", draw(percent())]
        if draw(st.booleans()):
            tokens += [draw(st.sampled_from(["+", "-"])), draw(duration())]
        for i in range(draw(st.integers(1, 2))):
            action = draw(st.integers(0, 4))
            tokens += ["and"] if i else []
            if action == 0:
                tokens += ["notify", "assignee"]
            elif action == 1:
                tokens += ["notify", "team", ".", "lead"]
            elif action == 2:
                tokens += ["notify", quote(draw(st.sampled_from(["duty@acme.example", "x@y.z"])))]
            elif action == 3:
                tokens += ["reassign", quote(draw(st.sampled_from(["escalations", "tier 2"])))]
            else:
                tokens += ["set", "priority", draw(st.sampled_from(priorities))]
    return tokens


@st.composite
def calendar_ref(draw, calendars: list[str]) -> list[str]:
    name = draw(st.sampled_from(calendars))
    kind = draw(st.integers(0, 3))
    if kind == 1:
        return [name, "in", *field_tokens(draw(st.sampled_from(ZONE_FIELDS)))]
    if kind == 2:
        return [name, "in", quote(draw(st.sampled_from(ZONES)))]
    return [name]


@st.composite
def calendar_choice(draw, calendars: list[str]) -> list[str]:
    """``calendar ...``: a name, a name in a zone, or ``by`` a field with arms and ``else``."""
    if draw(st.integers(0, 2)):
        return ["calendar", *draw(calendar_ref(calendars))]
    field = draw(st.sampled_from(BY_FIELDS))
    values = draw(st.lists(st.sampled_from(WORDS), max_size=3, unique=True))
    arms = [t for v in values for t in [quote(v), *draw(calendar_ref(calendars))]]
    return ["calendar", "by", *field_tokens(field), "{", *arms, "else", *draw(calendar_ref(calendars)), "}"]


@st.composite
def pause_item(draw, names: dict[str, list[str]], priorities: list[str]) -> list[str]:
    if draw(st.integers(0, 3)) == 0:
        return ["pause", "never"]
    tokens, _ = draw(condition(2, names["segment"], priorities))
    return ["pause", "when", *tokens]


@st.composite
def clock_block(draw, names: dict[str, list[str]], priorities: list[str], measure: bool) -> list[str]:
    """A metric's or measure's block (possibly empty); the tokens include the braces."""
    calendars = names["calendar"] + ["always"]
    items: list[list[str]] = []
    if draw(st.booleans()):
        items.append(draw(calendar_choice(calendars)))
    if draw(st.booleans()):
        items.append(draw(pause_item(names, priorities)))
    if measure:
        cycles = draw(st.booleans())
        if cycles:
            items.append(["cycles"])
        kinds = ["start", "stop"] if cycles else ["start", "stop", "resume"]
        for kind in draw(st.lists(st.sampled_from(kinds), max_size=4)):
            if draw(st.booleans()):
                items.append([kind, "on", draw(st.sampled_from(EVENTS))])
            else:
                tokens, _ = draw(condition(1, names["segment"], priorities))
                items.append([kind, "when", *tokens])
    return ["{", *[t for item in draw(st.permutations(items)) for t in item], "}"]


@st.composite
def goal_and_via(draw, names: dict[str, list[str]]) -> list[str]:
    clauses = []
    if draw(st.booleans()):
        clauses.append(["goal", draw(percent(100))])
    if names["ola"] and draw(st.booleans()):
        olas = draw(st.lists(st.sampled_from(names["ola"]), min_size=1, max_size=3))
        clauses.append(["via", *[t for i, o in enumerate(olas) for t in (["->"] if i else []) + [o]]])
    return [t for clause in draw(st.permutations(clauses)) for t in clause]


@st.composite
def sla_decl(draw, name: str, names: dict[str, list[str]], priorities: list[str]) -> tuple[list[str], list[str]]:
    """An SLA's tokens and the names of its metrics and measures."""
    items: list[list[str]] = []
    if draw(st.booleans()):
        tokens, _ = draw(condition(3, names["segment"], priorities))
        items.append(["when", *tokens])
    if draw(st.booleans()):
        items.append(draw(calendar_choice(names["calendar"] + ["always"])))
    metrics = draw(st.lists(st.sampled_from(["first_response", "next_response", "resolution"]), unique=True))
    for metric in metrics:
        item = [metric, "within", draw(duration()), *draw(goal_and_via(names))]
        if draw(st.integers(0, 2)) == 0:
            item += draw(clock_block(names, priorities, measure=False))
        items.append(item)
    measures = [f"m_{i}" for i in range(draw(st.integers(0, 2)))]
    for measure in measures:
        title = [quote(draw(st.sampled_from(WORDS)))] if draw(st.booleans()) else []
        item = ["measure", measure, *title, "within", draw(duration()), *draw(goal_and_via(names))]
        if draw(st.integers(0, 3)):
            item += draw(clock_block(names, priorities, measure=True))
        items.append(item)
    if draw(st.booleans()):
        items.append(draw(pause_item(names, priorities)))
    for metric in draw(st.lists(st.sampled_from(metrics + measures), unique=True)) if metrics + measures else []:
        if names["chain"] and draw(st.booleans()):
            items.append(["escalate", metric, "with", draw(st.sampled_from(names["chain"]))])
        else:
            items.append(["escalate", metric, "{", *draw(steps(priorities)), "}"])
    items = draw(st.permutations(items))
    title = [quote(draw(st.sampled_from(WORDS)))] if draw(st.booleans()) else []
    return ["sla", name, *title, "{", *[t for item in items for t in item], "}"], metrics + measures


@st.composite
def period_item(draw) -> list[str]:
    zone = ["in", quote(draw(st.sampled_from(ZONES)))] if draw(st.booleans()) else []
    return ["period", draw(st.sampled_from(["week", "month", "quarter", "year"])), *zone]


@st.composite
def below_items(draw, min_size: int) -> list[list[str]]:
    return [
        ["below", draw(percent(100)), "credit", draw(percent(100))]
        for _ in range(draw(st.integers(min_size, 3)))
    ]


@st.composite
def credit_decl(draw, name: str, slas: dict[str, list[str]]) -> list[str]:
    listed = draw(st.lists(st.sampled_from(sorted(slas)), min_size=1, max_size=3, unique=True))
    items = [["slas", *[t for i, s in enumerate(listed) for t in ([","] if i else []) + [s]]]]
    offered = sorted({m for s in listed for m in slas[s]})
    if offered and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(offered), min_size=1, max_size=3, unique=True))
        items.append(["metrics", *[t for i, m in enumerate(chosen) for t in ([","] if i else []) + [m]]])
    items.append(["per", *field_tokens(draw(st.sampled_from(["customer.id", "customer.account", "ticket.org"])))])
    items.append(draw(period_item()))
    items += draw(below_items(1))
    if draw(st.booleans()):
        items.append(["cap", draw(percent(100))])
    if draw(st.booleans()):
        items.append(["minimum", str(draw(st.integers(1, 50))), "runs"])
    items = draw(st.permutations(items))
    title = [quote(draw(st.sampled_from(WORDS)))] if draw(st.booleans()) else []
    return ["credit", name, *title, "{", *[t for item in items for t in item], "}"]


@st.composite
def availability_decl(draw, name: str, calendars: list[str]) -> list[str]:
    items = [["objective", draw(percent(100))], draw(period_item()), *draw(below_items(0))]
    if draw(st.booleans()):
        items.append(["calendar", draw(st.sampled_from(calendars))])
    items = draw(st.permutations(items))
    title = [quote(draw(st.sampled_from(WORDS)))] if draw(st.booleans()) else []
    return ["availability", name, *title, "{", *[t for item in items for t in item], "}"]


@st.composite
def declarations(draw) -> list[list[str]]:
    priorities = draw(st.lists(st.sampled_from(PRIORITY_POOL), min_size=2, max_size=4, unique=True))
    names: dict[str, list[str]] = {kind: [] for kind in ("calendar", "segment", "team", "ola", "chain")}
    decls: list[list[str]] = []
    if draw(st.booleans()):
        version = ["version", quote("2026.11")] if draw(st.booleans()) else []
        decls.append(["policy", quote(draw(st.sampled_from(WORDS))), *version])
    if draw(st.booleans()):
        values = draw(st.lists(st.sampled_from(["solved", "closed", "done"]), min_size=1, max_size=3, unique=True))
        decls.append(["resolved", "when", "status", "in", "[", *[t for i, v in enumerate(values) for t in ([","] if i else []) + [quote(v)]], "]"])
    decls.append(["priorities", *[t for i, p in enumerate(priorities) for t in ([">"] if i else []) + [p]]])
    for i in range(draw(st.integers(0, 2))):
        names["calendar"].append(f"cal_{i}")
        decls.append(draw(calendar_decl(f"cal_{i}")))
    calendars = names["calendar"] + ["always"]
    for i in range(draw(st.integers(0, 3))):
        tokens, _ = draw(condition(3, list(names["segment"]), priorities))
        names["segment"].append(f"seg_{i}")
        decls.append(["segment", f"seg_{i}", "when", *tokens])
    for i in range(draw(st.integers(0, 3))):
        names["team"].append(f"team_{i}")
        items = [["calendar", draw(st.sampled_from(calendars))]]
        if draw(st.booleans()):
            items.append(["agents", str(draw(st.integers(1, 40)))])
        if draw(st.booleans()):
            items.append(["lead", quote("lead@acme.example")])
        items = draw(st.permutations(items))
        decls.append(["team", f"team_{i}", "{", *[t for item in items for t in item], "}"])
    for i in range(draw(st.integers(0, 3)) if names["team"] else 0):
        names["ola"].append(f"ola_{i}")
        on = ["on", draw(st.sampled_from(calendars))] if draw(st.booleans()) else []
        decls.append(["ola", f"ola_{i}", "by", draw(st.sampled_from(names["team"])), "within", draw(duration()), *on])
    for i in range(draw(st.integers(0, 2))):
        names["chain"].append(f"chain_{i}")
        decls.append(["escalation", f"chain_{i}", "{", *draw(steps(priorities)), "}"])
    slas: dict[str, list[str]] = {}
    for i in range(draw(st.integers(1, 3))):
        tokens, slas[f"sla_{i}"] = draw(sla_decl(f"sla_{i}", names, priorities))
        decls.append(tokens)
    for i in range(draw(st.integers(0, 1))):
        decls.append(draw(credit_decl(f"credit_{i}", slas)))
    for i in range(draw(st.integers(0, 1))):
        decls.append(draw(availability_decl(f"availability_{i}", calendars)))
    return draw(st.permutations(decls))


@st.composite
def policy_texts(draw) -> str:
    """A complete policy file in a random layout."""
    decls = draw(declarations())
    out = [draw(st.sampled_from(["", "# file header\n", "\n\n"]))]
    previous: str | None = None
    for decl in decls:
        for index, token in enumerate(decl):
            if previous is not None:
                if index == 0:
                    out.append(draw(st.sampled_from(["\n", "\n\n", "\n\n\n", "\n# between\n", "  # after\n"])))
                else:
                    out.append(draw(gap(previous in TIGHT or token in TIGHT)))
            out.append(token)
            previous = token
    out.append(draw(st.sampled_from(["", "\n", "\n# the end\n", "  # trailing at end", "\n\n\n"])))
    return "".join(out)
