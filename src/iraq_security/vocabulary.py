"""Every curated vocabulary as a typed, frozen rule object, loaded one way with one cache.

Each kind of rules is a frozen dataclass that knows how to build itself from
its YAML files (`from_curated`, reading only through `curated.load`);
`load(Kind)` builds each kind once per process, and `Kind.load()` is the same:

    rules = vocabulary.load(MeetingRules)   # or MeetingRules.load()

Stages take their rules from here, never from a sibling stage. This module
sits on the bottom layer: it imports only `curated` and the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TypeVar

from . import curated

# Chrome patterns are matched only against lines of a sane length.
MAX_CHROME_LINE = 500
# Prose about the site (cookies, subscriptions, copyright) is a paragraph, longer than other chrome.
MAX_SITE_PROSE_LINE = 2 * MAX_CHROME_LINE
# A widget's heading ("Most read", "Related news:") is no longer than this.
MAX_WIDGET_HEADING = 80
# A dateline place the gazetteer does not know must be in capitals and at least this long (not "UN").
MIN_UNKNOWN_DATELINE_PLACE = 4

RulesT = TypeVar("RulesT", bound="Rules")


class Rules:
    """A kind of rules built from curated YAML. Subclasses are frozen dataclasses."""

    @classmethod
    def from_curated(cls: type[RulesT]) -> RulesT:
        """Build the rules from their YAML files (through `curated.load`)."""
        raise NotImplementedError

    @classmethod
    def load(cls: type[RulesT]) -> RulesT:
        """The rules, built once per process: the same as `vocabulary.load(cls)`."""
        return load(cls)


@cache
def load(kind: type[RulesT]) -> RulesT:
    """The one cache of every vocabulary: each kind is built from its YAML once."""
    return kind.from_curated()


def _words(data: dict, key: str) -> frozenset[str]:
    """A list of words under `key`, lower case; an absent key is no words."""
    return frozenset(w.lower() for w in data.get(key) or ())


def _phrase_pattern(phrase: str) -> re.Pattern:
    """A phrase as a whole-word, case-blind pattern."""
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


# ---------------------------------------------------------------- entities (titles.yml, entity_rules.yml)


@dataclass(frozen=True)
class EntityRules(Rules):
    """Titles before names and the words that make or unmake an entity (titles.yml, entity_rules.yml)."""

    title_prefixes: tuple[str, ...]
    title_words: frozenset[str]
    synonyms: dict
    organisation_heads: frozenset[str]
    not_acronyms: frozenset[str]
    junk_names: frozenset[str]
    outlet_suffixes: frozenset[str] = frozenset()
    leading_words: frozenset[str] = frozenset()  # "the KDP" -> "KDP"
    honorific_titles: frozenset[str] = frozenset()  # "Mr.", "Sheikh": no office, not a role
    title_joining_words: frozenset[str] = frozenset()  # "Secretary of State"

    @classmethod
    def from_curated(cls) -> EntityRules:
        titles = curated.load("titles")
        rules = curated.load("entity_rules")
        return cls(
            title_prefixes=tuple(sorted(titles["prefixes"], key=len, reverse=True)),
            title_words=frozenset(w.lower() for w in titles["title_words"]),
            synonyms=dict(titles.get("synonyms") or {}),
            organisation_heads=frozenset(w.lower() for w in rules["organisation_heads"]),
            not_acronyms=frozenset(rules["not_acronyms"]),
            junk_names=frozenset(w.lower() for w in rules["junk_names"]),
            outlet_suffixes=frozenset(w.lower() for w in rules.get("outlet_suffixes") or ()),
            leading_words=_words(rules, "leading_words"),
            honorific_titles=_words(rules, "honorific_titles"),
            title_joining_words=_words(rules, "title_joining_words"),
        )

    def is_title_word(self, word: str) -> bool:
        return word.lower() in self.title_words


def office_words(title: str, vocabulary: EntityRules) -> set[str]:
    """The words of a title that name an office ("interior minister" -> {"minister", "interior"} as
    the vocabulary knows them): what role phrases are compared on."""
    text = title.lower()
    for word, meaning in vocabulary.synonyms.items():
        text = re.sub(rf"\b{re.escape(word)}\b", meaning, text)
    return {w for w in re.findall(r"[a-z-]+\.?", text) if vocabulary.is_title_word(w)}


# ---------------------------------------------------------------- titles (titles.yml)


@dataclass(frozen=True)
class TitleRules(Rules):
    """How a title taken from text is cut and spelled (titles.yml)."""

    clause_words: frozenset[str]  # words that open a clause: "which", "where", "who" …
    normal_forms: tuple[tuple[re.Pattern, str], ...]
    abbreviations: dict  # "col." -> "Colonel"
    spelling: dict  # "adviser" -> "Advisor"
    title_words: frozenset[str] = frozenset()

    @classmethod
    def from_curated(cls) -> TitleRules:
        data = curated.load("titles")
        return cls(
            clause_words=frozenset(w.lower() for w in data.get("clause_words") or ()),
            normal_forms=tuple(
                (re.compile(rf"(?<![\w-]){re.escape(k)}(?![\w-])", re.IGNORECASE), v)
                for k, v in sorted((data.get("normal_forms") or {}).items(), key=lambda kv: -len(kv[0]))
            ),
            abbreviations={k.lower(): v for k, v in (data.get("abbreviations") or {}).items()},
            spelling={k.lower(): v for k, v in (data.get("spelling") or {}).items()},
            title_words=frozenset(w.lower() for w in data.get("title_words") or ()),
        )


# ---------------------------------------------------------------- meetings (meeting_rules.yml, topics.yml)


@dataclass(frozen=True)
class MeetingRules(Rules):
    """Triggers, participants, dates, places and topics of meetings (meeting_rules.yml, topics.yml)."""

    host_verbs: frozenset[str]
    meet_verbs: frozenset[str]
    discuss_verbs: frozenset[str]
    phone_verbs: frozenset[str]
    meeting_nouns: frozenset[str]
    travel_verbs: frozenset[str]
    talk_nouns: frozenset[str]
    planned_auxiliaries: frozenset[str]
    planned_governors: frozenset[str]
    anaphoric_subjects: frozenset[str]
    group_nouns: frozenset[str]
    attend_verbs: frozenset[str]
    presence_words: frozenset[str]
    member_verbs: frozenset[str]
    gathering_nouns: frozenset[str]
    companion_verbs: frozenset[str]
    phone_nouns: frozenset[str]
    call_nouns: frozenset[str]
    call_speech_verbs: frozenset[str]
    call_media: frozenset[str]
    video_words: frozenset[str]
    purpose_markers: tuple[str, ...]
    seats: dict
    side_countries: dict
    topics: tuple[tuple[str, str, tuple[re.Pattern, ...]], ...]
    same_day_cues: tuple[str, ...] = ()
    day_words: tuple[str, ...] = ()
    venue_nouns: frozenset[str] = frozenset()
    sideline_nouns: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()
    destination_preps: frozenset[str] = frozenset()
    venue_preps: frozenset[str] = frozenset()
    capital_nouns: frozenset[str] = frozenset()
    where_words: frozenset[str] = frozenset()
    workplace_nouns: frozenset[str] = frozenset()
    joint_body_nouns: frozenset[str] = frozenset()
    membership_verbs: frozenset[str] = frozenset()
    chair_verbs: frozenset[str] = frozenset()
    travel_purpose_verbs: frozenset[str] = frozenset()
    invitation_verbs: frozenset[str] = frozenset()
    acceptance_verbs: frozenset[str] = frozenset()
    invitation_nouns: frozenset[str] = frozenset()
    session_nouns: frozenset[str] = frozenset()
    discuss_partner_nouns: frozenset[str] = frozenset()
    separate_meeting_nouns: frozenset[str] = frozenset()
    phone_words: frozenset[str] = frozenset()
    bare_call_nouns: frozenset[str] = frozenset()
    hold_verbs: frozenset[str] = frozenset()
    call_taking_verbs: frozenset[str] = frozenset()
    delegation_nouns: frozenset[str] = frozenset()
    owner_pronouns: frozenset[str] = frozenset()
    date_lead_words: frozenset[str] = frozenset()
    group_pronouns: frozenset[str] = frozenset()
    person_pronouns: frozenset[str] = frozenset()  # from referent_rules.yml, as the resolver reads them

    @cached_property
    def told_meeting_verbs(self) -> frozenset[str]:
        """Verbs that tell a meeting (host, meet, discuss): what they govern is no claim."""
        return self.host_verbs | self.meet_verbs | self.discuss_verbs

    @cached_property
    def meeting_and_talk_nouns(self) -> frozenset[str]:
        """Nouns naming a meeting or talks: a sentence naming one links its claims to it."""
        return self.meeting_nouns | self.talk_nouns

    @classmethod
    def from_curated(cls) -> MeetingRules:
        data = curated.load("meeting_rules")
        topics = tuple(
            (t["id"], t["name"], tuple(_phrase_pattern(p) for p in t["phrases"]))
            for t in curated.load("topics")["topics"]
        )
        words = lambda key: _words(data, key)
        return cls(
            venue_nouns=words("venue_nouns"),
            sideline_nouns=words("sideline_nouns"),
            place_preps=words("place_preps"),
            destination_preps=words("destination_preps"),
            venue_preps=words("venue_preps"),
            capital_nouns=words("capital_nouns"),
            where_words=words("where_words"),
            workplace_nouns=words("workplace_nouns"),
            joint_body_nouns=words("joint_body_nouns"),
            membership_verbs=words("membership_verbs"),
            chair_verbs=words("chair_verbs"),
            travel_purpose_verbs=words("travel_purpose_verbs"),
            invitation_verbs=words("invitation_verbs"),
            acceptance_verbs=words("acceptance_verbs"),
            invitation_nouns=words("invitation_nouns"),
            session_nouns=words("session_nouns"),
            same_day_cues=tuple(w.lower() for w in data.get("same_day_cues", [])),
            day_words=tuple(w.lower() for w in data.get("day_words", [])),
            host_verbs=words("host_verbs"),
            meet_verbs=words("meet_verbs"),
            discuss_verbs=words("discuss_verbs"),
            discuss_partner_nouns=words("discuss_partner_nouns"),
            separate_meeting_nouns=words("separate_meeting_nouns"),
            phone_verbs=words("phone_verbs"),
            meeting_nouns=words("meeting_nouns"),
            travel_verbs=words("travel_verbs"),
            talk_nouns=words("talk_nouns"),
            planned_auxiliaries=words("planned_auxiliaries"),
            planned_governors=words("planned_governors"),
            anaphoric_subjects=words("anaphoric_subjects"),
            group_nouns=words("group_nouns"),
            attend_verbs=words("attend_verbs"),
            presence_words=words("presence_words"),
            member_verbs=words("member_verbs"),
            gathering_nouns=words("gathering_nouns"),
            companion_verbs=words("companion_verbs"),
            phone_nouns=words("phone_nouns"),
            call_nouns=words("call_nouns"),
            call_speech_verbs=words("call_speech_verbs"),
            call_media=words("call_media"),
            video_words=words("video_words"),
            purpose_markers=tuple(data.get("purpose_markers", [])),
            seats=dict(data.get("seats") or {}),
            side_countries=dict(data.get("side_countries") or {}),
            topics=topics,
            phone_words=words("phone_words"),
            bare_call_nouns=words("bare_call_nouns"),
            hold_verbs=words("hold_verbs"),
            call_taking_verbs=words("call_taking_verbs"),
            delegation_nouns=words("delegation_nouns"),
            owner_pronouns=words("owner_pronouns"),
            date_lead_words=words("date_lead_words"),
            group_pronouns=words("group_pronouns"),
            person_pronouns=_words(curated.load("referent_rules"), "person_pronouns"),
        )


# ---------------------------------------------------------------- claims (claim_rules.yml)


@dataclass(frozen=True)
class ClaimRules(Rules):
    """Cues, channels and numbers of claims (claim_rules.yml)."""

    cue_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    channels: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    publication_nouns: frozenset[str]
    number_qualifiers: dict
    not_counted: frozenset[str] = frozenset()
    count_nouns: frozenset[str] = frozenset()
    casualty_verbs: frozenset[str] = frozenset()
    object_cues: frozenset[str] = frozenset()
    quoting_verbs: frozenset[str] = frozenset()
    cue_nouns: frozenset[str] = frozenset()
    object_preps: dict = field(default_factory=dict)
    question_words: frozenset[str] = frozenset()
    recipient_cues: frozenset[str] = frozenset()
    told_outlet_cues: frozenset[str] = frozenset()
    prep_object_cues: frozenset[str] = frozenset()
    urging_cues: frozenset[str] = frozenset()
    number_words: dict[str, int] = field(default_factory=dict)  # "two" -> 2
    number_scales: dict[str, int] = field(default_factory=dict)  # "million" -> 1000000
    currency_signs: frozenset[str] = frozenset()  # as written: "US$"
    referring_determiners: frozenset[str] = frozenset()
    according_words: frozenset[str] = frozenset()  # "according to X"
    meeting_opening: re.Pattern | None = None  # "at the meeting", "during the talks"
    meeting_words: frozenset[str] = frozenset()

    @classmethod
    def from_curated(cls) -> ClaimRules:
        data = curated.load("claim_rules")
        return cls(
            cue_verbs=frozenset(v.lower() for v in data["cue_verbs"]),
            statement_nouns=frozenset(v.lower() for v in data["statement_nouns"]),
            channels=tuple((c["channel"], tuple(_phrase_pattern(p) for p in c["phrases"])) for c in data["channels"]),
            publication_nouns=frozenset(v.lower() for v in data["publication_nouns"]),
            number_qualifiers=dict(data["number_qualifiers"]),
            not_counted=_words(data, "not_counted"),
            count_nouns=_words(data, "count_nouns"),
            casualty_verbs=_words(data, "casualty_verbs"),
            object_cues=_words(data, "object_cues"),
            quoting_verbs=_words(data, "quoting_verbs"),
            cue_nouns=_words(data, "cue_nouns"),
            object_preps={k.lower(): tuple(v) for k, v in (data.get("object_preps") or {}).items()},
            question_words=_words(data, "question_words"),
            recipient_cues=_words(data, "recipient_cues"),
            told_outlet_cues=_words(data, "told_outlet_cues"),
            prep_object_cues=_words(data, "prep_object_cues"),
            urging_cues=_words(data, "urging_cues"),
            number_words={k.lower(): v for k, v in (data.get("number_words") or {}).items()},
            number_scales={k.lower(): v for k, v in (data.get("number_scales") or {}).items()},
            currency_signs=frozenset(data.get("currency_signs") or ()),
            referring_determiners=_words(data, "referring_determiners"),
            according_words=_words(data, "according_words"),
            meeting_opening=_opening_pattern(data.get("meeting_opening") or {}),
            meeting_words=_words(data, "meeting_words"),
        )


def _opening_pattern(parts: dict) -> re.Pattern | None:
    """Words in sequence, one of each list ("at" "the" "meeting"), at the start of a text."""
    lists = [parts.get(key) or [] for key in ("prepositions", "determiners", "nouns")]
    if not all(lists):
        return None
    return re.compile(" ".join("(?:" + "|".join(re.escape(w.lower()) for w in words) + ")" for words in lists) + r"\b")


# ---------------------------------------------------------------- referents (referent_rules.yml)


@dataclass(frozen=True)
class ReferentRules(Rules):
    """Phrases without a name: unnamed sources, references back, groups, delegations, offices
    (referent_rules.yml, and the statement nouns of claim_rules.yml)."""

    unnamed_heads: dict[str, str]  # word -> kind (official, source, group, media)
    anaphoric_determiners: frozenset[str]
    latter: frozenset[str]
    former: frozenset[str]
    counterpart_nouns: frozenset[str]
    group_phrases: frozenset[str]
    body_heads: frozenset[str]
    delegation_nouns: frozenset[str]
    head_cues: frozenset[str]
    body_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    honorifics: frozenset[str]
    descriptive_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    office_qualifiers: frozenset[str] = frozenset()
    partitive_heads: frozenset[str] = frozenset()
    mission_heads: dict[str, str] = field(default_factory=dict)  # word -> mission noun (consulate, embassy)
    weak_delegation_words: frozenset[str] = frozenset()  # "team": no delegation by itself
    anaphoric_delegation_words: frozenset[str] = frozenset()  # a bare "the delegation" refers back
    office_nouns: frozenset[str] = frozenset()
    filler_words: frozenset[str] = frozenset()
    back_reference_words: frozenset[str] = frozenset()  # "the said ministry", "the same ministry"
    generic_office_words: frozenset[str] = frozenset()  # "minister": too general to pair counterparts
    indefinite_determiners: frozenset[str] = frozenset()  # "a spokesman", "some officials"

    @classmethod
    def from_curated(cls) -> ReferentRules:
        data = curated.load("referent_rules")
        words = lambda key: _words(data, key)
        return cls(
            unnamed_heads={w.lower(): kind for kind, ws in data["unnamed_heads"].items() for w in ws},
            anaphoric_determiners=words("anaphoric_determiners"),
            latter=words("latter"),
            former=words("former"),
            counterpart_nouns=words("counterpart_nouns"),
            group_phrases=words("group_phrases"),
            body_heads=words("body_heads"),
            delegation_nouns=words("delegation_nouns"),
            head_cues=words("head_cues"),
            body_pronouns=words("body_pronouns"),
            person_pronouns=words("person_pronouns"),
            honorifics=words("honorifics"),
            descriptive_nouns=words("descriptive_nouns"),
            statement_nouns=frozenset(w.lower() for w in curated.load("claim_rules")["statement_nouns"]),
            office_qualifiers=words("office_qualifiers"),
            partitive_heads=words("partitive_heads"),
            mission_heads={w.lower(): noun for noun, ws in (data.get("mission_heads") or {}).items() for w in ws},
            weak_delegation_words=words("weak_delegation_words"),
            anaphoric_delegation_words=words("anaphoric_delegation_words"),
            office_nouns=words("office_nouns"),
            filler_words=words("filler_words"),
            back_reference_words=words("back_reference_words"),
            generic_office_words=words("generic_office_words"),
            indefinite_determiners=words("indefinite_determiners"),
        )


# ---------------------------------------------------------------- pages (page_chrome.yml, places.yml)


@dataclass(frozen=True)
class PageChrome(Rules):
    """Compiled page rules from data/page_chrome.yml: what on a saved page is not the article."""

    lone_lines: tuple[re.Pattern, ...]
    line_suffixes: tuple[re.Pattern, ...]
    page_date: re.Pattern
    blocks: tuple[tuple[str, re.Pattern, re.Pattern], ...]
    date_labels: dict[str, re.Pattern]
    caption_marks: tuple[re.Pattern, ...]
    widget_headings: tuple[re.Pattern, ...]
    site_prose: tuple[re.Pattern, ...]
    credits: dict[str, re.Pattern]
    not_datelines: frozenset[str]

    @classmethod
    def from_curated(cls) -> PageChrome:
        data = curated.load("page_chrome")
        flags = re.IGNORECASE
        return cls(
            lone_lines=tuple(re.compile(p, flags) for p in data["lone_lines"]),
            line_suffixes=tuple(re.compile(p, flags) for p in data["line_suffixes"]),
            page_date=re.compile(data["page_date"], flags),
            blocks=tuple(
                (b["name"], re.compile(b["start"], flags), re.compile(b["end"], flags)) for b in data["blocks"]
            ),
            date_labels={k: re.compile(p, flags) for k, p in data["date_labels"].items()},
            caption_marks=tuple(re.compile(p, flags) for p in data["caption_marks"]),
            widget_headings=tuple(re.compile(p, flags) for p in data["widget_headings"]),
            site_prose=tuple(re.compile(p, flags) for p in data["site_prose"]),
            credits={k: re.compile(p, flags) for k, p in data["credits"].items()},
            not_datelines=frozenset(w.lower() for w in data.get("not_datelines") or ()),
        )

    def is_lone_chrome(self, line: str) -> bool:
        return len(line) <= MAX_CHROME_LINE and any(p.fullmatch(line) for p in self.lone_lines)

    def is_caption(self, line: str) -> bool:
        return len(line) <= MAX_CHROME_LINE and any(p.search(line) for p in self.caption_marks)

    def is_widget_heading(self, line: str) -> bool:
        return len(line) <= MAX_WIDGET_HEADING and any(p.fullmatch(line.rstrip(":")) for p in self.widget_headings)

    def is_site_prose(self, line: str) -> bool:
        return len(line) <= MAX_SITE_PROSE_LINE and any(p.search(line) for p in self.site_prose)

    def date_label(self, prefix: str) -> str | None:
        """'updated' or 'published' when the text before a date (its times taken out) labels it."""
        prefix = prefix.strip(" -–—|•,")
        for kind in ("updated", "published"):
            if self.date_labels[kind].search(prefix):
                return kind
        return None


@dataclass(frozen=True)
class DatelinePlaces(Rules):
    """Place names the dateline rules may trust, from the gazetteer (places.yml): any spelling -> canonical name."""

    names: dict[str, str]
    kinds: dict[str, str]

    @classmethod
    def from_curated(cls) -> DatelinePlaces:
        names: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for row in curated.load("places").get("places", []):
            kinds[row["name"]] = row.get("kind") or ""
            for name in (row["name"], *(row.get("aliases") or ())):
                names.setdefault(name.lower(), row["name"])
        return cls(names, kinds)

    def is_city(self, text: str) -> bool:
        """A place a dateline can name: not a country or a region ("Iran, Iraq - …" is a headline)."""
        name = self.canonical(text)
        return bool(name) and self.kinds.get(name) not in ("country", "region")

    def canonical(self, text: str) -> str | None:
        return self.names.get(text.strip().lower())

    def dateline_name(self, text: str) -> str | None:
        """'BAGHDAD/ERBIL' -> 'Baghdad/Erbil'; None when a part is neither known nor in capitals."""
        parts = []
        for part in text.split("/"):
            part = part.strip()
            known = self.canonical(part)
            if known:
                parts.append(known)
            elif part.isupper() and len(part.replace(".", "")) >= MIN_UNKNOWN_DATELINE_PLACE:
                parts.append(_place_name(part))
            else:
                return None
        return "/".join(parts)


def _place_name(text: str) -> str:
    """'ERBIL' -> 'Erbil'."""
    return " ".join(w.capitalize() if w.isupper() else w for w in text.strip().split())
