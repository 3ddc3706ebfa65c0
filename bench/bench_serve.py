"""Throughput and latency of ``slalang serve``'s ``POST /v1/evaluate``, beside the in-process API.

    python bench/bench_serve.py                  # 2,000 one-ticket requests, 40 x 1,000 tickets
    python bench/bench_serve.py --requests 500 --batches 10

Starts ``python -m slalang serve policies/acme.sla`` on a free loopback port (127.0.0.1,
never another address), waits for ``/healthz``, then drives it with a bounded asyncio httpx
load generator: a fixed number of requests, at most ``--concurrency`` in flight, and it
stops by itself. Two shapes of load:

- one ticket per request (latency-bound: parsing, routing, a thread hop, JSON out);
- 1,000 tickets per request (throughput-bound: the vectorised batch evaluator).

For each: requests/s, p50/p99 latency, evaluations/s; beside them the same tickets
evaluated in this process with the library (``policy.evaluate`` one at a time, and
``policy.evaluate_many``), and the ratio server / in-process. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time

import httpx
import orjson

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

from bench_eval import NOW, POLICY, generate_ticket

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Server:
    """``slalang serve`` in a child process on loopback; stopped (by its own pid) on exit."""

    def __init__(self, threads: int) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.command = [sys.executable, "-m", "slalang", "serve", POLICY, "--host", LOOPBACK, "--port", str(self.port),
                        "--threads", str(threads), "--max-concurrency", "256"]

    def __enter__(self) -> Server:
        env = {**os.environ, "PYTHONPATH": ROOT}
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
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


async def load(url: str, bodies: list[bytes] | None, concurrency: int, expect_results: int,
               count: int = 0) -> tuple[float, list[float]]:
    """Sends every body once to POST /v1/evaluate (or, with ``bodies`` None, ``count`` GET /healthz),
    at most ``concurrency`` at a time; (wall seconds, latencies)."""
    latencies: list[float] = []
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()
    for body in bodies if bodies is not None else [None] * count:
        queue.put_nowait(body)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120, trust_env=False,
                                 headers={"content-type": "application/json"}) as client:

        async def worker() -> None:
            while True:
                try:
                    body = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                if body is None:
                    response = await client.get("/healthz")
                else:
                    response = await client.post("/v1/evaluate", content=body)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or (body is not None and len(orjson.loads(response.content)["results"]) != expect_results):
                    raise SystemExit(f"unexpected answer {response.status_code}: {response.text[:300]}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def in_process(tickets: list[dict]) -> tuple[float, float, float]:
    """Evaluations per second with the library: one at a time, evaluate_many, and the batch
    evaluator the server runs per request (best of three runs each, after a warm-up)."""
    import slalang
    from slalang.evaluation import resolve_now
    from slalang.evaluation.batch import BatchEvaluator

    policy = slalang.load(POLICY)
    sample = tickets[: min(len(tickets), 2000)]
    started = time.perf_counter()
    for ticket in sample:
        policy.evaluate(ticket, now=NOW)
    single = len(sample) / (time.perf_counter() - started)
    many = batch = 0.0
    evaluator, now_s, items = BatchEvaluator(policy.model), resolve_now(NOW), list(enumerate(tickets, start=1))
    for _ in range(3):
        started = time.perf_counter()
        for _ in policy.evaluate_many(tickets, now=NOW):
            pass
        many = max(many, len(tickets) / (time.perf_counter() - started))
        started = time.perf_counter()
        evaluator.evaluate(items, now_s)
        batch = max(batch, len(tickets) / (time.perf_counter() - started))
    return single, many, batch


def report(label: str, wall_s: float, latencies: list[float], tickets_per_request: int,
           library: tuple[float, float, float]) -> None:
    library_single, library_many, library_batch = library
    requests = len(latencies)
    evaluations = requests * tickets_per_request / wall_s
    print(f"{label}")
    print(f"  {requests} requests in {wall_s:.2f} s: {requests / wall_s:,.0f} requests/s, "
          f"p50 {percentile(latencies, 50) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms "
          f"(mean {statistics.fmean(latencies) * 1000:.1f} ms)")
    print(f"  server:     {evaluations:>10,.0f} evaluations/s")
    print(f"  in process: {library_single:>10,.0f} evaluations/s  policy.evaluate, one at a time"
          f"   -> server / in-process = {evaluations / library_single:.2f}")
    print(f"  in process: {library_many:>10,.0f} evaluations/s  policy.evaluate_many"
          f"             -> server / in-process = {evaluations / library_many:.2f}")
    print(f"  in process: {library_batch:>10,.0f} evaluations/s  BatchEvaluator (what the server runs)"
          f" -> server / in-process = {evaluations / library_batch:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="one-ticket requests to send")
    parser.add_argument("--batches", type=int, default=40, help="1,000-ticket requests to send")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at most")
    parser.add_argument("--threads", type=int, default=4, help="the server's compute threads")
    args = parser.parse_args()

    rng = random.Random(7)
    tickets = [generate_ticket(rng, n) for n in range(max(args.requests, args.batch_size))]
    one_bodies = [orjson.dumps({"ticket": t, "now": NOW}) for t in tickets[: args.requests]]
    batch = tickets[: args.batch_size]
    batch_body = orjson.dumps({"tickets": batch, "now": NOW})
    library = in_process(batch)

    print(f"slalang serve {POLICY} on {LOOPBACK}, {args.threads} compute threads; "
          f"load: at most {args.concurrency} requests in flight; {os.cpu_count()} CPUs on this machine")
    with Server(args.threads) as server:
        asyncio.run(load(server.url, one_bodies[:50], 4, 1))  # warm up connections and caches
        wall, latencies = asyncio.run(load(server.url, None, args.concurrency, 0, count=args.requests))
        print(f"GET /healthz (no work: the load generator's own ceiling on this machine)\n"
              f"  {len(latencies)} requests in {wall:.2f} s: {len(latencies) / wall:,.0f} requests/s, "
              f"p50 {percentile(latencies, 50) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms")
        wall, latencies = asyncio.run(load(server.url, one_bodies, args.concurrency, 1))
        report("POST /v1/evaluate, 1 ticket per request", wall, latencies, 1, library)
        wall, latencies = asyncio.run(load(server.url, [batch_body] * args.batches, min(args.concurrency, 4),
                                           args.batch_size))
        report(f"POST /v1/evaluate, {args.batch_size:,} tickets per request ({len(batch_body) / 1e6:.2f} MB)",
               wall, latencies, args.batch_size, library)


if __name__ == "__main__":
    main()
