"""The Rails time-zone table: kept as data with its source, every zone valid, both ways."""

from __future__ import annotations

import json
from importlib import resources

from slalang.bridges.zones import iana_zone, is_iana_zone, rails_name, rails_table


def test_the_table_names_its_source_and_every_zone_is_an_iana_zone():
    data = json.loads(resources.files("slalang.bridges").joinpath("rails_time_zones.json").read_text(encoding="utf-8"))
    assert data["source"]["repository"] == "https://github.com/rails/rails"
    assert data["source"]["path"].endswith("time_zone.rb")
    assert len(rails_table()) >= 150
    assert all(is_iana_zone(zone) for _, zone in rails_table())
    names = [name for name, _ in rails_table()]
    assert len(names) == len(set(names))


def test_rails_names_and_iana_names_both_read():
    assert iana_zone("Eastern Time (US & Canada)") == "America/New_York"
    assert iana_zone("Amsterdam") == "Europe/Amsterdam"
    assert iana_zone("Kathmandu") == "Asia/Kathmandu"
    assert iana_zone("America/Sao_Paulo") == "America/Sao_Paulo"
    for bad in ("Mars/Olympus", "", "localtime", "/etc/localtime", None, 5, "eastern time (us & canada)"):
        assert iana_zone(bad) is None


def test_going_back_prefers_the_name_the_import_kept_while_it_means_the_same_zone():
    assert rails_name("Europe/London", "Edinburgh") == "Edinburgh"
    assert rails_name("Europe/London") == "Edinburgh"  # the table's first name for the zone
    assert rails_name("Europe/London", "Amsterdam") == "Edinburgh"  # kept name no longer means this zone
    assert rails_name("America/Boise") is None
