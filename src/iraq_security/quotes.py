"""Quotation spans in an article body, robust to unbalanced marks.

Quotes never cross a paragraph: an unclosed quote ends at the paragraph's
end (with a warning), so one stray mark cannot swallow the rest of the
article (textacy's known failure). Straight and curly double quotes mix in
real pages (`"Three years ago …,” Caggins said`), so any opening mark may be
closed by any closing mark.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"“", '"', "«", "„"}
CLOSERS = {"”", '"', "»", "“"}


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    closed: bool

    def contains(self, position: int) -> bool:
        return self.start <= position < self.end


def find_quotes(body: str) -> tuple[list[Quote], list[str]]:
    """Every quoted stretch of the body, and warnings about unclosed quotes."""
    quotes: list[Quote] = []
    warnings: list[str] = []
    offset = 0
    for paragraph in body.split("\n"):
        open_at: int | None = None
        for i, char in enumerate(paragraph):
            if open_at is None:
                if char in OPENERS and _opens(paragraph, i):
                    open_at = i + 1
            elif char in CLOSERS and _closes(paragraph, i):
                quotes.append(Quote(offset + open_at, offset + i, True))
                open_at = None
            elif char in OPENERS and _opens(paragraph, i):
                # A new opening mark inside an open quote: the first was never closed.
                quotes.append(Quote(offset + open_at, offset + i, False))
                warnings.append(f"unclosed quotation mark at character {offset + open_at - 1}; ended at the next quote")
                open_at = i + 1
        if open_at is not None:
            end = len(paragraph.rstrip())
            if end > open_at:
                quotes.append(Quote(offset + open_at, offset + end, False))
            warnings.append(f"unclosed quotation mark at character {offset + open_at - 1}; ended at the paragraph end")
        offset += len(paragraph) + 1
    return [q for q in quotes if body[q.start : q.end].strip()], warnings


def _opens(text: str, i: int) -> bool:
    """A straight quote opens at a word start, not after a letter."""
    if text[i] != '"':
        return True
    return i == 0 or not text[i - 1].isalnum()


def _closes(text: str, i: int) -> bool:
    """Whether a closing-capable mark closes the open quote.

    A left curly mark closes only right after a word or punctuation; a straight
    mark after a space and before a word ("said "first "second") opens a new
    quote instead: the open one was never closed."""
    if text[i] == "“":
        return (
            i > 0
            and (text[i - 1].isalnum() or text[i - 1] in ".,!?")
            and (i + 1 == len(text) or not text[i + 1].isalnum())
        )
    if text[i] == '"':
        return not ((i == 0 or text[i - 1].isspace()) and i + 1 < len(text) and text[i + 1].isalnum())
    return True


def inside(quotes: list[Quote], position: int) -> Quote | None:
    for quote in quotes:
        if quote.contains(position):
            return quote
    return None
