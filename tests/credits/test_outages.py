"""Reading outages: every bad line reported with its number and why, the others still read."""

from __future__ import annotations

from pathlib import Path

from slalang.credits import Outage, OutageFailure, read_outages
from slalang.evaluation import parse_rfc3339

LINES = [
    '{"service": "api", "id": "INC-1", "start": "2026-11-03T10:00:00Z", "end": "2026-11-03T10:45:00Z"}',
    '{"service": "api", "start": "2026-11-03T10:00:00+01:00", "end": null}',
    '{"service": "api", "id": 7, "start": "2026-11-03T10:00:00Z", "end": "2026-11-03T09:00:00Z"}',
    '{"service": "api", "start": "2026-11-03T10:00:00"}',
    '{"service": "api", "start": "2026-11-03T10:00:00Z"}',
    '{"start": "2026-11-03T10:00:00Z", "end": null}',
    '{"service": "", "start": "2026-11-03T10:00:00Z", "end": null}',
    '{"service": "api", "id": true, "start": "2026-11-03T10:00:00Z", "end": null}',
    '["not", "an", "object"]',
    '{"service": "api", "start": "2026-11-03T10:00:00Z", "end": null',
    '{"service": "api", "start": "2026-11-03T10:00:00Z", "end": null, "note": "extra members are ignored"}',
]


def test_each_line_is_an_outage_or_a_located_failure(tmp_path: Path) -> None:
    path = tmp_path / "outages.jsonl"
    path.write_text("\n".join(LINES) + "\n")
    found = list(read_outages(str(path)))
    assert found[0] == Outage("api", parse_rfc3339("2026-11-03T10:00:00Z"), parse_rfc3339("2026-11-03T10:45:00Z"),
                              "INC-1", 1)
    assert found[1] == Outage("api", parse_rfc3339("2026-11-03T09:00:00Z"), None, None, 2)
    failures = [(f.line, f.id, f.error) for f in found if isinstance(f, OutageFailure)]
    assert [(line, ident) for line, ident, _ in failures] == [(3, 7), (4, None), (5, None), (6, None), (7, None),
                                                               (8, None), (9, None), (10, None)]
    reasons = [error for _, _, error in failures]
    assert '"end" 2026-11-03T09:00:00Z is before "start" 2026-11-03T10:00:00Z' in reasons[0]
    assert reasons[1].startswith('"start": ') and "offset" in reasons[1]
    assert reasons[2] == 'missing "end" (when the outage ended; null while it is still going on)'
    assert reasons[3].startswith('"service" must name an availability declaration') and reasons[3].endswith("got nothing")
    assert reasons[4].endswith("got a string")
    assert reasons[5] == '"id" must be a string or a number, got a boolean'
    assert reasons[6] == "an outage must be a JSON object, got a list"
    assert reasons[7].startswith("invalid JSON")
    assert isinstance(found[10], Outage)
