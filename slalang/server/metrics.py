"""Prometheus metrics, in a registry of the app's own (no process-global registry), so two
apps in one process (tests, embedding) never mix their counts."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

_MAX_CACHED_CHILDREN = 1024

LATENCY_BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ServerMetrics:
    """Requests by route and status, latency, evaluations, simulations and policy reloads."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "slalang_http_requests", "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"], registry=r,
        )
        self.latency = Histogram(
            "slalang_http_request_duration_seconds", "Time from the request's arrival to the end of its response.",
            ["method", "route"], buckets=LATENCY_BUCKETS_S, registry=r,
        )
        self.in_progress = Gauge("slalang_http_requests_in_progress", "Requests being handled now.", registry=r)
        self.evaluations = Counter(
            "slalang_evaluations", "Tickets evaluated by POST /v1/evaluate; outcome ok or error (a bad ticket).",
            ["outcome"], registry=r,
        )
        self.checks = Counter("slalang_checks", "Policy texts checked by POST /v1/check.", registry=r)
        self.simulations = Counter(
            "slalang_simulations", "Simulations run by POST /v1/simulate; outcome ok, invalid or limit.",
            ["outcome"], registry=r,
        )
        self.reloads = Counter(
            "slalang_policy_reloads", "Policy reload attempts; result loaded, unchanged or failed.",
            ["result"], registry=r,
        )
        self.policy_info = Gauge(
            "slalang_policy_info", "The served policy: 1 for its version hash.", ["version_hash"], registry=r,
        )
        self.policy_loaded = Gauge(
            "slalang_policy_loaded_timestamp_seconds", "When the served policy was loaded (Unix time).", registry=r,
        )
        self.reload_failing = Gauge(
            "slalang_policy_reload_failing", "1 while the policy files on disk do not compile (the last good one serves).",
            registry=r,
        )
        for result in ("loaded", "unchanged", "failed"):
            self.reloads.labels(result)
        self._evaluated = {outcome: self.evaluations.labels(outcome) for outcome in ("ok", "error")}
        self._request_children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe_request(self, method: str, route: str, status: int, elapsed_s: float) -> None:
        """Count one answered request and its latency. The labelled children are kept, as the
        label lookups cost a small request more than the counting (a client choosing many
        methods only empties the cache now and then)."""
        key = (method, route, status)
        children = self._request_children.get(key)
        if children is None:
            if len(self._request_children) >= _MAX_CACHED_CHILDREN:
                self._request_children.clear()
            children = self.requests.labels(method, route, str(status)), self.latency.labels(method, route)
            self._request_children[key] = children
        children[0].inc()
        children[1].observe(elapsed_s)

    def count_evaluations(self, count: int, failed: int) -> None:
        """``count`` tickets evaluated, ``failed`` of them bad input (or an internal error)."""
        self._evaluated["ok"].inc(count - failed)
        self._evaluated["error"].inc(failed)

    def count_in_progress(self, read: Callable[[], float]) -> None:
        """The requests-in-progress gauge reads ``read()`` when scraped (nothing to do per request)."""
        self.in_progress.set_function(read)

    def set_policy(self, version_hash: str, loaded_at_s: float) -> None:
        self.policy_info.clear()
        self.policy_info.labels(version_hash).set(1)
        self.policy_loaded.set(loaded_at_s)

    def render(self) -> bytes:
        return generate_latest(self.registry)
