"""``slalang serve POLICY``: evaluate, check and simulate over HTTP (docs/server.md)."""

from __future__ import annotations

import sys

import click

from ..diagnostics import PolicyError
from ..server.settings import DEFAULT_HOST, DEFAULT_PORT, Limits, WatchSettings

_DEFAULTS = Limits()


@click.command(name="serve")
@click.argument("policy", metavar="POLICY")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@click.option("--watch", is_flag=True, help="Reload the policy when its files change (a broken version is refused).")
@click.option("--max-body", type=click.IntRange(min=1), default=_DEFAULTS.max_body_bytes, show_default=True,
              metavar="BYTES", help="Largest request body; larger ones get 413.")
@click.option("--max-tickets", type=click.IntRange(min=1), default=_DEFAULTS.max_tickets, show_default=True,
              metavar="N", help="Most tickets in one POST /v1/evaluate; more get 413.")
@click.option("--body-timeout", type=click.FloatRange(min=0, min_open=True), default=_DEFAULTS.body_timeout_s,
              show_default=True, metavar="SECONDS", help="Time a client has to send a request body; then 408.")
@click.option("--header-timeout", type=click.FloatRange(min=0, min_open=True), default=_DEFAULTS.header_timeout_s,
              show_default=True, metavar="SECONDS", help="Time a client has to send a request's headers; then 408.")
@click.option("--keep-alive", type=click.FloatRange(min=0, min_open=True), default=_DEFAULTS.keep_alive_s,
              show_default=True, metavar="SECONDS", help="Idle keep-alive connections are closed after this long.")
@click.option("--max-concurrency", type=click.IntRange(min=1), default=_DEFAULTS.max_concurrency, show_default=True,
              metavar="N", help="Requests in progress at once; more get 503.")
@click.option("--threads", type=click.IntRange(min=1), default=_DEFAULTS.compute_threads, show_default=True,
              metavar="N", help="Threads for evaluation, checks and simulations.")
@click.option("--max-sim-tickets", type=click.IntRange(min=1), default=_DEFAULTS.max_sim_tickets, show_default=True,
              metavar="N", help="Most expected arrivals of one simulation.")
@click.option("--max-sim-days", type=click.IntRange(min=1), default=_DEFAULTS.max_sim_duration_s // 86400,
              show_default=True, metavar="DAYS", help="Longest simulated duration.")
@click.option("--sim-timeout", type=click.FloatRange(min=0, min_open=True), default=_DEFAULTS.sim_timeout_s,
              show_default=True, metavar="SECONDS", help="Wall-clock time one simulation may run.")
@click.option("--set", "policy_set", metavar="NAME",
              help="Of a directory whose slalang.toml lists `sets`, the set NAME (default: its `default`).")
@click.option("--log-format", type=click.Choice(["auto", "json", "text"]), default="auto", show_default=True,
              help="Logs on standard error: readable lines on a terminal and JSON lines otherwise (auto), or as given.")
@click.option("--poll-interval", type=click.FloatRange(min=0.05), default=WatchSettings().poll_s, show_default=True,
              metavar="SECONDS", help="With --watch: how often the files are looked at.")
def serve(policy: str, host: str, port: int, watch: bool, max_body: int, max_tickets: int, body_timeout: float,
          header_timeout: float, keep_alive: float, max_concurrency: int, threads: int, max_sim_tickets: int,
          max_sim_days: int, sim_timeout: float, policy_set: str | None, log_format: str, poll_interval: float) -> None:
    """Serve the policy set POLICY over HTTP: POST /v1/evaluate, /v1/check, /v1/simulate;
    GET /v1/policy, /healthz, /openapi.json, /metrics. Logs go to standard error: readable
    lines on a terminal, JSON lines into a pipe or a file (--log-format).

    Exit status: 0 after a clean shutdown (SIGINT/SIGTERM); 2 if the policy has errors or
    cannot be read (nothing is served); 3 if the address cannot be bound (e.g. the port is in
    use: said in one line).
    """
    from ..server.access_log import configure_logging
    from ..server.runner import AddressError, build_server, listening_socket
    from .common import policy_path

    policy = policy_path("serve", policy, policy_set)
    limits = Limits(
        max_body_bytes=max_body, max_tickets=max_tickets, body_timeout_s=body_timeout, header_timeout_s=header_timeout,
        keep_alive_s=keep_alive, max_concurrency=max_concurrency, compute_threads=threads,
        max_sim_tickets=max_sim_tickets, max_sim_duration_s=max_sim_days * 86400, sim_timeout_s=sim_timeout,
    )
    configure_logging(log_format=log_format)
    try:
        server = build_server(policy, host, port, limits, WatchSettings(enabled=watch, poll_s=poll_interval))
    except PolicyError as exc:
        from ..report.findings.text import render_text, use_colour

        click.echo(render_text(exc.diagnostics, exc.sources, use_colour(sys.stderr)).rstrip("\n"), err=True, color=True)
        click.echo(f"slalang serve: {policy}: the policy has errors (see above); nothing served", err=True)
        sys.exit(2)
    except ValueError as exc:  # a calendar the timeline cannot build
        click.echo(f"slalang serve: {policy}: {exc}", err=True)
        sys.exit(2)
    try:
        sock = listening_socket(host, port)
    except AddressError as exc:
        click.echo(f"slalang serve: {exc.strerror}", err=True)
        sys.exit(3)
    import logging

    from ..server.access_log import SERVER_LOGGER

    bound_host, bound_port = sock.getsockname()[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    logging.getLogger(SERVER_LOGGER).info(
        "listening", extra={"fields": {"url": f"http://{shown_host}:{bound_port}", "stop": "Ctrl+C"}}
    )
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(1)  # uvicorn has logged why
