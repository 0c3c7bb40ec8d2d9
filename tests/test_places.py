"""Places: one record per place, a kind for every place, and coordinates from a
named source for every place below country level (or a data-quality listing)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import yaml

from iraq_security import curated
from iraq_security.gazetteer import fold, load_gazetteer
from iraq_security.geonames import place_facts

ROOT = Path(__file__).resolve().parent.parent
KINDS = {
    "city",
    "town",
    "district",
    "province",
    "region",
    "country",
    "border_crossing",
    "disputed_territory",
    "military_base",
    "venue",
}


def test_no_two_gazetteer_places_share_a_name():
    owners = defaultdict(set)
    for place in curated.load("places")["places"]:
        for name in (place["name"], *(place.get("aliases") or ())):
            owners[fold(name)].add(place["id"])
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_bare_kurdistan_is_the_kurdistan_region_not_a_second_region():
    assert load_gazetteer().place_ids("Kurdistan") == {"kurdistan-region"}


def test_every_gazetteer_place_has_a_kind_and_sourced_coordinates():
    for place in curated.load("places")["places"]:
        assert place.get("kind") in KINDS, place["id"]
        if place.get("latitude") is not None:
            assert place.get("coordinates_source"), place["id"]
            assert -90 <= place["latitude"] <= 90 and -180 <= place["longitude"] <= 180


def test_a_place_the_gazetteer_lacks_gets_its_kind_from_geonames():
    assert place_facts("Southern Europe").kind == "region"
    assert place_facts("the Middle East").kind == "region"
    assert place_facts("Pakistan").kind == "country"
    muscat = place_facts("Muscat")
    assert muscat.kind == "city" and muscat.latitude is not None and muscat.coordinates_source.startswith("GeoNames")
    assert place_facts("RSS").kind == "unknown"  # an acronym is no place name
    assert place_facts("Qwxzy Heights").kind == "unknown"


def test_every_place_the_seeds_mention_has_a_kind_and_coordinates_or_a_listing(seed_db):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    sql = metadata["databases"]["iraq_security"]["queries"]["places_without_coordinates"]["sql"]
    conn = sqlite3.connect(seed_db)
    try:
        mentioned = conn.execute("select id, kind, latitude, country from places where reference_only = 0").fetchall()
        listed = {row[0] for row in conn.execute(sql)}
    finally:
        conn.close()
    assert mentioned
    for place_id, kind, latitude, country in mentioned:
        assert kind, place_id
        if kind != "country" and not (kind == "region" and country is None):
            assert latitude is not None or place_id in listed, place_id
