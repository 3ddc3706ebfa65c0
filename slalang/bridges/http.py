"""Pulling API pages over HTTPS: pagination, rate limits, timeouts and clear errors.

``pull`` fetches a first URL and follows the helpdesk's pagination until the last page:

- Zendesk cursor pagination: ``meta.has_more`` with ``links.next``;
- Zendesk offset and incremental exports: ``next_page`` (until null or ``end_of_stream``);
- Freshdesk: the ``Link: <...>; rel="next"`` header;
- Jira: ``startAt`` + ``maxResults`` against ``total``, or ``nextPageToken`` until ``isLast``.

A ``429`` (or ``503``) answer is retried after its ``Retry-After`` (seconds or an HTTP date),
a few times, never longer than ``max_wait_s`` at once. The token goes only to the host of
the first URL: a next-page link or a redirect to another host is refused. Plain ``http://``
is allowed only to a loopback address (tests, local proxies); everything else needs HTTPS,
verified against the system's certificates or ``--ca-bundle``.
"""

from __future__ import annotations

import base64
import email.utils
import ipaddress
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .pages import Document

MAX_PAGE_BYTES = 64 << 20
USER_AGENT = "slalang-bridges"


class PullError(Exception):
    """A pull that cannot go on; the message says what happened and what to try."""


@dataclass
class Connection:
    """Where and how to pull: ``base_url`` is the account (``https://acme.zendesk.com``)."""

    base_url: str
    token: str | None = None
    ca_bundle: str | None = None
    timeout_s: float = 30.0
    max_pages: int = 100_000
    max_tries: int = 6
    max_wait_s: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    pages_fetched: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        check_url(self.base_url)
        self._origin = _origin(self.base_url)
        self._context = _tls_context(self.ca_bundle)
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self._context), _SameOriginRedirects(self._origin)
        )

    def url(self, path: str) -> str:
        """``path`` (``/api/v2/...``) under the base URL; a full URL must be on the same origin."""
        if path.startswith(("http://", "https://")):
            full = path
        else:
            full = self.base_url + ("" if path.startswith("/") else "/") + path
        if _origin(full) != self._origin:
            raise PullError(f"{full} is not on {self._origin}; the token is only sent to the --url host")
        return full

    def get(self, url: str) -> tuple[Any, dict[str, str]]:
        """One page: its JSON and its headers (lower-case names), after any waits for 429."""
        url = self.url(url)
        for attempt in range(1, self.max_tries + 1):
            request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
            if self.token:
                request.add_unredirected_header("Authorization", authorization(self.token))
            try:
                with self._opener.open(request, timeout=self.timeout_s) as response:
                    body = response.read(MAX_PAGE_BYTES + 1)
                    headers = {k.lower(): v for k, v in response.headers.items()}
            except urllib.error.HTTPError as exc:
                wait = _retry_wait(exc, attempt)
                if wait is None or attempt == self.max_tries:
                    raise PullError(_http_message(exc, url, attempt)) from None
                if wait > self.max_wait_s:
                    raise PullError(
                        f"{url}: HTTP {exc.code}; the server asks to wait {wait:.0f} s, more than the "
                        f"{self.max_wait_s:.0f} s this command waits at once; try again later"
                    ) from None
                self.sleep(wait)
                continue
            except urllib.error.URLError as exc:
                raise PullError(_connection_message(exc.reason, url, self.timeout_s)) from None
            except TimeoutError:
                raise PullError(f"{url}: no answer within {self.timeout_s:g} s (--timeout)") from None
            except ssl.SSLError as exc:
                raise PullError(_connection_message(exc, url, self.timeout_s)) from None
            except OSError as exc:
                raise PullError(_connection_message(exc, url, self.timeout_s)) from None
            if len(body) > MAX_PAGE_BYTES:
                raise PullError(f"{url}: the page is larger than {MAX_PAGE_BYTES} bytes")
            try:
                return json.loads(body.decode("utf-8")), headers
            except (UnicodeDecodeError, ValueError, RecursionError):
                kind = headers.get("content-type", "unknown type")
                raise PullError(f"{url}: the answer is not JSON ({kind}); is --url the account's address?") from None
        raise PullError(f"{url}: gave up after {self.max_tries} tries")  # pragma: no cover - the loop returns or raises

    def pull(self, path: str) -> list[Document]:
        """Every page from ``path`` on, following the pagination; one Document per page."""
        url: str | None = self.url(path)
        seen: set[str] = set()
        documents: list[Document] = []
        while url is not None:
            if url in seen:
                raise PullError(f"{url}: the pagination leads back to a page already read")
            if self.pages_fetched >= self.max_pages:
                raise PullError(f"stopped after {self.max_pages} pages")
            seen.add(url)
            value, headers = self.get(url)
            self.pages_fetched += 1
            documents.append(Document(value, url))
            following = next_page(url, value, headers)
            url = self.url(following) if following is not None else None
        return documents


def authorization(token: str) -> str:
    """``user:secret`` forms (Zendesk ``email/token:KEY``, Freshdesk ``KEY:X``, Jira
    ``email:API_TOKEN``) are HTTP Basic; anything else is a Bearer token."""
    if ":" in token:
        return "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")
    return "Bearer " + token


def next_page(url: str, page: Any, headers: dict[str, str]) -> str | None:
    """The URL of the page after ``page``, or None."""
    if isinstance(page, dict):
        meta, links = page.get("meta"), page.get("links")
        if isinstance(meta, dict) and "has_more" in meta:
            if meta.get("has_more") and isinstance(links, dict) and isinstance(links.get("next"), str):
                return links["next"]
            return None
        if "next_page" in page:
            if page.get("end_of_stream") is True:
                return None
            following = page.get("next_page")
            return following if isinstance(following, str) and following else None
        if isinstance(page.get("issues"), list):
            return _jira_next(url, page)
    return _link_next(headers.get("link", ""))


def _jira_next(url: str, page: dict[str, Any]) -> str | None:
    token = page.get("nextPageToken")
    if isinstance(token, str) and token and page.get("isLast") is not True:
        return _with_param(url, "nextPageToken", token)
    start, total, issues = page.get("startAt"), page.get("total"), page["issues"]
    if isinstance(start, int) and isinstance(total, int) and issues and start + len(issues) < total:
        return _with_param(url, "startAt", str(start + len(issues)))
    return None


def _with_param(url: str, name: str, value: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != name]
    query.append((name, value))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _link_next(header: str) -> str | None:
    for part in header.split(","):
        pieces = part.split(";")
        target = pieces[0].strip()
        if target.startswith("<") and target.endswith(">") and any(p.strip().replace(" ", "") in ('rel="next"', "rel=next") for p in pieces[1:]):
            return target[1:-1]
    return None


def check_url(url: str) -> None:
    """HTTPS anywhere; plain HTTP only to a loopback address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PullError(f"--url {url!r} is not an http(s) URL such as https://acme.zendesk.com")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise PullError(f"--url {url}: plain http is allowed only to a loopback address; use https://")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.scheme, (parts.hostname or "").lower(), port)


def _tls_context(ca_bundle: str | None) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        raise PullError(f"--ca-bundle {ca_bundle}: cannot be read as PEM certificates ({exc})") from None


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, origin: tuple[str, str, int | None]) -> None:
        self.origin = origin

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if _origin(newurl) != self.origin:
            raise PullError(f"{req.full_url} redirects to {newurl}, another host; not followed (the token stays with --url)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _retry_wait(exc: urllib.error.HTTPError, attempt: int) -> float | None:
    if exc.code not in (429, 503):
        return None
    header = exc.headers.get("Retry-After") if exc.headers else None
    if header is not None:
        header = header.strip()
        if header.isdigit():
            return float(header)
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, when.timestamp() - time.time())
    return float(min(60, 2 ** attempt))


def _http_message(exc: urllib.error.HTTPError, url: str, attempt: int) -> str:
    code = exc.code
    if code in (401, 403):
        return f"{url}: HTTP {code} {exc.reason}: the token was refused; check --token-env and the account's API access"
    if code == 404:
        return f"{url}: HTTP 404 Not Found; check --url (the account's address, e.g. https://acme.zendesk.com)"
    if code in (429, 503):
        return f"{url}: HTTP {code} {exc.reason} after {attempt} tries; try again later"
    return f"{url}: HTTP {code} {exc.reason}"


def _connection_message(reason: Any, url: str, timeout_s: float) -> str:
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"{url}: the server's certificate is not trusted ({reason.verify_message}); pass --ca-bundle FILE for a private CA"
    if isinstance(reason, ssl.SSLError):
        return f"{url}: TLS failed ({reason.reason or reason}); is this an HTTPS address?"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"{url}: no answer within {timeout_s:g} s (--timeout)"
    if isinstance(reason, PullError):
        return str(reason)
    if isinstance(reason, ConnectionRefusedError):
        host = urllib.parse.urlsplit(url).netloc
        return f"{url}: cannot connect to {host}: connection refused"
    if isinstance(reason, socket.gaierror):
        return f"{url}: the host name does not resolve ({reason.strerror})"
    return f"{url}: {getattr(reason, 'strerror', None) or reason}"
