"""Throughput and latency of ``slalang serve``'s ``POST /v1/evaluate``, beside the in-process API.

    python bench/bench_serve.py                       # wrk, 10 s per shape
    python bench/bench_serve.py --duration 5 --connections 32
    python bench/bench_serve.py --against ../main      # also: another checkout's server, in turn

Starts ``python -m slalang serve policies/acme.sla`` on a free loopback port (127.0.0.1,
never another address), waits for ``/healthz``, checks the answers (the server's results
for the benchmark's tickets must equal the library's, ticket for ticket), then drives it
with ``wrk`` (a C load generator in its own process, so the client is not what is measured;
``apt-get install wrk``). Without wrk it falls back to a bounded asyncio httpx client and
says so: that client tops out below the server, so its numbers are a floor. Two shapes:

- one ticket per request (latency-bound: HTTP, routing, JSON; wrk rotates 2,000 different
  tickets);
- 1,000 tickets per request (throughput-bound: the compiled evaluator).

For each: requests/s, p50/p99 latency (wrk's own histogram), evaluations/s, non-2xx
answers (must be 0), and the goal of issue 16 (2,500 one-ticket requests/s with p99 under
20 ms; 50,000 evaluations/s in batches); beside them the same tickets evaluated in this
process by the engine the route runs (``BatchEvaluator.evaluate_to_lines``), best of three
after a warm-up, and the ratio server / in-process. Also ``GET /healthz`` (no work: the
ceiling of HTTP alone on this machine). The server is stopped at the end. The load average
is printed with the results: on a shared machine, compare the CPU per request.

``--against CHECKOUT`` also starts the server of another checkout of slalang (the same
policy file) and drives the two in turn, twice, with ``GET /healthz`` and one-ticket
requests: a before and after under the same load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import orjson

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

from bench_eval import NOW, POLICY, generate_ticket  # noqa: E402 (bench/ is put on the path just above)

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Server:
    """``slalang serve`` in a child process on loopback; stopped (by its own pid) on exit."""

    def __init__(self, threads: int, root: str = ROOT) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.command = [sys.executable, "-m", "slalang", "serve", POLICY, "--host", LOOPBACK, "--port", str(self.port),
                        "--threads", str(threads), "--max-concurrency", "256"]

    def __enter__(self) -> Server:
        env = {**os.environ, "PYTHONPATH": self.root}
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                        cwd=self.root)
        deadline = time.monotonic() + 60
        with httpx.Client(trust_env=False, timeout=2) as client:
            while True:
                if self.process.poll() is not None:
                    raise SystemExit(f"slalang serve exited with {self.process.returncode}")
                try:
                    if client.get(self.url + "/healthz").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise SystemExit("slalang serve did not start within 60 s")
                time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


WRK_SCRIPT = """
local requests = {}
local index = 0
init = function(args)
  local file = io.open(args[1], "rb")
  for line in file:lines() do
    requests[#requests + 1] = wrk.format("POST", "/v1/evaluate", {["Content-Type"] = "application/json"}, line)
  end
  file:close()
end
request = function()
  index = index % #requests + 1
  return requests[index]
end
"""


class Measured:
    """One shape of load: requests, wall seconds, latency percentiles (s), non-2xx answers,
    and the CPU seconds the server process spent meanwhile (set by ``drive``)."""

    def __init__(self, requests: int, wall_s: float, p50_s: float, p99_s: float, bad: int) -> None:
        self.requests, self.wall_s, self.p50_s, self.p99_s, self.bad = requests, wall_s, p50_s, p99_s, bad
        self.server_cpu_s = 0.0

    @property
    def per_s(self) -> float:
        return self.requests / self.wall_s


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run_wrk(url: str, bodies: list[bytes], connections: int, duration_s: int, path: str = "/v1/evaluate") -> Measured:
    """``wrk`` with one thread and ``connections`` connections, rotating over ``bodies``."""
    with tempfile.TemporaryDirectory() as folder:
        script, data = os.path.join(folder, "post.lua"), os.path.join(folder, "bodies.jsonl")
        with open(script, "w") as out:
            out.write(WRK_SCRIPT)
        with open(data, "wb") as out:
            out.write(b"\n".join(bodies) + b"\n")
        argv = ["wrk", "-t1", f"-c{connections}", f"-d{duration_s}s", "--latency", "--timeout", "10s"]
        argv += [url + "/healthz"] if path == "/healthz" else ["-s", script, url + path, "--", data]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
    text = done.stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+\w+)", text).group(1))  # type: ignore[union-attr]
    wall_s = _seconds(re.search(r"\d+ requests in ([\d.]+\w+)", text).group(1))  # type: ignore[union-attr]
    p50 = _seconds(re.search(r"^\s+50%\s+(\S+)", text, re.MULTILINE).group(1))  # type: ignore[union-attr]
    p99 = _seconds(re.search(r"^\s+99%\s+(\S+)", text, re.MULTILINE).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return Measured(requests, wall_s, p50, p99, (int(bad.group(1)) if bad else 0)
                    + (sum(int(g) for g in errors.groups()) if errors else 0))


async def _httpx_load(url: str, bodies: list[bytes], concurrency: int, duration_s: float, path: str) -> Measured:
    """The fallback load generator: at most ``concurrency`` requests in flight for ``duration_s``."""
    latencies: list[float] = []
    bad = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120, trust_env=False,
                                 headers={"content-type": "application/json"}) as client:
        stop_at = time.perf_counter() + duration_s

        async def worker(offset: int) -> None:
            nonlocal bad
            index = offset
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                if path == "/healthz":
                    response = await client.get(path)
                else:
                    response = await client.post(path, content=bodies[index % len(bodies)])
                latencies.append(time.perf_counter() - started)
                bad += response.status_code != 200
                index += concurrency

        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return Measured(len(latencies), wall, pick(0.50), pick(0.99), bad)


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(server: Server, bodies: list[bytes], connections: int, duration_s: int, path: str = "/v1/evaluate") -> Measured:
    cpu_before = process_cpu_s(server.process.pid)
    if shutil.which("wrk"):
        measured = run_wrk(server.url, bodies, connections, duration_s, path)
    else:
        measured = asyncio.run(_httpx_load(server.url, bodies, connections, duration_s, path))
    measured.server_cpu_s = process_cpu_s(server.process.pid) - cpu_before
    return measured


def cross_check(url: str, tickets: list[dict], expected: list[dict]) -> None:
    """The server's results for these tickets are the library's, in order (one batch, then one by one)."""
    with httpx.Client(base_url=url, trust_env=False, timeout=120) as client:
        got = orjson.loads(client.post("/v1/evaluate", content=orjson.dumps({"tickets": tickets, "now": NOW}),
                                       headers={"content-type": "application/json"}).content)["results"]
        if got != expected:
            raise SystemExit("the server's batch results differ from the library's")
        for ticket, want in list(zip(tickets, expected, strict=True))[:200]:
            one = orjson.loads(client.post("/v1/evaluate", content=orjson.dumps({"ticket": ticket, "now": NOW}),
                                           headers={"content-type": "application/json"}).content)["results"]
            if one != [want]:
                raise SystemExit(f"the server's result for ticket {ticket.get('id')} differs from the library's")


def in_process(tickets: list[dict], batch_size: int) -> tuple[list[dict], float, float]:
    """The library's results for ``tickets``, and evaluations per CPU-second of the engine the
    route runs: one ticket per call (the one-ticket evaluator, as the route takes for so few)
    and ``batch_size`` per call (``BatchEvaluator.evaluate_to_lines``); best of three after a
    warm-up. CPU time, so that it compares with the server's CPU time whatever else runs."""
    import slalang
    from slalang.evaluation import resolve_now
    from slalang.evaluation.batch import BatchEvaluator

    policy = slalang.load(POLICY)
    now_s = resolve_now(NOW)
    evaluator = BatchEvaluator(policy.model)
    expected = BatchEvaluator(policy.model).evaluate(list(enumerate(tickets, start=1)), now_s)
    single = evaluator.single

    def one(item: list[tuple[int, dict]]) -> bytes:
        return orjson.dumps(single.evaluate(item[0][1], now_s, line=1).to_json())

    def many(item: list[tuple[int, dict]]) -> bytes:
        return evaluator.evaluate_to_lines(item, now_s)[0]

    singles = [[(1, t)] for t in tickets[:2000]]
    batches = [list(enumerate(tickets[k:k + batch_size], start=1)) for k in range(0, len(tickets), batch_size)]
    rates = []
    for engine, work in ((one, singles), (many, batches)):
        for item in work[:3]:
            engine(item)  # warm-up
        best = 0.0
        for _ in range(3):
            started = time.process_time()
            for item in work:
                engine(item)
            best = max(best, sum(len(i) for i in work) / (time.process_time() - started))
        rates.append(best)
    return expected, rates[0], rates[1]


def report(label: str, measured: Measured, tickets_per_request: int, library_rate: float, goal: str, met: bool) -> None:
    evaluations = measured.per_s * tickets_per_request
    print(f"{label}")
    print(f"  {measured.requests:,} requests in {measured.wall_s:.1f} s: {measured.per_s:,.0f} requests/s, "
          f"p50 {measured.p50_s * 1000:.1f} ms, p99 {measured.p99_s * 1000:.1f} ms, non-2xx or errors {measured.bad}")
    per_cpu = measured.requests * tickets_per_request / max(measured.server_cpu_s, 1e-9)
    print(f"  server:     {evaluations:>10,.0f} evaluations/s, {per_cpu:,.0f} per server CPU-second"
          f"     goal: {goal}: {'met' if met else 'NOT met'}")
    print(f"  in process: {library_rate:>10,.0f} evaluations/CPU-second (the same engine, {tickets_per_request:,} per call)"
          f"  server / in-process, per CPU-second = {per_cpu / library_rate:.2f}")
    if measured.bad:
        raise SystemExit(f"{measured.bad} requests failed")


def compare(roots: list[str], threads: int, bodies: list[bytes], connections: int, duration_s: int) -> None:
    """The servers of ``roots`` driven in turn (twice each): CPU per request under the same load."""
    servers = [Server(threads, root) for root in roots]
    for server in servers:
        server.__enter__()
    try:
        for server in servers:
            drive(server, bodies[:100], 4, 1)  # warm-up
        for _ in range(2):
            for server in servers:
                for path in ("/healthz", "/v1/evaluate"):
                    m = drive(server, bodies, connections, duration_s, path)
                    print(f"  {server.root:<28} {path:<13} {m.per_s:>7,.0f} requests/s, p50 {m.p50_s * 1000:5.1f} ms, "
                          f"p99 {m.p99_s * 1000:6.1f} ms, {m.server_cpu_s / m.requests * 1e6:4.0f} us server CPU per request, "
                          f"load {os.getloadavg()[0]:.1f}")
    finally:
        for server in servers:
            server.__exit__()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per shape of load")
    parser.add_argument("--connections", type=int, default=16, help="connections for one-ticket requests")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2, help="the server's compute threads")
    parser.add_argument("--against", metavar="CHECKOUT", help="another slalang checkout whose server to drive in turn")
    args = parser.parse_args()

    rng = random.Random(7)
    tickets = [generate_ticket(rng, n) for n in range(max(2000, args.batch_size))]
    one_bodies = [orjson.dumps({"ticket": t, "now": NOW}) for t in tickets[:2000]]
    batch_body = orjson.dumps({"tickets": tickets[: args.batch_size], "now": NOW})
    expected, library_single, library_batch = in_process(tickets, args.batch_size)

    tool = "wrk (1 thread)" if shutil.which("wrk") else "an asyncio httpx client (no wrk: a floor, not the server's ceiling)"
    print(f"slalang serve {POLICY} on {LOOPBACK}, {args.threads} compute threads; load: {tool}; "
          f"{args.duration} s per shape; {os.cpu_count()} CPUs on this machine")
    with Server(args.threads) as server:
        cross_check(server.url, tickets[: args.batch_size], expected[: args.batch_size])
        print("answers checked: the server's results equal the library's")
        drive(server, one_bodies[:100], 4, 1)  # warm-up
        health = drive(server, [], args.connections, args.duration, "/healthz")
        print(f"GET /healthz (no work: HTTP alone on this machine)\n"
              f"  {health.per_s:,.0f} requests/s, p50 {health.p50_s * 1000:.1f} ms, p99 {health.p99_s * 1000:.1f} ms")
        one = drive(server, one_bodies, args.connections, args.duration)
        report(f"POST /v1/evaluate, 1 ticket per request, {args.connections} connections", one, 1, library_single,
               "2,500 requests/s, p99 < 20 ms", one.per_s >= 2500 and one.p99_s < 0.020)
        batch = drive(server, [batch_body], 4, args.duration)
        report(f"POST /v1/evaluate, {args.batch_size:,} tickets per request ({len(batch_body) / 1e6:.2f} MB), 4 connections",
               batch, args.batch_size, library_batch, "50,000 evaluations/s",
               batch.per_s * args.batch_size >= 50_000)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work on the machine slows the wall-clock rates)")
    if args.against:
        print(f"{ROOT} against {args.against}, in turn, {args.connections} connections, {args.duration} s each:")
        compare([ROOT, os.path.abspath(args.against)], args.threads, one_bodies, args.connections, args.duration)


if __name__ == "__main__":
    main()
