"""Plain typed records that carry the data from one stage to the next.

read pages → parse → find entities → resolve → read each article once →
meetings and claims → merge meetings across articles → collect → write.
Each stage takes records and returns records; a stage may use an earlier
stage, never a later one or its sibling (tests/test_architecture.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date as Date


@dataclass
class Problem:
    """Something wrong with an input file, reported and stored, never fatal."""

    source_file: str
    severity: str  # "error" (file skipped) or "warning" (file kept)
    message: str


@dataclass
class Article:
    """One saved page, cleaned: the text the rest of the pipeline reads."""

    id: str
    source_file: str
    sha256: str
    body: str
    title: str | None = None
    caption: str | None = None
    publisher: str | None = None  # outlet id
    credited_source: str | None = None  # outlet id
    published: str | None = None  # ISO date
    published_time: str | None = None  # HH:MM, when the page gives it
    published_inferred: str | None = None
    published_inferred_reason: str | None = None
    page_date: str | None = None
    section: str | None = None
    dateline: str | None = None
    editor: str | None = None
    byline: str | None = None  # "By Jane Roe" above the text
    subtitle: str | None = None  # the standfirst under the headline
    published_timezone: str | None = None  # "+03:00", "GMT+3", as the page gives it
    updated: str | None = None  # ISO date of an "Updated" line
    dateline_text: str | None = None  # the dateline as written: "SULAIMANI, Kurdistan Region –"
    url: str | None = None  # the page's address (manifest, canonical link)
    retrieved_at: str | None = None  # from the manifest
    licence: str | None = None  # from the manifest
    source_format: str = "text"  # text | html
    # How each field was found: the rule's name ("masthead", "labelled line", "manifest", …).
    title_rule: str | None = None
    published_rule: str | None = None
    publisher_rule: str | None = None
    dateline_rule: str | None = None
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Outlets named on the page that the curated list does not know yet.
    new_outlets: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def anchor_date(self) -> tuple[str | None, str]:
        """The date relative expressions resolve against, and where it came from."""
        if self.published:
            return self.published, "published"
        if self.published_inferred:
            return self.published_inferred, "published_inferred"
        return None, "none"


# ---------------------------------------------------------------- the parse


@dataclass(slots=True)
class Token:
    """One token of spaCy's parse, as plain data."""

    i: int
    text: str
    idx: int  # character offset in the article body
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the head token (itself for a root)
    sent: int  # sentence index
    ent: str  # entity label, "" outside entities

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


@dataclass(slots=True)
class Sentence:
    index: int
    start: int  # first token
    end: int  # one past the last token
    start_char: int
    end_char: int


@dataclass(slots=True)
class EntitySpan:
    """An entity the pipeline found: by the gazetteer's entity_ruler or the statistical NER."""

    label: str
    text: str
    start_char: int
    end_char: int
    start: int  # first token
    end: int  # one past the last token
    sentence_index: int
    ruler_id: str | None  # "person:<id>" etc. when the gazetteer found it


@dataclass
class ParsedArticle:
    """Everything later stages need from the Doc; the article is parsed once."""

    article_id: str
    tokens: list[Token]
    sentences: list[Sentence]
    entities: list[EntitySpan]


# ---------------------------------------------------------------- entities


@dataclass
class Mention:
    """A name in an article body: `text == body[start_char:end_char]`."""

    article_id: str
    entity_type: str  # person | organisation | place
    text: str  # the name as written, without its title
    start_char: int
    end_char: int
    start: int  # token range of the name
    end: int
    sentence_index: int
    method: str  # gazetteer | model | coreference
    label: str  # spaCy label that found it
    curated_id: str | None = None  # gazetteer id from the entity_ruler
    title: str | None = None  # "Advisor", "Kurdistan Region President"
    entity_id: str | None = None  # set by resolution
    note: str | None = None  # why resolution linked nothing, when it didn't


@dataclass
class StatedRole:
    """A role an article gives someone: "Iraq's National Security Advisor Qasim al-Araji"."""

    article_id: str
    mention_index: int  # the person's mention, by index in the article's mentions
    title: str
    organisation_mention: int | None  # index of an organisation mention in the title, if any
    sentence_index: int
    start_char: int
    end_char: int


@dataclass
class ArticleEntities:
    article_id: str
    mentions: list[Mention]
    roles: list[StatedRole]
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- meetings


@dataclass
class Participant:
    text: str  # as written in the article
    role: str  # host | visitor | participant
    person_id: str | None = None
    organisation_id: str | None = None
    group_text: str | None = None  # an unnamed group: "presenters of Iraqi satellite programs"
    affiliation_id: str | None = None  # the body a group or delegation belongs to
    title_at_time: str | None = None
    start_char: int | None = None  # offsets in article_id's body, when the words are there
    end_char: int | None = None
    # How the participant was found: dependency (the trigger's own phrase) | delegation |
    # coreference (a pronoun) | reference (a role or description) | accompanying | attending
    # | "unnamed group's government" (a body standing for "Iranian officials")
    method: str = "dependency"
    article_id: str | None = None


def unique_participants(participants: list[Participant]) -> list[Participant]:
    """Each person, body or unnamed group once: the first time it is told is kept."""
    seen, kept = set(), []
    for p in participants:
        key = p.person_id or p.organisation_id or p.group_text
        if key in seen:
            continue
        seen.add(key)
        kept.append(p)
    return kept


@dataclass
class Evidence:
    """A sentence that reports a meeting, with its offsets in the article body."""

    article_id: str
    sentence_index: int
    start_char: int
    end_char: int
    sentence: str
    trigger: str


@dataclass
class Meeting:
    """A meeting one article reports; merged across articles later."""

    article_id: str
    index: int  # order within the article
    date: str | None
    date_end: str | None
    date_precision: str
    date_text: str | None
    date_rule: str
    place_id: str | None
    place_rule: str
    # PLOVER CONSULT mode: phone | video for calls; else multilateral (three sides, no host),
    # third_party (met outside every side's country), visit (hosted, or two sides); else None.
    mode: str | None
    status: str  # held | planned
    summary: str | None
    participants: list[Participant]
    topics: list[str]  # topic ids
    evidence: list[Evidence]
    # "Interior Ministry headquarters": a venue the text names; place_id is then its city
    # until the collection step makes the venue a place of its own.
    venue: str | None = None

    @property
    def day(self) -> Date | None:
        """The meeting's day, when the text dates it to the day (a range: its first day)."""
        return Date.fromisoformat(self.date) if self.date and self.date_precision == "day" else None

    @property
    def month(self) -> str | None:
        """ "2024-09": the month of the meeting's day, week (its first day) or month; None for a year or no date."""
        return self.date[:7] if self.date and self.date_precision in ("day", "week", "month") else None


@dataclass
class ClaimNumber:
    value: float
    qualifier: str  # more than | over | about | exactly
    unit_text: str | None


@dataclass
class Claim:
    article_id: str
    text: str  # == body[start_char:end_char]
    kind: str  # direct | reported | according_to
    verb: str | None
    start_char: int
    end_char: int
    sentence_index: int
    speaker_text: str | None
    speaker_person_id: str | None = None
    speaker_organisation_id: str | None = None
    speaker_kind: str = "unresolved"  # person | organisation | unnamed | group | unresolved
    speaker_affiliation_id: str | None = None  # the body an unnamed source or group belongs to
    channel: str | None = None
    channel_outlet_id: str | None = None
    meeting_index: int | None = None  # the article's meeting it reports on
    method: str = "rule"
    numbers: list[ClaimNumber] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# The fields of a record that hold an entity id: resolution may give the entity another,
# final id (two spellings of one person), which every such field must then carry.
ENTITY_ID_FIELDS = {
    Participant: ("person_id", "organisation_id", "affiliation_id"),
    Claim: ("speaker_person_id", "speaker_organisation_id", "speaker_affiliation_id"),
}


def with_final_ids(record: Participant | Claim, id_map: dict[str, str]) -> Participant | Claim:
    """The record with each entity id replaced by its final id."""
    ids = {name: getattr(record, name) for name in ENTITY_ID_FIELDS[type(record)]}
    return replace(record, **{name: id_map.get(value, value) for name, value in ids.items()})
