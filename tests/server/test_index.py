"""``GET /`` points to the routes and the OpenAPI document (JSON for clients, a page for browsers)."""

from __future__ import annotations


def test_the_root_lists_the_routes_from_the_openapi_document(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"] == "/openapi.json"
    documented = {(m.upper(), p) for p, ops in client.get("/openapi.json").json()["paths"].items() for m in ops}
    assert {(e["method"], e["path"]) for e in body["endpoints"]} == documented
    assert ("POST", "/v1/evaluate") in documented and body["version_hash"]


def test_a_browser_gets_a_page_with_links(client) -> None:
    response = client.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<a href="/openapi.json">' in response.text and "/v1/evaluate" in response.text
    assert "<script" not in response.text and "http" not in response.text.split("<body>")[1].replace("<a href=\"/", "")
