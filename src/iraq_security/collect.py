"""The collection step, between the cross-article merge and the database writer.

Everything the database will hold gets its final form here, in one place:
- entities: page editors become people, meeting venues become places;
- outlets: the curated ones, then those first named on pages;
- articles: the place each dateline names;
- meetings: their final id, their place (a venue or a city), sources counted, participants
  and topics named, titles normalised, whether they were held in person;
- claims: one id each, numbered once (the claims table and the build's warnings both use it),
  with their speakers' final ids and the merged meeting they report on;
- topics, from the curated list (vocabulary.py).

The result is a typed `Collection`; the writer only turns it into rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property

from .gazetteer import Gazetteer, fold
from .merge import MergedMeeting, people
from .outlets import OutletIndex, slugify
from .records import Article, Claim, Meeting, Problem, with_final_ids
from .resolve import EntityTables
from .titles import normalise_title
from .vocabulary import MeetingRules

# Hex digits of the hash in a meeting id ("mtg-0123456789").
MEETING_ID_DIGITS = 10
# Calls are kept as meetings with these modes, but are not in-person meetings.
CALL_MODES = ("phone", "video")


@dataclass(frozen=True)
class CollectedOutlet:
    id: str
    name: str
    url: str | None
    country: str | None
    language: str | None
    kind: str | None
    affiliation: str | None
    source: str  # curated | page
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CollectedArticle:
    article: Article
    dateline_place_id: str | None  # the place the dateline names, when the gazetteer knows only one


@dataclass(frozen=True)
class Topic:
    id: str
    name: str


@dataclass
class CollectedMeeting:
    """A merged meeting with its final id, place and counts."""

    id: str
    meeting: Meeting  # place_id is the venue when the text names one
    city_id: str | None  # the meeting's city (its place when no venue is named)
    reports: list[tuple[Article, Meeting]]  # the articles' own reports of it
    article_count: int
    outlet_count: int
    participant_names: list[str | None]  # one per participant, in order
    participant_titles: list[str | None]  # each participant's title at the time, normalised against titles.yml
    topic_names: list[str]  # one per topic, in order
    in_person: bool  # not a phone or video call
    year: int | None
    month: str | None  # "2024-11", when the date gives the month


@dataclass
class CollectedClaim:
    """A claim with its final id, its speakers' final ids and the merged meeting it reports on."""

    id: str
    claim: Claim
    meeting_id: str | None


@dataclass
class Collection:
    """Everything the writer writes."""

    outlets: list[CollectedOutlet]
    entities: EntityTables
    articles: list[CollectedArticle]
    topics: list[Topic]
    meetings: list[CollectedMeeting]
    claims: list[CollectedClaim]
    # The build's own: added by build() once the claims' warnings name their claims.
    problems: list[Problem] = field(default_factory=list)
    build_info: dict[str, str] = field(default_factory=dict)

    @cached_property
    def claims_by_article(self) -> dict[str, list[CollectedClaim]]:
        by_article: dict[str, list[CollectedClaim]] = {}
        for collected in self.claims:
            by_article.setdefault(collected.claim.article_id, []).append(collected)
        return by_article

    def claims_of(self, article_id: str) -> list[CollectedClaim]:
        return self.claims_by_article.get(article_id, [])


def collect(
    articles: list[Article],
    claims: dict[str, list[Claim]],
    tables: EntityTables,
    merged: list[MergedMeeting],
    outlets: OutletIndex,
    gazetteer: Gazetteer,
) -> Collection:
    """Settle every final id and link. `claims` maps each article id to its claims, in order;
    `merged` are the merge's meetings, `tables` the entity rows with their id map (copied,
    not changed: editors and venues are added to the copy)."""
    tables = replace(
        tables,
        people=list(tables.people),
        places=list(tables.places),
        roles=list(tables.roles),
        editors=list(tables.editors),
    )
    add_editors(tables, articles, gazetteer)
    topics = load_topics()
    meetings = collect_meetings(merged, tables, topics)
    return Collection(
        outlets=collect_outlets(outlets, articles),
        entities=tables,
        articles=[CollectedArticle(a, dateline_place(a, gazetteer)) for a in articles],
        topics=topics,
        meetings=meetings,
        claims=collect_claims(articles, claims, meetings, tables.id_map),
    )


def collect_outlets(outlets: OutletIndex, articles: list[Article]) -> list[CollectedOutlet]:
    """The curated outlets, then each outlet a page names that the curated list does not know."""
    collected = [
        CollectedOutlet(o.id, o.name, o.url, o.country, o.language, o.kind, o.affiliation, "curated", tuple(o.aliases))
        for o in outlets.outlets.values()
    ]
    seen = {o.id for o in collected}
    for article in articles:
        for name in article.new_outlets:
            outlet_id = slugify(name)
            if outlet_id not in seen:
                seen.add(outlet_id)
                collected.append(CollectedOutlet(outlet_id, name, None, None, None, None, None, "page"))
    return collected


def dateline_place(article: Article, gazetteer: Gazetteer) -> str | None:
    """The place a dateline names: "Baghdad/Erbil" gives the first; a name the gazetteer
    knows more than one place by gives none."""
    if not article.dateline:
        return None
    ids = gazetteer.place_ids(article.dateline.split("/")[0])
    return next(iter(ids)) if len(ids) == 1 else None


def load_topics() -> list[Topic]:
    return [Topic(topic_id, name) for topic_id, name, _ in MeetingRules.load().topics]


def add_editors(tables: EntityTables, articles: list[Article], gazetteer: Gazetteer) -> None:
    """An article's editor (from its closing line) is a person linked to it, role Editor."""
    known = {row["id"] for row in tables.people}
    for article in articles:
        if not article.editor:
            continue
        ids = gazetteer.person_ids(article.editor)
        if len(ids) == 1:
            person_id = next(iter(ids))
        else:
            person_id = slugify(article.editor)
            if person_id not in known:
                known.add(person_id)
                tables.people.append(
                    {
                        "id": person_id,
                        "name": article.editor,
                        "slug": person_id,
                        "description": None,
                        "nationality": None,
                        "wikidata_id": None,
                        "source": "page",
                        "sourced_from": "page",
                    }
                )
        tables.editors.append({"article_id": article.id, "person_id": person_id})
        outlet = article.credited_source or article.publisher
        tables.roles.append(
            {
                "person_id": person_id,
                "title": "Editor",
                "organisation_id": None,
                "outlet_id": outlet,
                "start_date": None,
                "end_date": None,
                "source": "page",
                "sourced_from": "page",
                "article_id": article.id,
            }
        )


def collect_meetings(merged: list[MergedMeeting], tables: EntityTables, topics: list[Topic]) -> list[CollectedMeeting]:
    """Each merged meeting with its final id, at its venue (a new place when first named),
    its participants and topics named."""
    places = {row["id"]: row for row in tables.places}
    # A participant is named as its record is (people and organisations are final by now).
    names = {row["id"]: row["name"] for row in tables.people + tables.organisations}
    topic_names = {t.id: t.name for t in topics}
    collected = []
    for cluster, meeting_id in zip(merged, meeting_ids(merged)):
        meeting, city_id = venue_place(cluster.meeting, places, tables)
        collected.append(
            CollectedMeeting(
                id=meeting_id,
                meeting=meeting,
                city_id=city_id,
                reports=list(cluster.reports),
                article_count=cluster.article_count,
                outlet_count=cluster.outlet_count,
                participant_names=[
                    names.get(p.person_id or p.organisation_id or "", p.group_text) for p in meeting.participants
                ],
                participant_titles=[normalise_title(p.title_at_time) for p in meeting.participants],
                topic_names=[topic_names.get(t, t) for t in meeting.topics],
                in_person=meeting.mode not in CALL_MODES,
                year=int(meeting.date[:4]) if meeting.date else None,
                month=meeting.month,
            )
        )
    return collected


def meeting_ids(merged: list[MergedMeeting]) -> list[str]:
    """A stable id per meeting, from its date (or its first report) and its people; two meetings
    the rules kept apart on the same day with the same people get "-2", "-3"."""
    ids, taken = [], set()
    for cluster in merged:
        m = cluster.meeting
        first_article, first = cluster.reports[0]
        key = "|".join([m.date or f"{first_article.id}#{first.index}", *sorted(people(m))])
        meeting_id = candidate = "mtg-" + hashlib.sha1(key.encode()).hexdigest()[:MEETING_ID_DIGITS]
        n = 2
        while meeting_id in taken:
            meeting_id, n = f"{candidate}-{n}", n + 1
        taken.add(meeting_id)
        ids.append(meeting_id)
    return ids


def venue_place(meeting: Meeting, places: dict[str, dict], tables: EntityTables) -> tuple[Meeting, str | None]:
    """A venue a meeting names becomes a place of kind `venue`, its city the parent.

    The meeting's place is then the venue, and the city is returned beside it so a query
    by city still finds it. Venues are keyed by city and name: the same building in
    two articles is one place. `places` indexes `tables.places` by id; both gain the venue."""
    city_id = meeting.place_id
    if not meeting.venue or city_id not in places:
        return meeting, city_id
    city = places[city_id]
    venue_id = f"{city_id}--{fold(meeting.venue).replace(' ', '-')}"
    if venue_id not in places:
        places[venue_id] = {
            "id": venue_id,
            "name": f"{meeting.venue}, {city['name']}",
            "kind": "venue",
            "country": city.get("country"),
            # A venue is drawn at its city: the text names the building, not where it stands.
            "latitude": city.get("latitude"),
            "longitude": city.get("longitude"),
            "source": "article",
            "parent_id": city_id,
        }
        tables.places.append(places[venue_id])
    return (
        replace(
            meeting,
            place_id=venue_id,
            place_rule=f"venue named in the text ('{meeting.venue}') in {city['name']}; {meeting.place_rule}",
        ),
        city_id,
    )


def claim_id(article_id: str, number: int) -> str:
    """A claim's id: its article's, and its place among the article's claims (from 1)."""
    return f"{article_id}-c{number}"


def collect_claims(
    articles: list[Article],
    claims: dict[str, list[Claim]],
    meetings: list[CollectedMeeting],
    id_map: dict[str, str],
) -> list[CollectedClaim]:
    meeting_of = {(article.id, report.index): m.id for m in meetings for article, report in m.reports}
    collected = []
    for article in articles:
        for number, claim in enumerate(claims.get(article.id, []), start=1):
            final = with_final_ids(claim, id_map)
            meeting_id = (
                meeting_of.get((claim.article_id, claim.meeting_index)) if claim.meeting_index is not None else None
            )
            collected.append(CollectedClaim(claim_id(article.id, number), final, meeting_id))
    return collected
