"""Stage 1: read saved web pages into clean `Article` records.

A saved page is the article wrapped in whatever the site put around it: the
date the page was saved, logos, a publication line, tags, a dateline, an
editor's credit, comment forms. Each rule below is a general shape seen on
real pages, never a case for one file. Curated patterns live in
data/page_chrome.yml and data/outlets.yml.

Bad input is reported as a `Problem` and never stops the corpus.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import curated
from .outlets import OutletIndex, load_outlets
from .records import Article, Problem

# Longest article body we hand to the parser; a scraper that saved a whole
# site into one file is reported, not parsed for minutes.
MAX_BODY_CHARS = 200_000
# Chrome patterns are matched only against lines of a sane length.
MAX_CHROME_LINE = 500
MIN_BODY_WORDS = 15
# Below this share of Latin letters a page is not English: the pipeline's model would misread it.
MIN_LATIN_SHARE = 0.6
# Pages sharing this share of their word 8-grams with an earlier page are near-duplicates.
NEAR_DUPLICATE = 0.9
SHINGLE = 8

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DASH = "[–—-]"

PUBLICATION_LINE = re.compile(
    rf"^(?P<publisher>[A-Z][\w'’&. -]{{1,60}}?)\s+(?P<date>(?:{MONTHS})\.?\s+\d{{1,2}},\s+\d{{4}})"
    rf"(?:\s+(?P<section>[A-Z][\w&' -]{{0,40}}))?$"
)
TAG_LINE = re.compile(
    r"^(?P<tags>[^\n]{0,1000}?)\s*(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<time>\d{1,2}:\d{2})(?!\d)"
)
CAPTION = re.compile(r"\bPhoto(?:graph)?(?: credit)?\s*:\s*\S", re.IGNORECASE)
FULL_DATE = re.compile(rf"\b(?P<date>(?:{MONTHS})\.?\s+\d{{1,2}},\s+\d{{4}})\b")
DATELINE_WITH_SOURCE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ -]{{1,40}}?)\s*\((?P<source>[^()\n]{{2,40}})\)\s*{DASH}+\s*"
)
DATELINE_WIRE = re.compile(  # "BAGHDAD, Jan 5 (Reuters) -"
    rf"^(?P<place>[A-Z][A-Z.'’ -]{{1,40}}?),\s*(?:{MONTHS})\.?\s+\d{{1,2}}\s*\((?P<source>[^()\n]{{2,40}})\)\s*{DASH}+\s*"
)
BYLINE = re.compile(r"^By (?P<name>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,4}(?:(?:,| and) [A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,4})*)$")
DATELINE_WITH_REGION = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ -]{{1,40}}?),\s*(?P<region>[A-Z][A-Za-z ]{{1,40}}?)\s+{DASH}+\s*"
)
DATELINE_PLACE_ONLY = re.compile(rf"^(?P<place>[A-Z][A-Z.'’-]{{2,30}}(?: [A-Z][A-Z.'’-]+){{0,3}})\s+{DASH}+\s+")
CREDIT = re.compile(r"^(?P<outlet>[A-Z][\w.’' -]{1,40}?)\s*/\s+")
EDITOR = re.compile(r"^(?:Editing|Edited) by (?P<name>[A-Z][\w.’' -]{1,60})$")
REPORTER = re.compile(r"^(?:Reporting|Reported|Written) by (?P<name>[A-Z][\w.’' -]{1,60})$")
OUTLETISH = re.compile(r"\b(?:News|Agency|TV|Media|Network|Press|Times|Post|Journal)$")


class UnreadablePage(Exception):
    """A page the reader cannot turn into an article; the message says why."""


@dataclass
class Chrome:
    """Compiled page-chrome rules from data/page_chrome.yml."""

    lone_lines: list[re.Pattern]
    line_suffixes: list[re.Pattern]
    page_date: re.Pattern
    blocks: list[tuple[str, re.Pattern, re.Pattern]]

    @classmethod
    def load(cls) -> "Chrome":
        data = curated.load("page_chrome")
        flags = re.IGNORECASE
        return cls(
            lone_lines=[re.compile(p, flags) for p in data["lone_lines"]],
            line_suffixes=[re.compile(p, flags) for p in data["line_suffixes"]],
            page_date=re.compile(data["page_date"], flags),
            blocks=[
                (b["name"], re.compile(b["start"], flags), re.compile(b["end"], flags))
                for b in data["blocks"]
            ],
        )

    def is_lone_chrome(self, line: str) -> bool:
        return len(line) <= MAX_CHROME_LINE and any(p.fullmatch(line) for p in self.lone_lines)


# ---------------------------------------------------------------- decoding


def decode(raw: bytes, source_file: str) -> tuple[str, list[Problem]]:
    """Bytes to text. Raises UnreadablePage for empty or binary files."""
    if not raw.strip():
        raise UnreadablePage("empty file: no text to read")
    sample = raw[:4096]
    if b"\x00" in sample or _control_ratio(sample) > 0.05:
        raise UnreadablePage("binary file: not a saved text page")
    problems = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = raw.decode("cp1252", errors="replace")
        problems.append(
            Problem(source_file, "warning", f"not UTF-8 ({error.reason} at byte {error.start}); decoded as cp1252")
        )
    return text, problems


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


# ---------------------------------------------------------------- parsing


def parse_page(
    text: str,
    source_file: str,
    sha256: str,
    outlets: OutletIndex | None = None,
    chrome: Chrome | None = None,
) -> Article:
    """Turn the text of one saved page into an Article. Pure: no I/O."""
    outlets = outlets or load_outlets()
    chrome = chrome or _chrome()
    article = Article(id=article_id(source_file), source_file=source_file, sha256=sha256, body="")

    lines = [_clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _drop_chrome(lines, chrome, article, outlets)
    body_lines = _split_header(lines, chrome, article, outlets)
    body_lines = _read_closing_lines(body_lines, article, outlets)
    body_lines = _read_opening(body_lines, article, outlets)

    article.body = "\n\n".join(body_lines)
    if not body_lines or len(article.body.split()) < MIN_BODY_WORDS:
        raise UnreadablePage("no recognisable article body (only page chrome or headings)")
    if len(article.body) > MAX_BODY_CHARS:
        raise UnreadablePage(
            f"body of {len(article.body):,} characters exceeds the {MAX_BODY_CHARS:,} an article may have"
        )
    latin = latin_share(article.body)
    if latin < MIN_LATIN_SHARE:
        raise UnreadablePage(
            f"not an English page: only {latin:.0%} of its letters are Latin (the pipeline reads English)"
        )

    if article.title and article.title[0].islower():
        article.warnings.append("title starts in lower case: it may have been cut when the page was saved")
    if article.published is None:
        _infer_published(article)
    if article.publisher is None:
        article.warnings.append("no publisher found on the page")
    return article


def article_id(source_file: str) -> str:
    """A stable slug from the file name: '000_d910.txt' -> '000-d910'."""
    stem = Path(source_file).stem
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _clean_line(line: str) -> str:
    return line.replace("\u00a0", " ").replace("\ufeff", "").strip()


def _drop_chrome(lines: list[str], chrome: Chrome, article: Article, outlets: OutletIndex) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        short = len(line) <= MAX_CHROME_LINE
        if short:
            for suffix in chrome.line_suffixes:
                line = suffix.sub("", line)
        block = short and next(((n, s, e) for n, s, e in chrome.blocks if s.search(line)), None)
        if block:
            name, start, end = block
            match = start.search(line)
            outlet = match.groupdict().get("outlet")
            if outlet and outlets.match(outlet) and article.publisher is None:
                # An outlet's own comment policy names the publisher.
                article.publisher = outlets.match(outlet)
            j = i
            while j < len(lines) and not (len(lines[j]) <= MAX_CHROME_LINE and end.search(lines[j])):
                j += 1
            i = j + 1
            # A heading such as "Comments" right before the block belongs to it.
            while kept and not kept[-1]:
                kept.pop()
            continue
        if short:
            date = chrome.page_date.match(line)
            if date and article.page_date is None:
                article.page_date = _iso(date.group("date"))
                i += 1
                continue
            if chrome.is_lone_chrome(line):
                i += 1
                continue
        kept.append(line)
        i += 1
    return kept


def _split_header(
    lines: list[str], chrome: Chrome, article: Article, outlets: OutletIndex
) -> list[str]:
    """Read header lines (title, publication line, tags, caption) into the article; return the body lines."""
    for index, line in enumerate(lines):
        if not line:
            continue
        if len(line) <= MAX_CHROME_LINE:
            if article.title and line == article.title:
                continue  # the headline repeated under the publication line
            publication = PUBLICATION_LINE.match(line)
            if publication and _looks_like_outlet(publication.group("publisher"), outlets):
                article.publisher = _outlet_id(publication.group("publisher"), article, outlets)
                article.published = _iso(publication.group("date"))
                article.section = publication.group("section")
                continue
            tags = TAG_LINE.match(line)
            if tags:
                article.published, article.published_time = _tag_line_date(tags.group("date"), tags.group("time"), article)
                article.tags = split_tags(tags.group("tags"))
                continue
            if CAPTION.search(line) and article.caption is None and not _starts_body(line):
                article.caption = line
                continue
            if article.title is None and article.caption is None and not _is_prose(line) and not _starts_body(line):
                article.title = line
                continue
        body = [l for l in lines[index:] if l]
        return body
    return []


def _starts_body(line: str) -> bool:
    return bool(
        DATELINE_WIRE.match(line)
        or DATELINE_WITH_SOURCE.match(line)
        or DATELINE_WITH_REGION.match(line)
        or DATELINE_PLACE_ONLY.match(line)
        or CREDIT.match(line)
    )


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= 40 or (words >= 12 and line.rstrip()[-1:] in ".!?\"”’')")


def _read_opening(body: list[str], article: Article, outlets: OutletIndex) -> list[str]:
    """Datelines and credits at the start of the first paragraph."""
    if not body:
        return body
    while body and (byline := BYLINE.match(body[0])) and len(body) > 1:
        article.byline = byline.group("name")  # "By Jane Roe": the writer, not the text
        body = body[1:]
    first = body[0]
    if match := DATELINE_WIRE.match(first):
        article.dateline = _place_name(match.group("place"))
        article.credited_source = _outlet_id(match.group("source"), article, outlets)
        first = first[match.end():]
    elif match := DATELINE_WITH_SOURCE.match(first):
        article.dateline = _place_name(match.group("place"))
        article.credited_source = _outlet_id(match.group("source"), article, outlets)
        first = first[match.end():]
    elif match := DATELINE_WITH_REGION.match(first):
        article.dateline = _place_name(match.group("place"))
        first = first[match.end():]
    elif match := CREDIT.match(first):
        name = match.group("outlet")
        if _looks_like_outlet(name, outlets):
            outlet = _outlet_id(name, article, outlets)
            if article.publisher is None:
                article.publisher = outlet
            elif article.publisher != outlet and article.credited_source is None:
                article.credited_source = outlet
            first = first[match.end():]
    elif match := DATELINE_PLACE_ONLY.match(first):
        article.dateline = _place_name(match.group("place"))
        first = first[match.end():]
    return [first, *body[1:]] if first else body[1:]


def _read_closing_lines(body: list[str], article: Article, outlets: OutletIndex) -> list[str]:
    """Editor credits and a lone outlet name after the last paragraph."""
    body = list(body)
    while body:
        last = body[-1]
        if match := EDITOR.match(last):
            article.editor = match.group("name").strip()
        elif match := REPORTER.match(last):
            article.warnings.append(f"reporter credited: {match.group('name').strip()}")
        elif outlet := outlets.match(last):
            if article.credited_source is None:
                article.credited_source = outlet
            elif article.credited_source != outlet:
                article.warnings.append(f"closing line names another outlet: {last}")
        else:
            break
        body.pop()
    return body


def _infer_published(article: Article) -> None:
    """No publication date on the page: take an explicit full date from the caption."""
    if article.caption and (match := FULL_DATE.search(article.caption)):
        article.published_inferred = _iso(match.group("date"))
        article.published_inferred_reason = (
            f"no publication date on the page; explicit date '{match.group('date')}' in the photo caption"
        )
        article.warnings.append("no publication date on the page; inferred from the caption")
    else:
        article.warnings.append("no publication date on the page")


LETTER = re.compile(r"[^\W\d_]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def latin_share(text: str) -> float:
    letters = len(LETTER.findall(text))
    return len(LATIN_LETTER.findall(text)) / letters if letters else 0.0


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i : i + SHINGLE])) for i in range(max(1, len(words) - SHINGLE + 1))}


def split_tags(text: str) -> list[str]:
    """Tags saved run together ('PoliticsDisputed areasKurdistan Region')."""
    text = text.strip()
    if not text:
        return []
    parts = re.split(r"(?<=[a-z])(?=[A-Z])|\s*[|,;]\s*", text)
    return [p.strip() for p in parts if p.strip()]


def _looks_like_outlet(name: str, outlets: OutletIndex) -> bool:
    name = name.strip()
    return bool(outlets.match(name)) or (len(name.split()) <= 4 and bool(OUTLETISH.search(name)))


def _outlet_id(name: str, article: Article, outlets: OutletIndex) -> str:
    """A known outlet's id; an unknown one is recorded so the build can add it."""
    name = name.strip()
    known = outlets.match(name)
    if known:
        return known
    from .outlets import slugify

    if name not in article.new_outlets:
        article.new_outlets.append(name)
        article.warnings.append(f"outlet not in the curated list: {name}")
    return slugify(name)


def _tag_line_date(day: str, time: str, article: Article) -> tuple[str | None, str | None]:
    """The tag line's date and time, each kept only if it exists ("2024-13-45", "25:61" do not)."""
    kept: list[str | None] = []
    for value, fmt, what in ((day, "%Y-%m-%d", "date"), (time, "%H:%M", "time")):
        try:
            datetime.strptime(value, fmt)
            kept.append(value)
        except ValueError:
            article.warnings.append(f"tag line gives an impossible publication {what} '{value}'; ignored")
            kept.append(None)
    return kept[0], kept[1] if kept[0] else None


def _place_name(text: str) -> str:
    """'ERBIL' -> 'Erbil'."""
    return " ".join(w.capitalize() if w.isupper() else w for w in text.strip().split())


def _iso(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text.replace(".", "")).strip()
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if text.startswith("Sept "):
        return _iso(text.replace("Sept ", "Sep ", 1))
    return None


_CHROME: Chrome | None = None


def _chrome() -> Chrome:
    global _CHROME
    if _CHROME is None:
        _CHROME = Chrome.load()
    return _CHROME


# ---------------------------------------------------------------- the corpus


def read_corpus(corpus_dir: str | Path) -> tuple[list[Article], list[Problem]]:
    """Read every *.txt in a folder. Returns articles and problems, in file order."""
    corpus_dir = Path(corpus_dir)
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    shingle_owner: dict[int, int] = {}  # 8-gram -> index of the first article that had it
    for path in sorted(corpus_dir.glob("*.txt")):
        article, found = read_page(path)
        problems.extend(found)
        if article is None:
            continue
        # Identical raw bytes, or the same article body under other chrome.
        body_key = hashlib.sha256(article.body.encode()).hexdigest()
        duplicate_of = seen.get(article.sha256) or seen.get(body_key)
        if duplicate_of:
            problems.append(Problem(path.name, "warning", f"duplicate content: same text as {duplicate_of}; kept once"))
            continue
        grams = shingles(article.body)
        overlap: dict[int, int] = {}
        for gram in grams:
            owner = shingle_owner.get(gram)
            if owner is not None:
                overlap[owner] = overlap.get(owner, 0) + 1
        best = max(overlap.items(), key=lambda kv: kv[1], default=None)
        if best and best[1] / len(grams) >= NEAR_DUPLICATE:
            problems.append(Problem(
                path.name, "warning",
                f"near-duplicate of {articles[best[0]].source_file} ({best[1] / len(grams):.0%} of its text the same); kept once",
            ))
            continue
        seen[article.sha256] = seen[body_key] = path.name
        for gram in grams:
            shingle_owner.setdefault(gram, len(articles))
        articles.append(article)
    return articles, problems


def read_page(path: Path) -> tuple[Article | None, list[Problem]]:
    """Read one file; never raises for bad input."""
    name = path.name
    try:
        if path.is_symlink() and not path.exists():
            raise UnreadablePage("broken symbolic link")
        if path.is_dir():
            raise UnreadablePage("a directory, not a file")
        raw = path.read_bytes()
        text, problems = decode(raw, name)
        article = parse_page(text, name, hashlib.sha256(raw).hexdigest())
    except UnreadablePage as error:
        return None, [Problem(name, "error", str(error))]
    except OSError as error:
        return None, [Problem(name, "error", f"cannot read file: {error.strerror or error}")]
    problems += [Problem(name, "warning", w) for w in article.warnings]
    return article, problems
