"""Stage 4a: meetings. Who met whom, when, where, about what.

Works from the dependency parse and the resolved entity spans, never from
regular expressions over raw text. A trigger (received, met with, convened,
"in a meeting with", a phone call …; vocabulary in data/meeting_rules.yml)
gives participants from its subject, object and "with" phrases, including
coordination, apposition, delegations ("a delegation led by X") and
companions ("accompanied by Y", "joined by Y"), attendance ("the meeting was
attended by", "in the presence of"). Phrases without a name ("his Iranian
counterpart", "the Kurdistan Region's premier", "an Iraqi delegation") go
through the resolver (referents.py); a delegation's body takes part only when
none of its people is named. Calls are kept with mode phone or video. Dates
resolve against the publication date (dates.py), looking ahead for a planned
meeting ("will visit on Thursday").

The parts, small classes that share the article's one reading (reading.py) and
the meeting rules, one job each:
- `_Triggers`: whether a word tells a meeting, and its kind: the first answer of
  an ordered list of named rules (`TRIGGER_RULES`: a host verb, "held talks",
  "spoke by phone", "in a meeting with" …); calls and video; the checks on the
  trigger's clause (negated, passive, planned, told in passing).
- `_Participants`: which phrases of the trigger's sentence name its participants
  and on which side (subject, object, "with", companions, hosts, attendees, the
  body whose session was chaired); `_PhraseParticipants` reads what one phrase
  names (people, bodies, delegations, groups, or an anaphor such as "the two sides").
- `_MeetingDates`: a date in the meeting's own clause, the opening sentence's
  date, or a cue ("later") that ties it to the previous meeting.
- `_MeetingPlaces`: where, below.
`_SentenceReader` makes a trigger's Candidate from the first two; `_assemble`
then reads the candidates in order: anaphora, dates, places, repeats merged.

A meeting's place is the first answer of an ordered list of named rules
(`SENTENCE_PLACE_RULES`, then `ARTICLE_PLACE_RULES`), and the rule's name is
recorded as its place_rule: a place in the meeting's own clause ("in Tehran"),
the place a "where" clause describes, the place a visit is to; then the city of
a venue it names, the seat of the host's side, the article's earlier meeting
with one of its people, the scene a sentence naming no one set, the previous
meeting a cue ("later") ties it to, and for a hosted meeting the dateline. A
place that is only a country narrows to the dateline's city, and a meeting
that a summary sentence sums up takes that sentence's place when it has none.

The cross-article merge of these meetings is merge.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date as Date

from .dates import FUTURE, PAST, ResolvedDate, resolve_date
from .gazetteer import Gazetteer
from .quotes import inside
from .reading import ArticleReading
from .records import Evidence, Meeting, Mention, Participant, unique_participants
from .referents import Referents, named_mentions
from .tree import CLAUSE_DEPS, Tree
from .vocabulary import MeetingRules

GROUP_BODY = "unnamed group's government"  # method of a body that stands for an unnamed group
MIN_VENUE_WORDS = 2  # "at the office" names no venue; "at the Interior Ministry" does
CUE_CHARS_AFTER_TRIGGER = 40  # a cue tying a meeting to the last one may follow its trigger: "met X later"
MAX_DATE_LEAD_WORDS = 3  # lead words spaCy leaves out of a date: "later on Monday"


@dataclass
class Candidate:
    """A meeting as one sentence reports it, before anaphora and dedup."""

    trigger: int
    kind: str  # host | meet | discuss | phone | noun
    sentence_index: int
    participants: list[Participant]
    anaphor: str | None = None  # "delegation" or "sides": refers to the previous meeting
    date: ResolvedDate | None = None
    date_phrase: str | None = None
    place_id: str | None = None
    place_rule: str = ""
    venue: str | None = None
    venue_city: str | None = None  # the city the venue's words name, if any
    status: str = "held"
    summary: str | None = None

    @property
    def named(self) -> list[Participant]:
        """Participants the text names (a government standing for an unnamed group is not named)."""
        return [p for p in self.participants if (p.person_id or p.organisation_id) and p.method != GROUP_BODY]

    def person_ids(self) -> frozenset[str]:
        return frozenset(p.person_id for p in self.participants if p.person_id)


def extract_meetings(reading: ArticleReading, rules: MeetingRules | None = None) -> list[Meeting]:
    """Every meeting the article reports, deduplicated within the article."""
    rules = rules or MeetingRules.load()
    reader = _SentenceReader(reading, rules)
    candidates = [
        one
        for c in (reader.candidate(t) for t in reading.parsed.tokens)
        if c is not None
        for one in reader.participants.one_meeting_each(c)
    ]
    return _assemble(candidates, reader, reading.gazetteer, rules)


def _word_in(tree: Tree, i: int, words: frozenset[str]) -> bool:
    t = tree.token(i)
    return t.lemma.lower() in words or t.text.lower() in words


def _subject_tokens(tree: Tree, i: int) -> list[int]:
    """Who does what a trigger tells: its subjects, else a noun's owner ("his meeting with X"),
    else the subject of the verb it hangs on ("is set to meet", "is due to travel")."""
    t = tree.token(i)
    if t.pos == "NOUN" or t.pos == "PROPN":
        # "his meeting with X" / "In a meeting with X, Y said": the other side.
        owners = tree.kids(i, "poss")
        if owners:
            return owners
        for ancestor in tree.ancestors(i):
            if tree.token(ancestor).pos in ("VERB", "AUX"):
                # "is due to travel to Tehran for talks with X": the subject of the governing verb.
                return _subject_tokens(tree, ancestor)
        return []
    subjects = tree.kids(i, "nsubj", "nsubjpass")
    if subjects:
        return subjects
    # "is set to meet", "received X and discussed": the governing verb's subject.
    if t.dep in ("xcomp", "conj", "advcl") and t.head != i:
        head = tree.token(t.head)
        if head.pos in ("VERB", "AUX"):
            return _subject_tokens(tree, t.head)
        if head.pos == "ADJ" and head.dep == "acomp" and head.head != head.i:
            return _subject_tokens(tree, head.head)  # "is due to travel …": the subject of "is"
    return []


class _SentenceReader:
    """Reads one trigger's sentence into a Candidate: the trigger's kind (`_Triggers`), who takes
    part (`_Participants`), its status and purpose, and the sentence as evidence. It holds the
    parts `_assemble` asks later, in reading order: the dates (`_MeetingDates`) and the triggers."""

    def __init__(self, reading: ArticleReading, rules: MeetingRules):
        self.reading, self.rules = reading, rules
        self.article, self.parsed, self.tree, self.body = reading.article, reading.parsed, reading.tree, reading.body
        self.referents = reading.referents
        self.triggers = _Triggers(reading, rules)
        self.participants = _Participants(reading, rules, self.triggers)
        self.dates = _MeetingDates(reading, rules)

    def candidate(self, token) -> Candidate | None:
        """The meeting a word tells, if it tells one and someone takes part."""
        kind = self.triggers.trigger_kind(token.i)
        if kind is None or self.triggers.negated(token.i):
            return None
        if kind == "discuss" and self.triggers.under_another_trigger(token.i):
            return None
        i = token.i
        if kind == "attend":
            attendees = self.participants.attendees(i)
            if not attendees:
                return None
            return Candidate(
                trigger=i,
                kind=kind,
                sentence_index=token.sent,
                participants=unique_participants(attendees),
                anaphor="attend",
            )
        found = self.participants.of_trigger(i, kind)
        if found is None:
            return None
        participants, anaphor = found
        status = "planned" if self.triggers.planned(i) else "held"
        return Candidate(
            trigger=i,
            kind=kind,
            sentence_index=token.sent,
            participants=participants,
            anaphor=anaphor,
            status=status,
            summary=self._purpose(i),
        )

    def _purpose(self, i: int) -> str | None:
        """The "to discuss …" clause, kept as the meeting's summary."""
        sentence = self.parsed.sentences[self.tree.token(i).sent]
        text = self.body[sentence.start_char : sentence.end_char]
        lowered = text.lower()
        for marker in self.rules.purpose_markers:
            at = lowered.find(marker)
            if at >= 0 and sentence.start_char + at > self.tree.token(i).idx:
                clause = text[at:].rstrip(" .,;")
                return clause.split(", according to")[0].strip()
        return None

    def sentence_evidence(self, c: Candidate) -> Evidence:
        s = self.parsed.sentences[c.sentence_index]
        start, end = s.start_char, s.end_char
        while end > start and self.body[end - 1].isspace():
            end -= 1
        return Evidence(
            self.article.id, c.sentence_index, start, end, self.body[start:end], self.tree.token(c.trigger).text
        )

    def add_evidence(self, evidence: list[Evidence], c: Candidate) -> None:
        if all(e.sentence_index != c.sentence_index for e in evidence):
            evidence.append(self.sentence_evidence(c))


class _Triggers:
    """Whether and how a word tells a meeting: its kind, from an ordered list of named rules
    (`TRIGGER_RULES`, each a method here), calls and video, and the checks on the trigger's
    clause (negated, passive, planned, told in passing, under another trigger)."""

    def __init__(self, reading: ArticleReading, rules: MeetingRules):
        self.tree, self.quotes, self.referents, self.rules = reading.tree, reading.quotes, reading.referents, rules

    def trigger_kind(self, i: int) -> str | None:
        """The kind of meeting a word tells: that of the first of `TRIGGER_RULES` that applies
        (host, meet, phone, chair, discuss, noun, attend), or None. Someone's quoted words tell none."""
        if inside(self.quotes, self.tree.token(i).idx) and not self._reporter_s_words_around(i):
            return None
        return next((rule.kind for rule in TRIGGER_RULES if rule.applies(self, i)), None)

    # ------------------------------------------------------------ the rules

    def attendance(self, i: int) -> bool:
        """ "attended the meeting", "the meeting was attended by", "present at the meeting",
        "the delegation included": people joining the meeting in context."""
        t = self.tree.token(i)
        lemma = t.lemma.lower()
        meeting_words = self.rules.meeting_nouns | self.rules.talk_nouns
        if lemma in self.rules.attend_verbs:
            return any(_word_in(self.tree, c, meeting_words) for c in self.tree.kids(i, "dobj", "nsubjpass"))
        if lemma in self.rules.presence_words and t.pos == "ADJ":
            return any(_word_in(self.tree, o, meeting_words) for o in self.tree.prep_objects(i, "at", "in"))
        if lemma in self.rules.member_verbs and t.pos in ("VERB", "AUX"):
            return any(_word_in(self.tree, s, self.rules.delegation_nouns) for s in self.tree.kids(i, "nsubj"))
        return False

    def host_takes_a_call(self, i: int) -> bool:
        """ "received a phone call from X"."""
        return self._verb_in(i, self.rules.host_verbs) and any(self.is_call(c) for c in self.tree.kids(i, "dobj"))

    def host_verb(self, i: int) -> bool:
        """ "X received Y", "Y was welcomed by X"."""
        return self._verb_in(i, self.rules.host_verbs)

    def meet_verb(self, i: int) -> bool:
        """ "met", "sat down with" (a verb and its particle)."""
        if not self._is_verb(i):
            return False
        lemma = self.tree.token(i).lemma.lower()
        return lemma in self.rules.meet_verbs or any(
            f"{lemma} {self.tree.token(c).text.lower()}" in self.rules.meet_verbs for c in self.tree.kids(i, "prt")
        )

    def held_a_call(self, i: int) -> bool:
        """ "held a video conference with X", "X and Y held a phone call"."""
        return self._verb_in(i, self.rules.hold_verbs) and any(self.is_call(c) for c in self.tree.kids(i, "dobj"))

    def held_talks(self, i: int) -> bool:
        """ "held talks with X"."""
        return self._verb_in(i, self.rules.hold_verbs) and any(
            _word_in(self.tree, c, self.rules.talk_nouns) for c in self.tree.kids(i, "dobj")
        )

    def spoke_by_phone(self, i: int) -> bool:
        """ "spoke by phone with X"."""
        return (
            self._verb_in(i, self.rules.call_speech_verbs)
            and bool(self.tree.prep_objects(i, "with"))
            and any(
                _word_in(self.tree, o, self.rules.call_media) for o in self.tree.prep_objects(i, "by", "via", "over")
            )
        )

    def travels_to_see_someone(self, i: int) -> bool:
        """ "will travel to Tehran to brief X"."""
        t = self.tree.token(i)
        return (
            self._verb_in(i, self.rules.travel_purpose_verbs)
            and t.dep in ("advcl", "xcomp")
            and self.tree.token(t.head).lemma.lower() in self.rules.travel_verbs
            and self._person_object(i)
        )

    def invitation_accepted(self, i: int) -> bool:
        """ "X invited Y to visit Erbil, and Y accepted": a planned meeting."""
        return (
            self._verb_in(i, self.rules.invitation_verbs)
            and self._person_object(i)
            and self._to_meet(i)
            and self._accepted_in_sentence(i)
        )

    def accepts_an_invitation(self, i: int) -> bool:
        """ "Y accepted X's invitation to meet again in Erbil"."""
        return self._verb_in(i, self.rules.acceptance_verbs) and any(
            _word_in(self.tree, o, self.rules.invitation_nouns) and self._to_meet(o) and self.tree.kids(o, "poss")
            for o in self.tree.kids(i, "dobj")
        )

    def chaired_a_session(self, i: int) -> bool:
        """ "chaired a session of the Council"."""
        return self._verb_in(i, self.rules.chair_verbs) and bool(self.chaired_sessions(i))

    def discussed_in_a_call(self, i: int) -> bool:
        """ "discussed X with Y in a phone call": a call, not a meeting in person."""
        return self._verb_in(i, self.rules.discuss_verbs) and any(
            self.is_call(j) for j in self.tree.subtree(i, stop_deps=CLAUSE_DEPS)
        )

    def discussed(self, i: int) -> bool:
        """ "discussed the border with X" (the candidate needs a partner)."""
        return self._verb_in(i, self.rules.discuss_verbs)

    def phoned(self, i: int) -> bool:
        """ "phoned X", "called X"."""
        return self._verb_in(i, self.rules.phone_verbs) and bool(
            self.tree.prep_objects(i, "with") or self._person_object(i)
        )

    # ------------------------------------------------------------ the rules: nouns

    def call_with_someone(self, i: int) -> bool:
        """ "in a telephone conversation with X", "X and Y … in a phone call"."""
        t = self.tree.token(i)
        return (
            t.pos == "NOUN"
            and self.is_call(i)
            and self.tree.token(t.head).lemma.lower() not in self.rules.call_taking_verbs
            and bool(self.tree.prep_objects(i, "with") or self._plural_subject(i))
        )

    def phone_meeting_with_someone(self, i: int) -> bool:
        """ "a telephone meeting with X"."""
        return self.meeting_with_someone(i) and any(
            self.tree.token(c).lemma.lower() in self.rules.phone_words for c in self.tree.kids(i, "compound", "amod")
        )

    def meeting_with_someone(self, i: int) -> bool:
        """ "in a meeting with X", "his talks with X"."""
        return (
            self.tree.token(i).pos in ("NOUN", "PROPN")
            and _word_in(self.tree, i, self.rules.meeting_nouns)
            and bool(self.tree.prep_objects(i, "with"))
        )

    def bare_call_with_someone(self, i: int) -> bool:
        """ "a call with X"."""
        t = self.tree.token(i)
        return (
            t.pos == "NOUN"
            and t.lemma.lower() in self.rules.bare_call_nouns
            and bool(self.tree.prep_objects(i, "with"))
        )

    # ------------------------------------------------------------ what the rules read

    def _is_verb(self, i: int) -> bool:
        t = self.tree.token(i)
        return t.pos in ("VERB", "AUX") or t.tag.startswith("VB")

    def _verb_in(self, i: int, lemmas: frozenset[str]) -> bool:
        return self._is_verb(i) and self.tree.token(i).lemma.lower() in lemmas

    def _reporter_s_words_around(self, i: int) -> bool:
        """'would head to Tehran next week "for consultations with Iranian officials"': a quoted
        phrase, not a clause, that hangs on a verb outside the quote is part of the reporter's
        sentence; a quoted clause is someone's words."""
        top = i
        for ancestor in self.tree.ancestors(i):
            if not inside(self.quotes, self.tree.token(ancestor).idx):
                head = self.tree.token(ancestor)
                return head.pos in ("VERB", "AUX") and self.tree.token(top).pos in ("ADP", "NOUN", "PROPN")
            top = ancestor
        return False

    def is_call(self, i: int) -> bool:
        """ "a phone call", "a telephone conversation", "a video conference" (phone_nouns, video_words)."""
        t = self.tree.token(i)
        modifiers = [self.tree.token(c).lemma.lower() for c in self.tree.kids(i, "compound", "amod")]
        phrases = {f"{m} {t.lemma.lower()}" for m in modifiers} | {f"{m} {t.text.lower()}" for m in modifiers}
        return bool(phrases & self.rules.phone_nouns) or (
            t.lemma.lower() in self.rules.call_nouns and any(m in self.rules.video_words for m in modifiers)
        )

    def by_video(self, trigger: int) -> bool:
        """ "held a video call", "via videoconference": a word for video in the trigger's clause."""
        near = {trigger, *self.tree.children[trigger]}
        for j in list(near):
            near |= (
                set(self.tree.subtree(j)) if self.tree.token(j).dep in ("dobj", "prep", "compound", "amod") else set()
            )
        return any(
            self.tree.token(j).lemma.lower() in self.rules.video_words
            or self.tree.token(j).text.lower() in self.rules.video_words
            for j in near
        )

    def _plural_subject(self, i: int) -> bool:
        """The clause around a noun has coordinated subjects: "X and Y reviewed … in a call"."""
        return any(len(self.tree.conjuncts(subject)) > 1 for subject in _subject_tokens(self.tree, i))

    def _person_object(self, i: int) -> bool:
        return any(self.referents.mention_type_at(c) == "person" for c in self.tree.kids(i, "dobj"))

    def _to_meet(self, i: int) -> bool:
        """An invitation "to visit" or "to meet": a travel or meeting verb hangs on it."""
        return any(
            self.tree.token(x).lemma.lower() in self.rules.travel_verbs | self.rules.meet_verbs
            for x in self.tree.kids(i, "xcomp", "ccomp", "advcl", "acl")
        )

    def _accepted_in_sentence(self, i: int) -> bool:
        return any(
            t.lemma.lower() in self.rules.acceptance_verbs for t in self.tree.sentence_tokens(self.tree.token(i).sent)
        )

    # ------------------------------------------------------------ the trigger's clause

    def negated(self, i: int) -> bool:
        return bool(self.tree.kids(i, "neg"))

    def is_passive(self, i: int) -> bool:
        return bool(self.tree.kids(i, "nsubjpass", "auxpass"))

    def under_another_trigger(self, i: int) -> bool:
        """ "met X …, discussing Y": the discussion is the same meeting."""
        t = self.tree.token(i)
        return t.dep in ("advcl", "xcomp", "conj", "acl") and t.head != i and self.trigger_kind(t.head) is not None

    def planned(self, i: int) -> bool:
        if self.tree.token(i).lemma.lower() in self.rules.invitation_verbs | self.rules.acceptance_verbs:
            return True  # an invitation is a meeting to come
        auxiliaries = {self.tree.token(a).lemma.lower() for a in self.tree.kids(i, "aux")}
        if auxiliaries & self.rules.planned_auxiliaries:
            return True
        travel = self.travel_verb(i)
        if travel is not None and travel != i and self.planned(travel):
            return True  # "will travel to Tehran next week for talks"
        t = self.tree.token(i)
        if t.dep == "xcomp" and self.tree.token(t.head).lemma.lower() in self.rules.planned_governors:
            return True
        if t.pos in ("NOUN", "PROPN"):
            # "would head to Tehran for talks with X": the verb the talks hang on is planned.
            verb = next((a for a in self.tree.ancestors(i) if self.tree.token(a).pos in ("VERB", "AUX")), None)
            return verb is not None and self.planned(verb)
        return False

    def travel_verb(self, i: int) -> int | None:
        """A visit or arrival that governs the trigger: "arrived …, where they met"."""
        for ancestor in self.tree.ancestors(i):
            if self.tree.token(ancestor).lemma.lower() in self.rules.travel_verbs:
                return ancestor
        return None

    def chaired_sessions(self, i: int) -> list[int]:
        """The session a chair verb governs: its object, "over" object, or the noun its relative
        clause describes ("the session, which X chaired")."""
        found = [
            o
            for o in self.tree.kids(i, "dobj") + self.tree.prep_objects(i, "over")
            if _word_in(self.tree, o, self.rules.session_nouns)
        ]
        t = self.tree.token(i)
        if not found and t.dep == "relcl" and _word_in(self.tree, t.head, self.rules.session_nouns):
            found = [t.head]
        return found

    def told_in_passing(self, c: Candidate) -> bool:
        """A meeting told in a relative clause ("the session, which X chaired on Monday") is
        background: what follows ("the meeting was attended by", "both sides") is not about it."""
        return self.tree.token(c.trigger).dep == "relcl"


@dataclass(frozen=True)
class TriggerRule:
    """One shape of words that tells a meeting: `kind` is the meeting's kind when `applies`
    holds for the word. The first rule of `TRIGGER_RULES` that applies wins."""

    kind: str
    applies: Callable[[_Triggers, int], bool]


TRIGGER_RULES = (
    TriggerRule("attend", _Triggers.attendance),
    TriggerRule("phone", _Triggers.host_takes_a_call),
    TriggerRule("host", _Triggers.host_verb),
    TriggerRule("meet", _Triggers.meet_verb),
    TriggerRule("phone", _Triggers.held_a_call),
    TriggerRule("meet", _Triggers.held_talks),
    TriggerRule("phone", _Triggers.spoke_by_phone),
    TriggerRule("meet", _Triggers.travels_to_see_someone),
    TriggerRule("meet", _Triggers.invitation_accepted),
    TriggerRule("meet", _Triggers.accepts_an_invitation),
    TriggerRule("chair", _Triggers.chaired_a_session),
    TriggerRule("phone", _Triggers.discussed_in_a_call),
    TriggerRule("discuss", _Triggers.discussed),
    TriggerRule("phone", _Triggers.phoned),
    TriggerRule("phone", _Triggers.call_with_someone),
    TriggerRule("phone", _Triggers.phone_meeting_with_someone),
    TriggerRule("noun", _Triggers.meeting_with_someone),
    TriggerRule("phone", _Triggers.bare_call_with_someone),
)


class _Participants:
    """Which phrases of a trigger's sentence name its participants, and on which side: subject
    and object (host and visitor for a host verb), "with" phrases, companions ("accompanied
    by"), hosts of a gathering, attendees, and the bodies whose session was chaired. What one
    phrase names is `_PhraseParticipants`' job."""

    def __init__(self, reading: ArticleReading, rules: MeetingRules, triggers: _Triggers):
        self.parsed, self.tree, self.quotes = reading.parsed, reading.tree, reading.quotes
        self.mentions, self.referents, self.rules = reading.mentions, reading.referents, rules
        self.triggers = triggers  # a call, a passive host verb, a travel verb or a chaired session decide the phrases
        self.phrases = _PhraseParticipants(reading, rules)

    def one_meeting_each(self, c: Candidate) -> list[Candidate]:
        """ "X held meetings with officials at A and B": one meeting with each body, when no person
        is named on their side (separate_meeting_nouns in meeting_rules.yml)."""
        words = [c.trigger, *self.tree.kids(c.trigger, "dobj")]
        if not any(self.tree.token(w).text.lower() in self.rules.separate_meeting_nouns for w in words):
            return [c]
        people = [p for p in c.participants if p.person_id]
        bodies = [p for p in c.participants if p.organisation_id and not p.person_id and p.method != GROUP_BODY]
        others = [p for p in c.participants if p not in people and p not in bodies]
        if len(bodies) < 2 or len({p.role for p in people}) != 1 or others:
            return [c]
        return [replace(c, participants=[*people, body]) for body in bodies]

    def of_trigger(self, i: int, kind: str) -> tuple[list[Participant], str | None] | None:
        """Who takes part in the meeting a trigger tells, and the anaphor ("the two sides") its
        subject is; None when the trigger has no partner."""
        subject_side, object_side = ("host", "visitor") if kind == "host" else ("participant", "participant")
        subjects, objects = _subject_tokens(self.tree, i), self._object_tokens(i, kind)
        if kind == "host" and self.triggers.is_passive(i):
            subject_side, object_side = "visitor", "host"
        participants: list[Participant] = []
        anaphor = None
        for head in subjects:
            found, ref = self.phrases.participants_of(head, subject_side)
            participants += found
            anaphor = anaphor or ref
        for head in objects:
            found, _ = self.phrases.participants_of(head, object_side)
            participants += found
        participants += self._companions(i, subject_side)
        # "X, accompanied by Z, met Y": the companion hangs off the person.
        for heads, side in ((subjects, subject_side), (objects, object_side)):
            for head in heads:
                for conjunct in self.tree.conjuncts(head):
                    participants += self._companions(conjunct, side)
        travel = self.triggers.travel_verb(i)
        if travel is not None and (anaphor or not subjects):
            # "arrived in Tehran …, where they met": they = the travellers.
            for head in _subject_tokens(self.tree, travel):
                found, _ = self.phrases.participants_of(head, "visitor")
                participants += found
            participants += self._companions(travel, "visitor")
            anaphor = None
        elif travel is not None:
            # "X arrived in Erbil accompanied by Z and met Y": Z came with X.
            participants += self._companions(travel, subject_side)
        participants += self._in_presence_of(i) + self._hosted_by(i)
        if kind == "discuss" and not objects and not anaphor:
            return None  # "X discusses security" is not a meeting without a partner
        if not participants and not anaphor:
            return None
        return unique_participants(participants), anaphor

    def _object_tokens(self, i: int, kind: str) -> list[int]:
        objects = self.tree.kids(i, "dobj")
        if kind == "meet" and self.tree.token(i).lemma.lower() in self.rules.hold_verbs:
            objects = [o for o in objects if not _word_in(self.tree, o, self.rules.talk_nouns)]
            for talks in self.tree.kids(i, "dobj"):
                objects += self.tree.prep_objects(talks, "with")
        if kind == "host" and self.triggers.is_passive(i):
            objects = self.tree.prep_objects(i, "by")
        if kind == "host":
            # "received, today, Tuesday, the Minister …": the parse hangs the guest on the day word.
            for day in self.tree.kids(i, "npadvmod"):
                objects += [a for a in self.tree.kids(day, "appos") if self._names_someone(a)]
        if kind == "chair":
            return self._chaired_bodies(i)
        if self.tree.token(i).lemma.lower() in self.rules.acceptance_verbs:
            return [
                p
                for o in objects
                if _word_in(self.tree, o, self.rules.invitation_nouns)
                for p in self.tree.kids(o, "poss")
            ]
        if kind == "discuss":
            # What was discussed is a topic; only "with" names a partner, also where the parse hangs
            # it on the topic ("discussed the file with X"), when it names a person.
            objects = [
                o
                for d in self.tree.kids(i, "dobj")
                for t in self.tree.subtree(d, stop_deps=CLAUSE_DEPS)
                for o in self.tree.prep_objects(t, "with")
                if self.tree.token(o).text.lower() in self.rules.discuss_partner_nouns
                or bool(self.referents.named_in(self.tree.subtree(o, stop_deps=CLAUSE_DEPS), "person"))
            ]
        if kind == "phone":
            calls = [o for o in self.tree.kids(i, "dobj") if self.triggers.is_call(o)]
            if calls:  # "received a phone call from X": X is the other side
                objects = [o for o in objects if o not in calls]
                for call in calls:
                    objects += self.tree.prep_objects(call, "from", "with")
        objects += self.tree.prep_objects(i, "with")
        return objects

    def attendees(self, i: int) -> list[Participant]:
        """Every person the attendance sentence names, outside quotes and outside the meeting's own phrase."""
        t = self.tree.token(i)
        meeting_words = self.rules.meeting_nouns | self.rules.talk_nouns
        skip = set()
        for c in self.tree.kids(i, "dobj", "nsubjpass", "nsubj", "prep"):
            if _word_in(self.tree, c, meeting_words) or any(
                _word_in(self.tree, o, meeting_words) for o in self.tree.kids(c, "pobj")
            ):
                skip |= set(self.tree.subtree(c))
        sentence = self.parsed.sentences[t.sent]
        found = []
        for m in named_mentions(self.mentions, "person"):
            if (
                sentence.start <= m.start < sentence.end
                and m.start not in skip
                and not inside(self.quotes, m.start_char)
            ):
                found.append(_participant(m, "participant", "attending"))
        return found

    def _in_presence_of(self, i: int) -> list[Participant]:
        """ "met X in the presence of Y and Z": Y and Z attend."""
        found = []
        sentence = self.parsed.sentences[self.tree.token(i).sent]
        for t in self.parsed.tokens[sentence.start : sentence.end]:
            if t.lemma.lower() in self.rules.presence_words and t.pos == "NOUN" and i in self.tree.ancestors(t.i):
                tokens = self.tree.subtree(t.i)
                for m in self.referents.named_in(tokens, "person"):
                    found.append(_participant(m, "participant", "attending"))
        return found

    def _companions(self, i: int, role: str) -> list[Participant]:
        """ "accompanied by Rebar Ahmed" travels with the subject."""
        found = []
        for child in self.tree.children[i]:
            if self.tree.token(child).lemma.lower() in self.rules.companion_verbs:
                for head in self.tree.prep_objects(child, "by"):
                    people, _ = self.phrases.participants_of(head, role)
                    found += [replace(p, method="accompanying") for p in people]
        return found

    def _hosted_by(self, trigger: int) -> list[Participant]:
        """ "met X …, in a gathering hosted by Y": Y hosts the meeting."""
        found = []
        sentence = self.parsed.sentences[self.tree.token(trigger).sent]
        # "X met Y …, in a gathering hosted by Z, sources said": the parse may hang the gathering
        # on the verb of saying that governs the meeting.
        reporting = self.tree.token(trigger).head if self.tree.token(trigger).dep == "ccomp" else None
        for t in self.parsed.tokens[sentence.start : sentence.end]:
            if (
                t.lemma.lower() in self.rules.host_verbs
                and t.dep == "acl"
                and _word_in(self.tree, t.head, self.rules.meeting_nouns | self.rules.gathering_nouns)
                and (
                    trigger in self.tree.ancestors(t.i)
                    or reporting is not None
                    and reporting == self.tree.token(self.tree.token(t.head).head).head
                )
            ):
                for agent in self.tree.prep_objects(t.i, "by"):
                    people, _ = self.phrases.participants_of(agent, "host")
                    found += people
        return found

    def _names_someone(self, head: int) -> bool:
        """A person named in the phrase or coordinated with it, or a role phrase."""
        for conjunct in self.tree.conjuncts(head):
            tokens = self.tree.subtree(conjunct, stop_deps=CLAUSE_DEPS | {"conj"})
            if any(m.entity_type == "person" for m in self.referents.mentions_in(tokens)):
                return True
        return self.referents.names_an_office(self.tree.token(head).text)

    def _chaired_bodies(self, i: int) -> list[int]:
        """Whose session it was: "a session of the Council", "the Council's session", or "its
        session" after the body named just before it in the sentence."""
        found = []
        for session in self.triggers.chaired_sessions(i):
            found += self.tree.prep_objects(session, "of")
            for owner in self.tree.kids(session, "poss"):
                if self.referents.mention_type_at(owner) == "organisation":
                    found.append(owner)
                elif self.tree.token(owner).text.lower() in self.rules.owner_pronouns:
                    before = [
                        m
                        for m in named_mentions(self.mentions, "organisation")
                        if m.sentence_index == self.tree.token(owner).sent and m.end <= owner
                    ]
                    if before:
                        found.append(before[-1].start)
        return found


@dataclass
class _Phrase:
    """One conjunct of an argument phrase, as the phrase rules read it."""

    head: int
    role: str
    tokens: list[int]  # its words, without clauses, other conjuncts and companions
    text: str
    mentions: list[Mention]
    companions: set[int]  # "accompanied by …": read as the companions' own participants
    is_delegation: bool
    so_far: list[Participant]  # what the phrase's earlier conjuncts named


PhraseReading = tuple[list[Participant], str | None]  # a phrase rule's answer: participants, anaphor


class _PhraseParticipants:
    """Who one argument phrase names: people, else bodies, else an unnamed group, with the
    delegation and the mission a phrase may stand for, or the anaphor ("the two sides", "the
    delegation") that ties it to an earlier meeting. Each conjunct is read by the first of an
    ordered list of named rules (`PHRASE_RULES`, each a method here) that answers. Phrases
    without a name go through the resolver (referents.py)."""

    def __init__(self, reading: ArticleReading, rules: MeetingRules):
        self.tree, self.body, self.referents, self.rules = reading.tree, reading.body, reading.referents, rules

    def participants_of(self, head: int, role: str) -> tuple[list[Participant], str | None]:
        """People (else organisations, else a group) named by one argument phrase, and the anaphor
        it is, if any: each conjunct is read by the first of `PHRASE_RULES` that answers."""
        participants: list[Participant] = []
        anaphor = None
        for conjunct in self.tree.conjuncts(self._past_dateline(head)):
            phrase = self._phrase(conjunct, role, participants)
            for rule in PHRASE_RULES:
                found = rule(self, phrase)
                if found is not None:
                    participants += found[0]
                    anaphor = found[1] or anaphor
                    break
        return participants, anaphor

    def _phrase(self, conjunct: int, role: str, so_far: list[Participant]) -> _Phrase:
        tokens = self.tree.subtree(conjunct, stop_deps=(CLAUSE_DEPS | {"conj"}) - {"acl"})
        companions = {
            j
            for c in self.tree.children[conjunct]
            if self.tree.token(c).lemma.lower() in self.rules.companion_verbs
            for j in self.tree.subtree(c)
        }
        tokens = [j for j in tokens if j not in companions]  # added by _companions, method accompanying
        return _Phrase(
            head=conjunct,
            role=role,
            tokens=tokens,
            text=self.tree.span_text(self.body, tokens),
            mentions=self.referents.mentions_in(tokens),
            companions=companions,
            is_delegation=any(self.tree.token(j).lemma.lower() in self.rules.delegation_nouns for j in tokens),
            so_far=list(so_far),
        )

    # ------------------------------------------------------------ the rules

    def named_people(self, phrase: _Phrase) -> PhraseReading | None:
        """ "Rebar Ahmed and Qubad Talabani", "a delegation headed by X"."""
        people = named_mentions(phrase.mentions, "person")
        if not people:
            return None
        method = "delegation" if phrase.is_delegation else "dependency"
        found = [_participant(m, phrase.role, method) for m in people]
        if phrase.is_delegation:
            # The body a delegation represents is a participant only when none of its people is named.
            found += self._delegation_group(phrase.tokens, phrase.role)
        return found, None

    def person_pronoun(self, phrase: _Phrase) -> PhraseReading | None:
        """ "He met X": the person the pronoun refers to."""
        t = self.tree.token(phrase.head)
        if t.text.lower() not in self.rules.person_pronouns:
            return None
        person = self.referents.subject_before(phrase.head)
        person_id, _ = self.referents.pronoun_antecedent(phrase.head)
        if person and person.entity_id == person_id:
            return [_participant(person, phrase.role, "coreference")], None
        if person_id:  # a role phrase was the last subject: "The adviser … He met X"
            found = Participant(
                text=t.text,
                role=phrase.role,
                person_id=person_id,
                start_char=t.idx,
                end_char=t.end,
                method="coreference",
            )
            return [found], None
        return [], None

    def the_two_sides(self, phrase: _Phrase) -> PhraseReading | None:
        """ "They", "the two sides" (anaphoric_subjects): the sides of the previous meeting."""
        lowered = re.sub(r"^(the|a|an) ", "", phrase.text.lower())
        if (
            self.tree.token(phrase.head).text.lower() in self.rules.group_pronouns
            or lowered in self.rules.anaphoric_subjects
            or phrase.text.lower() in self.rules.anaphoric_subjects
        ):  # the list spells "the two sides"
            return [], "sides"
        return None

    def the_delegation(self, phrase: _Phrase) -> PhraseReading | None:
        """ "The Iraqi delegation met X": the delegation of an earlier meeting."""
        return ([], "delegation") if phrase.is_delegation and phrase.text.lower().startswith("the ") else None

    def title_before_its_name(self, phrase: _Phrase) -> PhraseReading | None:
        """An office phrase the parse coordinates with the name after it, with a comma and no "and":
        "the Minister of Interior of the KRG, Rebar Ahmed". The name takes part (its own conjunct),
        not the body."""
        head = phrase.head
        if not named_mentions(phrase.mentions, "organisation") or not self.referents.names_an_office(
            self.tree.token(head).text
        ):
            return None
        for conj in self.tree.kids(head, "conj"):
            between = range(max(self.tree.subtree(head, stop_deps={"conj"})) + 1, min(self.tree.subtree(conj)))
            if any(self.tree.token(j).dep == "cc" for j in between):
                continue
            if self.referents.mention_type_at(conj) == "person" or any(
                m.entity_type == "person" for m in self.referents.mentions_in([conj])
            ):
                return [], None
        return None

    def named_bodies(self, phrase: _Phrase) -> PhraseReading | None:
        """ "the Interior Ministry", "officials at the Department of Defense and the FBI"."""
        if not named_mentions(phrase.mentions, "organisation"):
            return None
        conjunct = phrase.head
        if phrase.is_delegation or _word_in(self.tree, conjunct, self.rules.joint_body_nouns):
            # "Delegations from the Iraqi and the KRG ministries", "the joint committee of the
            # two ministries": every body they come from, however the parse coordinates them.
            organisations = self.referents.named_in(self.tree.subtree(conjunct, stop_deps=CLAUSE_DEPS), "organisation")
        else:
            # "officials at the Department of Defense and the FBI": the bodies coordinated inside
            # the phrase, not the next conjunct (its own participant).
            own = (
                set(self.tree.subtree(conjunct, stop_deps=CLAUSE_DEPS))
                - phrase.companions
                - {j for c in self.tree.kids(conjunct, "conj") for j in self.tree.subtree(c)}
            )
            organisations = self.referents.named_in(sorted(own), "organisation")
        return [_participant(m, phrase.role, "dependency") for m in organisations], None

    def members_of_a_joint_body(self, phrase: _Phrase) -> PhraseReading | None:
        """ "the trilateral committee, which brings together X, Y and Z, met": the bodies its
        relative clause names meet ("which is made up of representatives of X and Y"; membership_verbs)."""
        head = phrase.head
        if not _word_in(self.tree, head, self.rules.joint_body_nouns):
            return None
        found = []
        for clause in self.tree.kids(head, "relcl", "acl"):
            t = self.tree.token(clause)
            lemma = t.lemma.lower()
            phrases = {lemma} | {
                f"{lemma} {self.tree.token(c).text.lower()}" for c in self.tree.kids(clause, "prt", "advmod")
            }
            if not phrases & self.rules.membership_verbs:
                continue
            found += self.referents.named_in(self.tree.subtree(clause, stop_deps={"relcl", "advcl"}), "organisation")
        if len({m.entity_id for m in found}) < 2:
            return None
        return [_participant(m, phrase.role, "dependency") for m in found], None

    def person_by_reference(self, phrase: _Phrase) -> PhraseReading | None:
        """ "his Iranian counterpart", "the Kurdistan Region's premier", "the latter"."""
        head, tokens = phrase.head, phrase.tokens
        nested = self.referents.named_in(self.tree.subtree(head, stop_deps=CLAUSE_DEPS), "person")
        if len(nested) == 1:
            # "the Iranian ambassador to Iraq, Iraj Masjedi": the parse hangs the name off "Iraq".
            return [_participant(nested[0], "participant", "dependency")], None
        found = self.referents.resolve(head, set(tokens))
        if found.kind != "person" or not found.person_id or found.rule in ("name", "surname, coreference"):
            return None
        person = Participant(
            text=found.text or "",
            role="participant",
            person_id=found.person_id,
            start_char=self.tree.token(min(tokens)).idx,
            end_char=self.tree.token(max(tokens)).end,
            method="reference",
        )
        return [person], None

    def mission_without_a_name(self, phrase: _Phrase) -> PhraseReading | None:
        """ "Iran's consul general in Erbil", no one named: the mission takes part, its unnamed
        head is kept as a group."""
        if phrase.is_delegation:
            return None
        mission = self.referents.mission(phrase.head, set(phrase.tokens))
        if mission is None:
            return None
        tokens = phrase.tokens
        start, end = self.tree.token(min(tokens)).idx, self.tree.token(max(tokens)).end
        return [
            Participant(
                text=phrase.text,
                role=phrase.role,
                organisation_id=mission.organisation_id,
                start_char=start,
                end_char=end,
                method="reference",
            ),
            Participant(
                text=phrase.text,
                role=phrase.role,
                group_text=_group_text(phrase.text),
                affiliation_id=mission.organisation_id,
                start_char=start,
                end_char=end,
                method="reference",
            ),
        ], None

    def delegation_of_a_nation(self, phrase: _Phrase) -> PhraseReading | None:
        """ "an Iraqi delegation": no person named, the body takes part."""
        body = self._delegation_org(phrase.tokens, phrase.role) if phrase.is_delegation else []
        return (body, None) if body else None

    def unnamed_group(self, phrase: _Phrase) -> PhraseReading | None:
        """People, however grouped: "officials", "a group of tribal leaders" (not "the agreement").
        An unnamed group: "top Iranian security officials" (without "in Tehran")."""
        conjunct, role = phrase.head, phrase.role
        if not any(_word_in(self.tree, j, self.rules.group_nouns) for j in self._group_tokens(conjunct)) or any(
            m.entity_type == "place" and conjunct in range(m.start, m.end) for m in phrase.mentions
        ):
            return None
        group = self._group_tokens(conjunct)
        text = self.tree.span_text(self.body, group)
        affiliation = self.referents.affiliation(set(group))
        body = self.referents.body_of(set(group))
        taking_part = {p.organisation_id for p in phrase.so_far}
        found = []
        if body and body not in taking_part:
            # "representatives of the interior ministry": no person named, the body takes part.
            found.append(Participant(text=text, role=role, organisation_id=body, method="dependency"))
        elif (
            not body and (government := self.referents.demonym_government(set(group))) and government not in taking_part
        ):
            # "Iranian officials": no one named, the government they speak for takes part.
            found.append(Participant(text=text, role=role, organisation_id=government, method=GROUP_BODY))
        found.append(
            Participant(
                text=text,
                role=role,
                group_text=_group_text(text),
                affiliation_id=affiliation,
                start_char=self.tree.token(group[0]).idx,
                end_char=self.tree.token(group[-1]).end,
                method="delegation" if phrase.is_delegation else "dependency",
            )
        )
        return found, None

    # ------------------------------------------------------------ what the rules read

    def _past_dateline(self, head: int) -> int:
        """ "TEHRAN, Feb. 15 (MNA) – X and Y met": the parse makes the dateline's place the subject
        and the people its apposition; the people are the subject."""
        if self.referents.mention_type_at(head) != "place":
            return head
        for child in self.tree.kids(head, "appos"):
            if self.referents.mention_type_at(child) == "person":
                return child
        return head

    def _group_tokens(self, head: int) -> list[int]:
        """The group's own words: "presenters of … programs", without "in Tehran"."""
        found, stack = [], [head]
        while stack:
            j = stack.pop()
            found.append(j)
            for c in self.tree.children[j]:
                t = self.tree.token(c)
                if t.dep in CLAUSE_DEPS | {"conj", "acl", "appos"}:
                    continue
                if t.dep == "prep" and t.text.lower() != "of":
                    continue
                stack.append(c)
        return sorted(found)

    def _delegation_group(self, tokens: list[int], role: str) -> list[Participant]:
        """ "a Kurdistan Region delegation headed by X": X takes part; the delegation is kept as a
        group, with the body it represents as its affiliation, not as a participant."""
        for j in tokens:
            t = self.tree.token(j)
            if t.lemma.lower() in self.rules.delegation_nouns:
                own = [
                    k
                    for k in self.tree.subtree(j)
                    if k <= j
                    and self.tree.token(k).dep in ("det", "amod", "compound", "nmod", "poss", "case")
                    or k == j
                ]
                own = [k for k in own if k >= min(own)]
                text = self.tree.span_text(self.body, own)
                return [
                    Participant(
                        text=text,
                        role=role,
                        group_text=_group_text(text),
                        affiliation_id=self.referents.affiliation(set(tokens)),
                        start_char=self.tree.token(min(own)).idx,
                        end_char=t.end,
                        method="delegation",
                    )
                ]
        return []

    def _delegation_org(self, tokens: list[int], role: str) -> list[Participant]:
        """ "An Iraqi delegation": record the government the delegation speaks for."""
        found = self.referents.nationality_government(tokens)
        if found is None:
            return []
        nationality, government = found
        return [
            Participant(
                text=f"{nationality} delegation",
                role=role,
                organisation_id=government,
                group_text=f"{nationality} delegation",
                affiliation_id=government,
                method="delegation",
            )
        ]


PHRASE_RULES: tuple[Callable[[_PhraseParticipants, _Phrase], PhraseReading | None], ...] = (
    _PhraseParticipants.named_people,
    _PhraseParticipants.person_pronoun,
    _PhraseParticipants.the_two_sides,
    _PhraseParticipants.the_delegation,
    _PhraseParticipants.title_before_its_name,
    _PhraseParticipants.named_bodies,
    _PhraseParticipants.members_of_a_joint_body,
    _PhraseParticipants.person_by_reference,
    _PhraseParticipants.mission_without_a_name,
    _PhraseParticipants.delegation_of_a_nation,
    _PhraseParticipants.unnamed_group,
)


class _MeetingDates:
    """When a meeting took place: a date in its own clause (not one in a clause about someone, nor
    one of other talks), the opening sentence's date, or a cue tying it to the previous meeting."""

    def __init__(self, reading: ArticleReading, rules: MeetingRules):
        self.article, self.tree, self.body, self.quotes = reading.article, reading.tree, reading.body, reading.quotes
        self.rules = rules
        self.date_spans = [e for e in reading.parsed.entities if e.label in ("DATE", "TIME")]

    def date_of(self, c: Candidate, reference: ResolvedDate | None) -> tuple[ResolvedDate | None, str | None]:
        anchor, anchor_kind = self.article.anchor_date
        if anchor is None:
            return None, None
        anchor_day = Date.fromisoformat(anchor)
        sentence = c.sentence_index
        spans = [
            e
            for e in self.date_spans
            if e.sentence_index == sentence
            and not inside(self.quotes, e.start_char)
            and not self._in_noun_clause(e.end - 1, c.trigger)
            and not self._dates_another_meeting(e.end - 1, c.trigger)
        ]
        spans.sort(key=lambda e: (not self._governs(c.trigger, e.end - 1), abs(e.start - c.trigger)))
        direction = FUTURE if c.status == "planned" else PAST  # "on Thursday": the coming one, for a plan
        for span in spans:
            for phrase in self._phrases(span):
                resolved = resolve_date(phrase, anchor_day, anchor_kind, reference, direction)
                if resolved is not None:
                    return resolved, phrase
        # The model left the day untagged: a day word in the meeting's clause, nearest the trigger first.
        words = sorted(
            (
                t
                for t in self.tree.sentence_tokens(sentence)
                if t.text.lower() in self.rules.day_words
                and not inside(self.quotes, t.idx)
                and not self._dates_another_meeting(t.i, c.trigger)
            ),
            key=lambda t: abs(t.i - c.trigger),
        )
        for token in words:
            resolved = resolve_date(token.text, anchor_day, anchor_kind, reference, direction)
            if resolved is not None:
                return replace(resolved, rule=f"{resolved.rule} (day word the model did not tag)"), token.text
        return None, None

    def lede_date(self) -> tuple[ResolvedDate | None, str | None]:
        anchor, anchor_kind = self.article.anchor_date
        if anchor is None:
            return None, None
        for span in self.date_spans:
            if span.sentence_index != 0 or inside(self.quotes, span.start_char):
                continue
            for phrase in self._phrases(span):
                resolved = resolve_date(phrase, Date.fromisoformat(anchor), anchor_kind)
                if resolved is not None:
                    return resolved, phrase
        return None, None

    def continues_previous(self, c: Candidate) -> str | None:
        """The cue that ties a meeting to the one before it ("later", "during his meeting"), if any."""
        start = min((t.idx for t in self.tree.sentence_tokens(c.sentence_index)), default=0)
        text = self.body[start : self.tree.token(c.trigger).idx + CUE_CHARS_AFTER_TRIGGER].lower()
        return next((cue for cue in self.rules.same_day_cues if re.search(rf"\b{re.escape(cue)}\b", text)), None)

    def _dates_another_meeting(self, token: int, trigger: int) -> bool:
        """ "to review the outcome of Tuesday's talks": the day names talks other than this meeting."""
        t = self.tree.token(token)
        if t.dep == "case" and t.head != token:
            t = self.tree.token(t.head)  # "Tuesday’s": the span may end on the "’s"
        return (
            t.dep == "poss"
            and t.head != trigger
            and _word_in(self.tree, t.head, self.rules.meeting_nouns | self.rules.talk_nouns)
        )

    def _in_noun_clause(self, token: int, trigger: int) -> bool:
        """A date in a clause that describes someone ("…, who called for … in 2017") does not date the meeting."""
        for ancestor in self.tree.ancestors(token):
            if ancestor == trigger:
                return False
            if self.tree.token(ancestor).dep in ("relcl", "acl") and ancestor not in set(self.tree.ancestors(trigger)):
                return True
        return False

    def _governs(self, trigger: int, token: int) -> bool:
        """True when `token` hangs off the trigger's clause, not another verb's."""
        for ancestor in self.tree.ancestors(token):
            if ancestor == trigger:
                return True
            if self.tree.token(ancestor).pos == "VERB":
                return ancestor == self.tree.token(trigger).head and self.tree.token(trigger).pos == "NOUN"
        return False

    def _phrases(self, span) -> list[str]:
        """The entity's text with the lead words spaCy leaves out ("Later on Monday")."""
        start = span.start
        while (
            start > 0
            and start > span.start - MAX_DATE_LEAD_WORDS
            and self.tree.token(start - 1).text.lower() in self.rules.date_lead_words
        ):
            start -= 1
        extended = self.body[self.tree.token(start).idx : span.end_char]
        return [extended, span.text] if start != span.start else [span.text]


class _MeetingPlaces:
    """Where an article's meetings took place: named rules tried in order; the first answer wins.

    A rule (a `PlaceRule`) is a method answering with the place's id and what the text showed,
    or None; the meeting records the rule's name as its place_rule, "{}" filled in with what
    the text showed. `SENTENCE_PLACE_RULES` read the meeting's own sentence as soon as it is
    read, before the meeting takes on the travellers of an earlier one; `ARTICLE_PLACE_RULES`
    read the rest of the article once the meeting is placed among the article's meetings.
    A place that is only a country then narrows to the dateline's city.
    """

    def __init__(self, reader: _SentenceReader, meetings: list[Candidate]):
        reading = reader.reading
        self.article, self.body, self.parsed, self.mentions = (
            reading.article,
            reading.body,
            reading.parsed,
            reading.mentions,
        )
        self.tree, self.quotes, self.gazetteer, self.referents = (
            reading.tree,
            reading.quotes,
            reading.gazetteer,
            reading.referents,
        )
        self.rules, self.triggers, self.dates = reader.rules, reader.triggers, reader.dates
        self.meetings = meetings  # the article's meetings so far, in reading order
        self.scene: Found | None = None  # set by a sentence that names no one: (place id, place_rule)

    def place(self, c: Candidate, rules: tuple[PlaceRule, ...]) -> None:
        """Give the meeting the first answer of `rules`, unless it has a place already."""
        if c.place_id:
            return
        for rule in rules:
            found = rule.find(self, c)
            if found is not None:
                c.place_id, c.place_rule = found[0], rule.name.format(found[1])
                return

    # ------------------------------------------------------------ the meeting's own sentence

    def in_the_clause(self, c: Candidate) -> Found | None:
        """ "in Tehran", "arrived in Erbil", "held talks … in Tehran": a place in the meeting's own clause."""
        heads = self._clause_heads(c)
        participant_tokens: set[int] = set()
        for p in c.participants:
            if p.start_char is not None:
                participant_tokens |= {t.i for t in self.parsed.tokens if p.start_char <= t.idx < (p.end_char or 0)}
        # The meeting's own clause first; then a place hung on a participant's phrase, where
        # "in" or "at" may still place the meeting but "to" is a title ("ambassador to Iraq").
        verbs = {h for h in heads if self.tree.token(h).pos in ("VERB", "AUX")}
        place_preps, to_preps = self.rules.place_preps, self.rules.destination_preps
        for allowed_heads, preps in ((heads, place_preps), (verbs, to_preps), (participant_tokens, place_preps)):
            for m in self.mentions:
                if m.entity_type != "place" or m.sentence_index != c.sentence_index or not m.entity_id:
                    continue
                if inside(self.quotes, m.start_char):
                    continue
                prep = self.tree.token(m.end - 1).head
                if self.tree.token(prep).dep in ("prep",) and self.tree.token(prep).text.lower() in preps:
                    if self.tree.token(prep).head in allowed_heads:
                        place_id, note = self._capital_of(m)
                        return place_id, f"{self.tree.token(prep).text} {m.text}{note}"
        return None

    def where_clause(self, c: Candidate) -> Found | None:
        """ "returned from Tehran, where he discussed …": the place the where-clause describes."""
        trigger = self.tree.token(c.trigger)
        if trigger.dep == "relcl" and any(
            self.tree.token(w).text.lower() in self.rules.where_words for w in self.tree.kids(c.trigger, "advmod")
        ):
            index = self.tree.mention_at.get(trigger.head)
            m = self.mentions[index] if index is not None else None
            if m is not None and m.entity_type == "place" and m.entity_id:
                place_id, note = self._capital_of(m)
                return place_id, f"{m.text}, where{note}"
        return None

    def destination_of_a_visit(self, c: Candidate) -> Found | None:
        """ "invited Y to visit Erbil": the place the visit is to."""
        for visit in self.tree.kids(c.trigger, "xcomp", "acl"):
            if self.tree.token(visit).lemma.lower() in self.rules.travel_verbs:
                for obj in self.tree.kids(visit, "dobj"):
                    index = self.tree.mention_at.get(obj)
                    m = self.mentions[index] if index is not None else None
                    if m is not None and m.entity_type == "place" and m.entity_id:
                        return m.entity_id, f"{self.tree.token(visit).text} {m.text}"
        return None

    # ------------------------------------------------------------ the rest of the article

    def city_of_the_venue(self, c: Candidate) -> Found | None:
        """ "at Erbil International Airport", "at the ministry in Tehran": the venue's city."""
        return (c.venue_city, c.venue) if c.venue_city else None

    def seat_of_the_host(self, c: Candidate) -> Found | None:
        """ "X received Y": the seat of the host's side."""
        if c.kind != "host":
            return None
        for p in c.participants:
            if p.role != "host":
                continue
            side = self.referents.side_of_participant(p)
            seat = self.rules.seats.get(side)
            if seat:
                return seat, str(side)
        return None

    def earlier_meeting_with_the_same_participant(self, c: Candidate) -> Found | None:
        """The place of the article's last placed meeting with one of its people (a planned
        trip does not place a held meeting)."""
        related = next(
            (
                m
                for m in reversed(self.meetings)
                if m.place_id and m.person_ids() & c.person_ids() and m.status == c.status
            ),
            None,
        )
        return (related.place_id, "") if related is not None else None

    def scene_set_earlier(self, c: Candidate) -> Found | None:
        """ "Senior officials met in Erbil on Sunday": a sentence that names no one sets the scene."""
        return self.scene

    def previous_meeting_continued(self, c: Candidate) -> Found | None:
        """ "Later, …", "during his meeting …": the place of the article's previous meeting the cue ties it to."""
        previous = next((m for m in reversed(self.meetings) if m.status == c.status), None)
        if previous is None or not previous.place_id:
            return None
        cue = self.dates.continues_previous(c)
        return (previous.place_id, cue) if cue else None

    def dateline_of_a_hosted_meeting(self, c: Candidate) -> Found | None:
        """A host receiving a visitor, with no place in the text: the dateline's place, a local meeting."""
        if c.kind != "host" or not self.article.dateline:
            return None
        ids = self.gazetteer.place_ids(self.article.dateline.split("/")[0])
        return (next(iter(ids)), "") if len(ids) == 1 else None

    def narrowed_to_dateline_city(self, c: Candidate) -> None:
        """A meeting placed only in a country, reported from a city of that country: the city."""
        place = self.gazetteer.places.get(c.place_id or "")
        if place is None or place.kind != "country" or not self.article.dateline:
            return
        ids = self.gazetteer.place_ids(self.article.dateline.split("/")[0])
        city = self.gazetteer.places.get(next(iter(ids))) if len(ids) == 1 else None
        if city is not None and city.kind != "country" and city.country == place.name:
            c.place_id, c.place_rule = (
                city.id,
                f"the dateline's city ({city.name}) in the country the text names; {c.place_rule}",
            )

    # ------------------------------------------------------------ what the rules read

    def venue_of(self, c: Candidate) -> tuple[str | None, str | None]:
        """A venue in the meeting's clause ("at the Interior Ministry headquarters in Tehran"), and its city."""
        heads = self._clause_heads(c)
        on_participant: set[int] = set()
        for p in c.participants:  # "met Rebar Ahmed at Erbil International Airport": the parse may hang it on him
            if p.start_char is not None:
                on_participant |= {t.i for t in self.parsed.tokens if p.start_char <= t.idx < (p.end_char or 0)}
        on_participant -= heads
        for head in sorted(heads | on_participant):
            for prep in self.tree.kids(head, "prep"):
                word = self.tree.token(prep).text.lower()
                if word not in self.rules.venue_preps:
                    continue
                for pobj in self.tree.kids(prep, "pobj"):
                    venue = self._venue_noun(pobj, word, after_participant=head in on_participant)
                    if venue is None or inside(self.quotes, self.tree.token(venue).idx):
                        continue
                    words, city_preps = self._venue_words(venue, prep)
                    if not words:
                        continue
                    last = self.tree.token(words[-1])
                    name = self.body[self.tree.token(words[0]).idx : last.idx + len(last.text)]
                    if len(name.split()) < MIN_VENUE_WORDS:
                        continue  # "at the office" names no venue
                    return name, self._venue_city(words, city_preps)
        return None, None

    def _venue_noun(self, pobj: int, prep_word: str, after_participant: bool) -> int | None:
        """The noun naming the venue after a venue preposition, or None when it names none."""
        lemma = self.tree.token(pobj).lemma.lower()
        if prep_word == "on" and lemma in self.rules.sideline_nouns:
            # "on the sidelines of the Antalya Diplomacy Forum": the event is the venue.
            return next(
                (
                    o
                    for k in self.tree.kids(pobj, "prep")
                    if self.tree.token(k).text.lower() == "of"
                    for o in self.tree.kids(k, "pobj")
                ),
                None,
            )
        if prep_word == "on" or lemma not in self.rules.venue_nouns:
            return None
        if after_participant and lemma in self.rules.workplace_nouns:
            return None  # "director-general … at the KRG interior ministry": a workplace
        return pobj

    def _venue_words(self, venue: int, prep: int) -> tuple[list[int], list[int]]:
        """The venue's words: its modifiers and "of" phrases, without "in Tehran", "on the
        outskirts …", relative clauses or a leading determiner; and the "in" phrases that
        may name its city."""
        stop: set[int] = set()
        city_preps = []
        for k in self.tree.subtree(venue):
            t = self.tree.token(k)
            if t.dep == "prep" and k != prep and (t.head == venue and t.text.lower() != "of" or t.text.lower() == "in"):
                stop |= set(self.tree.subtree(k))
                if t.text.lower() == "in":
                    city_preps.append(k)
        words = [j for j in self.tree.subtree(venue, frozenset({"relcl", "acl", "appos", "punct"})) if j not in stop]
        words = [j for j in sorted(words) if j <= venue or j in words]
        while (
            words
            and self.tree.token(words[0]).dep in ("det", "poss")
            and self.tree.token(words[0]).text.lower() in ("the", "a", "an", "its", "his", "her", "their")
        ):
            words = words[1:]
        return words, city_preps

    def _venue_city(self, words: list[int], city_preps: list[int]) -> str | None:
        """The city a venue names ("Erbil International Airport"), else the place of an "in" phrase."""
        city = next(
            (m.entity_id for m in self.mentions if m.entity_type == "place" and m.entity_id and m.start in words),
            None,
        )
        for k in city_preps:
            if city:
                break
            inner = set(self.tree.subtree(k))
            found = next(
                (m for m in self.mentions if m.entity_type == "place" and m.entity_id and m.start in inner),
                None,
            )
            city = self._capital_of(found)[0] if found else None
        return city

    def _capital_of(self, m: Mention) -> tuple[str, str]:
        """ "the Kurdistan Region capital": the seat of the place named, not the place."""
        after = m.end
        if after < len(self.parsed.tokens) and self.tree.token(after).lemma.lower() in self.rules.capital_nouns:
            place = self.gazetteer.places.get(m.entity_id)
            seat = self.rules.seats.get(place.name) if place else None
            if seat and seat in self.gazetteer.places:
                return seat, " capital"
        return m.entity_id, ""

    def _clause_heads(self, c: Candidate) -> set[int]:
        """The meeting's verb, its object ("held talks"), a travel verb above it, a noun trigger's verb."""
        heads = {c.trigger, *self.tree.kids(c.trigger, "dobj")}
        travel = self.triggers.travel_verb(c.trigger)
        if travel is not None:
            heads.add(travel)
        trigger = self.tree.token(c.trigger)
        if trigger.pos == "NOUN":
            heads.add(trigger.head)
            if trigger.dep == "pobj":
                heads.add(self.tree.token(trigger.head).head)  # "head to Tehran for consultations with X"
        return heads


Found = tuple[str, str]  # a place rule's answer: the place's id, and what the text showed


@dataclass(frozen=True)
class PlaceRule:
    """One way to find where a meeting took place. `name` is the place_rule the meeting records,
    "{}" standing for what the text showed; `find` answers with a `Found`, or None."""

    name: str
    find: Callable[[_MeetingPlaces, Candidate], Found | None]


IN_THE_SENTENCE = "'{}' in the meeting's sentence"
SENTENCE_PLACE_RULES = (
    PlaceRule(IN_THE_SENTENCE, _MeetingPlaces.in_the_clause),
    PlaceRule(IN_THE_SENTENCE, _MeetingPlaces.where_clause),
    PlaceRule(IN_THE_SENTENCE, _MeetingPlaces.destination_of_a_visit),
)
ARTICLE_PLACE_RULES = (
    PlaceRule("the city of the venue '{}'", _MeetingPlaces.city_of_the_venue),
    PlaceRule("seat of the host's side ({}); the trigger implies the host's home", _MeetingPlaces.seat_of_the_host),
    PlaceRule(
        "place of the article's earlier meeting with the same participant",
        _MeetingPlaces.earlier_meeting_with_the_same_participant,
    ),
    PlaceRule("scene set earlier: {}", _MeetingPlaces.scene_set_earlier),
    PlaceRule("place of the article's previous meeting ('{}')", _MeetingPlaces.previous_meeting_continued),
    PlaceRule("dateline (a local meeting, no place in the text)", _MeetingPlaces.dateline_of_a_hosted_meeting),
)


def _participant(m: Mention, role: str, method: str) -> Participant:
    return Participant(
        text=m.text,
        role=role,
        person_id=m.entity_id if m.entity_type == "person" else None,
        organisation_id=m.entity_id if m.entity_type == "organisation" else None,
        title_at_time=m.title,
        start_char=m.start_char,
        end_char=m.end_char,
        method=method,
    )


def _group_text(phrase: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def _meets_someone_new(c: Candidate, previous: Candidate) -> bool:
    """ "Later, the delegation met Z": the delegation's next meeting, not more of the last one.
    When the last meeting was with an unnamed group ("met top officials"), a person named next
    is one of them: the same meeting."""
    if any(
        p.group_text and not (p.person_id or p.organisation_id) and p.method != "delegation"
        for p in previous.participants
    ):
        return False
    known = {p.person_id or p.organisation_id for p in previous.participants}
    return any(
        p.method not in ("delegation", "accompanying") and (p.person_id or p.organisation_id) not in known
        for p in c.named
    )


def _only_by_reference_with_a_group(c: Candidate) -> bool:
    """ "The Region's senior officials met Iraq's security advisor": a summary of the meetings the
    article goes on to tell, not one of them: no one named, an unnamed group on one side."""
    return all(p.method == "reference" for p in c.named) and any(p.group_text for p in c.participants)


# ---------------------------------------------------------------- assembly


def _assemble(
    candidates: list[Candidate], reader: _SentenceReader, gazetteer: Gazetteer, rules: MeetingRules
) -> list[Meeting]:
    """Resolve anaphora, dates and places in reading order; merge repeats."""
    meetings: list[Candidate] = []
    evidence: dict[int, list[Evidence]] = {}
    previous: Candidate | None = None
    lede_date, lede_phrase = reader.dates.lede_date()
    places = _MeetingPlaces(reader, meetings)
    for c in candidates:
        # "Earlier in the day" counts from the last meeting told with a date (not a plan told since).
        reference = (
            previous.date
            if previous and previous.date
            else next((m.date for m in reversed(meetings) if m.date is not None and m.status == "held"), None)
        )
        c.date, c.date_phrase = reader.dates.date_of(c, reference)
        if c.anaphor == "attend":
            # "The meeting was attended by …": people joining the last meeting told.
            target = _attended(meetings, previous, reader.triggers)
            if target is not None:
                target.participants = unique_participants(target.participants + c.participants)
                reader.add_evidence(evidence[id(target)], c)
            continue
        places.place(c, SENTENCE_PLACE_RULES)  # as the sentence tells it, before travellers join
        if c.anaphor and previous is not None and _meets_someone_new(c, previous):
            # "Later, the delegation met Z", "The following day, they were received by Z": the
            # travellers' next meeting. They are the last delegation, else the last visitors.
            carried = _travellers(_last_with_a_delegation(meetings) or previous)
            if carried:
                c.participants = unique_participants(carried + c.participants)
                c.anaphor = None
        if c.anaphor == "delegation":
            # "the Iraqi delegation": the last meeting that had one.
            led = _last_with_a_delegation(meetings)
            if led is not None:
                c.participants = unique_participants(_travellers(led) + c.participants)
                previous = led if c.date is None else previous
        if c.anaphor and previous is not None:
            if c.date is None or c.anaphor == "sides" and _same_day(c.date, previous.date):
                # An elaboration of the meeting just found ("The two sides discussed …").
                previous.participants = unique_participants(previous.participants + c.participants)
                previous.summary = previous.summary or c.summary
                reader.add_evidence(evidence[id(previous)], c)
                continue
        elif c.anaphor:
            continue
        if c.named and len(c.participants) < 2:
            continue  # one side alone is no meeting ("X welcomed the agreement")
        if not c.named or _only_by_reference_with_a_group(c):
            # A summary sentence with no names ("senior officials met …") sets the scene.
            if c.place_id:
                places.scene = (c.place_id, c.place_rule)
            continue
        if c.date is None and not meetings and lede_date is not None and c.sentence_index > 0:
            c.date, c.date_phrase = lede_date, lede_phrase
            c.date = replace(lede_date, rule=f"the article's opening sentence dates its main event: {lede_date.rule}")
        # "Earlier in the day": the last meeting held with a date (a planned one told since has none).
        dated = (
            next((m for m in reversed(meetings) if m.date is not None and m.status == "held"), None)
            if meetings and (meetings[-1].date is not None or meetings[-1].status != "held")
            else None
        )
        if c.date is None and dated is not None and (cue := reader.dates.continues_previous(c)):
            c.date = replace(
                dated.date, rule=f"same day as the article's previous meeting ('{cue}'): {dated.date.rule}"
            )
        c.venue, c.venue_city = places.venue_of(c)
        places.place(c, ARTICLE_PLACE_RULES)
        places.narrowed_to_dateline_city(c)
        same = _told_already(c, meetings, reader.referents)
        if same is not None:
            same.participants = unique_participants(same.participants + c.participants)
            same.venue = same.venue or c.venue
            reader.add_evidence(evidence[id(same)], c)
            continue
        meetings.append(c)
        evidence[id(c)] = [reader.sentence_evidence(c)]
        if not reader.triggers.told_in_passing(c):
            previous = c
    meetings = _without_summaries(meetings)
    return [_to_meeting(i, c, evidence[id(c)], reader, gazetteer, rules) for i, c in enumerate(meetings)]


def _attended(meetings: list[Candidate], previous: Candidate | None, triggers: _Triggers) -> Candidate | None:
    """The meeting "the meeting was attended by …" adds to: the last in-person meeting held
    (a call told since is not "the meeting", a planned one not attended yet)."""
    return next(
        (m for m in reversed(meetings) if m.kind != "phone" and m.status == "held" and not triggers.told_in_passing(m)),
        next((m for m in reversed(meetings) if m.kind != "phone"), previous),
    )


def _last_with_a_delegation(meetings: list[Candidate]) -> Candidate | None:
    return next((m for m in reversed(meetings) if any(p.method == "delegation" for p in m.participants)), None)


def _told_already(c: Candidate, meetings: list[Candidate], referents: Referents) -> Candidate | None:
    """The same people again, that day or with no date of its own ("after the meeting, X said he
    had held a frank discussion with Y"): the meeting already told, unless one is a call.
    A body named anew ("X had also met two commanders of the PMF") is another meeting."""
    return next(
        (
            m
            for m in meetings
            if m.person_ids() == c.person_ids()
            and c.person_ids()
            and _bodies(c) <= _bodies(m)
            and not _meets_a_new_side(c, m, referents)
            and m.status == c.status
            and (_same_day(m.date, c.date) or c.date is None and (m.kind == "phone") == (c.kind == "phone"))
        ),
        None,
    )


def _without_spoken_for(participants: list[Participant], referents: Referents) -> list[Participant]:
    """A government stands for an unnamed group ("Iranian officials") only when no person of
    that side is named in the meeting: "X met Iranian officials, among them Y" is a meeting with Y."""
    sides = {referents.side_of_participant(p) for p in participants if referents.person(p.person_id)}
    kept = []
    for p in participants:
        org = referents.organisation(p.organisation_id)
        if p.method == GROUP_BODY and (org is None or org.side in sides):
            continue
        kept.append(p)
    return kept


def _travellers(source: Candidate) -> list[Participant]:
    """Who travels on from a meeting: its delegation and companions, and, when the delegation is
    only an unnamed group ("received X and his accompanying delegation"), its visitors."""
    carried = [p for p in source.participants if p.method in ("delegation", "accompanying")]
    if not carried or all(p.group_text and not p.person_id for p in carried):
        carried += [p for p in source.participants if p.role == "visitor" and p not in carried]
    return carried


def _bodies(c: Candidate) -> set[str]:
    """The bodies a meeting names as participants (not those standing for an unnamed group)."""
    return {p.organisation_id for p in c.named if p.organisation_id and not p.person_id}


def _meets_a_new_side(c: Candidate, m: Candidate, referents: Referents) -> bool:
    """ "X met Kurdish leaders …; X had discussed the border with Iranian officials": an unnamed
    group of a side the other meeting does not have is another meeting."""
    groups = [
        org
        for p in c.participants
        if p.organisation_id and not p.person_id and (org := referents.organisation(p.organisation_id)) is not None
    ]
    return any(org.side not in referents.sides(m.participants) for org in groups)


def _without_summaries(meetings: list[Candidate]) -> list[Candidate]:
    """ "X held talks with leaders of the Kurdistan Region", then "X met Y", "X later met Z": the
    first sentence sums up the meetings the article goes on to tell. One named person and
    unnamed groups, when a later meeting names that person with others, is that summary."""
    kept = []
    for n, c in enumerate(meetings):
        named = c.named
        groups = [
            p
            for p in c.participants
            if p.group_text and not (p.person_id or p.organisation_id) and p.method != "delegation"
        ]
        if len(named) == 1 and groups and named[0].person_id:
            later = [m for m in meetings[n + 1 :] if named[0].person_id in m.person_ids() and len(m.named) >= 2]
            if later:
                for m in later:
                    if not m.place_id and c.place_id:
                        m.place_id, m.place_rule = (
                            c.place_id,
                            f"place of the summary sentence before it: {c.place_rule}",
                        )
                continue
        kept.append(c)
    return kept


def _same_day(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.date == b.date and a.precision == b.precision


def _to_meeting(
    index: int,
    c: Candidate,
    evidence: list[Evidence],
    reader: _SentenceReader,
    gazetteer: Gazetteer,
    rules: MeetingRules,
) -> Meeting:
    text = " ".join(e.sentence for e in evidence) + " " + (c.summary or "")
    topics = [topic_id for topic_id, _, patterns in rules.topics if any(p.search(text) for p in patterns)]
    date = c.date
    return Meeting(
        article_id=reader.article.id,
        index=index,
        date=date.date if date else None,
        date_end=date.date_end if date else None,
        date_precision=date.precision if date else "unknown",
        date_text=c.date_phrase,
        date_rule=date.rule if date else "nothing in the text dates the meeting",
        place_id=c.place_id,
        place_rule=c.place_rule or "no place in the text",
        mode=_mode(c, gazetteer, rules, reader),
        status=c.status,
        summary=c.summary,
        participants=[
            replace(
                p,
                article_id=reader.article.id,
                title_at_time=reader.referents.title_at_time(p, c.sentence_index, date.date if date else None),
            )
            for p in _without_spoken_for(c.participants, reader.referents)
        ],
        topics=topics,
        evidence=evidence,
        venue=c.venue,
    )


def _mode(c: Candidate, gazetteer: Gazetteer, rules: MeetingRules, reader: _SentenceReader) -> str | None:
    """PLOVER CONSULT modes: phone (video for a video call), multilateral, third_party, visit."""
    if c.kind == "phone":
        if reader.triggers.by_video(c.trigger):
            return "video"
        return "phone"
    sides = reader.referents.sides(c.participants)
    hosted = c.kind == "host" or any(p.role in ("host", "visitor") for p in c.participants)
    if len(sides) >= 3 and not hosted:
        return "multilateral"
    # Third party: the place lies in none of the participants' countries (Erbil is in Iraq).
    place = gazetteer.places.get(c.place_id or "")
    home_countries = {rules.side_countries.get(s, s) for s in sides}
    if place and place.country and len(sides) >= 2 and place.country not in home_countries:
        return "third_party"
    if hosted or len(sides) >= 2:
        return "visit"
    return None
