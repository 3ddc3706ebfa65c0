"""--url pulls over HTTPS: pagination, 429 with Retry-After, timeouts, --ca-bundle, plain http
only to loopback, clear errors. A real HTTPS server runs on loopback with a certificate made
in the test (trustme); nothing here talks to the internet."""

from __future__ import annotations

import base64
import json
import ssl
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import trustme

from slalang.bridges.http import Connection, PullError, authorization, check_url, next_page

from .helpers import fixture, run

Route = Callable[["Handler", dict[str, list[str]]], tuple[int, dict[str, str], Any]]


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        parts = urlsplit(self.path)
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        route = self.routes.get(parts.path)
        if route is None:
            status, headers, body = 404, {}, {"error": "RecordNotFound"}
        else:
            status, headers, body = route(self, parse_qs(parts.query))
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def server(ca, tmp_path_factory):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    bundle = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    yield f"https://127.0.0.1:{httpd.server_address[1]}", str(bundle)
    httpd.shutdown()


@pytest.fixture(autouse=True)
def routes():
    Handler.routes = {}
    Handler.seen = []
    yield Handler.routes


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Route:
    return lambda handler, query: (status, headers or {}, body)


def test_cursor_pagination_follows_links_next_and_sends_the_token(server, routes):
    base, bundle = server
    routes["/api/v2/tickets"] = lambda h, q: (200, {}, {
        "tickets": [{"id": 1}], "meta": {"has_more": True}, "links": {"next": f"{base}/api/v2/tickets2?page%5Bafter%5D=xyz"}})
    routes["/api/v2/tickets2"] = _json({"tickets": [{"id": 2}], "meta": {"has_more": False}, "links": {"next": None}})
    pages = Connection(base, "me@acme.example/token:abc", bundle).pull("/api/v2/tickets")
    assert [p.value["tickets"][0]["id"] for p in pages] == [1, 2]
    assert pages[1].source == f"{base}/api/v2/tickets2?page%5Bafter%5D=xyz"
    expected = "Basic " + base64.b64encode(b"me@acme.example/token:abc").decode()
    assert [auth for _, auth in Handler.seen] == [expected, expected]


def test_incremental_exports_stop_at_end_of_stream_and_jira_pages_by_start_at(server, routes):
    base, bundle = server
    routes["/api/v2/incremental/ticket_metric_events"] = lambda h, q: (200, {}, {
        "ticket_metric_events": [], "next_page": f"{base}/api/v2/incremental/ticket_metric_events?start_time=99",
        "end_of_stream": q.get("start_time") == ["99"]})
    assert len(Connection(base, None, bundle).pull("/api/v2/incremental/ticket_metric_events?start_time=0")) == 2
    routes["/rest/api/2/search"] = lambda h, q: (200, {}, {
        "startAt": int(q["startAt"][0]) if "startAt" in q else 0, "maxResults": 2, "total": 5,
        "issues": [{"key": f"X-{n}"} for n in range(int(q.get("startAt", ["0"])[0]), min(5, int(q.get("startAt", ["0"])[0]) + 2))]})
    pages = Connection(base, "jira-pat", bundle).pull("/rest/api/2/search?jql=project%3DX")
    assert [i["key"] for p in pages for i in p.value["issues"]] == ["X-0", "X-1", "X-2", "X-3", "X-4"]
    assert Handler.seen[-1][1] == "Bearer jira-pat"


def test_freshdesk_link_headers(server, routes):
    base, bundle = server
    routes["/api/v2/sla_policies"] = lambda h, q: (
        (200, {"Link": f'<{base}/api/v2/sla_policies?page=2>; rel="next"'}, [{"id": 1}]) if q.get("page") != ["2"] else (200, {}, [{"id": 2}]))
    pages = Connection(base, "KEY:X", bundle).pull("/api/v2/sla_policies")
    assert [p.value for p in pages] == [[{"id": 1}], [{"id": 2}]]


def test_429_waits_retry_after_then_goes_on(server, routes):
    base, bundle = server
    calls = {"n": 0}

    def limited(handler, query):
        calls["n"] += 1
        if calls["n"] < 3:
            return 429, {"Retry-After": "7"}, {"error": "TooManyRequests"}
        return 200, {}, {"sla_policies": []}

    routes["/api/v2/slas/policies"] = limited
    waits: list[float] = []
    connection = Connection(base, None, bundle, sleep=waits.append)
    assert connection.pull("/api/v2/slas/policies")[0].value == {"sla_policies": []}
    assert waits == [7.0, 7.0]


def test_a_wait_longer_than_allowed_is_an_error_not_a_hang(server, routes):
    base, bundle = server
    routes["/api/v2/slas/policies"] = _json({"error": "TooManyRequests"}, 429, {"Retry-After": "3600"})
    with pytest.raises(PullError, match="asks to wait 3600 s, more than the 300 s"):
        Connection(base, None, bundle, sleep=lambda s: None).pull("/api/v2/slas/policies")


def test_timeouts_are_said_plainly(server, routes):
    base, bundle = server

    def slow(handler, query):
        time.sleep(1.0)
        return 200, {}, {"sla_policies": []}

    routes["/slow"] = slow
    with pytest.raises(PullError, match=r"no answer within 0.2 s \(--timeout\)"):
        Connection(base, None, bundle, timeout_s=0.2).pull("/slow")


def test_an_untrusted_certificate_names_the_remedy(server, routes):
    base, _ = server
    routes["/x"] = _json({})
    with pytest.raises(PullError, match="certificate is not trusted.*--ca-bundle"):
        Connection(base).pull("/x")


@pytest.mark.parametrize(("status", "message"), [(401, "the token was refused"), (404, "check --url"), (500, "HTTP 500")])
def test_http_errors_are_said_plainly(server, routes, status, message):
    base, bundle = server
    routes["/x"] = _json({"error": "nope"}, status)
    with pytest.raises(PullError, match=message):
        Connection(base, "t", bundle).pull("/x")


def test_the_token_never_leaves_the_host(server, routes):
    base, bundle = server
    routes["/x"] = _json({"tickets": [], "meta": {"has_more": True}, "links": {"next": "https://evil.example/steal"}})
    with pytest.raises(PullError, match="is not on .* the token is only sent to the --url host"):
        Connection(base, "t", bundle).pull("/x")
    routes["/moved"] = lambda h, q: (302, {"Location": "https://evil.example/"}, {})
    with pytest.raises(PullError, match="redirects to https://evil.example/, another host; not followed"):
        Connection(base, "t", bundle).pull("/moved")


def test_not_json_and_loops_are_errors(server, routes):
    base, bundle = server
    routes["/html"] = lambda h, q: (200, {}, b"<html>login</html>")
    with pytest.raises(PullError, match="the answer is not JSON"):
        Connection(base, None, bundle).pull("/html")
    routes["/loop"] = _json({"x": [], "next_page": None, "meta": {"has_more": True}, "links": {"next": f"{base}/loop"}})
    with pytest.raises(PullError, match="leads back to a page already read"):
        Connection(base, None, bundle).pull("/loop")


def test_plain_http_only_to_loopback_and_connection_refused_is_clear():
    check_url("http://127.0.0.1:8080")
    check_url("http://localhost:1")
    check_url("http://[::1]:9")
    with pytest.raises(PullError, match="plain http is allowed only to a loopback address"):
        check_url("http://acme.zendesk.com")
    with pytest.raises(PullError, match="not an http"):
        check_url("ftp://acme.zendesk.com")
    with pytest.raises(PullError, match="connection refused"):
        Connection("http://127.0.0.1:9", timeout_s=2).pull("/x")


def test_authorization_and_next_page_forms():
    assert authorization("abc") == "Bearer abc"
    assert authorization("a:b").startswith("Basic ")
    assert next_page("u", {"meta": {"has_more": False}, "links": {"next": "n"}}, {}) is None
    assert next_page("u", {"next_page": "n", "end_of_stream": False}, {}) == "n"
    assert next_page("u", [], {"link": '<n2>; rel="next", <p>; rel="prev"'}) == "n2"
    assert next_page("https://j/s?jql=x", {"issues": [1], "nextPageToken": "t", "isLast": False}, {}) == "https://j/s?jql=x&nextPageToken=t"


def test_import_zendesk_pulls_policies_schedules_and_holidays(server, routes, tmp_path, monkeypatch):
    base, bundle = server
    policies = json.loads(open(fixture("zendesk", "sla_policies_basic.json"), encoding="utf-8").read())
    routes["/api/v2/slas/policies"] = _json({"sla_policies": policies[0]["sla_policies"] + policies[1]["sla_policies"], "next_page": None})
    schedule = json.loads(open(fixture("zendesk", "schedules.json"), encoding="utf-8").read())["schedules"][0]
    holidays = schedule.pop("holidays")
    routes["/api/v2/business_hours/schedules"] = _json({"schedules": [schedule]})
    routes[f"/api/v2/business_hours/schedules/{schedule['id']}/holidays"] = _json({"holidays": holidays})
    monkeypatch.setenv("ZENDESK_TOKEN", "me@acme.example/token:abc")
    out = tmp_path / "zendesk.sla"
    done = run("import", "zendesk", "--url", base, "--token-env", "ZENDESK_TOKEN", "--ca-bundle", bundle, "-o", str(out))
    assert done.exit_code == 0, done.output
    assert out.read_text() == open(str(fixture("..", "golden", "zendesk_basic.sla")), encoding="utf-8").read()


def test_command_errors_for_pulling(server, tmp_path, monkeypatch):
    base, bundle = server
    monkeypatch.delenv("NOPE", raising=False)
    missing = run("import", "zendesk", "--url", base, "--token-env", "NOPE")
    assert missing.exit_code == 2 and "--token-env NOPE: the environment variable is not set" in missing.output
    plain = run("tickets", "jira", "--url", "http://jira.example")
    assert plain.exit_code == 2 and "plain http is allowed only to a loopback address" in plain.output
    untrusted = run("reconcile", "zendesk", fixture("zendesk", "reconcile.sla"), fixture("zendesk", "tickets.json"), "--url", base)
    assert untrusted.exit_code == 2 and "certificate is not trusted" in untrusted.output
