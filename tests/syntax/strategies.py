"""Hypothesis strategies that write valid policy text (random layout, comments included)."""

from __future__ import annotations

from hypothesis import strategies as st

KEYWORDS = {
    "sla",
    "calendar",
    "segment",
    "team",
    "ola",
    "escalation",
    "priorities",
    "policy",
    "resolved",
    "import",
    "when",
    "within",
    "on",
    "by",
    "at",
    "and",
    "or",
    "not",
    "in",
    "contains",
    "true",
    "false",
    "with",
    "measure",
    "start",
    "stop",
    "resume",
    "cycles",
    "never",
    "else",
    "credit",
    "availability",
    "slas",
    "metrics",
    "per",
    "period",
    "below",
    "cap",
    "minimum",
    "runs",
    "objective",
}
# Keywords are names wherever only a name can stand (`segment when when true` is valid).
names = st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), st.sampled_from(sorted(KEYWORDS)))
strings = st.text(st.characters(codec="utf-8", exclude_characters='"\\\n\r'), max_size=12).map(lambda s: f'"{s}"')
durations = st.tuples(
    st.lists(st.sampled_from("wdhms"), min_size=1, max_size=5, unique=True),
    st.lists(st.integers(0, 999), min_size=5, max_size=5),
).map(lambda d: "".join(f"{n}{u}" for u, n in zip(sorted(d[0], key="wdhms".index), d[1], strict=False)))
percents = st.one_of(st.integers(0, 200).map(str), st.floats(0, 100, allow_nan=False).map(lambda f: f"{f:.1f}")).map(
    lambda s: s + "%"
)
times = st.tuples(st.integers(0, 29), st.integers(0, 99)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")
time_ranges = st.tuples(times, times).map(lambda r: f"{r[0]}-{r[1]}")
days = st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
day_ranges = st.one_of(days, st.tuples(days, days).map(lambda d: f"{d[0]}-{d[1]}"))
dates = st.tuples(st.integers(1970, 2100), st.integers(0, 13), st.integers(0, 32)).map(
    lambda d: f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"
)
numbers = st.one_of(
    st.integers(-(10**6), 10**6).map(str), st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: f"{f:.3f}")
)
literals = st.one_of(strings, numbers, st.sampled_from(["true", "false"]))
paths = st.one_of(
    st.just("status"),
    st.tuples(st.sampled_from(["ticket", "customer"]), st.lists(names, min_size=1, max_size=3)).map(
        lambda p: p[0] + "." + ".".join(p[1])
    ),
)
cmps = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
lists = st.lists(literals, min_size=1, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")

atoms = st.one_of(
    st.sampled_from(["true", "false"]),
    names.map(lambda n: f"segment {n}"),
    names.map(lambda n: f"priority {n}"),
    st.tuples(cmps, names).map(lambda t: f"priority {t[0]} {t[1]}"),
    st.tuples(paths, cmps, literals).map(" ".join),
    st.tuples(paths, lists).map(lambda t: f"{t[0]} in {t[1]}"),
    st.tuples(paths, lists).map(lambda t: f"{t[0]} not in {t[1]}"),
    st.tuples(paths, literals).map(lambda t: f"{t[0]} contains {t[1]}"),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        inner.map(lambda c: f"not {c}"),
        inner.map(lambda c: f"({c})"),
        st.lists(inner, min_size=2, max_size=3).map(" and ".join),
        st.lists(inner, min_size=2, max_size=3).map(" or ".join),
    ),
    max_leaves=8,
)
actions = st.one_of(
    st.just("notify assignee"),
    st.just("notify team.lead"),
    strings.map(lambda s: f"notify {s}"),
    strings.map(lambda s: f"reassign {s}"),
    names.map(lambda n: f"set priority {n}"),
)
steps = st.tuples(
    percents,
    st.one_of(st.just(""), st.tuples(st.sampled_from("+-"), durations).map(lambda o: f" {o[0]} {o[1]}")),
    st.lists(actions, min_size=1, max_size=3),
).map(lambda s: f"at {s[0]}{s[1]} " + " and ".join(s[2]))
metrics = st.tuples(
    st.sampled_from(["first_response", "next_response", "resolution"]),
    durations,
    st.one_of(st.just(""), percents.map(lambda p: f" goal {p}")),
    st.one_of(st.just(""), st.lists(names, min_size=1, max_size=3).map(lambda v: " via " + " -> ".join(v))),
).map(lambda m: f"{m[0]} within {m[1]}{m[2]}{m[3]}")
calendar_items = st.one_of(
    strings.map(lambda s: f"timezone {s}"),
    st.tuples(st.lists(day_ranges, min_size=1, max_size=3), st.lists(time_ranges, min_size=1, max_size=3)).map(
        lambda h: f"hours {','.join(h[0])} {', '.join(h[1])}"
    ),
    strings.map(lambda s: f"holidays {s}"),
    st.tuples(dates, st.lists(time_ranges, max_size=2)).map(lambda c: f"closed {c[0]} {', '.join(c[1])}"),
    st.tuples(dates, st.lists(time_ranges, min_size=1, max_size=2)).map(lambda c: f"open {c[0]} {', '.join(c[1])}"),
)
# Calendar choices: a name (`by` included: `calendar by` before anything but a field names a
# calendar), a name read in a zone, or `by` a field with arms.
field_paths = paths.filter(lambda p: p != "status")
calendar_refs = st.one_of(
    names,
    st.tuples(names, field_paths).map(lambda r: f"{r[0]} in {r[1]}"),
    st.tuples(names, strings).map(lambda r: f"{r[0]} in {r[1]}"),
)
calendar_choices = st.one_of(
    calendar_refs,
    st.tuples(
        paths, st.lists(st.tuples(st.one_of(literals, st.just("else")), calendar_refs), max_size=3)
    ).map(lambda b: f"by {b[0]} {{ " + " ".join(f"{v} {c}" for v, c in b[1]) + " }"),
)
pauses = st.one_of(st.just("pause never"), conditions.map(lambda c: f"pause when {c}"))
triggers = st.tuples(
    st.sampled_from(["start", "stop", "resume"]),
    st.one_of(names.map(lambda n: f"on {n}"), conditions.map(lambda c: f"when {c}")),
).map(" ".join)
clock_items = st.one_of(calendar_choices.map(lambda c: f"calendar {c}"), pauses, triggers, st.just("cycles"))
clock_blocks = st.one_of(st.just(""), st.lists(clock_items, max_size=4).map(lambda b: " { " + " ".join(b) + " }"))
goal_via = st.tuples(
    st.one_of(st.just(""), percents.map(lambda p: f" goal {p}")),
    st.one_of(st.just(""), st.lists(names, min_size=1, max_size=3).map(lambda v: " via " + " -> ".join(v))),
    st.booleans(),
).map(lambda g: g[0] + g[1] if g[2] else g[1] + g[0])
measures = st.tuples(names, st.one_of(st.just(""), strings.map(lambda s: f" {s}")), durations, goal_via, clock_blocks).map(
    lambda m: f"measure {m[0]}{m[1]} within {m[2]}{m[3]}{m[4]}"
)
sla_items = st.one_of(
    conditions.map(lambda c: f"when {c}"),
    calendar_choices.map(lambda c: f"calendar {c}"),
    st.tuples(metrics, clock_blocks).map("".join),
    measures,
    pauses,
    st.tuples(st.sampled_from(["first_response", "resolution"]), st.lists(steps, max_size=3)).map(
        lambda e: f"escalate {e[0]} {{ " + " ".join(e[1]) + " }"
    ),
    st.tuples(st.sampled_from(["first_response", "resolution"]), names).map(lambda e: f"escalate {e[0]} with {e[1]}"),
)
titles = st.one_of(st.just(""), strings.map(lambda s: f" {s}"))
periods = st.tuples(names, st.one_of(st.just(""), strings.map(lambda z: f" in {z}"), field_paths.map(lambda z: f" in {z}"))).map(
    lambda p: f"period {p[0]}{p[1]}"
)
belows = st.tuples(percents, percents).map(lambda b: f"below {b[0]} credit {b[1]}")
credit_items = st.one_of(
    st.tuples(st.sampled_from(["slas", "metrics"]), st.lists(names, min_size=1, max_size=3)).map(
        lambda n: f"{n[0]} " + ", ".join(n[1])
    ),
    paths.map(lambda p: f"per {p}"),
    periods,
    belows,
    percents.map(lambda p: f"cap {p}"),
    numbers.map(lambda n: f"minimum {n} runs"),
)
availability_items = st.one_of(
    calendar_choices.map(lambda c: f"calendar {c}"), percents.map(lambda p: f"objective {p}"), periods, belows
)
declarations = st.one_of(
    st.tuples(strings, st.one_of(st.just(""), strings.map(lambda v: f" version {v}"))).map(
        lambda p: f"policy {p[0]}{p[1]}"
    ),
    lists.map(lambda xs: f"resolved when status in {xs}"),
    strings.map(lambda s: f"import {s}"),
    st.lists(names, min_size=1, max_size=4).map(lambda ps: "priorities " + " > ".join(ps)),
    st.tuples(names, conditions).map(lambda s: f"segment {s[0]} when {s[1]}"),
    st.tuples(names, titles, st.lists(calendar_items, max_size=5)).map(
        lambda c: f"calendar {c[0]}{c[1]} {{\n  " + "\n  ".join(c[2]) + "\n}"
    ),
    st.tuples(names, st.permutations([("calendar", "x"), ("agents", "3"), ("lead", '"l@x"')])).map(
        lambda t: f"team {t[0]} {{ " + "  ".join(f"{k} {v}" for k, v in t[1]) + " }"
    ),
    st.tuples(names, names, durations, st.one_of(st.just(""), names.map(lambda n: f" on {n}"))).map(
        lambda o: f"ola {o[0]} by {o[1]} within {o[2]}{o[3]}"
    ),
    st.tuples(names, st.lists(steps, max_size=4)).map(
        lambda e: f"escalation {e[0]} {{\n  " + "\n  ".join(e[1]) + "\n}"
    ),
    st.tuples(names, titles, st.lists(sla_items, max_size=6)).map(
        lambda s: f"sla {s[0]}{s[1]} {{\n    " + "\n    ".join(s[2]) + "\n}"
    ),
    st.tuples(names, titles, st.lists(credit_items, max_size=8)).map(
        lambda c: f"credit {c[0]}{c[1]} {{\n    " + "\n    ".join(c[2]) + "\n}"
    ),
    st.tuples(names, titles, st.lists(availability_items, max_size=6)).map(
        lambda a: f"availability {a[0]}{a[1]} {{\n    " + "\n    ".join(a[2]) + "\n}"
    ),
)
comments = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=20).map(lambda c: "#" + c)


@st.composite
def policies(draw) -> tuple[str, int]:
    """A valid policy text and the number of comments in it."""
    out: list[str] = []
    n_comments = 0
    for decl in draw(st.lists(declarations, max_size=6)):
        if draw(st.booleans()):
            out.append(draw(comments))
            n_comments += 1
        out.append(decl)
    return "\n".join(out) + draw(st.sampled_from(["", "\n", "\n\n"])), n_comments
