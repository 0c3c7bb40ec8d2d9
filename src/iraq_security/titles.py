"""Titles as data: clean a title taken from text, and normalise it against titles.yml.

A title taken from an article ends at its noun phrase: no relative or
subordinate clause, balanced brackets, no abbreviated rank left dangling at
its end, and no more than MAX_TITLE_LENGTH characters. The normal form
spells the office the way titles.yml does ("interior minister" -> "Minister
of Interior", "Adviser" -> "Advisor"); the article's wording is kept beside it.
"""

from __future__ import annotations

import re

from .vocabulary import TitleRules

MAX_TITLE_LENGTH = 80
OPENING, CLOSING = "([{", ")]}"
ACRONYM = re.compile(r"[A-Z][A-Z0-9&.\-]{1,9}s?")  # "(INSS)", "(IRGC)", "(KRSC)"


def balanced(text: str) -> bool:
    depth = 0
    for c in text:
        if c in OPENING:
            depth += 1
        elif c in CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def clean_title(text: str | None, rules: TitleRules | None = None) -> str | None:
    """The title's own noun phrase, or None when nothing of a title is left.

    "head of the Quds Force which is the foreign arm of the IRGC" -> "head of the Quds Force";
    "head of the Service (INSS" -> "head of the Service"; "coalition spokesman Col." ->
    "coalition spokesman" (a title of ranks only, "Brig. Gen.", stays).
    """
    if not text:
        return None
    rules = rules or TitleRules.load()
    text = re.sub(r"\s+", " ", text).strip()
    # A bracketed acronym before the office belongs to the name before it: "(KRG) Prime Minister".
    text = re.sub(r"^[(\[{][^)\]}]*[)\]}]\s*", "", text)
    # A clause starts at a comma, a dash or a clause word: the title ends before it.
    words = text.split(" ")
    for n, word in enumerate(words):
        if n and word.lower().strip("“\"'(") in rules.clause_words:
            words = words[:n]
            break
    text = " ".join(words)
    text = re.split(r"\s*[,;:–—]\s*|\s+-\s+", text)[0]
    text = _close_or_cut_brackets(text)
    # A bracket that holds no acronym is an aside, not part of the office: "(File photo)".
    text = re.sub(r"\s*[(\[]([^()\[\]]*)[)\]]", lambda m: m.group(0) if ACRONYM.fullmatch(m.group(1)) else "", text)
    if len(text) > MAX_TITLE_LENGTH:
        text = _shorten(text)
    text = text.strip(" ,.;:'\"“”‘’") if not _ends_with_abbreviation(text, rules) else text.strip()
    # An abbreviated rank at the end of a longer title is a rank, not the office.
    words = text.split()
    while (
        len(words) > 1
        and any(w.lower() not in rules.abbreviations for w in words[:-1])
        and (words[-1].lower() in rules.abbreviations or words[-1].lower() in ("of", "for", "and", "the"))
    ):
        words.pop()
    text = " ".join(words).rstrip(" ,;:")
    return text or None


def _close_or_cut_brackets(text: str) -> str:
    """Drop an unclosed bracket and what follows it; drop a stray closing one."""
    depth, last_open = 0, None
    for n, c in enumerate(text):
        if c in OPENING:
            if depth == 0:
                last_open = n
            depth += 1
        elif c in CLOSING:
            if depth == 0:
                return _close_or_cut_brackets(text[:n] + text[n + 1 :])
            depth -= 1
    if depth and last_open is not None:
        return text[:last_open].rstrip()
    return text


def _ends_with_abbreviation(text: str, rules: TitleRules) -> bool:
    words = text.split()
    return bool(words) and words[-1].lower() in rules.abbreviations


def _shorten(text: str) -> str:
    """A title over the limit: cut at the last " of " / " for " that fits, else at a word."""
    head = text[:MAX_TITLE_LENGTH]
    for joint in (" of ", " for ", " and "):
        at = head.rfind(joint)
        if at > 0:
            return _close_or_cut_brackets(head[:at]).rstrip(" ,")
    return _close_or_cut_brackets(head.rsplit(" ", 1)[0]).rstrip(" ,")


def normalise_title(text: str | None, rules: TitleRules | None = None) -> str | None:
    """The office as titles.yml spells it: "Iraqi interior minister" -> "Iraqi Minister of Interior"."""
    if not text:
        return None
    rules = rules or TitleRules.load()
    words = text.split()
    if len(words) == 1 and words[0].lower() in rules.abbreviations:
        return rules.abbreviations[words[0].lower()]
    for pattern, normal in rules.normal_forms:
        text = pattern.sub(normal, text)
    text = " ".join(rules.spelling.get(w.lower(), w) for w in text.split())
    return text[:1].upper() + text[1:]


def office_words(title: str) -> set[str]:
    """The words of a title that name an office ("head", "minister"), lower case, spelling normalised."""
    rules = TitleRules.load()
    found = set()
    for word in re.findall(r"[A-Za-z-]+\.?", normalise_title(title) or ""):
        w = rules.spelling.get(word.lower(), word).lower()
        if w in rules.title_words:
            found.add(w)
    return found
