"""read_source: files that are not policy text give one located `syntax` diagnostic."""

from __future__ import annotations

from slalang.syntax import read_source


def test_reads_utf8_and_drops_a_byte_order_mark(tmp_path):
    f = tmp_path / "p.sla"
    f.write_bytes('\ufeffpolicy "café"\n'.encode())
    assert read_source(str(f)) == ('policy "café"\n', [])


def test_invalid_utf8_points_at_the_bad_byte(tmp_path):
    f = tmp_path / "p.sla"
    f.write_bytes(b'policy "p"\nsegment s when customer.name == "caf' + b"\xe9" + b'"\n')
    text, (d,) = read_source(str(f))
    assert text is None
    assert (d.code, d.span.file, d.span.line, d.span.column) == ("syntax", str(f), 2, 37)
    assert "not valid UTF-8" in d.message and "0xe9" in d.message and d.help == "save the file as UTF-8"


def test_column_of_a_bad_byte_counts_characters_not_bytes(tmp_path):
    f = tmp_path / "p.sla"
    f.write_bytes("# é é\n# ü".encode() + b"\xff")
    _, (d,) = read_source(str(f))
    assert (d.span.line, d.span.column) == (2, 4)


def test_nul_byte_is_located(tmp_path):
    f = tmp_path / "p.sla"
    f.write_bytes(b'policy "p"\n\n  \x00\n')
    text, (d,) = read_source(str(f))
    assert text is None
    assert (d.code, d.span.line, d.span.column) == ("syntax", 3, 3)
    assert "NUL" in d.message


def test_limit_is_configurable_and_message_states_sizes(tmp_path):
    f = tmp_path / "p.sla"
    f.write_bytes(b"#" * (3 * 1024 * 1024))
    text, (d,) = read_source(str(f), max_bytes=2 * 1024 * 1024)
    assert text is None and d.message == "file is 3.0 MiB; the limit is 2 MiB"


def test_missing_file_and_directory(tmp_path):
    text, (d,) = read_source(str(tmp_path / "nope.sla"))
    assert text is None and d.code == "syntax" and d.message == "file not found"
    text, (d,) = read_source(str(tmp_path))
    assert text is None and d.code == "syntax"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "p.sla"
    os.mkfifo(fifo)
    text, (d,) = read_source(str(fifo))
    assert text is None and d.message == "is not a regular file"
