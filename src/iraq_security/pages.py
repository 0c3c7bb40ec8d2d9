"""Stage 1: read saved web pages into clean `Article` records.

A saved page is the article wrapped in whatever the site put around it: a
masthead and menus, the date the page was saved, a headline, a publication
line, a byline, a photo caption, a dateline, then the text, then credits,
widgets of other stories, comment forms and a copyright footer.

The reader cuts a page into three zones — header, body, footer — and reads
each field from the zone where pages put it. Every rule is a general shape
seen on real pages, never a case for one file; the words they look for are
data in data/page_chrome.yml and data/outlets.yml. Each field records the rule
that found it (`title_rule`, `published_rule`, `publisher_rule`,
`dateline_rule`). Saved HTML goes through `html_pages` first and then down the
same rules.

Bad input is reported as a `Problem` and never stops the corpus.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import html_pages
from .outlets import OutletIndex, load_outlets, slugify
from .page_dates import MONTH, PageDate, find_date, month_day_in_year, numeric_order_hint, parse_date_text
from .records import Article, Problem
from .vocabulary import MAX_CHROME_LINE, DatelinePlaces, PageChrome

# Longest article body we hand to the parser; a scraper that saved a whole
# site into one file is reported, not parsed for minutes.
MAX_BODY_CHARS = 200_000
# A saved page may hold this much besides its article; more is a dump, refused before reading.
MAX_PAGE_CHARS = 5 * MAX_BODY_CHARS
MIN_BODY_WORDS = 15
# Below this share of Latin letters a page is not English: the pipeline's model would misread it.
MIN_LATIN_SHARE = 0.6
# Pages sharing this share of their word 8-grams with an earlier page are near-duplicates.
NEAR_DUPLICATE = 0.9
SHINGLE = 8

# A paragraph of the article: this many words ending a sentence, or this many in any case.
PROSE_WORDS = 12
LONG_PROSE_WORDS = 25
# A crosshead between paragraphs has at most this many words and no full stop.
CROSSHEAD_WORDS = 8
# A line of more words than this under "Breaking" is a ticker of headlines, not the headline.
TICKER_WORDS = 15
# A dated sentence under the headline, of at least this many words, is a photo caption.
CAPTION_MIN_WORDS = 6
# A kicker above the headline has at most this many words.
KICKER_WORDS = 4
# A headline has at least this many words and at most the other.
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 40
# Menus: a run of this many short lines in a row, each of at most NAV_WORDS words.
NAV_RUN = 3
NAV_WORDS = 5
# A standfirst is followed within this many lines by the byline or the date.
STANDFIRST_LOOKAHEAD = 6
# The masthead: the outlet's name is among the page's first lines.
MASTHEAD_LINES = 4
# trafilatura's text may open with the headline among its first lines.
HTML_HEADLINE_LINES = 4
# A dateline on a line of its own is among the last lines above the text.
LONE_DATELINE_LINES = 3
# A line that is a date, a byline or a dateline is short.
SHORT_LINE_WORDS = 14

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm")
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
MANIFEST_FIELDS = ("file", "url", "outlet", "published", "retrieved_at", "licence")

DASH = "[–—-]"

PUBLICATION_LINE = re.compile(
    rf"^(?P<publisher>[A-Z][\w'’&. -]{{1,60}}?)\s+(?P<date>{MONTH}\s+\d{{1,2}},\s+\d{{4}})"
    rf"(?:\s+(?P<section>[A-Z][\w&' -]{{0,40}}))?$"
)
TAG_LINE = re.compile(r"^(?P<tags>[^\n:|]{0,1000}?)\s*(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<time>\d{1,2}:\d{2})(?!\d)")
FULL_DATE = re.compile(rf"\b(?P<date>{MONTH}\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}})\b")

# Datelines. A place in capitals or a place the gazetteer knows; then, in any
# combination pages use: ", Region", ", Feb. 15", "(Agency)", ", AGENCY"; then a dash or colon.
_PLACE_WORD = r"[A-Z][A-Za-z\u00c0-\u024f.'’]+(?:-[A-Z][A-Za-z\u00c0-\u024f.'’]+)?"
_PLACE = rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}(?:/{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}){{0,2}}"
_REGION = r"[A-Z][\w.'’\u00c0-\u024f-]*(?: (?:of |and )?[A-Z][\w.'’\u00c0-\u024f-]*){0,4}"
_MONTH_DAY = rf"{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"
DATELINE = re.compile(
    rf"^(?P<syndicator>\([^()\n]{{2,40}}\)\s*)?"  # "(MENAFN- Nam News Network) BAGHDAD, …"
    rf"(?P<place>{_PLACE})"
    rf"(?:\s*\[(?P<bracket>[^\[\]\n]{{2,30}})\])?"  # "Erbil [Iraq]"
    rf"(?P<regions>(?:,\s*{_REGION}){{0,3}}?)"
    rf"(?:,\s*(?P<date>{_MONTH_DAY}))?"
    rf"(?P<parens>(?:\s*\([^()\n]{{2,60}}\)){{0,2}})"
    rf"(?:,\s*(?P<agency>[A-Z][\w.]+(?: [A-Z0-9][\w.]*){{0,2}}))?"
    rf"(?:\s*(?P<sep>{DASH}+|:)\s*|(?<=\))\s+)"  # a dash or colon; or the agency's bracket itself
    rf"(?=\S)"
)
# A dateline on a line of its own, above the text.
LONE_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})(?P<regions>(?:,\s*{_REGION}){{0,3}}?)"
    rf"(?P<parens>(?:\s*\([^()\n]{{2,40}}\)){{0,2}})"
    rf",?\s*(?P<date>{MONTH}\s+\d{{1,2}},?\s*\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}})?$"
)
PLACE_AGENCY = re.compile(rf"^(?P<place>{_PLACE})\s*{DASH}\s*(?P<agency>[A-Z][\w.]{{1,12}})$")  # "Baghdad-INA"
OUTLET_PLACE = re.compile(rf"^(?P<outlet>.{{2,40}}?)\s+{DASH}\s+(?P<place>{_PLACE})$")  # "Baghdad Today - Baghdad"
CREDIT = re.compile(r"^(?P<outlet>[A-Z][\w.’' -]{1,40}?)\s*/\s*(?=\S)")
BYLINE = re.compile(r"^By:?\s+(?P<name>\S.{0,120})$", re.IGNORECASE)
LABELLED = re.compile(r"^(?P<label>[A-Za-z][\w ]{0,24}?)\s*:\s*(?P<value>\S.*)$")
BYLINE_NOISE = re.compile(
    r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b"
    r"|\b(?:staff(?:\s+(?:writers?|reporters?|correspondents?))?|agencies|newsroom)\b\s*,?",
    re.IGNORECASE,
)
SOURCE_LABEL = re.compile(r"^(?:source|via)$", re.IGNORECASE)
EDITOR_LABEL = re.compile(r"^(?:editor|edited by)$", re.IGNORECASE)
SECTION_LABEL = re.compile(r"^(?:category|section|topic)$", re.IGNORECASE)
BREADCRUMB = re.compile(r"\S\s+[/>»›]\s+\S.*\s[/>»›]\s+\S|^(?:home|homepage)\s*[/>»›|]", re.IGNORECASE)
SEGMENT_SPLIT = re.compile(r"\s*[|•]\s*")
WEEKDAY_LINE = re.compile(
    r"^\W*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b,?|today\s*:)", re.IGNORECASE
)
RUN_TOGETHER = re.compile(r"[a-z]{3,}[A-Z][a-z]")  # menu items saved without spaces
COPYRIGHT = re.compile(r"©|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
COPYRIGHT_NOISE = re.compile(
    r"©|\bcopyright\b:?|\ball rights reserved\b(?:\s+(?:to|for|by))?|\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\b|[.:,|](?!\w)",
    re.IGNORECASE,
)
TIME_IN_LABEL = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]\.?M\.?)?\s*(?:(?:GMT|UTC)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?)?", re.IGNORECASE
)
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
OUTLETISH = re.compile(r"\b(?:News|Agency|TV|Media|Network|Press|Times|Post|Journal)$")


class UnreadablePage(Exception):
    """A page the reader cannot turn into an article; the message says why."""


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


# ---------------------------------------------------------------- one page


@dataclass
class PageContext:
    """The curated vocabularies the reader uses, and what one page's foot tells its opening.

    Made anew for each page: `copyright_year` is read from the foot (read before the
    opening) and only suggests the year of a dateline's month and day."""

    outlets: OutletIndex
    chrome: PageChrome
    places: DatelinePlaces
    copyright_year: str | None = None  # "© 2022 …": a year for a dateline's "Feb. 15"


def parse_page(
    text: str,
    source_file: str,
    sha256: str,
    outlets: OutletIndex | None = None,
    chrome: PageChrome | None = None,
    metadata: html_pages.PageMetadata | None = None,
) -> Article:
    """Turn the text of one saved page into an Article. Pure: no I/O.

    `metadata` comes with a saved HTML page: its title, date, site name and
    author from the page's own tags, which win over what the lines suggest."""
    context = PageContext(outlets or load_outlets(), chrome or PageChrome.load(), DatelinePlaces.load())
    article = Article(id=article_id(source_file), source_file=source_file, sha256=sha256, body="")
    if metadata is not None:
        article.source_format = "html"
        _read_metadata(metadata, article, context)

    if len(text) > MAX_PAGE_CHARS:
        raise UnreadablePage(
            f"page of {len(text):,} characters exceeds the {MAX_BODY_CHARS:,} an article may have, "
            f"even allowing {MAX_PAGE_CHARS:,} for its menus and footers"
        )
    lines = [_clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _drop_chrome(lines, context, article)
    if metadata is not None:
        # trafilatura has already cut the page to its text: only a repeated headline,
        # a byline, a date or a caption can stand above it.
        start, subtitle = _html_body_start(lines, article, context), None
    else:
        start, subtitle = _body_start(lines, context)
    end = _body_end(lines, start, context)
    _read_header(lines[:start], article, context, all_lines=lines)
    if subtitle and not article.subtitle:
        article.subtitle = subtitle
    body_lines = _clean_body(lines[start:end], article, context)
    _read_footer(lines[end:], article, context)
    body_lines = _read_closing_lines(body_lines, article, context)
    body_lines = _read_opening(body_lines, article, context)

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
    _settle_fields(article, lines)
    return article


def article_id(source_file: str) -> str:
    """A stable slug from the file name: '000_d910.txt' -> '000-d910'."""
    stem = Path(source_file).stem
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\ufeff", "").replace("\u200b", "").strip()
    return re.sub(r"^[•■▪►]\s*", "", line)  # a bullet before a kicker or a list item


def _words(line: str) -> int:
    return len(line.split())


def _is_menu(line: str) -> bool:
    """ "EN | KU | AR", "Home / News", a language switcher in scripts other than Latin."""
    parts = [p for p in re.split(r"\s*[|/•■]\s*|\s{2,}|\s+[-–—]\s+", line) if p]
    if len(parts) >= 3 and all(_words(p) <= 3 for p in parts):
        return True
    return bool(BREADCRUMB.search(line)) or latin_share(line) < MIN_LATIN_SHARE


def _drop_chrome(lines: list[str], context: PageContext, article: Article) -> list[str]:
    """Widgets that are chrome wherever they stand: comment forms, menus' lone words, the saved day."""
    chrome, outlets = context.chrome, context.outlets
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
                article.publisher, article.publisher_rule = outlets.match(outlet), "comment policy"
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
            if chrome.is_lone_chrome(line) and not chrome.is_widget_heading(line):
                i += 1
                continue
        kept.append(line)
        i += 1
    return kept


# ---------------------------------------------------------------- zones


def _is_prose(line: str, context: PageContext) -> bool:
    """A paragraph of text: sentences, not a heading, a caption or a line of links."""
    words = _words(line)
    if words < PROSE_WORDS or context.chrome.is_caption(line):
        return False
    return words >= LONG_PROSE_WORDS or bool(SENTENCE_END.search(line))


def _opens_body(line: str, context: PageContext) -> bool:
    """A dateline or an outlet's credit at the start of a paragraph opens the text."""
    if _words(line) < 6:
        return False
    if (m := DATELINE.match(line)) and _dateline_place(m, context):
        return True
    return bool((m := CREDIT.match(line)) and _looks_like_outlet(m.group("outlet"), context.outlets))


def _is_marker(line: str, context: PageContext) -> bool:
    """A byline or a date line: what pages put between a standfirst and the text."""
    if not line or _words(line) > SHORT_LINE_WORDS:
        return False
    return bool(BYLINE.match(line)) or find_date(line) is not None


def _body_start(lines: list[str], context: PageContext) -> tuple[int, str | None]:
    """Index of the first paragraph of the text, and the standfirst if one stood before it."""
    subtitle = None
    seen_header: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if (_is_prose(line, context) or _opens_body(line, context)) and not context.chrome.is_site_prose(line):
            if line in seen_header:  # a standfirst printed twice
                i += 1
                continue
            following = [x for x in lines[i + 1 : i + 1 + 2 * STANDFIRST_LOOKAHEAD] if x][:STANDFIRST_LOOKAHEAD]
            before_next_prose = []
            for x in following:
                if _is_prose(x, context) or _opens_body(x, context):
                    break
                before_next_prose.append(x)
            next_text = next((x for x in following if _is_prose(x, context) or _opens_body(x, context)), "")
            lead_before_dateline = _opens_body(next_text, context) and not _opens_body(line, context)
            if not _opens_body(line, context) and (
                lead_before_dateline or any(_is_marker(x, context) for x in before_next_prose)
            ):
                subtitle = subtitle or line
                seen_header.add(line)
                i += 1
                continue
            return i, subtitle
        seen_header.add(line)
        i += 1
    # No paragraph ends a sentence: the first line long enough to be text starts it.
    for i, line in enumerate(lines):
        if (
            _words(line) >= PROSE_WORDS
            and not context.chrome.is_caption(line)
            and not context.chrome.is_site_prose(line)
        ):
            return i, None
    return len(lines), subtitle


def _html_body_start(lines: list[str], article: Article, context: PageContext) -> int:
    nonblank = [i for i, line in enumerate(lines) if line][:HTML_HEADLINE_LINES]
    at_title = next((i for i in nonblank if article.title and lines[i] == article.title), None)
    if at_title is not None:
        # A kicker, the headline, a standfirst, an author box and captions above the text.
        start, _ = _body_start(lines[at_title + 1 :], context)
        return at_title + 1 + start
    for i, line in enumerate(lines):
        if (
            line
            and line != article.title
            and not BYLINE.match(line)
            and not context.chrome.is_caption(line)
            and not (_words(line) <= SHORT_LINE_WORDS and find_date(line))
        ):
            return i
    return len(lines)


def _body_end(lines: list[str], start: int, context: PageContext) -> int:
    """Index after the last paragraph of the text: what follows is the page's foot."""
    last = None
    for i in range(start, len(lines)):
        line = lines[i]
        if not line:
            continue
        if last is not None and _credits(line, context):
            break  # "Editing by …", "… contributed to this report": the article has ended
        if (_is_prose(line, context) or i == start) and not context.chrome.is_site_prose(line):
            last = i
    return len(lines) if last is None else last + 1


def _clean_body(lines: list[str], article: Article, context: PageContext) -> list[str]:
    """Drop widgets inside the text: a widget heading and the short lines under it."""
    chrome = context.chrome
    kept: list[str] = []
    in_widget = False
    for line in lines:
        if not line:
            continue
        if chrome.is_widget_heading(line):
            in_widget = True
            continue
        if in_widget and not _is_prose(line, context):
            continue
        in_widget = False
        if chrome.is_lone_chrome(line) or (chrome.is_site_prose(line) and not _is_prose(line, context)):
            continue
        if chrome.is_site_prose(line) and _words(line) < LONG_PROSE_WORDS and not SENTENCE_END.search(line):
            continue  # "Sign up for our free newsletters …" between paragraphs
        if (
            kept
            and _words(line) <= CROSSHEAD_WORDS
            and not SENTENCE_END.search(line)
            and not line.endswith(":")
            and not _opens_body(line, context)
        ):
            continue  # a crosshead ("Uneasy calm") between paragraphs: a heading, not a sentence
        kept.append(line)
    return kept


# ---------------------------------------------------------------- the header


def _read_header(lines: list[str], article: Article, context: PageContext, all_lines: list[str]) -> None:
    """Title, dates, publisher, byline, caption, tags and a lone dateline, from the lines above the text."""
    chrome, outlets = context.chrome, context.outlets
    masthead_outlet = next((o for line in [x for x in lines if x][:MASTHEAD_LINES] if (o := outlets.match(line))), None)
    order = _outlet_date_order(article.publisher or masthead_outlet, context) or numeric_order_hint(lines)
    candidates: list[tuple[int, str]] = []
    published: list[tuple[PageDate, str]] = []
    updated: list[PageDate] = []
    seen_title_line = False
    after_widget = False
    short_run = _short_runs(lines, context)
    nonblank = [line for line in lines if line]
    masthead = set(nonblank[:MASTHEAD_LINES])
    # A dateline on its own line stands just above the text.
    near_text = {i for i, line in enumerate(lines) if line}
    near_text = set(sorted(near_text)[-LONE_DATELINE_LINES:])
    for index, line in enumerate(lines):
        if not line or len(line) > MAX_CHROME_LINE:
            continue
        if line == article.title:
            continue  # the headline repeated
        if publication := PUBLICATION_LINE.match(line):
            if _looks_like_outlet(publication.group("publisher"), outlets):
                _set_publisher(article, publication.group("publisher"), "publication line", context)
                published.append(
                    (PageDate(_iso(publication.group("date")) or "", publication.group("date")), "publication line")
                )
                article.section = publication.group("section")
                continue
        if tags := TAG_LINE.match(line):
            day, time = _tag_line_date(tags.group("date"), tags.group("time"), article)
            if day:
                published.append((PageDate(day, tags.group(0), time), "tag line"))
            article.tags = split_tags(tags.group("tags"))
            continue
        if byline := BYLINE.match(line):
            _read_byline(byline.group("name"), article, context)
            continue
        if chrome.is_caption(line) and not _opens_body(line, context):
            article.caption = article.caption or line  # a caption printed twice is still a caption
            continue
        if line in masthead and (outlet := outlets.match(line)):
            if article.publisher is None:
                article.publisher, article.publisher_rule = outlet, "masthead"
            elif outlet != article.publisher and article.credited_source is None and seen_title_line:
                article.credited_source = outlet  # "AFP" under a headline on another outlet's page
            continue
        if (outlet := outlets.match(line)) and outlet != article.publisher:
            if article.publisher is None:
                article.publisher, article.publisher_rule = outlet, "outlet line"
            elif seen_title_line and article.credited_source is None and _is_agency(outlet, context):
                article.credited_source = outlet
            continue
        if outlets.match(line):
            continue
        if index in near_text and _read_lone_dateline(line, article, context, published):
            continue
        if (
            seen_title_line
            and article.caption is None
            and _words(line) >= CAPTION_MIN_WORDS
            and SENTENCE_END.search(line)
            and FULL_DATE.search(line)
        ):
            article.caption = line  # "Smoke rises over a hillside near Sidakan, June 4, 2020."
            continue
        dates = _dates_in(line, order)
        if dates and _is_date_line(line, dates):
            _read_segments(line, article, context)
            if WEEKDAY_LINE.match(line) and not dates[0][0].time and not seen_title_line and article.page_date is None:
                article.page_date = dates[0][0].date  # the site's "today" banner above the headline
                continue
            for found, prefix in dates:
                kind = chrome.date_label(TIME_IN_LABEL.sub("", prefix))
                if kind == "updated":
                    updated.append(found)
                else:
                    published.append((found, "labelled line" if kind else "date line"))
            continue
        if _read_segments(line, article, context):
            continue
        if chrome.is_widget_heading(line):
            after_widget = True  # "Breaking" above a ticker of other headlines
            continue
        if after_widget:
            after_widget = False
            if _words(line) > TICKER_WORDS:
                continue  # a ticker strings several headlines together
        if _is_menu(line) or RUN_TOGETHER.search(line):
            continue
        if (
            (labelled := LABELLED.match(line))
            and _words(labelled.group("label")) <= 3
            and _words(labelled.group("value")) <= 3
        ):
            if SECTION_LABEL.match(labelled.group("label").strip()):
                article.section = labelled.group("value")
            continue
        if short_run.get(index):
            continue
        if line.isupper() and _words(line) <= NAV_WORDS - 1:
            article.section = article.section or line  # "WORLD NEWS", "WORLD, MIDDLE EAST"
            continue
        candidates.append((index, line))
        if article.title is None and TITLE_MIN_WORDS <= _words(line) <= TITLE_MAX_WORDS:
            seen_title_line = True
    _choose_title(candidates, article, all_lines, context)
    _strip_site_suffix(article, context)
    _choose_published(published, updated, article)


# Besides its dates, a line that dates the page holds at most this many words (a label, a byline, a weekday).
DATE_LINE_OTHER_WORDS = 5
# Small words a date line may hold; other lower-case words make it a sentence or a headline.
DATE_LINE_SMALL_WORDS = frozenset(
    "on by at of in am pm gmt utc date updated update published posted issued last modified min read views "
    "and the news story code id ago second seconds minute minutes hour hours day days".split()
)


def _is_date_line(line: str, dates: list) -> bool:
    """A line that is there to date the page: its date, a label, a byline, a time — not a
    sentence or a headline with a date in it ("What the March 10, 2023 deal means for Iraq")."""
    rest = line
    for found, _ in dates:
        rest = rest.replace(found.text, " ")
    rest = TIME_IN_LABEL.sub(" ", rest)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    lower = [w for w in words if w[0].islower() and w.lower() not in DATE_LINE_SMALL_WORDS]
    if len(words) > DATE_LINE_OTHER_WORDS or len(lower) >= 2:
        return False
    return not (len(words) >= 4 and SENTENCE_END.search(line))


def _short_runs(lines: list[str], context: PageContext) -> dict[int, bool]:
    """Lines inside a run of short lines (a menu), which are never the headline."""
    marks: dict[int, bool] = {}
    run: list[int] = []

    def close():
        if len(run) >= NAV_RUN:
            for i in run:
                marks[i] = True
        run.clear()

    for i, line in enumerate(lines):
        if line and _words(line) <= NAV_WORDS and not find_date(line) and not BYLINE.match(line):
            run.append(i)
        else:
            close()
    close()
    return marks


def _choose_title(
    candidates: list[tuple[int, str]], article: Article, all_lines: list[str], context: PageContext
) -> None:
    if article.title:
        return
    usable = [
        (i, line)
        for i, line in candidates
        if TITLE_MIN_WORDS <= _words(line) <= TITLE_MAX_WORDS and not _is_prose(line, context)
    ]
    if not usable:
        # A short headline ("Border talks") standing alone above the text.
        usable = [
            (i, line)
            for i, line in candidates
            if 2 <= _words(line) <= TITLE_MAX_WORDS and not _is_prose(line, context) and not context.outlets.match(line)
        ]
        if len({line for _, line in usable}) != 1:
            article.title_rule = "none: no line looks like a headline"
            return
    counts = {}
    for line in all_lines:
        counts[line] = counts.get(line, 0) + 1
    repeated = [(i, line) for i, line in usable if counts.get(line, 0) > 1]
    # A kicker ("Officials meet in Erbil") stands right above a longer headline.
    if (
        len(usable) > 1
        and _words(usable[0][1]) <= KICKER_WORDS
        and not any(all_lines[j] for j in range(usable[0][0] + 1, usable[1][0]))
        and _words(usable[1][1]) > _words(usable[0][1]) + 2
    ):
        usable = usable[1:]
    if repeated:
        article.title, article.title_rule = repeated[0][1], "repeated headline"
    else:
        article.title, article.title_rule = usable[0][1], "first headline-like line"
    later = [
        line for i, line in usable if line != article.title and i > min(j for j, x in usable if x == article.title)
    ]
    if later and not article.subtitle:
        article.subtitle = later[0]


TITLE_SUFFIX = re.compile(r"^(?P<title>.{8,}?)(?:\s+(?:[|–—]|-|::)\s+|\s*[|–—-]\s*(?=[A-Z]))(?P<site>[^|–—-]{2,60})$")


def _strip_site_suffix(article: Article, context: PageContext) -> None:
    """ "Border talks resume | Rudaw": the site's name after the headline is the publisher, not the title."""
    if not article.title:
        return
    match = TITLE_SUFFIX.match(article.title)
    outlet = match and _site_outlet(match.group("site"), context)
    if not outlet:
        return
    article.title = match.group("title").strip()
    if article.publisher is None:
        article.publisher, article.publisher_rule = outlet, "title suffix"


def _site_outlet(text: str, context: PageContext) -> str | None:
    """An outlet named by a site-name suffix ("Rudaw.net", "Al-Monitor: The Pulse of the Middle East")."""
    text = text.strip()
    return context.outlets.match(text) or context.outlets.match(re.split(r"[:.]", text)[0])


def _choose_published(published: list[tuple[PageDate, str]], updated: list[PageDate], article: Article) -> None:
    """The publication date is the first date the header gives as such; an 'updated' date only when alone."""
    published = [(d, rule) for d, rule in published if d.date]
    if updated:
        article.updated = updated[0].date
    chosen = None
    # A date the page labels as its publication date beats one it merely prints.
    published.sort(key=lambda dr: dr[1] != "labelled line")
    if published:
        chosen, rule = published[0]
    elif updated:
        chosen, rule = updated[0], "updated line (the page gives no other date)"
    if chosen and article.published is None:
        article.published, article.published_rule = chosen.date, rule
        article.published_time = article.published_time or chosen.time
        article.published_timezone = article.published_timezone or chosen.timezone
        if chosen.ambiguous:
            article.warnings.append(f"publication date {chosen.ambiguous}")


def _dates_in(line: str, order: str | None) -> list[tuple[PageDate, str]]:
    """Every date on a line, each with the text before it (its label)."""
    found = []
    rest, offset = line, 0
    while rest:
        date = find_date(rest, order)
        if date is None:
            break
        at = rest.find(date.text)
        if at < 0:
            break
        found.append((date, rest[:at]))
        rest = rest[at + len(date.text) :]
        offset += at + len(date.text)
    return found


def _read_segments(line: str, article: Article, context: PageContext) -> bool:
    """Labelled parts of a metadata line: "Source: Xinhua | 2019-09-09 | Editor: yan"."""
    read = False
    for segment in SEGMENT_SPLIT.split(line):
        labelled = LABELLED.match(segment)
        if not labelled:
            continue
        label, value = labelled.group("label").strip(), labelled.group("value").strip()
        if SOURCE_LABEL.match(label) and _looks_like_outlet(value, context.outlets):
            outlet = _outlet_id(value, article, context.outlets)
            if article.publisher is None:
                article.publisher, article.publisher_rule = outlet, "source line"
            elif outlet != article.publisher and article.credited_source is None:
                article.credited_source = outlet
            read = True
        elif EDITOR_LABEL.match(label) and _words(value) <= 4:
            article.editor = article.editor or value
            read = True
    return read


def _read_byline(name: str, article: Article, context: PageContext) -> None:
    """ "By Jane Roe", "By: AFP", "By Jane Roe in Erbil, Iraq", "By John Doe, Reuters"."""
    name = BYLINE_NOISE.sub("", name.strip()).strip(" ,|-")
    outlet = context.outlets.match(name)
    parts = [p.strip() for p in re.split(r"\s*[,|/]\s*|\s+[–—-]\s+", name) if p.strip()]
    if not outlet and len(parts) > 1 and (outlet := context.outlets.match(parts[-1])):
        name = ", ".join(parts[:-1])  # "By Jane Roe, Reuters": the writer, and the agency
    if outlet:
        if article.publisher is None:
            article.publisher, article.publisher_rule = outlet, "byline"
        elif outlet != article.publisher and article.credited_source is None:
            article.credited_source = outlet
    name = BYLINE_NOISE.sub("", name).strip(" ,|-")
    if outlet and context.outlets.match(name) == outlet:
        return  # "By Reuters": the agency is the credit; no person wrote it by name
    if article.byline is None and name:
        article.byline = name


def _read_lone_dateline(line: str, article: Article, context: PageContext, published: list) -> bool:
    """A dateline on a line of its own: "ANTALYA, Türkiye", "Baghdad-INA", "Baghdad Today - Baghdad"."""
    if _words(line) > 8 or article.dateline:
        return False
    if (m := LONE_DATELINE.match(line)) and (
        m.group("regions") or m.group("date") or context.places.canonical(m.group("place"))
    ):
        place = context.places.dateline_name(m.group("place"))
        if place is None or not (m.group("regions") or m.group("date") or m.group("parens") or line.isupper()):
            return False
        if not (m.group("place").isupper() or all(context.places.is_city(p) for p in m.group("place").split("/"))):
            return False  # "Iraq, Iran Confirm Border Patrol Timetable" is a headline
        regions = [r.strip() for r in m.group("regions").split(",") if r.strip()]
        if any(not context.places.canonical(r) and _words(r) > 3 for r in regions):
            return False
        article.dateline, article.dateline_text, article.dateline_rule = place, line, "dateline line"
        for agency in _agencies(m, context):
            _credit_agency(agency, article, "dateline agency")
        if m.group("date"):
            published.append((PageDate(_iso(m.group("date")) or "", m.group("date")), "dateline"))
        return True
    if m := PLACE_AGENCY.match(line):
        place = context.places.dateline_name(m.group("place"))
        if place and context.outlets.match(m.group("agency")):
            article.dateline, article.dateline_text, article.dateline_rule = place, line, "dateline line with agency"
            _credit_agency(context.outlets.match(m.group("agency")), article, "dateline agency")
            return True
    if m := OUTLET_PLACE.match(line):
        place = context.places.dateline_name(m.group("place"))
        outlet = context.outlets.match(m.group("outlet"))
        if place and outlet:
            article.dateline, article.dateline_text, article.dateline_rule = place, line, "dateline line with outlet"
            _credit_agency(outlet, article, "dateline agency")
            return True
    return False


# ---------------------------------------------------------------- the opening and the foot


def _dateline_place(match: re.Match, context: PageContext) -> str | None:
    """The canonical place of a dateline match, or None when the 'place' is not one."""
    place = match.group("place")
    if place.lower() in context.chrome.not_datelines:
        return None  # "EXCLUSIVE –", "ANALYSIS —": a kicker
    name = context.places.dateline_name(place)
    if name is None:
        return None
    rest = match.string[match.end() : match.end() + 1]
    if rest and not (rest.isupper() or rest.isdigit() or rest in "\"“‘'("):
        return None  # the text after a dateline starts a sentence
    if _is_headline_case(match.string[match.end() :]):
        return None  # "Tehran: Baghdad Has Until Spring to Finish …" is a headline
    if not place.isupper() and not all(context.places.is_city(p) for p in place.split("/")):
        return None
    known = all(context.places.canonical(p) for p in place.split("/"))
    if match.group("sep") == ":" and not known:
        return None  # "PMF: we thwarted …" is a heading, not a dateline
    if (
        not known
        and not (match.group("parens") or match.group("regions") or match.group("date"))
        and not place.isupper()
    ):
        return None
    if not place.isupper() and not known:
        return None
    return name


def _is_headline_case(text: str) -> bool:
    """Short text with most of its longer words capitalised: a headline, not a sentence."""
    words = text.split()
    if len(words) >= LONG_PROSE_WORDS or SENTENCE_END.search(text):
        return False
    long_words = [w for w in words if len(w) >= 4]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.75


def _read_opening(body: list[str], article: Article, context: PageContext) -> list[str]:
    """Bylines, the headline repeated, a dateline or an outlet's credit at the start of the text."""
    outlets = context.outlets
    if not body:
        return body
    while len(body) > 1 and ((byline := BYLINE.match(body[0])) or body[0] == article.title):
        if byline:
            _read_byline(byline.group("name"), article, context)
        body = body[1:]
    first = body[0]
    if (match := DATELINE.match(first)) and (place := _dateline_place(match, context)):
        if not article.dateline:
            article.dateline, article.dateline_rule = place, "dateline"
            article.dateline_text = first[: match.end()].strip()
        for agency in _agencies(match, context):
            _credit_agency(agency, article, "dateline agency")
        stated = article.published and not (article.published_rule or "").startswith("updated line")
        if match.group("date") and not stated:
            _read_dateline_date(match.group("date"), article, context)
        first = first[match.end() :]
    elif match := CREDIT.match(first):
        name = match.group("outlet")
        if _looks_like_outlet(name, outlets):
            outlet = _outlet_id(name, article, outlets)
            if article.publisher is None:
                article.publisher, article.publisher_rule = outlet, "opening credit"
            elif article.publisher != outlet and article.credited_source is None:
                article.credited_source = outlet
            article.dateline_text = article.dateline_text or first[: match.end()].strip()
            first = first[match.end() :]
    return [first, *body[1:]] if first else body[1:]


def _read_dateline_date(text: str, article: Article, context: PageContext) -> None:
    """ "TEHRAN, Feb. 15 (MNA) –": the day of the story. Its year comes from a full date on the
    dateline, else from the page's updated or saved day (the story is no later than those), else
    from the copyright line, which only suggests it (published_inferred)."""
    day = parse_date_text(text) if re.search(r"\d{4}", text) else None
    if day:
        article.published, article.published_rule = day.isoformat(), "dateline date"
        return
    for where, anchor in (("updated line", article.updated), ("page date", article.page_date)):
        if anchor and (iso := month_day_in_year(text, anchor, slack_days=0)):
            article.published, article.published_rule = iso, f"dateline date (year inferred from the {where})"
            article.warnings.append(f"publication year inferred from the {where} for dateline date '{text}'")
            return
    if (
        context.copyright_year
        and not article.published
        and (iso := month_day_in_year(text, f"{context.copyright_year}-12-31", slack_days=0))
    ):
        article.published_inferred = iso
        article.published_inferred_reason = (
            f"no publication date on the page; the dateline's '{text}' "
            f"in the copyright line's year {context.copyright_year}"
        )
        article.published_rule = "inferred: dateline date, year from the copyright line"


def _agencies(match: re.Match, context: PageContext) -> list[str]:
    """Outlets credited in a dateline: "(MNA)", "(Iraq) (AFP)", ", IRNA"."""
    found = []
    for text in re.findall(r"\(([^()]+)\)", match.group("parens") or ""):
        outlet = context.outlets.match(text)
        if outlet:
            found.append(outlet)
        elif not context.places.canonical(text) and _looks_like_outlet(text, context.outlets):
            found.append(text)
    agency = match.groupdict().get("agency")
    if agency and context.outlets.match(agency):
        found.append(context.outlets.match(agency))
    return found


def _credit_agency(outlet: str, article: Article, rule: str) -> None:
    """An agency in a dateline is the story's credited source, unless it is the publisher itself."""
    outlets = load_outlets()
    if outlet not in outlets.outlets and not outlet.islower():
        outlet = _outlet_id(outlet, article, outlets)
    if outlet != article.publisher and article.credited_source is None:
        article.credited_source = outlet


def _credits(line: str, context: PageContext) -> list[tuple[str, str]]:
    """[('editor', 'Jane Roe'), …] for a credit line; a line may hold several, split by ';'."""
    found = []
    for part in line.split(";"):
        for kind, pattern in context.chrome.credits.items():
            if m := pattern.match(part.strip()):
                found.append((kind, m.group("name").strip()))
                break
    return found


def _read_closing_lines(body: list[str], article: Article, context: PageContext) -> list[str]:
    """Credits and a lone outlet name after the last paragraph."""
    body = list(body)
    while body:
        last = body[-1]
        if _read_credit_line(last, article, context):
            pass
        elif outlet := context.outlets.match(last):
            if article.credited_source is None and outlet != article.publisher:
                article.credited_source = outlet
            elif article.credited_source not in (None, outlet) and outlet != article.publisher:
                article.warnings.append(f"closing line names another outlet: {last}")
        else:
            break
        body.pop()
    return body


def _read_credit_line(line: str, article: Article, context: PageContext) -> bool:
    """Reads a credit line into the article; False when the line credits nobody."""
    found = _credits(line, context)
    for kind, name in found:
        if kind == "syndicated_from":
            outlet = _outlet_id(name, article, context.outlets)
            if outlet != article.publisher and article.credited_source is None:
                article.credited_source = outlet
        elif kind == "edited_by_outlet":
            if (outlet := context.outlets.match(name)) and article.publisher is None:
                article.publisher, article.publisher_rule = outlet, "editing credit"
            elif not outlet:
                article.editor = article.editor or name
        elif kind == "editor":
            article.editor = article.editor or name
        else:
            article.warnings.append(f"{kind} credited: {name}")
    return bool(found)


def _read_footer(lines: list[str], article: Article, context: PageContext) -> None:
    """Credits, tags and the copyright line below the text."""
    closing = next((line for line in lines if line), "")
    if (outlet := context.outlets.match(closing)) and outlet != article.publisher and article.credited_source is None:
        # A lone outlet name right after the text credits the story to it.
        article.credited_source = outlet
    tag_list: list[str] | None = None
    for line in lines:
        if tag_list is not None:
            if line and _words(line) <= NAV_WORDS and not context.chrome.is_widget_heading(line):
                tag_list.append(line)
                continue
            if tag_list and not article.tags:
                article.tags = tag_list
            tag_list = None
        if not line:
            continue
        if re.fullmatch(r"(?:tags|topics|keywords)\s*:?", line, re.IGNORECASE):
            tag_list = []  # the tags follow, one a line
            continue
        if _read_credit_line(line, article, context):
            continue
        if (m := re.match(r"^Tags?\s*:\s*(?P<tags>.+)$", line, re.IGNORECASE)) and not article.tags:
            article.tags = split_tags(m.group("tags"))
            continue
        if (m := LABELLED.match(line)) and SOURCE_LABEL.match(m.group("label").strip()):
            # "Source: Xinhua" under the text: the story came from there (credited, not the publisher).
            outlet = context.outlets.match(m.group("value").strip())
            if outlet and outlet != article.publisher and article.credited_source is None:
                article.credited_source = outlet
            continue
        if COPYRIGHT.search(line) and _words(line) <= 16:
            _read_copyright(line, article, context)
    if tag_list and not article.tags:
        article.tags = tag_list
    if article.publisher is None:
        # A lone outlet name in the foot ("Tehran Times", "Shafaq Live") is the site signing its page.
        for line in lines:
            if line and (outlet := context.outlets.match(line)):
                article.publisher, article.publisher_rule = outlet, "footer"
                break


def _read_copyright(line: str, article: Article, context: PageContext) -> None:
    """ "© 2024 BasNews. All rights reserved", "All rights reserved to Some Outlet © 2022"."""
    outlets = context.outlets
    years = re.findall(r"\b(?:19|20)\d{2}\b", line)
    if years:
        context.copyright_year = context.copyright_year or years[-1]
    found = outlets.find(line)
    outlet = found[0][2] if found else None
    if outlet is None:
        name = re.sub(r"\s+", " ", COPYRIGHT_NOISE.sub(" ", line)).strip(" -–")
        name = re.sub(r"\s*\([^)]*\)$", "", name)
        if name and _words(name) <= 5 and name[0].isupper() and not context.chrome.is_site_prose(name):
            outlet = _outlet_id(name, article, outlets)
    if outlet is None:
        return
    if article.publisher is None:
        article.publisher, article.publisher_rule = outlet, "copyright line"
    elif outlet != article.publisher and article.credited_source is None and _is_agency(outlet, context):
        article.credited_source = outlet  # "© 2021 AFP" on a broadcaster's page


# ---------------------------------------------------------------- HTML metadata


def _read_metadata(meta: html_pages.PageMetadata, article: Article, context: PageContext) -> None:
    if meta.title:
        article.title, article.title_rule = meta.title, "html: " + meta.title_source
        _strip_site_suffix(article, context)
    if meta.site_name:
        outlet = context.outlets.match(meta.site_name) or _outlet_id(meta.site_name, article, context.outlets)
        article.publisher, article.publisher_rule = outlet, "html: site name"
    if meta.published:
        found = find_date(meta.published, "YMD")
        if found:
            article.published, article.published_rule = found.date, "html: " + meta.published_source
            article.published_time, article.published_timezone = found.time, found.timezone
            if found.ambiguous:
                article.warnings.append(f"publication date {found.ambiguous}")
    if meta.updated and (found := find_date(meta.updated, "YMD")):
        article.updated = found.date
    if meta.url:
        article.url = meta.url
    if meta.caption:
        article.caption = meta.caption
    if meta.description:
        article.subtitle = meta.description
    if meta.location and (place := context.places.canonical(meta.location)):
        article.dateline, article.dateline_text, article.dateline_rule = place, meta.location, "html: byline location"
    publisher = context.outlets.outlets.get(article.publisher or "")
    if (
        meta.author
        and publisher
        and any(n.lower().startswith(meta.author.lower()) for n in (publisher.name, *publisher.aliases))
    ):
        pass  # "Kurdistan" for "Kurdistan 24": the site's name cut short, not a writer
    elif meta.author and (outlet := context.outlets.match(meta.author)):
        if outlet != article.publisher and article.credited_source is None:
            article.credited_source = outlet  # "Kurdistan 24" as author: the outlet, not a writer
    elif meta.author:
        author = meta.author
        first, _, rest = author.partition(" ")
        if (
            rest
            and context.places.is_city(first.rstrip(":,"))
            and (place := context.places.canonical(first.rstrip(":,")))
        ):
            # "Baghdad: Jane Roe": a correspondent's city before the name.
            if not article.dateline:
                article.dateline, article.dateline_text, article.dateline_rule = place, author, "html: byline city"
            author = rest
        _read_byline(author, article, context)


# ---------------------------------------------------------------- settling


def _settle_fields(article: Article, lines: list[str]) -> None:
    """Inferred dates and the warnings for fields the page lacks, once per page."""
    if article.title and article.title[0].islower():
        article.warnings.append("title starts in lower case: it may have been cut when the page was saved")
    if article.title is None:
        article.title_rule = article.title_rule or "none: no line looks like a headline"
        article.warnings.append("no title found on the page")
    if article.published is None:
        _infer_published(article)
    if article.publisher is None and article.credited_source:
        # Nothing else names the site: the agency the story is credited to stands for it.
        article.publisher, article.publisher_rule = (
            article.credited_source,
            "credited agency (no other publisher named)",
        )
    if article.publisher is None:
        article.warnings.append("no publisher found on the page")
    if article.dateline is None:
        article.warnings.append("no dateline found on the page")


# A date in these first characters of the text may stand in for a missing publication date.
FIRST_SENTENCE_CHARS = 200
# A file photo's date is the photo's, not the story's.
FILE_PHOTO = re.compile(r"\bfile\b", re.IGNORECASE)


def _infer_published(article: Article) -> None:
    """No publication date on the page: take an explicit full date from the caption, else the first sentence."""
    # The opening words of the text: a split at "." would stop at "Feb.".
    opening = article.body[:FIRST_SENTENCE_CHARS].split("\n")[0] if article.body else ""
    caption = article.caption if article.caption and not FILE_PHOTO.search(article.caption) else None
    for where, text in (("photo caption", caption), ("first sentence", opening)):
        if text and (match := FULL_DATE.search(text)):
            iso = _iso(match.group("date"))
            if not iso:
                continue
            article.published_inferred = iso
            article.published_inferred_reason = (
                f"no publication date on the page; explicit date '{match.group('date')}' in the {where}"
            )
            article.published_rule = f"inferred: {where}"
            article.warnings.append(f"no publication date on the page; inferred from the {where}")
            return
    article.warnings.append("no publication date on the page")


def _outlet_date_order(outlet_id: str | None, context: PageContext) -> str | None:
    outlet = context.outlets.outlets.get(outlet_id or "")
    return outlet.date_order if outlet else None


def _is_agency(outlet_id: str, context: PageContext) -> bool:
    outlet = context.outlets.outlets.get(outlet_id)
    return outlet is not None and outlet.kind == "agency"


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
    """A known outlet's id; an unknown one is recorded so the build can add it (source = page)."""
    name = name.strip()
    known = outlets.match(name)
    if known:
        return known
    if name not in article.new_outlets:
        article.new_outlets.append(name)
        article.warnings.append(f"outlet not in the curated list: {name}")
    return slugify(name)


def _set_publisher(article: Article, name: str, rule: str, context: PageContext) -> None:
    article.publisher, article.publisher_rule = _outlet_id(name, article, context.outlets), rule


def _tag_line_date(day: str, time: str, article: Article) -> tuple[str | None, str | None]:
    """The tag line's date and time, each kept only if it exists ("2024-13-45", "25:61" do not)."""
    kept: list[str | None] = []
    for value, fmt, what in ((day, "%Y-%m-%d", "date"), (time, "%H:%M", "time")):
        try:
            datetime.strptime(value, fmt)
            if what == "date" and parse_date_text(value, "YMD") is None:
                raise ValueError(value)  # "1970-01-01": a system's empty default, not a day
            kept.append(value)
        except ValueError:
            article.warnings.append(f"tag line gives an impossible publication {what} '{value}'; ignored")
            kept.append(None)
    return kept[0], kept[1] if kept[0] else None


def _iso(text: str) -> str | None:
    """A date written with a month name, as ISO; dateparser reads it."""
    found = find_date(text)
    return found.date if found else None


# ---------------------------------------------------------------- the corpus


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The pages of a corpus folder: saved text and saved HTML, in name order."""
    return (
        sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES) if corpus_dir.is_dir() else []
    )


def read_corpus(corpus_dir: str | Path) -> tuple[list[Article], list[Problem]]:
    """Read every page in a folder (*.txt, *.html, *.htm) and its manifest.

    Returns articles and problems, in file order."""
    corpus_dir = Path(corpus_dir)
    articles: list[Article] = []
    problems: list[Problem] = []
    manifest, manifest_problems = read_manifest(corpus_dir)
    problems += manifest_problems
    files = corpus_files(corpus_dir)
    if manifest is not None:
        names = {p.name for p in files}
        for name in manifest:
            if name not in names:
                problems.append(
                    Problem(name, "warning", "the manifest lists this file, but the corpus has no such page")
                )
        for path in files:
            if path.name not in manifest:
                problems.append(
                    Problem(path.name, "warning", "page not listed in the manifest; read from the page alone")
                )
    seen: dict[str, str] = {}
    shingle_owner: dict[int, int] = {}  # 8-gram -> index of the first article that had it
    for path in files:
        article, found = read_page(path, (manifest or {}).get(path.name))
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
            problems.append(
                Problem(
                    path.name,
                    "warning",
                    f"near-duplicate of {articles[best[0]].source_file} ({best[1] / len(grams):.0%} of its text the same); kept once",
                )
            )
            continue
        seen[article.sha256] = seen[body_key] = path.name
        for gram in grams:
            shingle_owner.setdefault(gram, len(articles))
        articles.append(article)
    return articles, problems


def read_page(path: Path, manifest_row: dict | None = None) -> tuple[Article | None, list[Problem]]:
    """Read one file; never raises for bad input."""
    name = path.name
    try:
        if path.is_symlink() and not path.exists():
            raise UnreadablePage("broken symbolic link")
        if path.is_dir():
            raise UnreadablePage("a directory, not a file")
        raw = path.read_bytes()
        sha256 = hashlib.sha256(raw).hexdigest()
        if path.suffix.lower() in (".html", ".htm"):
            page = html_pages.extract(raw)
            problems = [Problem(name, "warning", w) for w in page.warnings]
            if not page.text.strip():
                return None, [
                    *problems,
                    Problem(name, "error", "no article text in the HTML page (an index, a listing or an empty page)"),
                ]
            try:
                article = parse_page(page.text, name, sha256, metadata=page.metadata)
            except UnreadablePage as error:
                return None, [*problems, Problem(name, "error", str(error))]
        else:
            text, problems = decode(raw, name)
            article = parse_page(text, name, sha256)
    except (UnreadablePage, html_pages.UnreadableHtml) as error:
        return None, [Problem(name, "error", str(error))]
    except OSError as error:
        return None, [Problem(name, "error", f"cannot read file: {error.strerror or error}")]
    if manifest_row:
        apply_manifest(article, manifest_row)
    problems += [Problem(name, "warning", w) for w in article.warnings]
    return article, problems


# ---------------------------------------------------------------- the manifest


def read_manifest(corpus_dir: Path) -> tuple[dict[str, dict] | None, list[Problem]]:
    """manifest.csv or manifest.jsonl: what the collector knew of each page, keyed by file name.

    None when the corpus has no manifest."""
    for name in MANIFEST_NAMES:
        path = corpus_dir / name
        if path.is_file():
            break
    else:
        return None, []
    problems: list[Problem] = []
    rows: list[dict] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, "error", f"manifest unreadable, pages read without it: {error}")]
    if name.endswith(".csv"):
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "file" not in reader.fieldnames:
            return None, [Problem(name, "error", "manifest has no 'file' column; pages read without it")]
        rows = list(reader)
    else:
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(Problem(name, "warning", f"manifest line {n} is not JSON ({error.msg}); skipped"))
                continue
            if not isinstance(row, dict) or not row.get("file"):
                problems.append(Problem(name, "warning", f"manifest line {n} names no file; skipped"))
                continue
            rows.append(row)
    manifest: dict[str, dict] = {}
    for row in rows:
        file = (row.get("file") or "").strip()
        if not file:
            problems.append(Problem(name, "warning", "manifest row names no file; skipped"))
            continue
        if file in manifest:
            problems.append(Problem(file, "warning", "listed twice in the manifest; the first row is used"))
            continue
        if None in row:  # more fields than the header names
            problems.append(
                Problem(file, "warning", f"manifest row has {len(row[None])} fields more than its header; ignored")
            )
        unknown = {k for k in row if k} - set(MANIFEST_FIELDS)
        if unknown:
            problems.append(Problem(file, "warning", f"manifest columns not used: {', '.join(sorted(unknown))}"))
        manifest[file] = {
            k: (str(v).strip() if v is not None else None) or None for k, v in row.items() if k in MANIFEST_FIELDS
        }
    return manifest, problems


def apply_manifest(article: Article, row: dict) -> None:
    """What the manifest says wins over what the page suggests; each field's rule says 'manifest'."""
    if row.get("url"):
        article.url = row["url"]
    if row.get("outlet"):
        outlets = load_outlets()
        outlet = outlets.match(row["outlet"]) or _outlet_id(row["outlet"], article, outlets)
        if outlet != article.publisher:
            if article.credited_source == outlet:
                article.credited_source = None
        article.publisher, article.publisher_rule = outlet, "manifest"
        article.warnings[:] = [w for w in article.warnings if w != "no publisher found on the page"]
    if row.get("published"):
        found = find_date(row["published"], "YMD")
        if found and found.ambiguous and article.published:
            article.warnings.append(f"manifest date {found.ambiguous}; the page's own date kept")
        elif found:
            article.published, article.published_rule = found.date, "manifest"
            article.published_time = found.time or article.published_time
            article.published_timezone = found.timezone or article.published_timezone
            article.published_inferred = article.published_inferred_reason = None
            article.warnings[:] = [w for w in article.warnings if not w.startswith("no publication date")]
        else:
            article.warnings.append(f"manifest date '{row['published']}' is not a date; ignored")
    if row.get("retrieved_at"):
        article.retrieved_at = row["retrieved_at"]
    if row.get("licence"):
        article.licence = row["licence"]
