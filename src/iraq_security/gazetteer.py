"""The curated gazetteer: people, organisations and places with their aliases.

Loaded from data/people.yml, data/organisations.yml and data/places.yml. Names
are matched through a transliteration-tolerant key, so al-Kadhimi, Al-Kazemi
and Al-Kazimi meet on one record.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import curated

PRESENT = "present"  # a role's end: still held when the gazetteer was last checked

# An all-capitals name this short is an acronym ("US", "PMF"), matched by exact case.
MAX_ACRONYM_LETTERS = 6


@dataclass(frozen=True)
class Role:
    title: str
    organisation_id: str | None
    start: str | None
    end: str | None
    source: str | None = None  # a URL, a document, "article" or "unsourced"

    def valid_on(self, day: str | None) -> bool:
        """True when the role is held on `day` (ISO), or when the dates are unknown."""
        if not day:
            return True
        if self.start and day < str(self.start)[: len(day)]:
            return False
        if self.end and self.end != PRESENT and day[: len(str(self.end))] > str(self.end):
            return False
        return True


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    nationality: str | None
    description: str | None
    wikidata_id: str | None
    roles: tuple[Role, ...] = ()
    source: str | None = None  # a URL, a document, "article" or "unsourced"

    def roles_on(self, day: str | None) -> list[Role]:
        """The roles known to be held on `day`, earliest start first.

        Only decidable roles count: the role has a start date, and either an end
        date ("present" when still held) or no later office of the same person
        (with a later office and no end date, whether it outlasted its start is unknown).
        """
        if not day:
            return []
        held = []
        for role in self.roles:
            if not role.start or not role.valid_on(day):
                continue
            if role.end is None:
                later = [o.start for o in self.roles if o.start and o.start > role.start]
                if later and day[: len(min(later))] >= min(later):
                    continue
            held.append(role)
        return sorted(held, key=lambda r: r.start)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str | None
    country: str | None
    side: str | None
    parent_id: str | None
    source: str | None = None
    wikidata_id: str | None = None


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    government_id: str | None = None  # the government a capital or country speaks for
    source: str | None = None
    wikidata_id: str | None = None
    coordinates_source: str | None = None


# ---------------------------------------------------------------- name keys

_PARTICLES = {"al", "el", "ul", "bin", "ibn", "abu", "the"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}  # "Myles Caggins III" is "Caggins" for short
_APOSTROPHES = "'’‘ʿʾ`´"
# Romanisation variants of one Arabic/Persian letter, longest first.
_LETTER_VARIANTS = [
    ("dh", "z"),
    ("th", "z"),
    ("zh", "z"),
    ("d", "d"),
    ("kh", "k"),
    ("gh", "g"),
    ("q", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("sh", "s"),
    ("ph", "f"),
    ("w", "w"),
    ("j", "j"),
]
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, no apostrophes, hyphens and dots as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’]s\b", "", text.lower())  # "Region’s presidency" = "Region presidency"
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = re.sub(r"[-‐–—.,]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A transliteration-tolerant key: consonant skeleton of each word.

    'Mustafa al-Kadhimi', 'Mustafa Al-Kazemi' and 'Mustafa al-Kazimi' all give
    'mstf kzm'. Particles (al-, el-, bin), doubled letters and middle
    initials are dropped.
    """
    words = [w for w in fold(text).split() if w not in _PARTICLES]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) > 2:
        # A middle initial ("Barbara A. Leaf") is left out by half the press.
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(k for k in (_skeleton(w) for w in words) if k)


def _skeleton(word: str) -> str:
    for variant, letter in _LETTER_VARIANTS:
        word = word.replace(variant, letter)
    head, tail = word[:1], _VOWELS.sub("", word[1:])
    if head in "aeiouy":
        head = "a"  # Othman/Uthman, Ismail/Esmail
    word = head + tail
    return re.sub(r"(.)\1+", r"\1", word)


# ---------------------------------------------------------------- the gazetteer


@dataclass
class Gazetteer:
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    places: dict[str, Place]
    _person_keys: dict[str, set[str]] = field(default_factory=dict)
    _surname_keys: dict[str, set[str]] = field(default_factory=dict)
    _org_keys: dict[str, set[str]] = field(default_factory=dict)
    _place_keys: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self):
        for person in self.people.values():
            for name in (person.name, *person.aliases):
                self._person_keys.setdefault(name_key(name), set()).add(person.id)
                last = name_key(name).split()[-1:] if name_key(name) else []
                if last:
                    self._surname_keys.setdefault(last[0], set()).add(person.id)
        for org in self.organisations.values():
            for name in (org.name, *org.aliases, *([org.acronym] if org.acronym else [])):
                self._org_keys.setdefault(fold(name), set()).add(org.id)
        for place in self.places.values():
            for name in (place.name, *place.aliases):
                self._place_keys.setdefault(fold(name), set()).add(place.id)

    def person_ids(self, name: str) -> set[str]:
        return self._person_keys.get(name_key(name), set())

    def people_with_surname(self, surname: str) -> set[str]:
        return self._surname_keys.get(name_key(surname), set())

    def organisation_ids(self, name: str) -> set[str]:
        return self._org_keys.get(fold(name), set())

    def place_ids(self, name: str) -> set[str]:
        return self._place_keys.get(fold(name), set())

    def ruler_patterns(self) -> list[dict]:
        """entity_ruler patterns: every curated name, labelled, with its id.

        Acronyms and all-caps names match exactly ('US' must not match 'us');
        other names match case-insensitively.
        """
        patterns = []

        def add(label: str, name: str, entity_id: str):
            if not name or len(name) < 2:
                return
            if name.isupper() and len(name) <= MAX_ACRONYM_LETTERS:
                patterns.append({"label": label, "pattern": [{"ORTH": name}], "id": entity_id})
            else:
                patterns.append({"label": label, "pattern": name, "id": entity_id})

        for p in self.people.values():
            for name in (p.name, *p.aliases):
                add("PERSON", name, f"person:{p.id}")
        for o in self.organisations.values():
            for name in (o.name, *o.aliases, *([o.acronym] if o.acronym else [])):
                add("ORG", name, f"organisation:{o.id}")
        for pl in self.places.values():
            label = "GPE" if pl.kind in ("city", "country", "province", "region", "town", "district") else "LOC"
            for name in (pl.name, *pl.aliases):
                add(label, name, f"place:{pl.id}")
        return patterns


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    people = {
        row["id"]: Person(
            id=row["id"],
            name=row["name"],
            aliases=tuple(row.get("aliases") or ()),
            nationality=row.get("nationality"),
            description=row.get("description"),
            wikidata_id=row.get("wikidata_id"),
            roles=tuple(
                Role(
                    title=r["title"],
                    organisation_id=r.get("organisation"),
                    start=_date_text(r.get("start")),
                    end=_date_text(r.get("end")),
                    source=r.get("source"),
                )
                for r in row.get("roles") or ()
            ),
            source=row.get("source"),
        )
        for row in curated.load("people")["people"]
    }
    organisations = {
        row["id"]: Organisation(
            id=row["id"],
            name=row["name"],
            acronym=row.get("acronym"),
            aliases=tuple(row.get("aliases") or ()),
            kind=row.get("kind"),
            country=row.get("country"),
            side=row.get("side"),
            parent_id=row.get("parent"),
            source=row.get("source"),
            wikidata_id=row.get("wikidata_id"),
        )
        for row in curated.load("organisations")["organisations"]
    }
    places = {
        row["id"]: Place(
            id=row["id"],
            name=row["name"],
            aliases=tuple(row.get("aliases") or ()),
            kind=row.get("kind"),
            country=row.get("country"),
            latitude=row.get("latitude"),
            longitude=row.get("longitude"),
            government_id=row.get("government"),
            source=row.get("source"),
            wikidata_id=row.get("wikidata_id"),
            coordinates_source=row.get("coordinates_source"),
        )
        for row in curated.load("places")["places"]
    }
    return Gazetteer(people, organisations, places)


def _date_text(value) -> str | None:
    return None if value is None else str(value)
