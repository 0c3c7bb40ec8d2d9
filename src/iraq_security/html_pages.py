"""Saved HTML pages: the article's text and the page's own metadata, by trafilatura.

`trafilatura` is the field's standard for taking the main text of a news
page without its navigation, related links, comments and footer, and for
reading title, date, site name and author from the page's meta tags. This
module adds only what a saved page needs around it: decoding bytes whose
declared encoding may be wrong, a correspondent's location that sites keep
in the byline, and a guarantee that no markup reaches the text. The text then
goes down the same rules as a saved text page (`pages.parse_page`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import trafilatura
from lxml import html as lxml_html

# Pages larger than this are not articles but a saved site or a dump; reported, not parsed.
MAX_HTML_BYTES = 20_000_000
# A news page has a few thousand elements once scripts, styles and hidden parts are gone;
# one with more is a dump or a trap, reported rather than parsed for minutes.
MAX_ELEMENTS = 40_000
# A charset declaration, or a binary file's NUL bytes, show in the first bytes.
SNIFF_BYTES = 4096
# JSON-LD graphs nest articles a level or two deep; deeper is not an article's metadata.
MAX_JSON_LD_DEPTH = 4
# A location element of more words is a sentence, not a place.
MAX_LOCATION_WORDS = 4
# Parts of a page that never hold the article's text.
NEVER_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "form")
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Only dates the page states: htmldate's extensive search would guess one from a copyright year.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,500}>")
LOCATION_CLASSES = ("location", "dateline")


class UnreadableHtml(Exception):
    """An HTML page the reader cannot use; the message says why."""


@dataclass
class PageMetadata:
    title: str | None = None
    title_source: str = "title"
    site_name: str | None = None
    published: str | None = None
    published_source: str = "date"
    updated: str | None = None
    url: str | None = None
    author: str | None = None
    description: str | None = None
    location: str | None = None
    caption: str | None = None


@dataclass
class HtmlPage:
    text: str
    metadata: PageMetadata
    warnings: list[str] = field(default_factory=list)


def decode_html(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 when the bytes are UTF-8, whatever the page declares."""
    warnings = []
    declared = DECLARED_CHARSET.search(raw[:SNIFF_BYTES])
    declared_name = declared.group(1).decode("ascii", "replace").lower() if declared else None
    try:
        text = raw.decode("utf-8-sig")
        if declared_name and declared_name.replace("_", "-") not in ("utf-8", "utf8"):
            warnings.append(f"declared encoding '{declared_name}' is wrong: the bytes are UTF-8; read as UTF-8")
        return text, warnings
    except UnicodeDecodeError:
        pass
    for encoding in (declared_name, "cp1252"):
        if not encoding:
            continue
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        if declared_name and encoding != declared_name:
            warnings.append(f"declared encoding '{declared_name}' does not fit the bytes; read as {encoding}")
        elif not declared_name:
            warnings.append(f"not UTF-8 and no declared encoding; read as {encoding}")
        return text, warnings
    return raw.decode("utf-8", errors="replace"), [*warnings, "undecodable bytes replaced"]


def extract(raw: bytes) -> HtmlPage:
    """Main text and metadata of one saved HTML page."""
    if not raw.strip():
        raise UnreadableHtml("empty file: no page to read")
    if len(raw) > MAX_HTML_BYTES:
        raise UnreadableHtml(f"HTML page of {len(raw):,} bytes exceeds the {MAX_HTML_BYTES:,} a saved article may have")
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise UnreadableHtml("binary file: not a saved HTML page")
    source, warnings = decode_html(raw)
    metadata = PageMetadata()
    tree = _parse(source)
    if tree is not None:
        _read_json_ld(tree, metadata)  # before the scripts that hold it are pruned
        _prune(tree)
        _read_tree(tree, metadata)
    try:
        document = trafilatura.bare_extraction(
            tree if tree is not None else source,
            date_extraction_params=DATE_PARAMS,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
        )
    except Exception as error:  # trafilatura and lxml raise many kinds on broken input
        raise UnreadableHtml(f"HTML could not be parsed: {error!r}") from None
    if document is None:
        raise UnreadableHtml("no article text in the HTML page (an index, a listing or an empty page)")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = data.get("text") or ""
    if TAG.search(text):
        warnings.append("markup left in the extracted text was removed")
        text = TAG.sub(" ", text)
    metadata.title = _clean(data.get("title"))
    metadata.title_source = "og:title, <h1> or <title>"
    metadata.site_name = _clean(data.get("sitename"))
    if not metadata.published and data.get("date"):
        metadata.published, metadata.published_source = data["date"], "date in the page's markup (htmldate)"
    metadata.url = metadata.url or _clean(data.get("url"))
    metadata.author = _clean(data.get("author"))
    metadata.description = _clean(data.get("description"))
    return HtmlPage(text=text, metadata=metadata, warnings=warnings)


def _read_json_ld(tree, metadata: PageMetadata) -> None:
    """schema.org's datePublished and dateModified: the page's own statement of its dates."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads((script.text or "").strip())
        except (ValueError, RecursionError):
            continue
        for item in _json_ld_items(data):
            if item.get("datePublished") and not metadata.published:
                metadata.published, metadata.published_source = str(item["datePublished"]), "JSON-LD datePublished"
            if item.get("dateModified") and not metadata.updated:
                metadata.updated = str(item["dateModified"])


def _json_ld_items(data, depth: int = 0):
    if depth > MAX_JSON_LD_DEPTH:
        return
    if isinstance(data, list):
        for x in data:
            yield from _json_ld_items(x, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_ld_items(data["@graph"], depth + 1)


def _parse(source: str):
    """The page's tree; None when lxml cannot parse it."""
    try:
        return lxml_html.fromstring(source)
    except (ValueError, lxml_html.etree.ParserError, lxml_html.etree.XMLSyntaxError):
        return None


def _prune(tree) -> None:
    """Scripts, styles, frames and hidden parts never hold the article's text."""
    for element in list(tree.iter(*NEVER_TEXT)):
        if element.getparent() is not None:
            element.getparent().remove(element)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.get("hidden") is not None or HIDDEN.search(element.get("style") or ""):
            element.getparent().remove(element)
    count = sum(1 for _ in tree.iter())
    if count > MAX_ELEMENTS:
        raise UnreadableHtml(
            f"HTML page of {count:,} elements exceeds the {MAX_ELEMENTS:,} a news page has; "
            "not read (a saved site, a dump, or a page built to stall readers)"
        )


def _read_tree(tree, metadata: PageMetadata) -> None:
    """What trafilatura leaves aside: the stated dates, the canonical link, a caption, a byline's location."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        content = (meta.get("content") or "").strip()
        if key in ("article:published_time", "datepublished") and content and not metadata.published:
            metadata.published, metadata.published_source = content, "meta article:published_time"
        elif key in ("article:modified_time", "datemodified") and content:
            metadata.updated = content
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href") and not metadata.url:
            metadata.url = link.get("href").strip()
    for figcaption in tree.iter("figcaption"):
        text = _clean(figcaption.text_content())
        if text:
            metadata.caption = text
            break
    for element in tree.iter():
        classes = (element.get("class") or "").lower().split() if isinstance(element.tag, str) else []
        if any(c in LOCATION_CLASSES for c in classes):
            text = _clean(element.text_content())
            if text and len(text.split()) <= MAX_LOCATION_WORDS:
                metadata.location = text
                break


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", " ", TAG.sub(" ", text)).strip()
    return text or None
