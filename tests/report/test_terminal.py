"""Whether to colour: NO_COLOR, FORCE_COLOR, TERM=dumb and a terminal, one rule for every command."""

from __future__ import annotations

import io

import pytest

from slalang.report.terminal import use_colour


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "environ", "expected"),
    [
        (_Terminal(), {}, True),
        (_Terminal(), {"TERM": "xterm-256color"}, True),
        (_Terminal(), {"NO_COLOR": "1"}, False),
        (_Terminal(), {"NO_COLOR": ""}, True),  # no-color.org: an empty value does not count
        (_Terminal(), {"TERM": "dumb"}, False),
        (io.StringIO(), {}, False),  # not a terminal
        (object(), {}, False),  # no isatty at all
        (io.StringIO(), {"FORCE_COLOR": "1"}, True),  # force-color.org: even into a pipe
        (io.StringIO(), {"FORCE_COLOR": "true"}, True),
        (_Terminal(), {"FORCE_COLOR": "1", "TERM": "dumb"}, True),
        (io.StringIO(), {"FORCE_COLOR": ""}, False),
        (io.StringIO(), {"FORCE_COLOR": "0"}, False),  # the common reading of 0: not forced
        (_Terminal(), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
    ],
)
def test_use_colour(stream, environ, expected):
    assert use_colour(stream, environ) is expected


def test_use_colour_reads_the_process_environment(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(_Terminal()) is False
    monkeypatch.delenv("NO_COLOR")
    assert use_colour(_Terminal()) is True
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour(io.StringIO()) is True
