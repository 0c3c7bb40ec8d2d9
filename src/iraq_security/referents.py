"""Who is this phrase? One resolver for meetings and claims.

Given a phrase in its article (its head token and the tokens it covers), the
resolver returns a `Referent`: what the phrase stands for, the rule that
decided, and a confidence.

- a person: by name, by surname (coreference), by a role phrase on the
  article's date ("the Kurdistan Region's premier"), by a pronoun, or by a
  relative reference ("his Iranian counterpart", "the latter");
- an organisation: by name, or by a body's head noun ("the ministry",
  "the presidency") to the most recent matching body in the article;
- a statement or post ("the statement", "a statement from X"): it stands for
  its issuer, resolved in turn; the statement is the claim's channel;
- a delegation: its head, its named members and the body it represents;
- a group ("both sides", "the two sides"): the participants of the meeting
  in context;
- an unnamed source ("a security source", "informed sources"): kept as
  unnamed, with its kind and its affiliation where the text gives one.

A phrase it cannot place is `unresolved`: never a wrong entity.

The parts, one job each, all reading one `ArticleLookups`:
- `ArticleLookups`: the lookups every part (and meetings and claims) shares:
  the mentions in a span, the curated records, the government a nationality
  names, a person's or participant's side;
- `RoleHolders`: who holds an office named by a role phrase on the article's
  date, and the offices a person holds;
- `PersonReferences`: people named by reference: a pronoun's antecedent,
  "the latter", a counterpart, a described person, a name no mention covers;
- `PersonTitles`: a participant's title on a meeting's day;
- `BodyReferences`: organisations by head noun ("the ministry"), bodies named
  under an owner, "it", the body a group belongs to, missions;
- `Publications`: outlets named in the text ("told Al-Monitor", "it reported");
- `Statements`: statements and offices and the issuers they speak for;
- `Delegations`: delegations and groups ("both sides");
- `UnnamedSources`: unnamed officials and sources with their affiliations;
- `Referents`: the one entry point: `resolve` tries its rules in order
  (`RULES`), and it answers the questions meetings and claims ask by handing
  them to the part that knows.
A new rule is a method on the part that owns its state, and a step in `RULES`.
Vocabulary: data/referent_rules.yml (and the statement nouns of
data/claim_rules.yml).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import titles
from .gazetteer import Gazetteer, Organisation, Person, fold
from .outlets import OutletIndex
from .records import Article, Mention, ParsedArticle, Participant, StatedRole
from .tree import CLAUSE_DEPS, Tree, subject_antecedent
from .vocabulary import EntityRules, ReferentRules, office_words

# Confidence of each kind of rule: a name is near certain, a reference back less so.
BY_NAME = 1.0
BY_COREFERENCE = 0.8
BY_CONTEXT = 0.6
# How far back (in sentences) "the latter" and "the source" look.
LOOKBACK_SENTENCES = 3
# An unnamed voice is repeated further apart than a person is referred back to.
UNNAMED_LOOKBACK_SENTENCES = LOOKBACK_SENTENCES * 3
# Letters two words share to name one place ("Kurdish", "Kurdistan"; "Iraqi", "Iraq"; not "Iran").
STEM = 4
WORD = re.compile(r"[a-z]+")
# Characters of space or punctuation between a speaker's name and the quote it introduces.
QUOTE_GAP = 3
# The longest body name looked up word by word in a phrase ("Ministry of Interior of the Kurdistan Region").
LONGEST_BODY_NAME_WORDS = 6
# Letters a body's own name needs under its owner to single out a curated body ("directorate" has 11).
MIN_OWNED_NAME_LETTERS = 8
# How far back (in characters) an outlet named before "it" can be what "it" stands for.
OUTLET_LOOKBACK_CHARS = 600


@dataclass
class Referent:
    """What a phrase stands for."""

    kind: str  # person | organisation | statement | delegation | group | unnamed | publication | unresolved
    text: str | None
    rule: str
    confidence: float = BY_NAME
    person_id: str | None = None
    organisation_id: str | None = None
    issuer: Referent | None = None  # a statement's source
    members: list[Participant] = field(default_factory=list)  # a delegation's people, a group's participants
    unnamed_kind: str | None = None  # official | source | group | media
    affiliation_id: str | None = None  # the body an unnamed source or group belongs to
    outlet_id: str | None = None  # a publication ("it", "the newspaper")

    @property
    def speaker(self) -> Referent:
        """The one who speaks: a statement speaks for its issuer."""
        if self.kind == "statement" and self.issuer is not None:
            return self.issuer.speaker
        return self

    @property
    def speaker_kind(self) -> str:
        s = self.speaker
        if s.person_id:
            return "person"
        if s.organisation_id:
            return "organisation"
        if s.kind in ("unnamed", "group"):
            return s.kind
        return "unresolved"

    @property
    def resolved(self) -> bool:
        s = self.speaker
        return bool(s.person_id or s.organisation_id)


# resolve(head, tokens=None, participants=None): the parts that resolve a phrase inside a phrase ask it.
PhraseResolver = Callable[..., Referent]


@dataclass
class Phrase:
    """A phrase being resolved, with what the rules ask of it."""

    head: int
    tokens: set[int]
    text: str
    lemma: str  # the head's lemma, lowercase
    word: str  # the head's text, lowercase
    mentions: list[Mention]
    people: list[Mention]  # the mentions that name a record, by type
    orgs: list[Mention]
    places: list[Mention]
    participants: list[Participant] | None  # the meeting in context, for "both sides"

    @property
    def lowered(self) -> str:
        return self.text.lower()


# ---------------------------------------------------------------- shared lookups


class ArticleLookups:
    """One article's tokens, resolved mentions and stated roles, and the curated records they
    name: the lookups every part of the resolver shares, and meetings and claims ask for."""

    def __init__(
        self,
        article: Article,
        parsed: ParsedArticle,
        mentions: list[Mention],
        roles: list[StatedRole],
        gazetteer: Gazetteer,
        tree: Tree,
        rules: ReferentRules,
        vocabulary: EntityRules,
    ):
        self.article, self.parsed, self.mentions, self.roles = article, parsed, mentions, roles
        self.gazetteer, self.tree, self.rules, self.vocabulary = gazetteer, tree, rules, vocabulary
        self.body = article.body

    # ------------------------------------------------------------ tokens and mentions

    def phrase_tokens(self, head: int) -> set[int]:
        return set(self.tree.subtree(head, stop_deps=CLAUSE_DEPS))

    def span_text(self, tokens: Iterable[int]) -> str:
        return self.tree.span_text(self.body, sorted(tokens))

    def mentions_in(self, tokens: Iterable[int]) -> list[Mention]:
        """The mentions whose first token lies in `tokens`, in reading order."""
        return [self.mentions[m] for m in self.tree.mentions_in(tokens)]

    def named_in(self, tokens: Iterable[int], entity_type: str) -> list[Mention]:
        """The mentions in `tokens` that name a record of one type ("person", "organisation", "place")."""
        return named_mentions(self.mentions_in(tokens), entity_type)

    def mention_at(self, i: int) -> Mention | None:
        index = self.tree.mention_at.get(i)
        return self.mentions[index] if index is not None else None

    def mention_type_at(self, i: int) -> str | None:
        """The type of the mention covering token `i` ("person", "organisation", "place"), if any."""
        m = self.mention_at(i)
        return m.entity_type if m is not None else None

    def subject_before(self, i: int) -> Mention | None:
        """He/she at token `i`: the most recent person named as the subject of a verb before it."""
        return subject_antecedent(self.tree, self.mentions, i)

    def person_voice_before(self, position: int) -> Mention | None:
        """'Salami "expressed his gratitude …"': the person named as a subject right before a
        character position (at most QUOTE_GAP characters of space or punctuation between)."""
        for m in self.mentions:
            if m.entity_type == "person" and m.entity_id and 0 < position - m.end_char <= QUOTE_GAP:
                if self.tree.token(m.end - 1).dep in ("nsubj", "nsubjpass"):
                    return m
        return None

    def indefinite(self, head: int) -> bool:
        """ "a spokesman", "officials": a voice the text does not single out."""
        determiners = {self.tree.token(d).text.lower() for d in self.tree.kids(head, "det")}
        return bool(determiners & self.rules.indefinite_determiners) or (
            not determiners and not self.tree.kids(head, "poss") and self.tree.token(head).tag == "NNS"
        )

    # ------------------------------------------------------------ curated records and governments

    def person(self, person_id: str | None) -> Person | None:
        """The curated record of a person, if the gazetteer has one."""
        return self.gazetteer.people.get(person_id or "")

    def organisation(self, organisation_id: str | None) -> Organisation | None:
        """The curated record of an organisation, if the gazetteer has one."""
        return self.gazetteer.organisations.get(organisation_id or "")

    def organisation_named(self, phrase: str, min_width: int = 2) -> str | None:
        """The one curated body a run of the phrase's words names, longest runs first."""
        words = phrase.split()
        for width in range(min(LONGEST_BODY_NAME_WORDS, len(words)), min_width - 1, -1):
            for start in range(len(words) - width + 1):
                ids = self.gazetteer.organisation_ids(" ".join(words[start : start + width]))
                if len(ids) == 1:
                    return next(iter(ids))
        return None

    def government_named(self, word: str) -> str | None:
        """A nationality word -> the one government of that name: "Iraqi" -> "Iraqi government"."""
        ids = self.gazetteer.organisation_ids(f"{word} government")
        return next(iter(ids)) if len(ids) == 1 else None

    def demonym_government(self, tokens) -> str | None:
        """The government the first nationality (NORP) word of a phrase names."""
        for t in sorted(tokens):
            token = self.tree.token(t)
            if token.ent == "NORP":
                government = self.government_named(token.text)
                if government:
                    return government
        return None

    def demonym_stem_government(self, tokens: set[int]) -> str | None:
        """ "Kurdish" -> the one government whose name shares its stem ("Kurdistan Regional Government")."""
        for t in sorted(tokens):
            token = self.tree.token(t)
            if token.ent != "NORP":
                continue
            found = {
                o.id
                for o in self.gazetteer.organisations.values()
                if o.kind == "government" and _share_stems({token.text.lower()}, set(WORD.findall(o.name.lower())))
            }
            if len(found) == 1:
                return next(iter(found))
        return None

    def nationality_government(self, tokens: Iterable[int]) -> tuple[str, str] | None:
        """ "An Iraqi delegation": the first nationality word of a phrase (a NORP entity or a
        capitalised adjective) that names one government, with that government."""
        for j in tokens:
            t = self.tree.token(j)
            if t.ent == "NORP" or (t.pos == "ADJ" and t.text[:1].isupper()):
                government = self.government_named(t.text)
                if government:
                    return t.text, government
        return None

    # ------------------------------------------------------------ sides

    def side_of_body(self, organisation_id: str | None) -> str | None:
        """The side a curated body stands for."""
        org = self.organisation(organisation_id)
        return org.side if org is not None else None

    def side_of_person(self, m: Mention) -> str | None:
        """The side a person speaks for: curated nationality, else the body in a title the article gives."""
        person = self.gazetteer.people.get(m.entity_id or "")
        if person and person.nationality:
            return person.nationality
        index = self.mentions.index(m) if m in self.mentions else None
        for role in self.roles:
            if role.mention_index == index and role.organisation_mention is not None:
                org = self.mentions[role.organisation_mention]
                if org.entity_type == "organisation" and org.entity_id in self.gazetteer.organisations:
                    return self.gazetteer.organisations[org.entity_id].side
                place = self.gazetteer.places.get(org.entity_id or "")
                if place and place.government_id in self.gazetteer.organisations:
                    return self.gazetteer.organisations[place.government_id].side
        return None

    def side_of_participant(self, p: Participant) -> str | None:
        """The side a participant stands for: a curated person's nationality (which may be
        unknown), else a curated body's side."""
        person = self.person(p.person_id)
        if person is not None:
            return person.nationality
        return self.side_of_body(p.organisation_id)

    def sides(self, participants: Iterable[Participant]) -> set[str]:
        """The known sides a set of participants stands for."""
        return {side for p in participants if (side := self.side_of_participant(p))}


class _ArticlePart:
    """A part of the resolver: it reads the article through the shared lookups."""

    def __init__(self, lookups: ArticleLookups):
        self.lookups = lookups
        self.tree, self.mentions, self.roles = lookups.tree, lookups.mentions, lookups.roles
        self.gazetteer, self.rules, self.body = lookups.gazetteer, lookups.rules, lookups.body


# ---------------------------------------------------------------- people


class RoleHolders(_ArticlePart):
    """Who holds an office: a role phrase ("the coalition spokesman", "the Kurdistan Region's
    premier") on the article's date, and the offices a person is known to hold."""

    def __init__(self, lookups: ArticleLookups):
        super().__init__(lookups)
        self.vocabulary = lookups.vocabulary

    def holder_of(self, phrase: str) -> str | None:
        """A role phrase ("the coalition spokesman", "the KDP leader") -> the one person who holds it."""
        vocabulary = self.vocabulary
        wanted = office_words(phrase, vocabulary)
        if not wanted:
            return None
        # What narrows the role ("Iraqi", "coalition"), not the wording around it ("a statement from … office").
        context = (
            self._words(phrase)
            - wanted
            - self.rules.statement_nouns
            - self.rules.filler_words
            - self.rules.body_heads
            - self.rules.office_qualifiers
        )
        in_article = {m.entity_id for m in self.mentions if m.entity_type == "person" and m.entity_id}
        matches, stated = set(), set()
        for role in self.roles:  # roles the article itself states
            person = self.mentions[role.mention_index]
            if person.entity_id and wanted <= office_words(role.title, vocabulary):
                stated.add(person.entity_id)
                title_words = self._words(role.title)
                if not context or _share_stems(context, title_words):
                    matches.add(person.entity_id)
        if len(matches) != 1:
            anchor, _ = self.lookups.article.anchor_date
            matches = set()
            for pid in in_article:
                person = self.gazetteer.people.get(pid)
                for role in person.roles if person else ():
                    if role.valid_on(anchor) and wanted <= office_words(role.title, vocabulary):
                        org_words = self._organisation_words(role.organisation_id)
                        if not context or _share_stems(context, org_words | self._words(role.title)):
                            matches.add(pid)
            if len(matches) > 1 and len(matches & stated) == 1:
                # Two held the office in the year the roles give; the article names one in it.
                matches &= stated
        if not matches and context:
            # The office's own words, not where it was: "the Region's premier in Tehran".
            own = re.split(r"\s(?:in|at|on|during|after|before|from)\s", phrase)[0]
            narrowed = context & self._words(own)
            if narrowed:
                matches = self._dated_role_holders(wanted, narrowed, anchor)
        return next(iter(matches)) if len(matches) == 1 else None

    def _organisation_words(self, organisation_id: str | None) -> set[str]:
        """The words of a body's names and of the bodies above it: the interior ministry is "federal"
        through the federal government it belongs to."""
        words: set[str] = set()
        seen = set()
        while organisation_id and organisation_id not in seen:
            seen.add(organisation_id)
            org = self.gazetteer.organisations.get(organisation_id)
            if org is None:
                break
            words |= set(WORD.findall(f"{org.name} {org.acronym or ''} {' '.join(org.aliases)}".lower()))
            organisation_id = org.parent_id
        return words

    def _words(self, text: str) -> set[str]:
        """Lowercase words, with title synonyms spelled one way ("premier" -> "prime minister")."""
        text = text.lower()
        for word, meaning in self.vocabulary.synonyms.items():
            text = re.sub(rf"\b{re.escape(word)}\b", meaning, text)
        return set(WORD.findall(text))

    def _dated_role_holders(self, wanted: set[str], context: set[str], anchor: str | None) -> set[str]:
        """Nobody in the article holds the role: who held it that day, from the gazetteer's dated
        roles ("the Kurdistan Region's premier" on 2024-03-13). Only roles with dates, and only
        a role phrase that says whose office it is."""
        if not anchor:
            return set()
        matches, exact = set(), set()
        for person in self.gazetteer.people.values():
            for role in person.roles:
                if not (role.start or role.end) or not role.valid_on(anchor):
                    continue
                office = office_words(role.title, self.vocabulary)
                if not wanted <= office:
                    continue
                words = self._words(role.title) | self._organisation_words(role.organisation_id)
                if context <= {c for c in context if _share_stems({c}, words)}:
                    matches.add(person.id)
                    if office == wanted:
                        exact.add(person.id)  # "premier" is the prime minister, not the deputy
        return exact or matches

    def offices_of(self, m: Mention) -> set[str]:
        """The office words of every title the article gives a person and every role the gazetteer knows."""
        index = self.mentions.index(m) if m in self.mentions else None
        held = [r.title for r in self.roles if r.mention_index == index]
        person = self.gazetteer.people.get(m.entity_id or "")
        held += [r.title for r in person.roles] if person else []
        held += [m.title] if m.title else []
        return set().union(*(office_words(title, self.vocabulary) for title in held)) if held else set()


class PersonReferences(_ArticlePart):
    """People the text refers to without their name: a pronoun's antecedent, "the latter",
    "his Iranian counterpart", "the Iranian envoy"; and a name in apposition no mention covers."""

    def __init__(self, lookups: ArticleLookups, roles: RoleHolders):
        super().__init__(lookups)
        self.vocabulary, self.role_holders = lookups.vocabulary, roles

    # ------------------------------------------------------------ names

    def unrecognised_name(self, head: int, tokens: set[int]) -> bool:
        """A capitalised name in apposition to the head that no mention covers."""
        for t in tokens:
            token = self.tree.token(t)
            if t == head or token.pos != "PROPN" or not token.text[:1].isupper() or t in self.tree.mention_at:
                continue
            if (
                token.dep == "appos"
                and token.head in tokens
                or (
                    token.dep in ("compound", "flat")
                    and self.tree.token(token.head).dep == "appos"
                    and self.tree.token(token.head).head in tokens
                )
            ):
                return True
        return False

    def named_in_apposition(self, head: int, people: list[Mention]) -> bool:
        """ "The spokesman for the ministry, Jane Roe": the name is the head's apposition or compound."""
        for m in people:
            root = m.end - 1
            if m.start <= head < m.end:
                return True
            if self.tree.token(root).dep == "appos" or (
                self.tree.token(root).head == head and self.tree.token(root).dep in ("compound", "nmod")
            ):
                return True  # "the commander of the Border Guard Forces, Lt. Gen. X": X in apposition
        return False

    # ------------------------------------------------------------ references back

    def pronoun_antecedent(self, head: int) -> tuple[str | None, str]:
        """He/she at token `head`: the most recent person subject before it, a name or a role
        phrase the article's date resolves ("The National Security Adviser praised …. He said …")."""
        person = subject_antecedent(self.tree, self.mentions, head)
        start = person.end if person else 0
        for j in range(head - 1, start - 1, -1):
            t = self.tree.token(j)
            if t.dep not in ("nsubj", "nsubjpass") or t.pos not in ("NOUN", "PROPN") or j in self.tree.mention_at:
                continue
            tokens = self.lookups.phrase_tokens(j)
            if any(k in self.tree.mention_at for k in tokens) or self.lookups.indefinite(j):
                continue
            holder = self.role_holders.holder_of(self.lookups.span_text(tokens))
            if holder:
                return holder, "pronoun: the most recent person subject, a role on the article's date"
        if person:
            return person.entity_id, "pronoun: the most recent person subject"
        return None, "pronoun with no person before it"

    def latter_or_former(self, head: int, latter: bool) -> Referent | None:
        """ "the latter": the second of the two people named last before the phrase."""
        sentence = self.tree.token(head).sent
        seen: list[str] = []
        for m in self.mentions:
            if (
                m.entity_type == "person"
                and m.entity_id
                and m.start < head
                and m.sentence_index >= sentence - LOOKBACK_SENTENCES
            ):
                if m.entity_id in seen:
                    seen.remove(m.entity_id)
                seen.append(m.entity_id)
        if len(seen) < 2:
            return None
        person = seen[-1] if latter else seen[-2]
        return Referent(
            "person",
            self.tree.token(head).text,
            f"relative reference: the {'latter' if latter else 'former'} of the two people named last",
            BY_COREFERENCE,
            person_id=person,
        )

    def counterpart(self, head: int, tokens: set[int], participants: list[Participant] | None) -> Referent | None:
        """ "his Iranian counterpart": a person of that side other than the possessor, nearest to the phrase."""
        tree, side_of, offices_of = self.tree, self.lookups.side_of_person, self.role_holders.offices_of
        owner = None
        for poss in tree.kids(head, "poss"):
            index = tree.mention_at.get(poss)
            if index is not None and self.mentions[index].entity_type == "person":
                owner = self.mentions[index].entity_id
            elif tree.token(poss).text.lower() in self.rules.person_pronouns:
                m = subject_antecedent(tree, self.mentions, head)
                owner = m.entity_id if m else None
        side = self.lookups.side_of_body(self.lookups.demonym_government(tokens))
        owner_mention = next((m for m in self.mentions if owner and m.entity_id == owner), None)
        if side is not None and owner_mention is not None and side_of(owner_mention) == side:
            # "Vahidi told his Kurdish guest …. His Iranian counterpart …": an Iranian's Iranian
            # counterpart makes no sense; "his" is the last person of another side named before.
            other = [
                m
                for m in self.mentions
                if m.entity_type == "person" and m.entity_id and m.start < head and side_of(m) not in (side, None)
            ]
            owner = other[-1].entity_id if other else owner
        position = tree.token(head).idx
        candidates = []
        pool = [p.person_id for p in participants or [] if p.person_id]
        for m in self.mentions:
            if m.entity_type != "person" or not m.entity_id or m.entity_id == owner or m.start in tokens:
                continue
            if pool and m.entity_id not in pool:
                continue
            if side is not None and side_of(m) not in (side, None):
                continue
            if side is not None and side_of(m) is None and owner is None:
                continue
            candidates.append((abs(m.start_char - position), m))
        known = [c for c in candidates if side is None or side_of(c[1]) == side]
        owner_mention = next((m for m in self.mentions if owner and m.entity_id == owner), None)
        if owner_mention is not None and side is not None and side_of(owner_mention) != side:
            # A counterpart holds the same office on the other side: the foreign minister's is a foreign minister.
            offices = offices_of(owner_mention) - self.rules.generic_office_words or offices_of(owner_mention)
            same_office = [c for c in (known or candidates) if offices & offices_of(c[1])]
            known = same_office or known
        choice = min(known or candidates, key=lambda c: c[0], default=None)
        if choice is None:
            return None
        return Referent(
            "person",
            self.lookups.span_text(tokens),
            "relative reference: the counterpart of the side named, nearest to the phrase",
            BY_CONTEXT,
            person_id=choice[1].entity_id,
        )

    def described_person(self, head: int, tokens: set[int]) -> Referent | None:
        """ "the Iranian envoy", "his Kurdish guest": the last person of that side named before,
        when the phrase is one person described by office and side."""
        t = self.tree.token(head)
        word = t.text.lower()
        if t.tag != "NN" or not (self.vocabulary.is_title_word(word) or word in self.rules.descriptive_nouns):
            return None
        if not (
            {self.tree.token(d).text.lower() for d in self.tree.kids(head, "det")} & {"the"}
            or self.tree.kids(head, "poss")
        ):
            return None
        side = self.lookups.side_of_body(self.lookups.demonym_government(tokens))
        if side is None:
            return None
        office = office_words(word, self.vocabulary) if word not in self.rules.descriptive_nouns else set()
        best = None
        for m in self.mentions:
            if (
                m.entity_type == "person"
                and m.entity_id
                and m.start < head
                and m.sentence_index >= t.sent - LOOKBACK_SENTENCES
                and self.lookups.side_of_person(m) == side
                and (not office or office <= self.role_holders.offices_of(m))
            ):
                best = m
        if best is None:
            return None
        return Referent(
            "person",
            self.lookups.span_text(tokens),
            "descriptive reference: the last person of that side named before",
            BY_CONTEXT,
            person_id=best.entity_id,
        )


class PersonTitles:
    """A participant's title on a meeting's day: the one the article gives, else the curated role."""

    def __init__(self, lookups: ArticleLookups):
        self.lookups = lookups
        self._stated_titles: dict[str, list[tuple[int, str]]] | None = None  # built when first asked

    @staticmethod
    def names_an_office(text: str) -> bool:
        """ "Minister", "the head of …": a word or phrase with an office word in it (titles.yml)."""
        return bool(titles.office_words(text))

    def title_at_time(self, p: Participant, sentence_index: int, day: str | None) -> str | None:
        """A participant's title on a meeting's day, in this order: the title the article gives
        them (before the name, else in this sentence, else anywhere in the article; a fuller
        title the article gives for the same office beats a bare "Advisor" or "Head"), then the
        gazetteer role held on `day`, then nothing."""
        if not p.person_id:
            return p.title_at_time
        stated = self.stated_titles.get(p.person_id, [])
        own = p.title_at_time if p.title_at_time in {t for _, t in stated} else None
        if own:
            words = titles.office_words(own)
            fuller = [(s, t) for s, t in stated if words and len(t) > len(own) and words <= titles.office_words(t)]
            if fuller:
                return next((t for s, t in fuller if s == sentence_index), fuller[0][1])
            return own
        if stated:
            return next((t for s, t in stated if s == sentence_index), stated[0][1])
        return self.curated_title_on(p.person_id, day)

    @property
    def stated_titles(self) -> dict[str, list[tuple[int, str]]]:
        """Person id -> the titles the article gives them, (sentence, title) in the article's order."""
        if self._stated_titles is None:
            found: dict[str, list[tuple[int, str]]] = {}
            for role in sorted(self.lookups.roles, key=lambda r: r.start_char):
                person_id = self.lookups.mentions[role.mention_index].entity_id
                if person_id and (role.sentence_index, role.title) not in found.get(person_id, []):
                    found.setdefault(person_id, []).append((role.sentence_index, role.title))
            self._stated_titles = found
        return self._stated_titles

    def curated_title_on(self, person_id: str | None, day: str | None) -> str | None:
        """No title in the text: the curated role the person held on `day`, when that can be decided."""
        person = self.lookups.person(person_id)
        if person is None or not day:
            return None
        held = person.roles_on(day)
        if not held:
            return None
        role = held[-1]
        org = self.lookups.organisation(role.organisation_id)
        if len(role.title.split()) == 1 and org is not None and org.kind != "government":
            return f"{role.title} of the {org.name}"  # "Secretary" alone says less than the gazetteer knows
        return role.title


# ---------------------------------------------------------------- bodies and publications


class Publications:
    """Outlets named in the text: "told Al-Monitor", "it reported" after "The National"."""

    def __init__(self, lookups: ArticleLookups, outlets: OutletIndex | None):
        self.lookups, self.outlets = lookups, outlets

    def recent_outlet(self, i: int) -> str | None:
        """The outlet named last in the characters just before token `i`."""
        if self.outlets is None:
            return None
        start = self.lookups.tree.token(i).idx
        hits = [h for h in self.outlets_named(self.lookups.body[:start]) if h[0] >= start - OUTLET_LOOKBACK_CHARS]
        return hits[-1][2] if hits else None

    def outlet_named(self, phrase: str) -> str | None:
        hits = self.outlets_named(phrase) if self.outlets is not None else []
        return hits[0][2] if hits else None

    def outlets_named(self, text: str) -> list[tuple[int, int, str]]:
        """Outlet names written as names: "The National", "al-Naba", not "the national security advisor"."""
        if self.outlets is None:
            return []
        return [h for h in self.outlets.find(text) if written_as_name(text[h[0] : h[1]])]

    def outlet_in(self, text: str) -> str | None:
        """The outlet a phrase names ("told Al-Monitor"), by any of its names."""
        return self.outlets.match_in_text(text) if self.outlets is not None else None


class BodyReferences(_ArticlePart):
    """Organisations named by a head noun ("the ministry"), by an owner ("the Kurdistan Region's
    Counter-Terrorism Directorate"), by "it", by a head of mission; and the body a group belongs to."""

    def __init__(self, lookups: ArticleLookups, publications: Publications):
        super().__init__(lookups)
        self.publications = publications

    def unknown_named_body(self, head: int, tokens: set[int], mentions: list[Mention]) -> Referent | None:
        """ "The Kurdistan Region's Counter-Terrorism Directorate": a body named with capitals that no
        mention covers, owned by a place or body. It is not its owner: unresolved, with the owner as
        its affiliation."""
        t = self.tree.token(head)
        if t.text.lower() not in self.rules.body_heads or head in self.tree.mention_at:
            return None
        if self.lookups.organisation_named(re.sub(r"^.*?[’']s\s+", "", self.lookups.span_text(tokens)), min_width=1):
            return None
        owners = [
            m
            for m in mentions
            if m.entity_id
            and self.tree.token(m.end - 1).dep == "poss"
            or m.entity_id
            and m.end < len(self.tree.tokens)
            and self.tree.token(m.end).text in ("’s", "'s")
        ]
        affiliation = None
        if owners:
            owner = owners[0]
            place = self.gazetteer.places.get(owner.entity_id) if owner.entity_type == "place" else None
            affiliation = (
                place.government_id if place else owner.entity_id if owner.entity_type == "organisation" else None
            )
        else:
            # "the Kurdish region's counterterrorism directorate": the government the nationality names.
            affiliation = self.lookups.demonym_government(tokens) or self.lookups.demonym_stem_government(tokens)
        if affiliation is None:
            return None
        owned = self._owned_body(tokens, affiliation)
        if owned is not None:
            return Referent(
                "organisation",
                self.lookups.span_text(tokens),
                "a body named under its owner: the curated body of that side",
                BY_NAME,
                organisation_id=owned,
            )
        if not owners or not t.text[:1].isupper():
            return None
        return Referent(
            "unresolved",
            self.lookups.span_text(tokens),
            "a body the gazetteer does not know, named under its owner",
            0.0,
            affiliation_id=affiliation,
        )

    def _owned_body(self, tokens: set[int], owner_id: str) -> str | None:
        """ "the Kurdistan Region's Counter-Terrorism Directorate": the one curated body of the owner's
        side whose name ends with the words after the owner (hyphens and spaces aside)."""
        owner = self.gazetteer.organisations.get(owner_id)
        words = [self.tree.token(t) for t in sorted(tokens)]
        cut = max((n for n, t in enumerate(words) if t.text in ("’s", "'s") or t.dep == "poss"), default=-1)
        wanted = compact(" ".join(t.text for t in words[cut + 1 :]))
        if owner is None or len(wanted) < MIN_OWNED_NAME_LETTERS:
            return None
        found = {
            o.id
            for o in self.gazetteer.organisations.values()
            if o.side == owner.side
            and o.id != owner_id
            and any(compact(n).endswith(wanted) for n in (o.name, *o.aliases))
        }
        return next(iter(found)) if len(found) == 1 else None

    def body_pronoun(self, phrase: str, head: int) -> Referent:
        """ "it said": the most recent body that was a subject before it, or an outlet named just before."""
        outlet = self.publications.recent_outlet(head)
        if outlet:
            return Referent("publication", phrase, "pronoun: an outlet named just before", BY_CONTEXT, outlet_id=outlet)
        best, government = None, None
        for m in self.mentions:
            if m.entity_type not in ("organisation", "place") or not m.entity_id or m.start >= head:
                continue
            if m.sentence_index < self.tree.token(head).sent - 1:
                continue
            place = self.gazetteer.places.get(m.entity_id) if m.entity_type == "place" else None
            if m.entity_type == "place" and not (place and place.government_id):
                continue
            chain = [m.end - 1, *list(self.tree.ancestors(m.end - 1))[:2]]
            if (
                self.tree.token(m.end - 1).dep in ("nsubj", "nsubjpass")
                or m.entity_type == "organisation"
                and any(self.tree.token(j).dep in ("nsubj", "nsubjpass") for j in chain)
            ):
                best, government = m, place.government_id if place else None
        if best is not None and government:
            # "Tehran has launched strikes on the groups, which it accuses of …": the capital's government.
            return Referent(
                "organisation",
                phrase,
                "pronoun: the most recent subject, a capital for its government",
                BY_COREFERENCE,
                organisation_id=government,
            )
        if best is not None:
            return Referent(
                "organisation",
                phrase,
                "pronoun: the most recent body subject",
                BY_COREFERENCE,
                organisation_id=best.entity_id,
            )
        return Referent("unresolved", phrase, "pronoun with no body before it", 0.0)

    def body_named(self, phrase: str, head: int) -> Referent | None:
        """ "the ministry", "the interior ministry", "the presidency": the most recent body in
        the article whose name has those words, else the one curated body of that name."""
        head_word = self.tree.token(head).text.lower()
        if head_word not in self.rules.body_heads:
            return None
        wanted = set(WORD.findall(phrase.lower())) - self.rules.filler_words - self.rules.back_reference_words
        wanted = {w for w in wanted if w[:1]}
        best = None
        for m in self.mentions:
            if m.entity_type != "organisation" or not m.entity_id or m.start >= head:
                continue
            if wanted <= self._org_words(m):
                best = m
        if best is not None:
            return Referent(
                "organisation",
                phrase,
                "a body's head noun: the most recent matching body",
                BY_COREFERENCE,
                organisation_id=best.entity_id,
            )
        named = self.lookups.organisation_named(phrase, min_width=1)
        if named:
            return Referent("organisation", phrase, "a curated body's name", BY_NAME, organisation_id=named)
        return None

    def _org_words(self, m: Mention) -> set[str]:
        words = set(WORD.findall(m.text.lower()))
        org = self.gazetteer.organisations.get(m.entity_id or "")
        if org:
            for name in (org.name, *org.aliases):
                words |= set(WORD.findall(name.lower()))
        # "Ministry of Interior" is also "interior ministry"; "Presidency" is the president's office.
        return words

    def body_of(self, tokens: set[int]) -> str | None:
        """A body a group phrase names in words, not by nationality or place: "representatives of
        the interior ministry of the Kurdistan Region" -> that ministry."""
        orgs = [
            m.entity_id for m in self.lookups.mentions_in(tokens) if m.entity_type == "organisation" and m.entity_id
        ]
        return orgs[0] if orgs else self.body_in(tokens)

    def affiliation(self, tokens: set[int]) -> str | None:
        """The body a group phrase belongs to: "Iranian security officials" -> the Iranian government."""
        mentions = self.lookups.mentions_in(tokens)
        orgs = [m.entity_id for m in mentions if m.entity_type == "organisation" and m.entity_id]
        if orgs:
            return orgs[0]
        body = self.body_in(tokens)
        if body:
            return body
        for m in mentions:
            place = self.gazetteer.places.get(m.entity_id or "") if m.entity_type == "place" else None
            if place and place.government_id:
                return place.government_id
        return self.lookups.demonym_government(tokens)

    def body_in(self, tokens: set[int]) -> str | None:
        """A body named by words inside a phrase: "a foreign ministry spokesperson"."""
        phrase = self.lookups.span_text(tokens)
        for t in sorted(tokens):
            if self.tree.token(t).text.lower() in self.rules.body_heads:
                found = self.body_named(phrase, t)
                if found is not None:
                    return found.organisation_id
        return None

    def mission(self, head: int, tokens: set[int]) -> Referent | None:
        """ "Iran's consul general in Erbil", "the Iranian ambassador to Iraq" with no person named:
        the mission that office heads, a curated consulate or embassy of that country, in the city
        the phrase names (else the one such mission the gazetteer knows, in the country named)."""
        tree = self.tree
        own = [head] + [c for c in tree.children[head] if tree.token(c).dep in ("compound", "amod", "nmod")]
        noun = next(
            (self.rules.mission_heads[w] for j in own if (w := tree.token(j).text.lower()) in self.rules.mission_heads),
            None,
        )
        if noun is None or any(
            self.mentions[m].entity_type == "person" and self.mentions[m].entity_id for m in tree.mentions_in(tokens)
        ):
            return None
        where = set(tokens)
        after = max(tokens) + 1
        if (
            after < len(tree.tokens)
            and tree.token(after).text.lower() == "in"
            and tree.token(after).sent == tree.token(head).sent
        ):
            # "received Iran's consul general in Erbil": the parse may hang "in Erbil" on the verb.
            where |= {j for o in tree.kids(after, "pobj") for j in tree.subtree(o)}
        places = [
            self.gazetteer.places[self.mentions[m].entity_id]
            for m in tree.mentions_in(sorted(where))
            if self.mentions[m].entity_type == "place" and self.mentions[m].entity_id in self.gazetteer.places
        ]
        government = self.lookups.demonym_government(tokens)
        country = self.gazetteer.organisations[government].country if government else None
        if country is None:  # "Iran's consul general": the country named as owner
            owners = [p for p in places if p.kind == "country"]
            country = owners[0].country if owners else None
        if country is None:
            return None
        hosts = [p for p in places if p.country != country]
        candidates = []
        for o in self.gazetteer.organisations.values():
            names = [fold(n) for n in (o.name, *o.aliases)]
            if o.country != country or not any(noun in n.split() for n in names):
                continue
            cities = [
                c
                for c in self.gazetteer.places.values()
                if c.kind != "country" and re.search(rf"\b{re.escape(fold(c.name))}\b", names[0])
            ]
            if hosts and not any(
                h.id == c.id or h.kind == "country" and h.country == c.country for h in hosts for c in cities
            ):
                continue
            candidates.append(o.id)
        if len(candidates) != 1:
            return None
        return Referent(
            "organisation",
            self.lookups.span_text(tokens),
            "an unnamed head of mission stands for the mission",
            BY_CONTEXT,
            organisation_id=candidates[0],
        )


# ---------------------------------------------------------------- statements


class Statements(_ArticlePart):
    """Statements and offices ("a statement from X", "his office", "the statement") and the
    issuers they speak for; the statements named so far, in reading order."""

    def __init__(self, lookups: ArticleLookups, people: PersonReferences, roles: RoleHolders, resolve: PhraseResolver):
        super().__init__(lookups)
        self.people, self.role_holders, self.resolve = people, roles, resolve
        self.named_issuers: list[tuple[int, Referent]] = self._named_in_article()  # (character, issuer)

    def statement(self, phrase: str, head: int, people: list[Mention], orgs: list[Mention]) -> Referent:
        """ "a statement from X", "Araji's office"; a bare "the statement" is the last one named."""
        issuer = self._from_whom(head) or self.named_source(phrase, people, orgs)
        rule = "statement: its issuer is named in the phrase"
        if not issuer.resolved and (by_clause := self._issued_by_subject(head)) is not None:
            issuer, rule = by_clause, "statement: the subject of the clause that issues it"
        if not issuer.resolved and (owner := self._office_of_pronoun(head)) is not None:
            issuer, rule = owner, "statement: the office of the person a possessive pronoun stands for"
        named_but_unknown = bool(self.tree.prep_objects(head, "from", "by", "of") or self.tree.kids(head, "poss"))
        if not issuer.resolved and not named_but_unknown:
            # A bare "the statement": the last one named. "A statement by the media office" whose
            # office is not known stays unresolved: it is not the last statement's issuer.
            tokens = self.lookups.phrase_tokens(head)
            government = self.lookups.demonym_government(tokens)
            side = self.lookups.side_of_body(government)
            before = self.before(self.tree.token(head).idx, side)
            if before is not None:
                issuer, rule = before, "statement: the issuer of the last statement named before it"
            elif government:
                issuer = Referent(
                    "organisation",
                    phrase,
                    "a nationality speaks for its government",
                    BY_CONTEXT,
                    organisation_id=government,
                )
                rule = "statement: the government of the side it names"
        return Referent("statement", phrase, rule, issuer.confidence if issuer.resolved else 0.0, issuer=issuer)

    def _issued_by_subject(self, head: int) -> Referent | None:
        """ "figures it released in January", "a statement the ministry issued": the subject of
        the relative clause on the statement noun."""
        for clause in self.tree.kids(head, "relcl"):
            for subject in self.tree.kids(clause, "nsubj"):
                found = self.resolve(subject, {subject} | set(self.lookups.phrase_tokens(subject)))
                if found.resolved:
                    return found.speaker
        return None

    def _office_of_pronoun(self, head: int) -> Referent | None:
        """ "his office said", "a statement from her office": the person the pronoun stands for."""
        offices = [head, *self.tree.prep_objects(head, "from", "by", "of")]
        for office in offices:
            if self.tree.token(office).lemma.lower() not in self.rules.office_nouns:
                continue
            for poss in self.tree.kids(office, "poss"):
                if self.tree.token(poss).text.lower() in self.rules.person_pronouns:
                    person_id, _ = self.people.pronoun_antecedent(poss)
                    if person_id:
                        return Referent(
                            "person",
                            self.tree.token(poss).text,
                            "pronoun: the most recent person subject",
                            BY_COREFERENCE,
                            person_id=person_id,
                        )
        return None

    def _from_whom(self, head: int) -> Referent | None:
        """ "a statement from the PUK", "a readout by the presidency": the name right after the preposition."""
        for obj in self.tree.prep_objects(head, "from", "by", "of"):
            m = self.lookups.mention_at(obj)
            if m is not None and m.entity_id and m.entity_type == "organisation":
                return Referent("organisation", m.text, "name", organisation_id=m.entity_id)
            if m is not None and m.entity_id and m.entity_type == "person":
                return Referent("person", m.text, "name", person_id=m.entity_id)
        return None

    def named_source(self, phrase: str, people: list[Mention], orgs: list[Mention]) -> Referent:
        """ "Araji's office" -> Araji; "the president's office" -> the president on that date;
        "the office of the Kurdistan Region's presidency" -> that organisation."""
        if people:
            return Referent("person", people[0].text, "name", person_id=people[0].entity_id)
        holder = self.role_holders.holder_of(phrase)
        if holder:
            return Referent("person", phrase, "role on the article's date", BY_COREFERENCE, person_id=holder)
        if orgs:
            return Referent("organisation", orgs[0].text, "name", organisation_id=orgs[0].entity_id)
        named = self.lookups.organisation_named(phrase)
        if named:
            return Referent("organisation", phrase, "a curated body's name", organisation_id=named)
        return Referent("unresolved", phrase, "no issuer named", 0.0)

    def _named_in_article(self) -> list[tuple[int, Referent]]:
        """Every statement or office whose source the text names, in reading order."""
        found = []
        for t in self.lookups.parsed.tokens:
            if t.lemma.lower() not in self.rules.statement_nouns and t.lemma.lower() not in self.rules.office_nouns:
                continue
            tokens = set(self.tree.subtree(t.i, stop_deps=CLAUSE_DEPS - {"acl"}))
            tokens |= {
                a
                for a in self.tree.ancestors(t.i)
                if self.tree.token(a).dep == "pobj" and self.tree.token(a).lemma.lower() in self.rules.statement_nouns
            }
            mentions = self.lookups.mentions_in(tokens)
            people = named_mentions(mentions, "person")
            orgs = named_mentions(mentions, "organisation")
            source = self.named_source(self.lookups.span_text(tokens), people, orgs)
            if source.resolved:
                found.append((t.idx, source))
        return found

    def before(self, position: int, side: str | None = None) -> Referent | None:
        """The last statement named before a position; with a side ("the Iraqi statement"), the last
        one whose issuer is of that side."""
        earlier = sorted(
            ((at, n, source) for n, (at, source) in enumerate(self.named_issuers) if at < position),
            key=lambda x: (x[0], x[1]),
        )
        if side is not None:
            earlier = [e for e in earlier if self._side_of_issuer(e[2]) == side]
        return earlier[-1][2] if earlier else None

    def in_context(self, position: int) -> tuple[Referent | None, int | None]:
        """The issuer of the last statement named before a position, and where it was named."""
        source = self.before(position)
        named = max((at for at, r in self.named_issuers if at < position and r is source), default=None)
        return source, named

    def for_sentence(self, start_char: int, end_char: int) -> list[tuple[int, Referent]]:
        """Where the statement a sentence's claim comes through was named (in the sentence, else the
        last before it), and where its issuer's first statement was: [] when none was named."""
        own = [(at, r) for at, r in self.named_issuers if start_char <= at < end_char]
        earlier = [(at, r) for at, r in self.named_issuers if at < start_char]
        source = min(own, key=lambda x: x[0]) if own else max(earlier, key=lambda x: x[0]) if earlier else None
        if source is None:
            return []
        same = [
            (at, r)
            for at, r in self.named_issuers
            if (r.person_id, r.organisation_id) == (source[1].person_id, source[1].organisation_id)
        ]
        return [source, min(same, key=lambda x: x[0])]

    def _side_of_issuer(self, referent: Referent) -> str | None:
        if referent.person_id:
            m = next((m for m in self.mentions if m.entity_id == referent.person_id), None)
            return self.lookups.side_of_person(m) if m else None
        return self.lookups.side_of_body(referent.organisation_id)

    def note(self, position: int, issuer: Referent) -> None:
        """ "X said in a statement …": a later bare "the statement" is X's."""
        if issuer.resolved:
            self.named_issuers.append((position, issuer))


# ---------------------------------------------------------------- delegations, groups, unnamed sources


class Delegations(_ArticlePart):
    """Delegations ("an Iraqi delegation headed by X", "the delegation") and groups ("both sides")."""

    def __init__(self, lookups: ArticleLookups, bodies: BodyReferences):
        super().__init__(lookups)
        self.bodies = bodies

    def delegation(
        self, phrase: str, head: int, tokens: set[int], people: list[Mention], orgs: list[Mention]
    ) -> Referent:
        """ "an Iraqi delegation headed by X": its head, its members, the body it represents.
        A bare "the delegation" is the last delegation named before it."""
        body = orgs[0].entity_id if orgs else self.lookups.demonym_government(tokens) or self.bodies.body_in(tokens)
        if not people and not body and self.tree.token(head).text.lower() in self.rules.anaphoric_delegation_words:
            earlier = self._earlier_delegation(head)
            if earlier is not None:
                return earlier
        members = [
            Participant(
                text=m.text,
                role="participant",
                person_id=m.entity_id,
                title_at_time=m.title,
                start_char=m.start_char,
                end_char=m.end_char,
                method="delegation",
            )
            for m in people
        ]
        leader = self._delegation_head(head, people) or (people[0] if people else None)
        return Referent(
            "delegation",
            phrase,
            "delegation: its head"
            if leader
            else "delegation: the body it represents"
            if body
            else "delegation: no head or body named",
            BY_NAME if leader else BY_CONTEXT if body else 0.0,
            person_id=leader.entity_id if leader else None,
            organisation_id=None if leader else body,
            members=members,
            affiliation_id=body,
        )

    def _delegation_head(self, head: int, people: list[Mention]) -> Mention | None:
        for child in self.tree.children[head]:
            if self.tree.token(child).text.lower() in self.rules.head_cues:
                for obj in self.tree.prep_objects(child, "by"):
                    index = self.tree.mention_at.get(obj)
                    for m in people:
                        if index is not None and self.mentions[index] is m:
                            return m
                    found = [m for m in people if m.start <= obj < m.end or obj in range(m.start, m.end)]
                    if found:
                        return found[0]
        return None

    def _earlier_delegation(self, head: int) -> Referent | None:
        for t in reversed(self.lookups.parsed.tokens[:head]):
            if (
                t.lemma.lower() in self.rules.delegation_nouns
                and t.text.lower() not in self.rules.weak_delegation_words
            ):
                tokens = self.lookups.phrase_tokens(t.i)
                mentions = self.lookups.mentions_in(tokens)
                people = named_mentions(mentions, "person")
                orgs = named_mentions(mentions, "organisation")
                if people or orgs or self.lookups.demonym_government(tokens):
                    found = self.delegation(self.lookups.span_text(tokens), t.i, tokens, people, orgs)
                    found.rule = "delegation: the last delegation named before it"
                    found.confidence = BY_COREFERENCE
                    return found
        return None

    @staticmethod
    def group(phrase: str, participants: list[Participant] | None) -> Referent:
        """ "both sides": the participants of the meeting in context."""
        if participants:
            return Referent(
                "group",
                phrase,
                "group: the participants of the meeting in context",
                BY_CONTEXT,
                members=list(participants),
            )
        return Referent("unresolved", phrase, "group with no meeting in context", 0.0)


class UnnamedSources(_ArticlePart):
    """Voices the text does not name ("a security source", "informed sources", "Iraqi officials"):
    kept unnamed, with their kind and the body they belong to; "the source" and "he" after one."""

    def __init__(self, lookups: ArticleLookups, bodies: BodyReferences, resolve: PhraseResolver):
        super().__init__(lookups)
        self.bodies, self.resolve = bodies, resolve

    def unnamed(
        self, phrase: str, head: int, tokens: set[int], orgs: list[Mention], places: list[Mention]
    ) -> Referent | None:
        """ "a security source", "informed sources", "Iraqi officials": kept unnamed, with an affiliation."""
        head_token = self.tree.token(head)
        kind = self.rules.unnamed_heads.get(head_token.text.lower())
        if kind is None:
            return None
        determiners = {self.tree.token(d).text.lower() for d in self.tree.kids(head, "det", "amod", "predet")}
        modifiers = [
            t
            for t in tokens
            if t != head
            and self.tree.token(t).dep not in ("det", "punct")
            and self.tree.token(t).text.lower() not in self.rules.anaphoric_determiners
        ]
        if determiners & self.rules.anaphoric_determiners and not modifiers:
            earlier = self.earlier_unnamed(head)
            if earlier is not None:
                return Referent(
                    "unnamed",
                    phrase,
                    "unnamed source: the one named just before",
                    BY_COREFERENCE,
                    unnamed_kind=earlier.unnamed_kind,
                    affiliation_id=earlier.affiliation_id,
                )
        affiliation = (orgs[0].entity_id if orgs else None) or self.bodies.body_in(tokens)
        if affiliation is None and places:
            place = self.gazetteer.places.get(places[0].entity_id)
            affiliation = place.government_id if place else None
        affiliation = affiliation or self.lookups.demonym_government(tokens)
        return Referent("unnamed", phrase, f"unnamed {kind}", BY_NAME, unnamed_kind=kind, affiliation_id=affiliation)

    def earlier_unnamed(self, head: int) -> Referent | None:
        """ "the source", "the officials": the unnamed voice of that word named before it."""
        word = self.tree.token(head).text.lower()
        singular = word[:-1] if word.endswith("s") else word
        sentence = self.tree.token(head).sent
        for t in reversed(self.lookups.parsed.tokens[:head]):
            if t.sent < sentence - UNNAMED_LOOKBACK_SENTENCES:
                break
            if t.text.lower() in (singular, singular + "s") and t.i != head:
                tokens = self.lookups.phrase_tokens(t.i)
                determiners = {self.tree.token(d).text.lower() for d in self.tree.kids(t.i, "det")}
                if determiners & self.rules.anaphoric_determiners and len(tokens) <= 2:
                    continue  # another "the source": look further back
                mentions = self.lookups.mentions_in(tokens)
                if any(m.entity_type == "person" for m in mentions):
                    continue
                orgs = named_mentions(mentions, "organisation")
                places = named_mentions(mentions, "place")
                return self.unnamed(self.lookups.span_text(tokens), t.i, tokens, orgs, places)
        return None

    def antecedent(self, head: int) -> Referent | None:
        """He/she after "A senior official … said": the unnamed official, when that subject comes
        after the last person named and in the same or the previous sentence."""
        person = subject_antecedent(self.tree, self.mentions, head)
        start = person.end if person else 0
        sentence = self.tree.token(head).sent
        for j in range(head - 1, start - 1, -1):
            t = self.tree.token(j)
            if t.sent < sentence - 1:
                break
            if t.dep not in ("nsubj", "nsubjpass") or t.text.lower() not in self.rules.unnamed_heads:
                continue
            if t.text.lower().endswith("s") or self.rules.unnamed_heads[t.text.lower()] not in ("official", "source"):
                return None  # "officials", "analysts": not one he or she
            tokens = self.lookups.phrase_tokens(j)
            if any(
                k in self.tree.mention_at and self.mentions[self.tree.mention_at[k]].entity_type == "person"
                for k in tokens
            ):
                return None
            found = self.resolve(j, tokens)
            return found if found.kind == "unnamed" else None
        return None


# ---------------------------------------------------------------- the resolver


class Referents:
    """The resolver for one article: built once, asked about many phrases. `resolve` tries
    the rules in `RULES` in order; the other methods answer meetings' and claims' questions
    through the part that knows."""

    def __init__(
        self,
        article: Article,
        parsed: ParsedArticle,
        mentions: list[Mention],
        roles: list[StatedRole],
        gazetteer: Gazetteer,
        outlets: OutletIndex | None = None,
        tree: Tree | None = None,
        rules: ReferentRules | None = None,
        vocabulary: EntityRules | None = None,
    ):
        self.lookups = ArticleLookups(
            article,
            parsed,
            mentions,
            roles,
            gazetteer,
            tree or Tree(parsed, mentions),
            rules or ReferentRules.load(),
            vocabulary or EntityRules.load(),
        )
        self.rules = self.lookups.rules
        self.role_holders = RoleHolders(self.lookups)
        self.people = PersonReferences(self.lookups, self.role_holders)
        self.titles = PersonTitles(self.lookups)
        self.publications = Publications(self.lookups, outlets)
        self.bodies = BodyReferences(self.lookups, self.publications)
        # Statements and unnamed sources resolve phrases inside phrases through `resolve`, whose
        # rules use every part: they may call it only after the constructor has finished.
        self.statements = Statements(self.lookups, self.people, self.role_holders, self.resolve)
        self.delegations = Delegations(self.lookups, self.bodies)
        self.unnamed_sources = UnnamedSources(self.lookups, self.bodies, self.resolve)

    # ------------------------------------------------------------ who is this phrase?

    def resolve(
        self, head: int, tokens: set[int] | None = None, participants: list[Participant] | None = None
    ) -> Referent:
        """The referent of the phrase headed by token `head`; `participants` are those of
        the meeting in context, for "both sides"."""
        phrase = self._phrase(head, tokens if tokens is not None else self.phrase_tokens(head), participants)
        for rule in self.RULES:
            found = rule(self, phrase)
            if found is not None:
                return found
        return Referent("unresolved", phrase.text, "no rule places this phrase", 0.0)

    def _phrase(self, head: int, tokens: set[int], participants: list[Participant] | None) -> Phrase:
        head_token = self.lookups.tree.token(head)
        mentions = self.lookups.mentions_in(tokens)
        return Phrase(
            head=head,
            tokens=tokens,
            text=self.lookups.span_text(tokens),
            lemma=head_token.lemma.lower(),
            word=head_token.text.lower(),
            mentions=mentions,
            people=named_mentions(mentions, "person"),
            orgs=named_mentions(mentions, "organisation"),
            places=named_mentions(mentions, "place"),
            participants=participants,
        )

    # Each rule returns a referent, or None to let the next rule try.

    def _one_of_a_group(self, p: Phrase) -> Referent | None:
        """ "one of the Iraqi officials", "two of the sources": the group the voice belongs to."""
        if p.word not in self.rules.partitive_heads:
            return None
        tree = self.lookups.tree
        inner = tree.prep_objects(p.head, "of")
        if inner and tree.token(inner[0]).text.lower() in self.rules.unnamed_heads:
            found = self.resolve(inner[0], self.phrase_tokens(inner[0]), p.participants)
            if found.kind == "unnamed":
                found.text = p.text
                return found
        return None

    def _statement(self, p: Phrase) -> Referent | None:
        rules = self.rules
        if (
            p.lemma in rules.statement_nouns
            or p.word in rules.statement_nouns  # "figures", not "a senior figure"
            or p.lemma in rules.office_nouns
            or (not rules.office_nouns.isdisjoint(p.lowered.split()) and not p.people)
        ):
            return self.statements.statement(p.text, p.head, p.people, p.orgs)
        return None

    def _delegation(self, p: Phrase) -> Referent | None:
        if p.lemma in self.rules.delegation_nouns and p.word not in self.rules.weak_delegation_words:
            return self.delegations.delegation(p.text, p.head, p.tokens, p.people, p.orgs)
        return None

    def _counterpart(self, p: Phrase) -> Referent | None:
        if p.word in self.rules.counterpart_nouns or p.lemma in self.rules.counterpart_nouns:
            return self.people.counterpart(p.head, p.tokens, p.participants)
        return None

    def _unnamed_placed_by_a_name(self, p: Phrase) -> Referent | None:
        """ "a source close to the Barzani family": the name places the source, it does not speak."""
        if p.people and p.word in self.rules.unnamed_heads and not self.people.named_in_apposition(p.head, p.people):
            return self.unnamed_sources.unnamed(p.text, p.head, p.tokens, p.orgs, p.places)
        return None

    def _named_person(self, p: Phrase) -> Referent | None:
        if not p.people:
            return None
        m = p.people[-1]
        rule = "surname, coreference" if m.method == "coreference" or len(m.text.split()) == 1 else "name"
        return Referent("person", p.text, rule, BY_NAME if rule == "name" else BY_COREFERENCE, person_id=m.entity_id)

    def _pronoun(self, p: Phrase) -> Referent | None:
        if not (p.word in self.rules.person_pronouns or p.lowered in self.rules.honorifics):
            return None
        voice = self.unnamed_sources.antecedent(p.head)
        if voice is not None:
            voice.rule = "pronoun: the unnamed voice just before"  # its text is that voice's phrase
            return voice
        person_id, rule = self.people.pronoun_antecedent(p.head)
        if person_id:
            return Referent("person", p.text, rule, BY_COREFERENCE, person_id=person_id)
        return Referent("unresolved", p.text, "pronoun with no person before it", 0.0)

    def _latter_or_former(self, p: Phrase) -> Referent | None:
        if p.lowered in self.rules.latter or p.lowered in self.rules.former:
            return self.people.latter_or_former(p.head, latter=p.lowered in self.rules.latter)
        return None

    def _group(self, p: Phrase) -> Referent | None:
        rules = self.rules
        if p.participants and (
            p.lowered in rules.group_phrases or p.word in rules.group_phrases and len(p.tokens) == 1
        ):
            earlier = self.unnamed_sources.earlier_unnamed(p.head) if p.word in rules.unnamed_heads else None
            if earlier is None:  # "the officials" after "Iraqi security officials said" are those officials
                return self.delegations.group(p.text, p.participants)
        return None

    def _unrecognised_name(self, p: Phrase) -> Referent | None:
        """ "the Iranian ambassador, Iraj Masjedi" with the name not found: not whoever held the post."""
        if self.people.unrecognised_name(p.head, p.tokens):
            return Referent("unresolved", p.text, "a name in apposition that no mention covers", 0.0)
        return None

    def _definite_role(self, p: Phrase) -> Referent | None:
        """ "the coalition spokesman": the one who holds the role that day ("a spokesman" waits)."""
        return None if self.lookups.indefinite(p.head) else self._role(p)

    def _role(self, p: Phrase) -> Referent | None:
        holder = self.role_holders.holder_of(p.text)
        if holder:
            return Referent("person", p.text, "role on the article's date", BY_COREFERENCE, person_id=holder)
        return None

    def _unnamed(self, p: Phrase) -> Referent | None:
        return self.unnamed_sources.unnamed(p.text, p.head, p.tokens, p.orgs, p.places)

    def _body_pronoun(self, p: Phrase) -> Referent | None:
        return self.bodies.body_pronoun(p.text, p.head) if p.word in self.rules.body_pronouns else None

    def _unknown_named_body(self, p: Phrase) -> Referent | None:
        return self.bodies.unknown_named_body(p.head, p.tokens, p.mentions)

    def _body_the_whole_phrase_names(self, p: Phrase) -> Referent | None:
        """ "the KRG's interior ministry": the body the whole phrase names, not the one inside it."""
        if p.orgs and p.word in self.rules.body_heads and not any(m.start <= p.head < m.end for m in p.orgs):
            named = self.lookups.organisation_named(re.sub(r"[’']s\b", "", p.text))
            if named and named not in {m.entity_id for m in p.orgs}:
                return Referent("organisation", p.text, "a curated body's name", organisation_id=named)
        return None

    def _named_organisation(self, p: Phrase) -> Referent | None:
        if p.orgs:
            return Referent("organisation", p.text, "name", organisation_id=p.orgs[-1].entity_id)
        return None

    def _publication(self, p: Phrase) -> Referent | None:
        outlet = self.publications.outlet_named(p.text)
        if outlet:
            return Referent("publication", p.text, "an outlet's name", outlet_id=outlet)
        return None

    def _body_named(self, p: Phrase) -> Referent | None:
        return self.bodies.body_named(p.text, p.head)

    def _described_person(self, p: Phrase) -> Referent | None:
        return self.people.described_person(p.head, p.tokens)

    def _mission(self, p: Phrase) -> Referent | None:
        return self.bodies.mission(p.head, p.tokens)

    def _government_of_place(self, p: Phrase) -> Referent | None:
        if p.places:
            government = self.lookups.gazetteer.places.get(p.places[-1].entity_id)
            if government and government.government_id:
                return Referent(
                    "organisation",
                    p.text,
                    "a capital or country speaks for its government",
                    BY_CONTEXT,
                    organisation_id=government.government_id,
                )
        return None

    def _government_of_nationality(self, p: Phrase) -> Referent | None:
        government = self.lookups.demonym_government(p.tokens)
        if government:
            return Referent(
                "organisation",
                p.text,
                "a nationality speaks for its government",
                BY_CONTEXT,
                organisation_id=government,
            )
        return None

    # The order decides: a phrase's kind (statement, delegation) before the names inside it,
    # a name before a reference back, and a role, body or nationality only when nothing is named.
    RULES: tuple[Callable[[Referents, Phrase], Referent | None], ...] = (
        _one_of_a_group,
        _statement,
        _delegation,
        _counterpart,
        _unnamed_placed_by_a_name,
        _named_person,
        _pronoun,
        _latter_or_former,
        _group,
        _unrecognised_name,
        _definite_role,
        _unnamed,
        _body_pronoun,
        _unknown_named_body,
        _body_the_whole_phrase_names,
        _named_organisation,
        _publication,
        _role,
        _body_named,
        _described_person,
        _mission,
        _government_of_place,
        _government_of_nationality,
    )

    # ------------------------------------------------------------ what meetings and claims ask

    def phrase_tokens(self, head: int) -> set[int]:
        return self.lookups.phrase_tokens(head)

    def mentions_in(self, tokens: Iterable[int]) -> list[Mention]:
        return self.lookups.mentions_in(tokens)

    def named_in(self, tokens: Iterable[int], entity_type: str) -> list[Mention]:
        return self.lookups.named_in(tokens, entity_type)

    def mention_type_at(self, i: int) -> str | None:
        return self.lookups.mention_type_at(i)

    def subject_before(self, i: int) -> Mention | None:
        return self.lookups.subject_before(i)

    def person_voice_before(self, position: int) -> Mention | None:
        return self.lookups.person_voice_before(position)

    def person(self, person_id: str | None) -> Person | None:
        return self.lookups.person(person_id)

    def organisation(self, organisation_id: str | None) -> Organisation | None:
        return self.lookups.organisation(organisation_id)

    def demonym_government(self, tokens) -> str | None:
        return self.lookups.demonym_government(tokens)

    def nationality_government(self, tokens: Iterable[int]) -> tuple[str, str] | None:
        return self.lookups.nationality_government(tokens)

    def side_of_participant(self, p: Participant) -> str | None:
        return self.lookups.side_of_participant(p)

    def sides(self, participants: Iterable[Participant]) -> set[str]:
        return self.lookups.sides(participants)

    def pronoun_antecedent(self, head: int) -> tuple[str | None, str]:
        return self.people.pronoun_antecedent(head)

    def names_an_office(self, text: str) -> bool:
        return self.titles.names_an_office(text)

    def title_at_time(self, p: Participant, sentence_index: int, day: str | None) -> str | None:
        return self.titles.title_at_time(p, sentence_index, day)

    def body_of(self, tokens: set[int]) -> str | None:
        return self.bodies.body_of(tokens)

    def affiliation(self, tokens: set[int]) -> str | None:
        return self.bodies.affiliation(tokens)

    def mission(self, head: int, tokens: set[int]) -> Referent | None:
        return self.bodies.mission(head, tokens)

    def outlets_named(self, text: str) -> list[tuple[int, int, str]]:
        return self.publications.outlets_named(text)

    def outlet_in(self, text: str) -> str | None:
        return self.publications.outlet_in(text)

    def statement_in_context(self, position: int) -> tuple[Referent | None, int | None]:
        return self.statements.in_context(position)

    def statements_for_sentence(self, start_char: int, end_char: int) -> list[tuple[int, Referent]]:
        return self.statements.for_sentence(start_char, end_char)

    def note_statement(self, position: int, issuer: Referent) -> None:
        self.statements.note(position, issuer)


def named_mentions(mentions: Iterable[Mention], entity_type: str) -> list[Mention]:
    """The mentions of one type that name a record (resolved to an id), in their order."""
    return [m for m in mentions if m.entity_type == entity_type and m.entity_id]


def compact(text: str) -> str:
    """A name's letters only: "Counter-Terrorism Directorate" = "counterterrorism directorate"."""
    return re.sub(r"[^a-z]", "", fold(text))


def _share_stems(words: set[str], others: set[str]) -> bool:
    """ "kurdish" narrows to "Kurdistan", "iraqi" to "Iraq": words that share their first letters."""
    return any(w == o or len(w) >= STEM and len(o) >= STEM and w[:STEM] == o[:STEM] for w in words for o in others)


def written_as_name(text: str) -> bool:
    """Every word longer than an article has a capital or a digit ("Kurdistan 24", "al-Naba", "The National")."""
    words = [w for w in text.split() if len(w) > 3]
    return all(any(c.isupper() or c.isdigit() for c in w) for w in words)
