"""Recognise news outlets by name or alias (curated in data/outlets.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import curated


def slugify(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normalise(text: str) -> str:
    """Case-, punctuation- and space-insensitive key for an outlet name."""
    text = text.lower().replace("’", "'").strip(" .,:;–—-")
    return re.sub(r"\s+", " ", text)


# Kinds of outlet that are a body's own website: GOV.KRD, the presidency's, a party's.
SITES_OF_BODIES = frozenset({"government site", "party site"})


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    aliases: tuple[str, ...]
    url: str | None
    country: str | None
    language: str | None
    kind: str | None
    affiliation: str | None
    # How the outlet writes all-numeric dates: "DMY" or "MDY" (None: not known).
    date_order: str | None = None


class OutletIndex:
    """Looks up outlets by any of their names."""

    def __init__(self, outlets: list[Outlet]):
        self.outlets = {o.id: o for o in outlets}
        self._by_name: dict[str, str] = {}
        for outlet in outlets:
            for name in (outlet.name, *outlet.aliases):
                self._by_name[normalise(name)] = outlet.id
        # Longest names first, so "Rudaw Media Network" wins over "Rudaw".
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = re.compile(
            # Not inside a longer name: "the National" in "the National Iraqi News Agency".
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])(?!(?-i:\s+[A-Z][a-z]))",
            re.IGNORECASE,
        )

    def match(self, text: str) -> str | None:
        """The id of the outlet that `text` names exactly, or None."""
        return self._by_name.get(normalise(text))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every outlet name in running text: (start, end, outlet id).

        A body's own website (kind "government site" or "party site") publishes under
        the body's name, but in a sentence that name is the body, not a publication."""
        found = []
        for m in self._pattern.finditer(text):
            outlet_id = self._by_name.get(normalise(m.group(1)))
            if outlet_id and not self.is_site_of_a_body(outlet_id):
                found.append((m.start(1), m.end(1), outlet_id))
        return found

    def match_in_text(self, text: str) -> str | None:
        """The outlet a phrase of running text names, never a body's own website."""
        outlet_id = self.match(text)
        return None if outlet_id is None or self.is_site_of_a_body(outlet_id) else outlet_id

    def is_site_of_a_body(self, outlet_id: str) -> bool:
        outlet = self.outlets.get(outlet_id)
        return outlet is not None and outlet.kind in SITES_OF_BODIES


@lru_cache(maxsize=1)
def load_outlets() -> OutletIndex:
    rows = curated.load("outlets")["outlets"]
    return OutletIndex(
        [
            Outlet(
                id=row["id"],
                name=row["name"],
                aliases=tuple(row.get("aliases") or ()),
                url=row.get("url"),
                country=row.get("country"),
                language=row.get("language"),
                kind=row.get("kind"),
                affiliation=row.get("affiliation"),
                date_order=row.get("date_order"),
            )
            for row in rows
        ]
    )
