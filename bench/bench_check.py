"""Time ``slalang check`` (compile + every analysis rule) on generated policy sets.

    python bench/bench_check.py [--sizes 100,1000,5000] [--rules] [--second-wave]

Each set has 50 calendars (different zones, hours and holidays), 200 segments on customer
fields (some built from other segments), 20 teams, 40 OLAs and the given number of SLAs
(segment x priority SLAs in specific-before-general order, some with OLA chains, pauses
and escalations, a catch-all last). Printed side by side: compile time, analysis time,
solver calls, and, as the baseline a user would otherwise have, the time to evaluate the
governing SLA of 1,000 random tickets with the evaluator (which proves nothing about the
tickets it did not draw). Goals: 1,000 SLAs checked (compile + analyse) in under 3 s of CPU
time, 10,000 in under 10 s; wall time is printed too, but on a shared machine it also counts
other processes.

``--second-wave`` adds the constructs of issue 13 without changing what the set promises:
every SLA defines a measure with its resolution target, and every tenth chooses its
calendar by `customer.region` (arms on its own calendar, one read in the customer's
zone), so the rules reason per measure and per arm over the same relations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from slalang.analysis import COMPILE_CODES, RULE_IDS, CheckConfig, Context, run_rules  # noqa: E402
from slalang.analysis.rules import RULES  # noqa: E402
from slalang.compiler import compile_text  # noqa: E402
from slalang.conditions import governing_sla  # noqa: E402

PRIORITIES = ("urgent", "high", "normal", "low")
ZONES = ("Europe/Amsterdam", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney", "America/Sao_Paulo")
COUNTRIES = ("NL", "US", "JP", "DE", "GB")
REGIONS = ("emea", "amer", "apac", "latam")
GOAL_S = 3.0
GOALS_CPU_S = {1000: GOAL_S, 10_000: 10.0}
"""check CPU time goals by set size: 1,000 SLAs under 3 s, 10,000 under 10 s (issue 16)."""


def generate(sla_count: int, second_wave: bool = False) -> str:
    out = ['policy "bench" version "1"', "priorities " + " > ".join(PRIORITIES), ""]
    for c in range(50):
        start = 7 + c % 4
        out += [
            f"calendar cal{c} {{",
            f'    timezone "{ZONES[c % len(ZONES)]}"',
            f"    hours mon-fri {start:02d}:00-{start + 8 + c % 3:02d}:30",
        ]
        if c % 3 == 0:
            out.append("    hours sat 10:00-14:00")
        if c % 2 == 0:
            out.append(f'    holidays "{COUNTRIES[c % len(COUNTRIES)]}"')
        out += ["    closed 2026-12-31", "}"]
    for s in range(200):
        kind = s % 5
        if kind == 0:
            cond = f'customer.plan == "plan{s}"'
        elif kind == 1:
            cond = f'customer.account in ["a{s}", "b{s}"]'
        elif kind == 2:
            cond = f'customer.tags contains "tag{s}" and not customer.plan == "free"'
        elif kind == 3:
            cond = f"customer.arr >= {1000 * s} and customer.arr < {1000 * s + 1000}"
        else:
            cond = f'segment seg{s - 4} and customer.country == "{COUNTRIES[s % 5]}"'
        out.append(f"segment seg{s} when {cond}")
    for t in range(20):
        out.append(f"team team{t} {{ calendar cal{t * 2} agents {t % 5 + 1} }}")
    for o in range(40):
        out.append(f"ola ola{o} by team{o % 20} within {1 + o % 4}h")
    out.append("")
    # Specific before general: segments built on another segment come first, with tighter
    # targets; every priority has its own calendar and targets, looser as priority drops.
    order = [s for s in range(200) if s % 5 == 4] + [s for s in range(200) if s % 5 != 4]
    priority_tests = ["priority urgent", "priority high", "priority normal", "priority low"]
    for i in range(sla_count - 1):
        segment = order[i % 200]
        group = min((i // 200), 4)
        if group < 4:
            test = priority_tests[group]
            calendar = "always" if group == 0 else f"cal{group}"
        else:
            test = f'ticket.type == "type{i // 200}" and not priority >= low'
            calendar = "cal4"
        scale = 1 if segment % 5 == 4 else 2
        response = [15, 30, 60, 120, 240][group] * scale
        resolution = [4, 8, 16, 32, 64][group] * scale
        lines = [
            f"sla s{i} {{",
            f"    when segment seg{segment} and {test}",
            f"    calendar {calendar}"
            if not second_wave or i % 10
            else f'    calendar by customer.region {{ "emea" {calendar} "amer" {calendar} else {calendar} in customer.timezone }}',
            f"    first_response within {response}m",
        ]
        via = f" via ola{i % 40} -> ola{(i + 7) % 40}" if i % 5 == 0 else ""
        lines.append(f"    resolution within {resolution}h{via}")
        if second_wave:
            lines.append(f'    measure agent_work within {resolution}h {{ pause when status == "pending_customer" }}')
        if i % 3 == 0:
            lines.append('    pause when status in ["pending_customer", "on_hold"]')
        if i % 6 == 0:
            lines += ["    escalate resolution {", "        at 75% notify assignee", "        at 100% notify team.lead", "    }"]
        lines.append("}")
        out += lines
    out += ["sla everyone {", "    calendar cal5", "    first_response within 8h", "    resolution within 200h"]
    out += ["    measure agent_work within 200h"] if second_wave else []
    out += ["}", ""]
    return "\n".join(out)


def random_tickets(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    tickets = []
    for _ in range(count):
        customer = {
            "plan": f"plan{rng.randrange(200)}",
            "account": f"a{rng.randrange(200)}",
            "region": rng.choice(REGIONS),
            "tags": [f"tag{rng.randrange(200)}"],
            "arr": rng.randrange(0, 200_000),
            "country": rng.choice(COUNTRIES),
        }
        tickets.append({"ticket": {"priority": rng.choice(PRIORITIES)}, "customer": customer})
    return tickets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--rules", action="store_true", help="also time each rule on its own")
    parser.add_argument("--second-wave", action="store_true", help="add measures and calendars chosen by field")
    args = parser.parse_args()
    config = CheckConfig(reference_date=dt.date(2026, 1, 1))
    print(f"{'SLAs':>6} {'compile s':>10} {'analyse s':>10} {'check CPU s':>12} {'findings':>9} {'solver calls':>13}"
          f" {'1k random tickets s':>20} {'goal':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = generate(size, args.second_wave)
        started = time.perf_counter()
        cpu_started = time.process_time()
        result = compile_text(text, "bench.sla")
        compiled = time.perf_counter()
        if not result.ok:
            raise SystemExit("the generated policy does not compile: " + result.diagnostics[0].message)
        ctx = Context(result.model, result.sources, config.today(), RULE_IDS + COMPILE_CODES)
        findings = run_rules(ctx, config)
        analysed = time.perf_counter()
        cpu = time.process_time() - cpu_started
        tickets = random_tickets(1_000)
        sampled_start = time.perf_counter()
        for ticket in tickets:
            governing_sla(result.model, ticket)
        sampled = time.perf_counter() - sampled_start
        ctx_calls = ctx.space.solver_calls
        goal = GOALS_CPU_S.get(size)
        verdict = "" if goal is None else ("ok" if cpu < goal else "SLOW")
        print(f"{size:>6} {compiled - started:>10.2f} {analysed - compiled:>10.2f} {cpu:>12.2f} {len(findings):>9}"
              f" {ctx_calls:>13} {sampled:>20.2f} {verdict:>6}")
        if args.rules:
            for rule in RULES:
                ctx = Context(result.model, result.sources, config.today(), RULE_IDS + COMPILE_CODES)
                ctx.status(0) if result.model.slas else None
                rule_start = time.perf_counter()
                count = sum(1 for _ in rule.check(ctx))
                print(f"        {rule.ID:<28} {time.perf_counter() - rule_start:>7.2f} s  {count} findings")


if __name__ == "__main__":
    main()
