"""Stage 2b: find the people, organisations and places an article names.

Reads the parse records (entity spans from the gazetteer's entity_ruler and
the statistical NER, plus tokens) and emits `Mention`s with exact offsets,
each with the title that stood before it, and the roles the article states.
Junk model entities (spans over a line break, numbers, page chrome, outlet
names, title fragments) never become mentions.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import resolve_date
from .gazetteer import Gazetteer, name_key
from .outlets import OutletIndex
from .records import ArticleEntities, Mention, ParsedArticle, StatedRole, Token
from .titles import CLOSING, OPENING, clean_title
from .vocabulary import EntityRules

ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
POSSESSIVE = {"'s", "’s", "'", "’"}
_ANY_DAY = date(2000, 1, 1)  # an anchor, only to ask whether a span reads as a date
# A title in apposition stops before a clause: "head of the Quds Force, which is …".
APPOSITION_STOPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis"})


def find_entities(
    parsed: ParsedArticle,
    body: str,
    gazetteer: Gazetteer,
    outlets: OutletIndex,
    vocabulary: EntityRules | None = None,
) -> ArticleEntities:
    """Mentions and stated roles for one parsed article."""
    vocabulary = vocabulary or EntityRules.load()
    surnames = _full_name_surnames(parsed)
    outlet_spans = _outlet_names_in(body, outlets)
    mentions: list[Mention] = []
    for span in parsed.entities:
        mention = _mention_from_span(span, parsed, body, gazetteer, outlets, vocabulary, surnames)
        if mention is not None and not _inside_outlet_name(mention, outlet_spans):
            mentions.append(mention)
    mentions += _surnames_the_model_missed(mentions, parsed, body, vocabulary)
    mentions.sort(key=lambda m: m.start_char)
    roles = _stated_roles(mentions, parsed, body, vocabulary)
    return ArticleEntities(parsed.article_id, mentions, roles)


def _surnames_the_model_missed(mentions: list[Mention], parsed: ParsedArticle, body: str, vocabulary) -> list[Mention]:
    """ "Ghanimi also met …": a bare surname of someone named in full in this article."""
    surnames = {}
    for m in mentions:
        key = name_key(m.text).split()
        if m.entity_type == "person" and len(key) > 1:
            surnames.setdefault(key[-1], m.start)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for t in parsed.tokens:
        if t.i in covered or t.pos != "PROPN" or not t.text[:1].isupper() or len(t.text) < 3:
            continue
        key = name_key(t.text)
        if key in surnames and surnames[key] < t.i and t.ent not in ("ORG", "GPE", "LOC", "NORP"):
            title = _title_before(parsed.tokens, t.i, body, vocabulary)
            found.append(
                Mention(
                    parsed.article_id,
                    "person",
                    t.text,
                    t.idx,
                    t.end,
                    t.i,
                    t.i + 1,
                    t.sent,
                    "coreference",
                    "RULE",
                    None,
                    title,
                )
            )
    return found


def _outlet_names_in(body: str, outlets: OutletIndex) -> list[tuple[int, int]]:
    """Where the body names an outlet as a proper name ("Kurdistan 24", not "Baghdad today")."""
    found = []
    for start, end, _ in outlets.find(body):
        if not any(w.isalpha() and w.islower() for w in body[start:end].split()):
            found.append((start, end))
    return found


def _inside_outlet_name(mention: Mention, outlet_spans: list[tuple[int, int]]) -> bool:
    """A part of an outlet's name is no entity: "Kurdistan" in "Kurdistan 24 reported"."""
    return any(
        start <= mention.start_char and mention.end_char <= end and end - start > mention.end_char - mention.start_char
        for start, end in outlet_spans
    )


def _first_name_the_model_left_out(tokens, start: int, vocabulary) -> int:
    """ "Dara Karim Aziz" tagged as "Karim Aziz": a capitalised proper noun right before the
    name, outside any entity and no title word, is part of the name (three-part names)."""
    if start == 0:
        return start
    t = tokens[start - 1]
    if (
        t.pos == "PROPN"
        and t.ent in ("", "PERSON")
        and t.text[:1].isupper()
        and t.text.isalpha()
        and len(t.text) > 2
        and t.text.lower() not in vocabulary.leading_words
        and not vocabulary.is_title_word(t.text)
        and not vocabulary.is_title_word(t.text + ".")
        and t.sent == tokens[start].sent
    ):
        before = tokens[start - 2] if start >= 2 and tokens[start - 2].sent == t.sent else None
        if before is None or (before.pos != "PROPN" and before.text.lower() not in vocabulary.title_joining_words):
            return start - 1  # the name opens its phrase, not the end of an office's name
    return start


def _full_name_surnames(parsed: ParsedArticle) -> set[str]:
    """Surname keys of everyone the article names in full."""
    keys = set()
    for span in parsed.entities:
        if span.label == "PERSON":
            key = name_key(span.text).split()
            if len(key) > 1:
                keys.add(key[-1])
                if len(span.text.split()) > 1:
                    keys.add(name_key(span.text.split()[-1]))  # a hyphenated surname: "Mohammadi-Far"
    return keys


def _mention_from_span(span, parsed, body, gazetteer, outlets, vocabulary, surnames=frozenset()) -> Mention | None:
    entity_type = ENTITY_TYPES.get(span.label)
    if entity_type is None:
        # The small model sometimes calls a bare surname a nationality ("Ahmadian" as NORP).
        if span.label != "NORP" or span.end - span.start != 1 or name_key(span.text) not in surnames:
            return None
        entity_type = "person"
    tokens = parsed.tokens
    start, end = span.start, span.end
    # Trim whitespace tokens ("Jane Roe\n" at the end of a line), a leading
    # article and a trailing possessive: "the KDP’s" -> "KDP".
    while start < end and (tokens[start].text.lower() in vocabulary.leading_words or not tokens[start].text.strip()):
        start += 1
    while end > start and (tokens[end - 1].text in POSSESSIVE or not tokens[end - 1].text.strip()):
        end -= 1
    if start >= end:
        return None
    text = body[tokens[start].idx : tokens[end - 1].end]
    if "\n" in text or not any(c.isalpha() for c in text):
        return None
    if text.lower() in vocabulary.junk_names:
        return None
    if outlets.match_in_text(text) or _outlet_with_suffix(text, outlets, vocabulary):
        return None  # an outlet's name for itself is an outlet, not an organisation

    kind, curated_id = span.ruler_id.split(":", 1) if span.ruler_id else (None, None)
    method = "gazetteer" if curated_id else "model"
    if method == "model" and resolve_date(text, _ANY_DAY) is not None:
        return None  # a date the model took for a name ("Sunday", "12 March 2023")
    title = None

    if kind:
        entity_type = kind
    elif (
        (end - start == 1 or "-" in text)
        and len(text.split()) == 1
        and name_key(text) in surnames
        and not gazetteer.place_ids(text)
        and not gazetteer.organisation_ids(text)
    ):
        entity_type = "person"  # a bare surname the model mislabelled ("Ghanimi" as a place)
    elif entity_type == "organisation":
        # A city tagged as an ORG is a place ("Erbil" -> Erbil).
        if gazetteer.place_ids(text):
            entity_type = "place"
        elif not _looks_like_organisation(tokens[start:end], text, vocabulary):
            return None
    elif entity_type == "place" and gazetteer.organisation_ids(text) and not gazetteer.place_ids(text):
        entity_type = "organisation"

    if entity_type == "person" and method == "model":
        start = _first_name_the_model_left_out(tokens, start, vocabulary)
        text = body[tokens[start].idx : tokens[end - 1].end]
    if entity_type == "person":
        start, title = _strip_title(tokens, start, end, body, vocabulary)
        if start >= end:
            return None
        text = body[tokens[start].idx : tokens[end - 1].end]
        if not any(t.text[:1].isupper() for t in tokens[start:end]):
            return None
        if title is None:
            title = _title_before(tokens, start, body, vocabulary)
        title = clean_title(title)
        if method == "model" and len(text.split()) == 1 and text.isupper():
            return None  # an acronym is not a person
        if method == "model" and all(
            vocabulary.is_title_word(t.text) or vocabulary.is_title_word(t.text + ".") for t in tokens[start:end]
        ):
            return None  # a title on its own ("Brig" of a split "Brig. Gen.") is not a person
    return Mention(
        article_id=parsed.article_id,
        entity_type=entity_type,
        text=text,
        start_char=tokens[start].idx,
        end_char=tokens[end - 1].end,
        start=start,
        end=end,
        sentence_index=tokens[start].sent,
        method=method,
        label=span.label,
        curated_id=curated_id,
        title=title,
    )


def _outlet_with_suffix(text: str, outlets: OutletIndex, vocabulary: EntityRules) -> bool:
    """ "Shafaq News Agency": an outlet's name followed only by a word for a news medium."""
    for start, end, _ in outlets.find(text):
        if start == 0:
            return text[end:].strip(" .,").lower() in vocabulary.outlet_suffixes
    return False


def _looks_like_organisation(tokens: list[Token], text: str, vocabulary: EntityRules) -> bool:
    words = text.split()
    if len(words) == 1 and re.fullmatch(r"[A-Z][A-Z&-]{1,7}", text):
        return text not in vocabulary.not_acronyms
    # A head noun alone ("Parliament", "the Ministry") does not say which one.
    return len(words) >= 2 and tokens[-1].text.lower() in vocabulary.organisation_heads


def _strip_title(
    tokens: list[Token], start: int, end: int, body: str, vocabulary: EntityRules
) -> tuple[int, str | None]:
    """Move `start` past a title inside the span: "Advisor al-Araji" -> "al-Araji".

    Matched on the body's own text, so an abbreviation the tokenizer splits
    ("Col" + ".") still matches "Col.".
    """
    stripped: list[str] = []
    moved = True
    while moved and start < end - 1:
        moved = False
        window = body[tokens[start].idx : tokens[end - 1].end].lower()
        for prefix in vocabulary.title_prefixes:
            n = len(prefix)
            if window.startswith(prefix.lower()) and window[n : n + 1].isspace():
                width = _tokens_covering(tokens, start, n)
                if width and start + width < end:
                    stripped.append(body[tokens[start].idx : tokens[start + width - 1].end])
                    start += width
                    moved = True
                break
    return start, (" ".join(stripped) if stripped else None)


def _tokens_covering(tokens: list[Token], start: int, n_chars: int) -> int:
    """How many tokens from `start` cover the first `n_chars` characters."""
    begin = tokens[start].idx
    for width, token in enumerate(tokens[start:], start=1):
        if token.end - begin >= n_chars:
            return width if token.end - begin == n_chars else 0
    return 0


def _title_before(tokens: list[Token], start: int, body: str, vocabulary: EntityRules) -> str | None:
    """The run of title words right before a name: "Kurdistan Region Prime Minister"."""
    i, first, has_title_word = start - 1, start, False
    while i >= 0:
        token, word = tokens[i], tokens[i].text
        if _split_abbreviation(tokens, i, vocabulary):
            # An abbreviation the tokenizer split: "Col" + "." is "Col.". The
            # parser may even end a sentence there ("Brig." | "Gen. X").
            has_title_word = True
            first, i = i - 1, i - 2
            continue
        if token.sent != tokens[start].sent:
            break
        if word in CLOSING and first < start:
            # "Revolutionary Guards Corps (IRGC) Chief": a bracketed acronym inside the title.
            opening = _opening_bracket(tokens, i)
            if opening is None:
                break
            first, i = opening, opening - 1
            continue
        if vocabulary.is_title_word(word):
            has_title_word = True
        elif word.lower() in vocabulary.title_joining_words and i > 0 and vocabulary.is_title_word(tokens[i - 1].text):
            pass  # "Secretary of State"
        elif word[:1].isupper() and token.pos in ("PROPN", "ADJ", "NOUN"):
            pass  # "Kurdistan Region", "Iraqi", "IRGC"
        elif word.islower() and token.pos in ("ADJ", "NOUN") and vocabulary.is_title_word(tokens[i + 1].text):
            pass  # "interior minister", "security chief"
        else:
            break
        first, i = i, i - 1
    if not has_title_word or first == start:
        return None
    return body[tokens[first].idx : tokens[start - 1].end]


def _opening_bracket(tokens: list[Token], i: int) -> int | None:
    """The "(" that token i's ")" closes, in the same sentence and a few words back."""
    for j in range(i - 1, max(-1, i - 8), -1):
        if tokens[j].sent != tokens[i].sent or tokens[j].text in CLOSING:
            return None
        if tokens[j].text in OPENING:
            return j
    return None


def _split_abbreviation(tokens: list[Token], i: int, vocabulary: EntityRules) -> bool:
    """Token i is the "." of a title abbreviation split off by the tokenizer ("Brig" + ".")."""
    return (
        tokens[i].text == "."
        and i > 0
        and tokens[i - 1].end == tokens[i].idx
        and vocabulary.is_title_word(tokens[i - 1].text + ".")
    )


def _stated_roles(
    mentions: list[Mention], parsed: ParsedArticle, body: str, vocabulary: EntityRules
) -> list[StatedRole]:
    """Roles the text gives people: a title before the name, or an apposition after it."""
    roles = []
    tokens = parsed.tokens
    by_token: dict[int, int] = {}
    for index, mention in enumerate(mentions):
        for t in range(mention.start, mention.end):
            by_token[t] = index
    for index, mention in enumerate(mentions):
        if mention.entity_type != "person":
            continue
        if mention.title and mention.title.lower() not in vocabulary.honorific_titles:
            start_char = body.rfind(mention.title, 0, mention.start_char)
            if start_char >= 0:
                end_char = start_char + len(mention.title)
                org = _organisation_in(mentions, by_token, tokens, start_char, end_char)
                if org is None:
                    org = _possessor_before(mentions, by_token, tokens, start_char)
                roles.append(
                    StatedRole(
                        parsed.article_id, index, mention.title, org, mention.sentence_index, start_char, end_char
                    )
                )
        appos = _apposition(tokens, mention, vocabulary)
        if appos:
            first, last = appos
            start_char, end_char = tokens[first].idx, tokens[last].end
            title = clean_title(body[start_char:end_char])
            if not title or not body.startswith(title, start_char):
                continue  # nothing of a title left, or not the text's own words
            end_char = start_char + len(title)
            org = _organisation_in(mentions, by_token, tokens, start_char, end_char)
            roles.append(StatedRole(parsed.article_id, index, title, org, mention.sentence_index, start_char, end_char))
    return roles


def _apposition(tokens: list[Token], mention: Mention, vocabulary: EntityRules) -> tuple[int, int] | None:
    """ "X, head of the INSS," -> token range of "head of the INSS"."""
    inside = range(mention.start, mention.end)
    for token in tokens[mention.end : mention.end + 3]:
        if token.dep == "appos" and token.head in inside and vocabulary.is_title_word(token.text):
            subtree = _subtree(tokens, token.i, stop_deps=APPOSITION_STOPS)
            first, last = min(subtree), token.i
            while last + 1 in subtree:
                last += 1  # contiguous: a clause cut out of the subtree ends the title
            while tokens[first].text.lower() in vocabulary.leading_words and first < token.i:
                first += 1
            while (
                last > first
                and tokens[last].pos == "PUNCT"
                and not (tokens[last].text in CLOSING and _opening_bracket(tokens, last) is not None)
            ):
                last -= 1
            return first, last
    return None


def _subtree(tokens: list[Token], root: int, stop_deps=frozenset()) -> list[int]:
    """A token's subtree, walking down from it within its sentence (not into `stop_deps` children)."""
    sentence = [t for t in tokens if t.sent == tokens[root].sent]
    children: dict[int, list[int]] = {}
    for t in sentence:
        if t.head != t.i and t.dep not in stop_deps:
            children.setdefault(t.head, []).append(t.i)
    found, stack = [], [root]
    while stack:
        i = stack.pop()
        found.append(i)
        stack.extend(children.get(i, ()))
    return found


def _possessor_before(mentions, by_token, tokens, start_char) -> int | None:
    """ "Iraq's National Security Advisor", "the KDP’s leader": the organisation or place before "'s"."""
    first = next((t.i for t in tokens if t.idx == start_char), None)
    if first is None or first < 2 or tokens[first - 1].text not in POSSESSIVE:
        return None
    index = by_token.get(first - 2)
    if index is not None and mentions[index].entity_type in ("organisation", "place"):
        return index
    return None


def _organisation_in(mentions, by_token, tokens, start_char, end_char) -> int | None:
    for t in tokens:
        if start_char <= t.idx < end_char and t.i in by_token:
            index = by_token[t.i]
            if mentions[index].entity_type in ("organisation", "place"):
                return index
    return None
