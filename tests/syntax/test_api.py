"""The public face of slalang.syntax: plain AST and diagnostics out, usable from threads."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from slalang import ast
from slalang.source import Span
from slalang.syntax import parse

from .helpers import EXAMPLES, parse_errors, walk

ALLOWED = (str, int, float, bool, type(None), tuple, Span)


def test_no_lark_type_leaves_the_package():
    text = (EXAMPLES / "acme.sla").read_text()
    file, _ = parse(text, "acme.sla")
    for node in walk(file):
        assert type(node).__module__ == "slalang.ast", node
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if dataclasses.is_dataclass(value) or isinstance(value, tuple):
                continue
            assert type(value) in ALLOWED, (node, f.name, type(value))
    for d in parse_errors("sla s { resolution witin 4h }\nola o by t 30m\n"):
        assert type(d.message) is str and (d.help is None or type(d.help) is str)


def test_parse_is_safe_from_several_threads():
    texts = {name: (EXAMPLES / name).read_text() for name in ("acme.sla", "calendars.sla")}
    bad = "sla s { resolution witin 4h }\n"

    def work(i: int):
        name = ("acme.sla", "calendars.sla")[i % 2]
        if i % 3 == 0:
            return parse(bad, f"bad{i}.sla")
        return parse(texts[name], f"{i}-{name}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(24)))
    for i, (file, diagnostics) in enumerate(results):
        if i % 3 == 0:
            assert file is None and diagnostics[0].span.file == f"bad{i}.sla"
        else:
            assert diagnostics == [] and file.path.startswith(f"{i}-")
            assert all(n.span.file == file.path for n in walk(file))
            assert len(file.comments) == 1


def test_file_span_covers_the_text():
    file, _ = parse("ola o by t within 1h\n\n# end\n", "t.sla")
    assert file.span == Span("t.sla", 1, 1, 4, 1)
    assert isinstance(file.declarations[0], ast.OlaDecl)
