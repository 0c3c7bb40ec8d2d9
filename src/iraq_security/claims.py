"""Stage 4b: claims. Who said what, how, and through which channel.

Three kinds, all from the dependency parse and the quotation spans:
- direct: text inside quotation marks attributed to a speaker;
- reported: a cue verb (data/claim_rules.yml) with a clausal complement,
  "informed X of Y", or a cue whose object is the claim ("called for …",
  "accused X of …", "described X as …");
- according_to: "…, according to X".

Speakers come from the resolver (referents.py), shared with meetings: names,
pronouns, role phrases on the article's date, offices and statements (which
stand for their issuer and become the channel), delegations, a meeting's two
sides (a group), unnamed sources with their affiliation. A passive subject is
never the speaker. A claim links to a meeting only with evidence in its own
sentence or paragraph.

The parts, each a small class with one job, sharing one article's clauses:
- `_ArticleClauses`: the article as claims read it: cue verbs, quotes inside a
  span of tokens, spans and sentences;
- `_CueComplements`: what a cue verb says: its that-clause, "of" after inform,
  a quote next to it, or the object of "called for …"; coordinated that-clauses
  split, open questions ("did not say who …") skipped;
- `_CueVerbClaims`: claims after cue verbs, direct or reported, and the nesting
  of one cue inside another's words (the outer becomes the channel);
- `_ClaimsWithoutCueVerb`: "according to X", nouns of saying ("claims by X
  that …") and a quote that goes on in the voice of the one before;
- `_SpeakerFinder`: who speaks for a cue verb or a phrase, asked of the resolver;
- `_ClaimRecorder`: a span found becomes a `Claim` with its speaker, channel and
  warnings;
- `_MeetingContext`: the meeting near a phrase (whose sides "both sides" are) and
  the meeting a claim was made in or about;
- `_ClaimNumberReader`: the statistics a claim asserts, with their units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .quotes import Quote
from .reading import ArticleReading
from .records import Claim, ClaimNumber, Meeting
from .referents import Referent, Referents
from .tree import CLAUSE_DEPS
from .vocabulary import ClaimRules, MeetingRules

SUBJECT_DEPS = ("nsubj", "nsubjpass")
MIN_QUOTE_WORDS = 2
NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
PARAGRAPH_BREAK = re.compile(r"\n+")
# A reported clause shorter than this many characters is a fragment ("so far"), not a claim.
MIN_REPORTED_CHARS = 8
# An object of "stressed …", "called for …" needs this many words to be a proposition.
MIN_OBJECT_CLAIM_WORDS = 4
# A mention this short is the object itself ("welcomed Fuad Hussein"), not a proposition about it.
MAX_NAME_OBJECT_TOKENS = 3
# Quoted words under this share of a that-clause are fragments of it, not the words said.
FRAGMENT_QUOTE_SHARE = 0.5
# How far up the tree a speaker is looked for ("…, noting that …" hangs from the verb that has one).
MAX_SPEAKER_DEPTH = 4
# "the two ministries": a count below this after a referring determiner is a known set, not a statistic.
KNOWN_SET_LIMIT = 10
# 'X told the agency, “…”': at most this many characters between the cue and the quote.
MAX_CUE_TO_QUOTE_GAP = 60
CUE_TO_QUOTE_GAP = re.compile(rf"[^.“”\"]{{0,{MAX_CUE_TO_QUOTE_GAP}}}[,:]\s*[“\"]?")


@dataclass
class Speaker:
    text: str | None = None
    person_id: str | None = None
    organisation_id: str | None = None
    channel: str | None = None
    outlet_id: str | None = None
    is_channel_only: bool = False  # "the statement", "a statement from …": a channel, not a voice
    kind: str = "unresolved"  # person | organisation | unnamed | group | unresolved
    affiliation_id: str | None = None  # an unnamed source's or a group's body
    rule: str | None = None  # the resolver's rule
    meeting_index: int | None = None  # a group speaker's meeting

    def __post_init__(self):
        if self.kind == "unresolved" and (self.person_id or self.organisation_id):
            self.kind = "person" if self.person_id else "organisation"

    @property
    def resolved(self) -> bool:
        return bool(self.person_id or self.organisation_id)

    @property
    def placed(self) -> bool:
        """Resolved, or knowingly unnamed or a group: nothing to warn about."""
        return self.resolved or self.kind in ("unnamed", "group")

    @classmethod
    def of(cls, referent: Referent) -> Speaker:
        voice = referent.speaker
        channel_only = referent.kind in ("statement", "publication")
        return cls(
            text=referent.text,
            person_id=voice.person_id,
            organisation_id=voice.organisation_id,
            channel="statement"
            if referent.kind == "statement"
            else "publication"
            if referent.kind == "publication"
            else None,
            outlet_id=referent.outlet_id,
            is_channel_only=channel_only,
            kind=referent.speaker_kind,
            affiliation_id=voice.affiliation_id,
            rule=referent.rule,
        )


@dataclass
class _Found:
    """A claim while it is being read, with the tokens it covers."""

    claim: Claim
    verb_token: int | None
    complement: set[int] = field(default_factory=set)
    speaker: Speaker = field(default_factory=Speaker)

    def add_outer_attribution(self, source: Speaker) -> None:
        """Pass what an outer attribution knows (channel, and a speaker if the inner has none)."""
        claim = self.claim
        if not claim.channel and source.channel:
            claim.channel, claim.channel_outlet_id = source.channel, source.outlet_id
        if not (claim.speaker_person_id or claim.speaker_organisation_id) and source.resolved:
            claim.speaker_person_id, claim.speaker_organisation_id = source.person_id, source.organisation_id
            claim.speaker_kind, claim.speaker_affiliation_id = source.kind, source.affiliation_id
            claim.speaker_text = claim.speaker_text or source.text
            claim.warnings = [w for w in claim.warnings if not w.startswith(("speaker not resolved", "no speaker"))]


def extract_claims(reading: ArticleReading, meetings: list[Meeting], rules: ClaimRules | None = None) -> list[Claim]:
    """One article's claims in text order, with their numbers and, where the text shows it, their meeting."""
    rules = rules or ClaimRules.load()
    clauses = _ArticleClauses(reading, rules)
    meeting_rules = MeetingRules.load()
    context = _MeetingContext(reading, meetings, meeting_rules, rules)
    speakers = _SpeakerFinder(clauses, reading.referents, context)
    recorder = _ClaimRecorder(clauses, reading.referents)
    by_cue_verb = _CueVerbClaims(clauses, speakers, recorder, meeting_rules)
    without_cue_verb = _ClaimsWithoutCueVerb(clauses, speakers, recorder, meeting_rules)
    # In this order: each later finder leaves alone what the earlier ones found.
    found = by_cue_verb.find()
    found = by_cue_verb.nest(found)
    found += without_cue_verb.according_to_claims(found)
    found += without_cue_verb.noun_claims(found)
    found += without_cue_verb.continued_quotes(found)
    claims = [f.claim for f in sorted(found, key=lambda f: f.claim.start_char)]
    numbers = _ClaimNumberReader(clauses)
    for claim in claims:
        claim.numbers = numbers.read(claim)
        if claim.meeting_index is None:
            claim.meeting_index = context.meeting_of(claim)
    return claims


class _ArticleClauses:
    """The article as claims read it: its tokens, tree and quotes, and the cue verbs of
    claim_rules.yml. Every other part reads through it."""

    def __init__(self, reading: ArticleReading, rules: ClaimRules):
        self.article_id, self.rules = reading.article.id, rules
        self.parsed, self.tree, self.body, self.quotes = reading.parsed, reading.tree, reading.body, reading.quotes

    def cue_of(self, i: int) -> str | None:
        t = self.tree.token(i)
        if not (t.pos in ("VERB", "AUX") or t.tag.startswith("VB")):
            return None
        lemma = t.lemma.lower()
        particles = [self.tree.token(c).text.lower() for c in self.tree.kids(i, "prt")]
        for particle in particles:
            if f"{lemma} {particle}" in self.rules.cue_verbs:
                return f"{lemma} {particle}"
        return lemma if lemma in self.rules.cue_verbs else None

    def verb_text(self, i: int) -> str:
        particles = [self.tree.token(c).text for c in self.tree.kids(i, "prt")]
        return " ".join([self.tree.token(i).text, *particles])

    def roots(self, tokens: set[int]) -> list[int]:
        """The tokens whose head lies outside the clause: where it hangs from the sentence."""
        return [t for t in tokens if self.tree.token(t).head not in tokens or self.tree.token(t).head == t]

    def mark_tokens(self, clause_head: int) -> set[int]:
        return {c for c in self.tree.kids(clause_head, "mark")}

    def in_quote(self, char: int) -> bool:
        return any(q.contains(char) for q in self.quotes)

    def quotes_in(self, tokens: set[int]) -> list[Quote]:
        if not tokens:
            return []
        first, last = self.tree.token(min(tokens)).idx, self.tree.token(max(tokens)).end
        # A quote that starts inside the clause is said in it, even when the parse ends early;
        # a clause that starts inside a quote is part of it: the quote runs over several
        # sentences and the parse only saw the last ("“A. B,” X said").
        return [
            q
            for q in self.quotes
            if (first - 1 <= q.start <= last or q.start < first < q.end)
            and len(self.body[q.start : q.end].split()) >= MIN_QUOTE_WORDS
        ]

    def without_edge_punct(self, tokens: set[int]) -> set[int]:
        """ "According to X, A." -> A: drop punctuation at either end of a clause."""
        ordered = sorted(tokens)
        while ordered and self.tree.token(ordered[0]).pos in ("PUNCT", "SPACE"):
            ordered.pop(0)
        while ordered and self.tree.token(ordered[-1]).pos in ("PUNCT", "SPACE"):
            ordered.pop()
        return set(ordered)

    def span(self, tokens: set[int]) -> tuple[int, int]:
        ordered = sorted(tokens)
        return self.tree.token(ordered[0]).idx, self.tree.token(ordered[-1]).end

    def sentence_at(self, char: int, default: int) -> int:
        for s in self.parsed.sentences:
            if s.start_char <= char < s.end_char:
                return s.index
        return default


class _CueComplements:
    """What a cue verb says: the tokens of its that-clause, of "informed X of …", of a quote
    next to it, or of the object of a cue whose object is the claim ("called for …")."""

    def __init__(self, clauses: _ArticleClauses):
        self.clauses, self.tree, self.rules = clauses, clauses.tree, clauses.rules

    def of(self, i: int, cue: str) -> set[int]:
        """The tokens of what was said: a that-clause, 'of' after inform, or a quoted object."""
        tree = self.tree
        stop = {"punct"}
        for child in tree.kids(i, "ccomp"):
            clause = set(tree.subtree(child)) - self.clauses.mark_tokens(child)
            if self._open_question(child):
                return set()  # "did not say who launched it": nothing is asserted
            return clause
        if cue in self.rules.recipient_cues:
            # "informed Barzani of X's readiness to …": 'of' may hang off the object.
            for head in [i, *tree.kids(i, "dobj")]:
                for obj in tree.prep_objects(head, "of", "about"):
                    tokens = set(tree.subtree(obj))
                    for xcomp in tree.kids(i, "xcomp"):
                        tokens |= set(tree.subtree(xcomp))
                    return tokens
        for obj in tree.prep_objects(i, "in", "during", "at", "on"):
            # "told X in an interview that …": the parse hangs the that-clause off the noun;
            # a that-mark with its own subject says it is said, not a relative clause.
            for clause in tree.kids(obj, "acl", "relcl"):
                if any(tree.token(m).text.lower() == "that" for m in tree.kids(clause, "mark")) and tree.kids(
                    clause, *SUBJECT_DEPS
                ):
                    return set(tree.subtree(clause)) - self.clauses.mark_tokens(clause)
        quoted = self._quote_before(i)
        if quoted:
            # "“…,” reads a statement": the quote that ends right before the attribution.
            return quoted
        t = tree.token(i)
        introduces = (
            t.dep == "advcl"
            and t.head != i
            and tree.token(t.head).pos in ("VERB", "AUX")
            and any(tree.token(m).text.lower() == "as" for m in tree.kids(i, "mark"))
            and tree.kids(i, *SUBJECT_DEPS)
            # a bare "as X said", not "as they stressed on the need …", which says its own thing
            and not tree.kids(i, "prep", "ccomp", "xcomp")
            and (cue in self.rules.recipient_cues or not tree.kids(i, "dobj"))
        )
        if introduces:
            # "As X told reporters, the plan is …": the clause the cue introduces.
            return set(tree.subtree(t.head)) - set(tree.subtree(i))
        # A plain object is a claim only when it is quoted: expressed his “great concern”.
        for obj in tree.kids(i, "dobj", "oprd", "attr") + tree.prep_objects(i, "for", "on", "regarding"):
            tokens = set(tree.subtree(obj, stop_deps=stop))
            if self.clauses.quotes_in(tokens):
                return tokens
        quoted = self._quote_after(i)
        if quoted:
            return quoted  # 'X told Baghdad Today, “…”'
        return self._object_claim(i, cue)

    def coordinated(self, complement: set[int], verb: int) -> list[set[int]]:
        """ "affirmed that A, and that B": one claim per that-clause."""
        parts = []
        for child in self.tree.kids(verb, "ccomp"):
            for conj in self.tree.kids(child, "conj"):
                if any(self.tree.token(m).text.lower() == "that" for m in self.tree.kids(conj, "mark")):
                    part = set(self.tree.subtree(conj)) - self.clauses.mark_tokens(conj)
                    if part <= complement:
                        parts.append(part)
        if not parts:
            return [complement]
        first = complement - set().union(*parts)
        content = [t for t in first if self.tree.token(t).pos != "PUNCT" and self.tree.token(t).dep != "cc"]
        if not content:
            return parts
        first = {t for t in first if t <= max(content)}  # without the ", and" before the next clause
        return [first, *parts]

    def _open_question(self, clause_head: int) -> bool:
        """A clause opened by a question word ("who was behind the attack", "whether …"), outside a
        quote; "if" only as the clause's own mark ("said if the talks fail, …" is a claim)."""
        words = [t for t in self.tree.subtree(clause_head) if self.tree.token(t).pos not in ("PUNCT", "SPACE")]
        first = self.tree.token(min(words)) if words else None
        return bool(
            first is not None
            and first.text.lower() in self.rules.question_words
            and (first.text.lower() != "if" or first.head == clause_head)
            and not self.clauses.in_quote(first.idx)
        )

    def _object_claim(self, i: int, cue: str) -> set[int]:
        """ "stressed the importance of …", "called for an end to …", "accused X of Y",
        "described X as Y": for the cues whose object is what was said (claim_rules.yml)."""
        tree = self.tree
        if cue not in self.rules.object_cues and f"{cue} for" not in self.rules.object_cues:
            return set()
        preps = self.rules.object_preps.get(cue, ())
        tokens: set[int] = set()
        objects = tree.kids(i, "dobj") + tree.prep_objects(i, *preps) if preps else tree.kids(i, "dobj")
        if cue in self.rules.prep_object_cues:
            objects = tree.prep_objects(i, *preps)
        for obj in objects:
            if tree.mention_at.get(obj) is not None and len(tree.subtree(obj)) <= MAX_NAME_OBJECT_TOKENS:
                continue  # "welcomed Fuad Hussein": a person or body, not a proposition
            if tree.token(obj).tag in ("WP", "WDT"):
                continue  # "what officials described as …": the "as" phrase is what was said
            # "accused X of fuelling the protests that erupted …": the accusation, not the background;
            # "described it as the exchange the two sides have had …": the description whole.
            stop = set() if tree.token(tree.token(obj).head).text.lower() == "as" else {"relcl", "acl"}
            tokens |= set(tree.subtree(obj, stop_deps=stop))
        if cue in self.rules.urging_cues:
            for xcomp in tree.kids(i, "xcomp"):
                tokens |= set(tree.subtree(xcomp))  # "called on all sides to avoid …", "urged X to …"
        for p in tree.kids(i, "prep"):
            if tree.token(p).text.lower() in preps and not tree.kids(p, "pobj"):
                tokens |= set(tree.subtree(p))  # "described as decisive for …"
        tokens = self.clauses.without_edge_punct(tokens)
        if len([t for t in tokens if tree.token(t).pos != "PUNCT"]) < MIN_OBJECT_CLAIM_WORDS:
            return set()
        return tokens

    def _quote_after(self, i: int) -> set[int]:
        """'X told the agency, “…”' / 'X said: “…”': a quote opening just after the cue and its object."""
        clauses = self.clauses
        t = self.tree.token(i)
        sentence = clauses.parsed.sentences[t.sent]
        for quote in clauses.quotes:
            if quote.start <= t.end or quote.start > sentence.end_char + 1:
                continue
            gap = clauses.body[t.end : quote.start]
            if CUE_TO_QUOTE_GAP.fullmatch(gap):
                return {x.i for x in clauses.parsed.tokens if quote.start <= x.idx < quote.end}
            break
        return set()

    def _quote_before(self, i: int) -> set[int]:
        """Tokens of a quote closing just before the cue verb (or its subject)."""
        clauses = self.clauses
        t = self.tree.token(i)
        # The cue, or its subject's first word ("…,” an Iranian official who attended the session told").
        starts = [t.idx] + [
            self.tree.token(min(self.tree.subtree(s))).idx
            for s in self.tree.kids(i, *SUBJECT_DEPS)
            if not clauses.in_quote(self.tree.token(s).idx)
        ]
        sentence = clauses.parsed.sentences[t.sent]
        for quote in clauses.quotes:
            # The quote ends in this sentence; it may start sentences before ("“A. B,” X said").
            if quote.end < sentence.start_char - 1 or quote.end > t.idx:
                continue
            gap = clauses.body[quote.end : min(starts)]
            if re.fullmatch(r"[\s,.”\"’]*(?:(?:the|a|an)\s+)?", gap) or re.fullmatch(r"[\s,.”\"’]*", gap):
                return {x.i for x in clauses.parsed.tokens[: sentence.end] if quote.start <= x.idx < quote.end}
        return set()


class _CueVerbClaims:
    """Claims after cue verbs: the quotes (direct) or the clause (reported) a cue says, one per
    coordinated that-clause; then one cue inside another's words is nested (the outer becomes
    its channel)."""

    def __init__(
        self,
        clauses: _ArticleClauses,
        speakers: _SpeakerFinder,
        recorder: _ClaimRecorder,
        meeting_rules: MeetingRules,
    ):
        self.clauses, self.tree, self.speakers, self.recorder = clauses, clauses.tree, speakers, recorder
        self.complements = _CueComplements(clauses)
        self.meeting_verbs = meeting_rules.told_meeting_verbs

    def find(self) -> list[_Found]:
        found = []
        for token in self.clauses.parsed.tokens:
            cue = self.clauses.cue_of(token.i)
            if cue is None or self.clauses.in_quote(token.idx):
                continue
            whole = self.complements.of(token.i, cue)
            if not whole or (self._reports_a_meeting(whole) and not self._quoted_agenda(whole)):
                continue
            for complement in self.complements.coordinated(whole, token.i):
                for f in self._claims_from(token, cue, complement):
                    if not any(
                        (g.claim.start_char, g.claim.end_char) == (f.claim.start_char, f.claim.end_char) for g in found
                    ):
                        found.append(f)
        return found

    def _quoted_agenda(self, complement: set[int]) -> bool:
        """ "The statement said that the two sides discussed “…”": the quoted agenda is the
        statement's own words, a claim. An agenda in the reporter's words is not."""
        roots = self.clauses.roots(complement)
        return bool(self.clauses.quotes_in(complement)) and any(
            self.tree.token(r).lemma.lower() in self.meeting_verbs for r in roots
        )

    def _reports_a_meeting(self, complement: set[int]) -> bool:
        """ "The two sides discussed “…”, the statement said": a meeting's agenda, not a claim,
        unless someone in it is said to have said something ("they emphasized “…”")."""
        if any(self.clauses.cue_of(t) for t in complement):
            return False
        roots = self.clauses.roots(complement)
        governing = roots + [self.tree.token(r).head for r in roots]
        return any(self.tree.token(g).lemma.lower() in self.meeting_verbs for g in governing)

    def _claims_from(self, token, cue: str, complement: set[int]) -> list[_Found]:
        found = []
        clauses = self.clauses
        quotes = clauses.quotes_in(complement)
        speaker = self.speakers.speaker_of(token.i)
        verb = clauses.verb_text(token.i)
        sentence = token.sent
        channel_source = None
        inner = self._speech_act_in(complement) if speaker.is_channel_only or not speaker.resolved else None
        if inner is not None:
            # "Y, for his part, praised X, the statement added": Y speaks; the statement is the channel.
            channel_source, speaker, verb = speaker, self.speakers.speaker_of(inner), clauses.verb_text(inner)
        made = []
        if quotes and self._quotes_are_fragments(quotes, complement, token.i):
            quotes = []  # 'expects Baghdad to “fully implement” the deal': the clause is the claim
        if quotes:
            for quote in quotes:
                made.append(
                    self.recorder.record(quote.start, quote.end, "direct", verb, sentence, speaker, token.i, complement)
                )
        else:
            start, end = clauses.span(complement)
            if end - start < MIN_REPORTED_CHARS:
                return found
            made.append(self.recorder.record(start, end, "reported", verb, sentence, speaker, token.i, complement))
        for f in made:
            if channel_source is not None:
                f.add_outer_attribution(channel_source)
        found += made
        return found

    def _quotes_are_fragments(self, quotes: list[Quote], complement: set[int], verb: int) -> bool:
        """Short quoted words inside a that-clause, not the words said."""
        if not self.tree.kids(verb, "ccomp") or not complement:
            return False
        body = self.clauses.body
        quoted = sum(len(body[q.start : q.end].split()) for q in quotes)
        start, end = self.clauses.span(complement)
        return quoted < FRAGMENT_QUOTE_SHARE * len(body[start:end].split())

    def _speech_act_in(self, complement: set[int]) -> int | None:
        """The complement's own root, when it is a cue verb with a named subject but no complement."""
        for root in self.clauses.roots(complement):
            cue = self.clauses.cue_of(root)
            if cue and not self.complements.of(root, cue) and self.speakers.speaker_of(root).resolved:
                return root
        return None

    def nest(self, found: list[_Found]) -> list[_Found]:
        """ "X underscored “…”, a statement read": the outer cue is the inner claim's channel."""
        kept, dropped = [], set()
        for outer in found:
            inside = [f for f in found if f is not outer and f.verb_token in outer.complement]
            # The complement's own root is the speech act the outer cue reports; a cue deeper in it
            # ("said Tehran was ready …, and called for …") is a claim of its own beside it.
            beside = [f for f in inside if self._said_beside(f.verb_token, outer.complement)]
            inner = [f for f in inside if f not in beside]
            inside = beside
            if (
                inner
                and outer.claim.kind == "reported"
                and outer.speaker.kind in ("person", "unnamed")
                and not outer.speaker.is_channel_only
                and all(f.claim.kind == "reported" for f in inner)
                and not any(_same_voice(f.speaker, outer.speaker) for f in inner)
            ):
                # "An official told AFP that X had assured Y that …": the official speaks; what X
                # said reaches us only through them.
                dropped |= {id(f) for f in inner}
                kept.append(outer)
                continue
            if inner:
                for f in inner:
                    f.add_outer_attribution(outer.speaker)
                continue
            if inside and outer.claim.kind == "reported":
                self._without_claims_inside(outer, inside)
            kept.append(outer)
        return [f for f in kept if id(f) not in dropped]

    def _said_beside(self, verb: int, complement: set[int]) -> bool:
        """A second cue the parse put inside the reported clause, with no subject of its own:
        "said Tehran was ready …, and called for …", "said it had …, calling on …"."""
        t = self.tree.token(verb)
        return (
            t.dep in ("conj", "advcl")
            and t.head in complement
            and not self.tree.kids(verb, *SUBJECT_DEPS)
            and self.tree.token(t.head).dep == "ccomp"
            and not self.clauses.cue_of(t.head)
        )

    def _without_claims_inside(self, outer: _Found, inside: list[_Found]) -> None:
        """The outer claim's words, without the clauses that are claims of their own."""
        tree, body = self.tree, self.clauses.body
        taken = set().union(*(set(tree.subtree(f.verb_token)) for f in inside))
        rest = [t for t in sorted(outer.complement - taken)]
        while rest and (tree.token(rest[-1]).pos in ("PUNCT", "CCONJ") or tree.token(rest[-1]).dep == "cc"):
            rest.pop()
        if not rest:
            return
        start, end = _trim(body, tree.token(rest[0]).idx, tree.token(rest[-1]).end)
        if end - start >= MIN_REPORTED_CHARS:
            claim = outer.claim
            claim.start_char, claim.end_char, claim.text = start, end, body[start:end]
            outer.complement = set(rest)


class _ClaimsWithoutCueVerb:
    """Claims attributed by something other than a cue verb: "…, according to X", a noun of
    saying ("claims by X that …"), and a bare quote that goes on in the voice of the one before."""

    def __init__(
        self,
        clauses: _ArticleClauses,
        speakers: _SpeakerFinder,
        recorder: _ClaimRecorder,
        meeting_rules: MeetingRules,
    ):
        self.clauses, self.tree, self.speakers, self.recorder = clauses, clauses.tree, speakers, recorder
        self.meeting_rules = meeting_rules

    def according_to_claims(self, found: list[_Found]) -> list[_Found]:
        new = []
        clauses, tree = self.clauses, self.tree
        for token in clauses.parsed.tokens:
            if token.text.lower() not in clauses.rules.according_words or clauses.in_quote(token.idx):
                continue
            sources = tree.prep_objects(token.i, "to")
            if not sources:
                continue
            source_tokens = set(tree.subtree(sources[0]))
            speaker = self.speakers.resolve_phrase(sources[0], source_tokens)
            # A cue claim in the same sentence takes this as its channel.
            same = [f for f in found if f.claim.sentence_index == token.sent]
            if same:
                for f in same:
                    f.add_outer_attribution(speaker)
                continue
            head = token.head
            if clauses.cue_of(head) and self.speakers.speaker_of(head).resolved and not speaker.resolved:
                # "X vowed to respond, according to a statement on its channel": X speaks.
                channel, speaker = speaker, self.speakers.speaker_of(head)
                speaker.channel = speaker.channel or channel.channel
            clause = set(tree.subtree(head)) - set(tree.subtree(token.i))
            clause = {t for t in clause if tree.token(t).sent == token.sent}
            if tree.token(head).lemma.lower() in self.meeting_rules.told_meeting_verbs:
                # "X received Y, according to a statement": the meeting's source, not a claim;
                # "According to a statement, the two sides discussed “…”": the quoted agenda is.
                if not (
                    speaker.is_channel_only
                    and tree.token(head).lemma.lower() in self.meeting_rules.discuss_verbs
                    and clauses.quotes_in(clause)
                ):
                    continue
            quotes = clauses.quotes_in(clause)
            if quotes:
                for quote in quotes:
                    voice = self.speakers.voice_before(quote) or speaker
                    f = self.recorder.record(
                        quote.start, quote.end, "direct", "according to", token.sent, voice, None, clause
                    )
                    if voice is not speaker:
                        f.add_outer_attribution(speaker)
                    new.append(f)
            else:
                clause = clauses.without_edge_punct(clause)
                if not clause:
                    continue
                start, end = clauses.span(clause)
                if end - start >= MIN_REPORTED_CHARS:
                    new.append(
                        self.recorder.record(
                            start, end, "according_to", "according to", token.sent, speaker, None, clause
                        )
                    )
        return new

    def noun_claims(self, found: list[_Found]) -> list[_Found]:
        """ "claims by some lawmakers that Baghdad intends …", "Iran's accusation that …": a noun
        of saying (claim_rules.yml cue_nouns) with its that-clause; the speaker is who it is by."""
        new = []
        clauses, tree = self.clauses, self.tree
        taken = {(f.claim.start_char, f.claim.end_char) for f in found}
        for token in clauses.parsed.tokens:
            if token.pos != "NOUN" or token.lemma.lower() not in clauses.rules.cue_nouns or clauses.in_quote(token.idx):
                continue
            heads = tree.kids(token.i, "acl", "ccomp", "relcl")
            if token.dep == "dobj":  # "dismissing claims by X that …": the parse may hang it on the verb
                heads += [c for c in tree.kids(token.head, "ccomp") if c > token.i]
            for clause in heads:
                marks = [m for m in tree.kids(clause, "mark") if tree.token(m).text.lower() == "that"]
                if not marks or not tree.kids(clause, *SUBJECT_DEPS):
                    continue  # "claims that were rejected" is a relative clause, not what was claimed
                complement = set(tree.subtree(clause)) - set(marks)
                sources = tree.prep_objects(token.i, "by", "from") + tree.kids(token.i, "poss")
                if not sources and token.dep == "dobj":
                    sources = [o for o in tree.prep_objects(token.head, "by", "from") if token.i < o < clause]
                speaker = (
                    self.speakers.resolve_phrase(sources[0], set(tree.subtree(sources[0], stop_deps=CLAUSE_DEPS)))
                    if sources
                    else Speaker()
                )
                start, end = clauses.span(complement)
                if end - start < MIN_REPORTED_CHARS or (start, end) in taken:
                    continue
                new.append(
                    self.recorder.record(start, end, "reported", token.text, token.sent, speaker, None, complement)
                )
        return new

    def continued_quotes(self, found: list[_Found]) -> list[_Found]:
        """'“A,” the official said. “B.”': a quote standing alone right after a quote attributed in
        the same paragraph goes on in the same voice."""
        new = []
        clauses, body = self.clauses, self.clauses.body
        direct = sorted((f for f in found if f.claim.kind == "direct"), key=lambda f: f.claim.end_char)
        covered = [(f.claim.start_char, f.claim.end_char) for f in found]
        for quote in clauses.quotes:
            if len(body[quote.start : quote.end].split()) < MIN_QUOTE_WORDS * 2 or any(
                s <= quote.start < e or quote.start <= s < quote.end for s, e in covered
            ):
                continue
            sentence = clauses.sentence_at(quote.start, -1)
            if sentence < 0:
                continue
            s = clauses.parsed.sentences[sentence]
            outside = body[s.start_char : quote.start - 1] + body[quote.end + 1 : s.end_char]
            if re.search(r"\w", outside):
                continue  # the sentence says more than the quote: not a bare continuation
            before = [
                f
                for f in direct
                if f.claim.end_char <= quote.start
                and f.claim.sentence_index >= sentence - 1
                and "\n" not in body[f.claim.end_char : quote.start]
            ]
            if not before:
                continue
            previous = before[-1]
            f = self.recorder.record(
                quote.start, quote.end, "direct", previous.claim.verb, sentence, previous.speaker, None, set()
            )
            new.append(f)
        return new


class _SpeakerFinder:
    """Who speaks: the subject of a cue verb, the agent of a passive one, the one "quoted as
    saying", or the phrase after "according to" or "by", each asked of the resolver (referents.py)."""

    def __init__(self, clauses: _ArticleClauses, referents: Referents, context: _MeetingContext):
        self.clauses, self.tree, self.rules = clauses, clauses.tree, clauses.rules
        self.referents, self.context = referents, context

    def speaker_of(self, verb: int, depth: int = 0) -> Speaker:
        tree, cue_of = self.tree, self.clauses.cue_of
        subjects = [s for s in tree.kids(verb, *SUBJECT_DEPS) if not self.clauses.in_quote(tree.token(s).idx)]
        if not subjects:
            # "…, noting that …": the speaker of the verb this one hangs from.
            t = tree.token(verb)
            quoted = self._quoted_as_saying(verb)
            if quoted is not None:
                return quoted
            if (
                t.dep in ("conj", "advcl")
                and cue_of(verb)
                and tree.token(t.head).dep == "ccomp"
                and not cue_of(t.head)
                and cue_of(tree.token(t.head).head)
                and depth < MAX_SPEAKER_DEPTH
            ):
                # "X said Tehran was ready …, and called for …", "X said it had …, calling on …":
                # the parse joins the second cue to the reported clause; X, who said it, calls.
                return self.speaker_of(tree.token(t.head).head, depth + 1)
            if t.head != verb and depth < MAX_SPEAKER_DEPTH:
                return self.speaker_of(t.head, depth + 1)
            return Speaker()
        head = subjects[0]
        if tree.token(head).dep == "nsubjpass":
            return self._passive_speaker(verb)
        if tree.token(head).tag in ("WP", "WDT") and tree.token(verb).dep == "relcl":
            # "Barzani, who said …": the noun the clause describes speaks.
            head = tree.token(verb).head
            speaker = self.resolve_phrase(
                head, set(tree.subtree(head, stop_deps=CLAUSE_DEPS | {"appos"})) - set(tree.subtree(verb))
            )
        else:
            speaker = self.resolve_phrase(head, set(tree.subtree(head, stop_deps=CLAUSE_DEPS)))
        if cue_of(verb) in self.rules.told_outlet_cues:
            for obj in tree.kids(verb, "dobj"):
                outlet = self.referents.outlet_in(tree.span_text(self.clauses.body, tree.subtree(obj)))
                if outlet:
                    speaker.channel, speaker.outlet_id = "told_outlet", outlet
        return speaker

    def resolve_phrase(self, head: int, tokens: set[int]) -> Speaker:
        meeting = self.context.meeting_near(head)
        referent = self.referents.resolve(head, tokens, meeting.participants if meeting else None)
        speaker = Speaker.of(referent)
        if referent.kind == "group" and meeting is not None:
            speaker.meeting_index = meeting.index  # "both sides" are that meeting's participants
        return speaker

    def voice_before(self, quote: Quote) -> Speaker | None:
        """'Salami "expressed his gratitude …"': the subject just before the quote speaks."""
        m = self.referents.person_voice_before(quote.start)
        return Speaker(text=m.text, person_id=m.entity_id) if m is not None else None

    def _quoted_as_saying(self, verb: int) -> Speaker | None:
        """ "The statement quoted Talabani as saying that …": Talabani speaks; the statement is the channel."""
        tree = self.tree
        governor = None
        for a in tree.ancestors(verb):
            if tree.token(a).pos in ("VERB", "AUX"):
                governor = a
                break
        if governor is None or tree.token(governor).lemma.lower() not in self.rules.quoting_verbs:
            return None
        for obj in tree.kids(governor, "dobj"):
            speaker = self.resolve_phrase(obj, set(tree.subtree(obj, stop_deps=CLAUSE_DEPS | {"prep"})))
            outer = self.speaker_of(governor, MAX_SPEAKER_DEPTH)  # its own subject only: no climbing further
            if outer.channel and not speaker.channel:
                speaker.channel, speaker.outlet_id = outer.channel, outer.outlet_id
            return speaker
        return None

    def _passive_speaker(self, verb: int) -> Speaker:
        """ "X was urged to …", "cooperation was underlined": the subject is not the speaker.
        The agent ("by Y") speaks, else the statement in context, else nobody known."""
        for agent in self.tree.prep_objects(verb, "by"):
            return self.resolve_phrase(agent, set(self.tree.subtree(agent, stop_deps=CLAUSE_DEPS)))
        body = self.clauses.body
        at = self.tree.token(verb).idx
        source, named = self.referents.statement_in_context(at)
        if source is not None and named is not None and _paragraph(body, at) - _paragraph(body, named) <= 1:
            # The statement in context: named in this paragraph or the one before.
            speaker = Speaker.of(source)
            speaker.channel, speaker.is_channel_only = "statement", True
            speaker.rule = "passive: the issuer of the statement in context"
            return speaker
        return Speaker(rule="passive: no speaker in the text")


class _ClaimRecorder:
    """A span found becomes a `Claim`: trimmed, with its speaker, its channel (from the speaker, else
    from its sentence), the statement it tells the resolver about, and its warnings."""

    def __init__(self, clauses: _ArticleClauses, referents: Referents):
        self.clauses, self.referents = clauses, referents

    def record(self, start, end, kind, verb, sentence, speaker: Speaker, verb_token, complement) -> _Found:
        clauses = self.clauses
        start, end = _trim(clauses.body, start, end)
        claim = Claim(
            article_id=clauses.article_id,
            text=clauses.body[start:end],
            kind=kind,
            verb=verb,
            start_char=start,
            end_char=end,
            sentence_index=clauses.sentence_at(start, sentence),
            speaker_text=speaker.text,
            speaker_person_id=speaker.person_id,
            speaker_organisation_id=speaker.organisation_id,
            speaker_kind=speaker.kind,
            speaker_affiliation_id=speaker.affiliation_id,
            channel=speaker.channel,
            channel_outlet_id=speaker.outlet_id,
            method="rule",
            meeting_index=speaker.meeting_index,
        )
        if not claim.channel:
            claim.channel, outlet = self._channel_in_sentence(sentence, claim)
            claim.channel_outlet_id = claim.channel_outlet_id or outlet
        if claim.channel == "statement" and speaker.resolved and not speaker.is_channel_only:
            # Later passives ("cooperation was underlined") are read as this speaker's statement.
            self.referents.note_statement(
                clauses.tree.token(verb_token).idx if verb_token is not None else start,
                Referent(
                    speaker.kind,
                    speaker.text,
                    "the speaker of a statement",
                    person_id=speaker.person_id,
                    organisation_id=speaker.organisation_id,
                ),
            )
        if not speaker.placed:
            claim.warnings.append(
                f"speaker not resolved: {speaker.text!r}" if speaker.text else "no speaker found for this claim"
            )
        if kind == "direct":
            for quote in clauses.quotes:
                if not quote.closed and quote.start <= start < quote.end:
                    claim.warnings.append(
                        f"unclosed quotation mark at character {quote.start - 1}; quote ended at character {quote.end}"
                    )
        return _Found(claim, verb_token, set(complement), speaker)

    def _channel_in_sentence(self, sentence: int, claim: Claim) -> tuple[str | None, str | None]:
        clauses = self.clauses
        s = clauses.parsed.sentences[sentence]
        text = clauses.body[s.start_char : s.end_char]
        outside = "".join(
            c if not (claim.start_char <= s.start_char + k < claim.end_char) else " " for k, c in enumerate(text)
        )
        for channel, patterns in clauses.rules.channels:
            if any(p.search(outside) for p in patterns):
                return channel, None
        for token in clauses.parsed.tokens[s.start : s.end]:
            if (
                token.lemma.lower() in clauses.rules.publication_nouns
                and not claim.start_char <= token.idx < claim.end_char
            ):
                hits = [
                    h
                    for h in self.referents.outlets_named(text)
                    if not claim.start_char <= s.start_char + h[0] < claim.end_char
                ]
                if hits:
                    return "publication", hits[0][2]
        return None, None


class _MeetingContext:
    """The article's meetings as claims need them: the meeting near a phrase (whose sides "both
    sides" are), and the meeting a claim was made in or about."""

    def __init__(
        self, reading: ArticleReading, meetings: list[Meeting], meeting_rules: MeetingRules, rules: ClaimRules
    ):
        self.rules = rules
        self.parsed, self.tree, self.body, self.referents = (
            reading.parsed,
            reading.tree,
            reading.body,
            reading.referents,
        )
        self.meetings: list[Meeting] = list(meetings)
        self.meeting_nouns = meeting_rules.meeting_and_talk_nouns

    def meeting_near(self, i: int) -> Meeting | None:
        """The meeting told in this sentence, else the last one told in this paragraph or the one before."""
        t = self.tree.token(i)
        here = _paragraph(self.body, t.idx)
        latest = None
        for meeting in self.meetings:
            for e in meeting.evidence:
                if e.sentence_index == t.sent:
                    return meeting
                if e.start_char < t.idx and here - _paragraph(self.body, e.start_char) <= 1:
                    if latest is None or e.start_char > latest[0]:
                        latest = (e.start_char, meeting)
        return latest[1] if latest else None

    def meeting_of(self, claim: Claim) -> int | None:
        """The meeting a claim was made in or about, only with evidence in its own sentence or paragraph:
        the meeting's sentence; a sentence naming a meeting ("during the meeting", "after the talks");
        the statement that reports the meeting (named in the meeting's paragraph, or in the next by
        one who took part); a claim that names a meeting in the meeting's paragraph. Never by
        proximity alone."""
        names_a_meeting = self._names_a_meeting(claim)
        statements = self._statement_named_before(claim)
        meetings, body = self.meetings, self.body
        for meeting in meetings:
            if any(e.sentence_index == claim.sentence_index for e in meeting.evidence):
                return meeting.index
        here = _paragraph(body, claim.start_char)
        before = [m for m in meetings if m.evidence and m.evidence[0].start_char <= claim.start_char]
        paragraphs = {m.index: {_paragraph(body, e.start_char) for e in m.evidence} for m in before}

        def took_part(meeting: Meeting, person_id: str | None, organisation_id: str | None) -> bool:
            return any(
                (p.person_id and p.person_id == person_id)
                or (p.organisation_id and p.organisation_id == organisation_id)
                for p in meeting.participants
            )

        if names_a_meeting and before:
            # "following the meeting", "during the talks": the one the speaker took part in, else the last told.
            return next(
                (
                    m.index
                    for m in reversed(before)
                    if took_part(m, claim.speaker_person_id, claim.speaker_organisation_id)
                ),
                before[-1].index,
            )
        for meeting in reversed(before):
            for at, issuer in statements:
                named = _paragraph(body, at)
                if named in paragraphs[meeting.index] or (
                    named - 1 in paragraphs[meeting.index]
                    and took_part(meeting, issuer.person_id, issuer.organisation_id)
                ):
                    return meeting.index
        text = claim.text.lower()
        opening = " ".join(text.split())  # the pattern is matched at its start
        if before and (
            (self.rules.meeting_opening and self.rules.meeting_opening.match(opening))
            or any(word in text for word in self.rules.meeting_words)
            and here in paragraphs[before[-1].index]
        ):
            return before[-1].index  # "At the meeting, both sides …" (the claim names it)
        return None

    def _names_a_meeting(self, claim: Claim) -> bool:
        """ "During the meeting, X stressed …": the claim's sentence, outside the claim, names a meeting."""
        s = self.parsed.sentences[claim.sentence_index]
        return any(
            (t.text.lower() in self.meeting_nouns or t.lemma.lower() in self.meeting_nouns)
            and not claim.start_char <= t.idx < claim.end_char
            for t in self.parsed.tokens[s.start : s.end]
        )

    def _statement_named_before(self, claim: Claim) -> list[tuple[int, Referent]]:
        """Where the statement a claim comes through was named (in the claim's sentence, else the last
        one before), and where its issuer's first statement was: the one about the meeting."""
        if claim.channel != "statement":
            return []
        sentence = self.parsed.sentences[claim.sentence_index]
        return self.referents.statements_for_sentence(sentence.start_char, sentence.end_char)


class _ClaimNumberReader:
    """The statistics a claim asserts, each a quantity of something countable with its unit."""

    def __init__(self, clauses: _ArticleClauses):
        self.parsed, self.tree, self.rules = clauses.parsed, clauses.tree, clauses.rules

    def read(self, claim: Claim) -> list[ClaimNumber]:
        """Statistics the claim asserts: a quantity of something countable, with its unit.

        "28 attacks", "more than 36,000" (of "the number of refugees"), "killed four"
        (people) are statistics; "the two governments", "two sides" count the parties
        to the story, and a number with nothing counted ("in 2003") is no statistic.
        """
        found = []
        tokens = [t for t in self.parsed.tokens if claim.start_char <= t.idx < claim.end_char]
        for k, t in enumerate(tokens):
            if t.ent in ("DATE", "TIME", "ORDINAL", "PERCENT") and t.text not in self.rules.currency_signs:
                continue
            if NUMBER.match(t.text):
                value = float(t.text.replace(",", ""))
            elif t.pos == "NUM" and t.text.lower() in self.rules.number_words:
                value = float(self.rules.number_words[t.text.lower()])
            else:
                continue
            scaled = k + 1 < len(tokens) and tokens[k + 1].text.lower() in self.rules.number_scales
            if scaled:
                value *= self.rules.number_scales[tokens[k + 1].text.lower()]  # "1.5 million"
            before = " ".join(x.text.lower() for x in tokens[max(0, k - 2) : k])
            qualifier = "exactly"
            for phrase, meaning in self.rules.number_qualifiers.items():
                if re.search(rf"(?<!\w){re.escape(phrase)}$", before):
                    qualifier = meaning
                    break
            unit = self._unit(tokens, k, claim, scaled)
            if unit is None or unit.lower() in self.rules.not_counted:
                continue  # nothing countable, or a count of the parties ("the two governments")
            determiner = tokens[k - 1].text.lower() if k else ""
            if determiner in self.rules.referring_determiners and value < KNOWN_SET_LIMIT and not scaled:
                continue  # "the two ministries", "both three": a known set, not a figure the claim asserts
            found.append(ClaimNumber(value=value, qualifier=qualifier, unit_text=unit))
        return found

    def _unit(self, tokens, k: int, claim: Claim, scaled: bool) -> str | None:
        """What the number counts: its noun ("12 border posts"), a currency ("$1.5 million"),
        the noun of "the number of refugees … exceeded 36,000", or people killed or wounded."""
        t = tokens[k]
        if k and tokens[k - 1].text in self.rules.currency_signs:
            return tokens[k - 1].text
        number = tokens[k + 1] if scaled else t
        head = self.tree.token(number.head)
        if number.dep == "nummod" and head.i > number.i and head.pos in ("NOUN", "PROPN") and head.idx < claim.end_char:
            return head.text  # "12 border posts": what is counted, not the next word
        after = tokens[k + 2] if scaled and k + 2 < len(tokens) else tokens[k + 1] if k + 1 < len(tokens) else None
        if after is not None and after.pos in ("NOUN", "PROPN") and after.text.lower() not in self.rules.number_scales:
            return after.text
        if after is not None and after.text.lower() == "of":
            # "two of the crossings": the noun after "of".
            nouns = [x for x in self.tree.kids(after.i, "pobj") if self.tree.token(x).pos == "NOUN"]
            if nouns:
                return self.tree.token(nouns[0]).text
        for x in tokens:
            # "the number of Lebanese refugees … has exceeded 36,000"
            if x.lemma.lower() in self.rules.count_nouns and x.i < t.i:
                for prep in self.tree.kids(x.i, "prep"):
                    if self.tree.token(prep).text.lower() == "of":
                        nouns = [y for y in self.tree.kids(prep, "pobj") if self.tree.token(y).pos == "NOUN"]
                        if nouns:
                            return self.tree.token(nouns[0]).text
        governor = self.tree.token(number.head)
        if number.dep in ("dobj", "nsubjpass") and governor.lemma.lower() in self.rules.casualty_verbs:
            return "people"  # "the strike killed four"
        return None


def _same_voice(a: Speaker, b: Speaker) -> bool:
    """Two cues with one speaker: the same person or body, or the same unnamed phrase."""
    if a.person_id or a.organisation_id:
        return (a.person_id, a.organisation_id) == (b.person_id, b.organisation_id)
    return a.kind == b.kind == "unnamed" and bool(a.text) and a.text == b.text


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """No surrounding spaces, no trailing comma, no dangling 'that'."""
    while start < end and body[start] in ' \n"“”‘’':
        start += 1
    while end > start and body[end - 1] in ' \n,;:–—-"“”':
        end -= 1
    if body[start : start + 5].lower() == "that ":
        start += 5
    return start, end


def _paragraph(body: str, position: int) -> int:
    """Which paragraph (run of text between line breaks) a character is in."""
    return len(PARAGRAPH_BREAK.findall(body, 0, position))
