"""Stage 3: resolve each mention to one canonical person, organisation or place.

Per article (a pure function of the mentions and the gazetteer):
- names the gazetteer knows, under any alias or transliteration variant;
- a surname or title+surname ("Barzani", "President Barzani") resolves to a
  person named in full in the same article: first by a title that matches a
  role valid on the article's date, then by the most recent full mention;
  still ambiguous means no link and a warning;
- names the gazetteer does not know become new records (source "model").

Across articles, `collect_entities` merges the new records by name key and
builds the rows for the entity tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from .gazetteer import Gazetteer, fold, name_key
from .geonames import UNKNOWN as UNKNOWN_KIND
from .geonames import place_facts
from .outlets import slugify
from .records import ArticleEntities, Mention
from .titles import normalise_title
from .vocabulary import EntityRules, office_words

UNSOURCED = "unsourced"  # a curated fact nobody has found a source for yet
NEW = "new:"  # prefix of an id for a record the gazetteer does not have yet


def resolve_article(
    found: ArticleEntities, article_date: str | None, gazetteer: Gazetteer, vocabulary: EntityRules | None = None
) -> ArticleEntities:
    vocabulary = vocabulary or EntityRules.load()
    resolved: list[Mention] = []
    warnings = list(found.warnings)
    stated_titles: dict[int, list[str]] = defaultdict(list)
    for role in found.roles:
        stated_titles[role.mention_index].append(role.title)

    # First pass: full names. Second pass: surnames, which need the full names.
    for mention in found.mentions:
        resolved.append(_resolve_name(mention, gazetteer))
    fuzzy_notes: dict[tuple[str, str], str] = {}
    for index, mention in enumerate(resolved):
        if mention.entity_type == "person" and (mention.entity_id or "").startswith(f"{NEW}person:"):
            linked = fuzzy_person(index, resolved, found.roles, article_date, gazetteer)
            if linked is not None:
                resolved[index] = linked
                fuzzy_notes.setdefault((linked.text, linked.entity_id), linked.note)
    warnings += list(fuzzy_notes.values())
    for index, mention in enumerate(resolved):
        if mention.entity_type == "person" and mention.entity_id is None:
            resolved[index] = _resolve_surname(index, resolved, stated_titles, article_date, gazetteer, vocabulary)
            if resolved[index].note:
                warnings.append(resolved[index].note)
    return ArticleEntities(found.article_id, resolved, found.roles, warnings)


def _resolve_name(mention: Mention, gazetteer: Gazetteer) -> Mention:
    if mention.curated_id:
        return replace(mention, entity_id=mention.curated_id)
    text = mention.text
    if mention.entity_type == "person":
        if _is_surname_only(text):
            return mention  # resolved against the article's full names below
        ids = gazetteer.person_ids(text)
        if len(ids) == 1:
            return replace(mention, entity_id=next(iter(ids)), method="gazetteer")
        return replace(mention, entity_id=f"{NEW}person:{name_key(text)}")
    if mention.entity_type == "organisation":
        ids = gazetteer.organisation_ids(text)
        if len(ids) == 1:
            return replace(mention, entity_id=next(iter(ids)), method="gazetteer")
        return replace(mention, entity_id=f"{NEW}organisation:{fold(text)}")
    ids = gazetteer.place_ids(text)
    if len(ids) == 1:
        return replace(mention, entity_id=next(iter(ids)), method="gazetteer")
    return replace(mention, entity_id=f"{NEW}place:{fold(text)}")


FUZZY_MIN_SCORE = 80  # rapidfuzz token_sort_ratio of the folded names, 0-100
FUZZY_NEAR_TOKENS = 6  # an organisation or place this close before the name stands in its title


def fuzzy_person(
    index: int, mentions: list[Mention], roles, article_date: str | None, gazetteer: Gazetteer
) -> Mention | None:
    """A name the gazetteer lacks, a small edit away from one it has, whose context fits
    that person: linked to them (method "fuzzy", with a note for the problems table).

    The context fits when an organisation or place in the name's title, or just before
    the name, is the organisation of an office the person held on the article's date
    (same office), or speaks for the person's side while they held any office (same side).
    """
    mention = mentions[index]
    if not article_date:
        return None
    choices = {}
    for person in gazetteer.people.values():
        for name in (person.name, *person.aliases):
            choices[(person.id, name)] = fold(name)
    scored = process.extract(
        fold(mention.text), choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_MIN_SCORE, limit=None
    )
    best: dict[str, float] = {}
    for _, score, (person_id, _) in scored:
        best[person_id] = max(score, best.get(person_id, 0))
    if not best:
        return None
    near = set()
    for entity_id in _context_near(index, mentions, roles):
        place = gazetteer.places.get(entity_id)
        near.add(place.government_id if place else entity_id)
    fits = []
    for person_id, score in best.items():
        person = gazetteer.people[person_id]
        held = person.roles_on(article_date)
        offices = {r.organisation_id for r in held} - {None}
        offices |= {gazetteer.organisations[o].parent_id for o in offices if o in gazetteer.organisations}
        organisations = {o for o in near if o in gazetteer.organisations}
        if offices & organisations:
            fits.append((score, person_id, f"same office ({', '.join(sorted(offices & organisations))})"))
            continue
        sides = {gazetteer.organisations[o].side for o in organisations}
        if held and person.nationality and person.nationality in sides:
            fits.append((score, person_id, f"same side ({person.nationality})"))
    fits.sort(reverse=True)
    if not fits or (len(fits) > 1 and fits[1][0] == fits[0][0]):
        return None
    score, person_id, why = fits[0]
    person = gazetteer.people[person_id]
    note = (
        f"'{mention.text}' is not in the gazetteer; linked to {person.name} ({person_id}) by a fuzzy match "
        f"(names {score:.0f}% alike, {why} on {article_date}): method fuzzy, please confirm"
    )
    return replace(mention, entity_id=person_id, method="fuzzy", note=note)


def _context_near(index: int, mentions: list[Mention], roles) -> set[str]:
    """Organisations (and the governments of places) in the name's stated titles or just before it."""
    mention = mentions[index]
    spans = [(r.start_char, r.end_char) for r in roles if r.mention_index == index]
    found = set()
    for other in mentions:
        if other.entity_type == "person" or not other.entity_id or other.sentence_index != mention.sentence_index:
            continue
        in_title = any(start <= other.start_char < end for start, end in spans)
        just_before = other.end <= mention.start and mention.start - other.end <= FUZZY_NEAR_TOKENS
        if in_title or just_before:
            found.add(other.entity_id)
    return found


def _is_surname_only(text: str) -> bool:
    """One name word: "Barzani", or a hyphenated surname on its own ("Mohammadi-Far")."""
    return len(name_key(text).split()) == 1 or (len(text.split()) == 1 and "-" in text)


def _resolve_surname(index, mentions, stated_titles, article_date, gazetteer, vocabulary) -> Mention:
    mention = mentions[index]
    surname = name_key(mention.text)
    candidates: dict[str, int] = {}  # person id -> index of its most recent full mention before this one
    later: dict[str, int] = {}
    for other_index, other in enumerate(mentions):
        if other.entity_type != "person" or other.entity_id is None or _is_surname_only(other.text):
            continue
        if surname not in _surname_keys(other, gazetteer):
            continue
        if other_index < index:
            candidates[other.entity_id] = other_index
        else:
            later.setdefault(other.entity_id, other_index)
    if not candidates:
        candidates = later
    if not candidates:
        # Nobody named in full: the gazetteer may know exactly one such surname.
        ids = gazetteer.people_with_surname(mention.text)
        if len(ids) == 1:
            return replace(mention, entity_id=next(iter(ids)), method="gazetteer")
        if not ids:
            return replace(mention, note=f"'{mention.text}': a surname with no full name in the article; not linked")
        return replace(mention, note=f"'{mention.text}': several people in the gazetteer have this surname; not linked")
    if len(candidates) == 1:
        return replace(mention, entity_id=next(iter(candidates)), method="coreference")
    if mention.title:
        matching = [
            pid
            for pid, at in candidates.items()
            if _title_matches(mention.title, _titles_of(pid, at, stated_titles, article_date, gazetteer), vocabulary)
        ]
        if len(matching) == 1:
            return replace(mention, entity_id=matching[0], method="coreference")
        if len(matching) > 1:
            candidates = {pid: candidates[pid] for pid in matching}
    before = {pid: at for pid, at in candidates.items() if at < index}
    if before:
        latest = max(before, key=before.get)
        return replace(mention, entity_id=latest, method="coreference")
    return replace(
        mention,
        note=f"'{mention.text}' could be {', '.join(sorted(candidates))}; not linked",
    )


def _surname_keys(mention: Mention, gazetteer: Gazetteer) -> set[str]:
    keys = {name_key(mention.text).split()[-1]}
    if len(mention.text.split()) > 1:
        keys.add(name_key(mention.text.split()[-1]))  # "Reza Mohammadi-Far" -> "Mohammadi-Far"
    person = gazetteer.people.get(mention.entity_id or "")
    if person:
        keys |= {name_key(n).split()[-1] for n in (person.name, *person.aliases) if name_key(n)}
    return keys


def _titles_of(person_id, mention_index, stated_titles, article_date, gazetteer) -> list[str]:
    titles = list(stated_titles.get(mention_index, []))
    person = gazetteer.people.get(person_id)
    if person:
        titles += [role.title for role in person.roles if role.valid_on(article_date)]
    return titles


def _title_matches(title: str, role_titles: list[str], vocabulary: EntityRules) -> bool:
    wanted = office_words(title, vocabulary)
    if not wanted:
        return False
    return any(wanted <= office_words(role, vocabulary) for role in role_titles)


# ---------------------------------------------------------------- across articles


@dataclass
class EntityTables:
    """Rows for the entity tables, and the articles' mentions with final ids."""

    people: list[dict] = field(default_factory=list)
    person_aliases: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    organisation_aliases: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    articles: list[ArticleEntities] = field(default_factory=list)
    id_map: dict[str, str] = field(default_factory=dict)  # NEW ids -> final ids
    editors: list[dict] = field(default_factory=list)  # article_id, person_id


def collect_entities(resolved: list[ArticleEntities], gazetteer: Gazetteer) -> EntityTables:
    tables = EntityTables()
    for person in gazetteer.people.values():
        tables.people.append(
            {
                "id": person.id,
                "name": person.name,
                "slug": person.id,
                "description": person.description,
                "nationality": person.nationality,
                "wikidata_id": person.wikidata_id,
                "source": "gazetteer",
                "sourced_from": person.source or UNSOURCED,
            }
        )
        tables.person_aliases += [{"person_id": person.id, "alias": a} for a in dict.fromkeys(person.aliases)]
        for role in person.roles:
            tables.roles.append(
                {
                    "person_id": person.id,
                    "title": role.title,
                    "organisation_id": role.organisation_id,
                    "start_date": role.start,
                    "end_date": role.end,
                    "source": "gazetteer",
                    "sourced_from": role.source or UNSOURCED,
                    "article_id": None,
                }
            )
    for org in gazetteer.organisations.values():
        tables.organisations.append(
            {
                "id": org.id,
                "name": org.name,
                "acronym": org.acronym,
                "kind": org.kind,
                "country": org.country,
                "side": org.side,
                "parent_id": org.parent_id,
                "source": "gazetteer",
                "sourced_from": org.source or UNSOURCED,
            }
        )
        tables.organisation_aliases += [
            {"organisation_id": org.id, "alias": a} for a in dict.fromkeys(org.aliases) if a != org.name
        ]
    for place in gazetteer.places.values():
        tables.places.append(
            {
                "id": place.id,
                "name": place.name,
                "kind": place.kind or UNKNOWN_KIND,
                "country": place.country,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "coordinates_source": place.coordinates_source if place.latitude is not None else None,
                "source": "gazetteer",
                "sourced_from": place.source or UNSOURCED,
            }
        )

    # New records: one per name key, named by their most frequent spelling.
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in resolved:
        for mention in article.mentions:
            if mention.entity_id and mention.entity_id.startswith(NEW):
                spellings[mention.entity_id][mention.text] += 1
    taken = {row["id"] for row in tables.people + tables.organisations + tables.places}
    for new_id in sorted(spellings):
        entity_type = new_id[len(NEW) :].split(":", 1)[0]
        name = spellings[new_id].most_common(1)[0][0]
        final = _unique(slugify(name) or "unnamed", taken)
        tables.id_map[new_id] = final
        if entity_type == "person":
            tables.people.append(
                {
                    "id": final,
                    "name": name,
                    "slug": final,
                    "description": None,
                    "nationality": None,
                    "wikidata_id": None,
                    "source": "model",
                    "sourced_from": "article",
                }
            )
            tables.person_aliases += [{"person_id": final, "alias": s} for s in spellings[new_id] if s != name]
        elif entity_type == "organisation":
            tables.organisations.append(
                {
                    "id": final,
                    "name": name,
                    "acronym": name if name.isupper() else None,
                    "kind": None,
                    "country": None,
                    "side": None,
                    "parent_id": None,
                    "source": "model",
                    "sourced_from": "article",
                }
            )
            tables.organisation_aliases += [
                {"organisation_id": final, "alias": s} for s in spellings[new_id] if s != name
            ]
        else:
            facts = place_facts(name)  # GeoNames: a country, a region, a city, or unknown
            tables.places.append(
                {
                    "id": final,
                    "name": name,
                    "kind": facts.kind,
                    "country": facts.country,
                    "latitude": facts.latitude,
                    "longitude": facts.longitude,
                    "coordinates_source": facts.coordinates_source,
                    "source": "model",
                    "sourced_from": facts.source or "article",
                }
            )

    for article in resolved:
        mentions = [
            replace(m, entity_id=tables.id_map.get(m.entity_id, m.entity_id)) if m.entity_id else m
            for m in article.mentions
        ]
        tables.articles.append(replace(article, mentions=mentions))
        stated = set()
        for role in article.roles:
            person = mentions[role.mention_index]
            if not person.entity_id or (person.entity_id, role.title) in stated:
                continue  # the first time an article gives someone a title is its provenance
            stated.add((person.entity_id, role.title))
            org = mentions[role.organisation_mention] if role.organisation_mention is not None else None
            org_id = None
            if org and org.entity_id:
                if org.entity_type == "organisation":
                    org_id = org.entity_id
                elif org.entity_id in gazetteer.places:
                    org_id = gazetteer.places[org.entity_id].government_id
            tables.roles.append(
                {
                    "person_id": person.entity_id,
                    "title": normalise_title(role.title),
                    "title_text": role.title,
                    "organisation_id": org_id,
                    "start_date": None,
                    "end_date": None,
                    "source": "article",
                    "sourced_from": "article",
                    "article_id": article.article_id,
                    "sentence_index": role.sentence_index,
                    "start_char": role.start_char,
                    "end_char": role.end_char,
                }
            )
    return tables


def _unique(candidate: str, taken: set[str]) -> str:
    final, n = candidate, 2
    while final in taken:
        final, n = f"{candidate}-{n}", n + 1
    taken.add(final)
    return final
