"""Dates as pages print them: which string is the publication date, and what it says.

Parsing a date string is `dateparser`'s job. This module decides only the
shapes worth handing to it (a line that is a date, a labelled line, an ISO
timestamp, a dateline's "Feb. 15") and settles what the library cannot: the
order of an all-numeric date ("05-12-2024"), and the year of a dateline date.
The labels and their meanings are data in data/page_chrome.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import dateparser

# Month names and abbreviations, used only to find date-shaped stretches of a line;
# dateparser does the reading.
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
ZONE = r"(?:(?:GMT|UTC)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|Z\b|[A-Z]{2,4}T\b)"

ISO_TIMESTAMP = re.compile(
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}})[T ](?P<time>\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)\s*(?P<zone>{ZONE})?"
)
NUMERIC_DATE = re.compile(r"(?<![\d.])(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?![\d.]*\d)")
WORDY_DATE = re.compile(
    rf"(?:{WEEKDAY},?\s+)?(?:"
    rf"{MONTH},?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 12, 2024 / June, 07, 2021
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s*[-–]?\s*{MONTH},?\s*[-–]?\s*\d{{4}}"  # 13 Jun 2023 / 20 - February - 2024
    rf")",
    re.IGNORECASE,
)
TIME_NEAR = re.compile(rf"(?P<time>{TIME})(?:\s*(?P<zone>{ZONE}))?")

SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
# Pages dated before the web or far ahead of any build are misreadings.
EARLIEST_YEAR = 1990


@dataclass
class PageDate:
    """One date found on a page."""

    date: str  # ISO yyyy-mm-dd
    text: str  # as written
    time: str | None = None  # HH:MM
    timezone: str | None = None
    ambiguous: str | None = None  # why the day/month order could not be decided


def parse_date_text(text: str, order: str | None = None) -> date | None:
    """One date string to a date, with dateparser; None when it is not a whole date."""
    settings = dict(SETTINGS)
    if order:
        settings["DATE_ORDER"] = order
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):  # dateparser raises on some garbage
        return None
    if parsed is None or not EARLIEST_YEAR <= parsed.year <= datetime.now().year + 1:
        return None
    return parsed.date()


# A line that dates a page is short; longer ones are text, where dates are events, not publication.
MAX_DATE_LINE = 300


def find_date(line: str, order: str | None = None) -> PageDate | None:
    """The first full date written in a line (ISO, numeric or with a month name), with its time."""
    if len(line) > MAX_DATE_LINE:
        return None
    if match := ISO_TIMESTAMP.search(line):
        day = parse_date_text(match.group("date"), "YMD")
        if day:
            zone = match.group("zone")
            return PageDate(day.isoformat(), match.group(0), match.group("time")[:5], _zone(zone))
    if match := WORDY_DATE.search(line):
        day = parse_date_text(re.sub(r"\s*[-–]\s*", " ", match.group(0)))
        if day:
            return _with_time(PageDate(day.isoformat(), match.group(0)), line, match)
    named = [WEEKDAY_NAMES[w] for w in re.findall(r"[a-z]+", line.lower()) if w in WEEKDAY_NAMES]
    for match in NUMERIC_DATE.finditer(line):
        found = _numeric(match, order or _order_by_weekday(match, named))
        if found:
            return _with_time(found, line, match)
    return None


WEEKDAY_NAMES = {
    name: n
    for n, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}


def _order_by_weekday(match: re.Match, named: list[int]) -> str | None:
    """ "Tuesday, 11/12/2024": the reading that falls on the weekday the line names."""
    if not named:
        return None
    for reading in ("DMY", "MDY"):
        day = parse_date_text(match.group(0), reading)
        if day and day.weekday() == named[0]:
            return reading
    return None


def numeric_order_hint(lines: list[str]) -> str | None:
    """DMY or MDY when some all-numeric date on the page can only be read one way."""
    for line in lines:
        if len(line) > MAX_DATE_LINE:
            continue
        for match in NUMERIC_DATE.finditer(line):
            a, b, c = (int(match.group(k)) for k in "abc")
            if (
                len(match.group("a")) == 4
                or len(match.group("c")) != 4
                or not EARLIEST_YEAR <= c <= datetime.now().year + 1
            ):
                continue  # "article 14.3.1" is no date
            if not (1 <= a <= 31 and 1 <= b <= 31):
                continue
            if a > 12 >= b:
                return "DMY"
            if b > 12 >= a:
                return "MDY"
    return None


def _numeric(match: re.Match, order: str | None) -> PageDate | None:
    a, c = match.group("a"), match.group("c")
    text = match.group(0)
    if len(a) == 4:  # 2024/05/12: year first is never month-last
        day = parse_date_text(text, "YMD")
        return PageDate(day.isoformat(), text) if day else None
    if len(c) != 4:
        return None
    readings = {}
    for reading in ("DMY", "MDY"):
        day = parse_date_text(text, reading)
        if day:
            readings[reading] = day
    if not readings:
        return None
    if len(set(readings.values())) == 1:
        return PageDate(next(iter(readings.values())).isoformat(), text)
    if order in readings:
        return PageDate(readings[order].isoformat(), text)
    # Most of the region's outlets write day first; say that it was a guess.
    guess = readings.get("DMY") or next(iter(readings.values()))
    return PageDate(guess.isoformat(), text, ambiguous=f"'{text}' reads as day-month or month-day; took day first")


# A time belongs to a date when only a separator (" - ", " | ", " at ") stands between them.
MAX_GAP_DATE_TO_TIME = 6
MAX_GAP_TIME_TO_DATE = 4


def _with_time(found: PageDate, line: str, match: re.Match) -> PageDate:
    """A time written just after the date, or just before it ("10:26 PM GMT+3, August 22, 2024")."""
    after = TIME_NEAR.search(line, match.end())
    if after and after.start() - match.end() <= MAX_GAP_DATE_TO_TIME:
        found.time, found.timezone = _clock(after.group("time")), _zone(after.group("zone"))
        return found
    before = [m for m in TIME_NEAR.finditer(line[: match.start()])]
    if before and match.start() - before[-1].end() <= MAX_GAP_TIME_TO_DATE:
        found.time, found.timezone = _clock(before[-1].group("time")), _zone(before[-1].group("zone"))
    return found


def _clock(text: str) -> str | None:
    text = text.replace(".", "").upper().strip()
    for fmt in ("%I:%M %p", "%I:%M%p", "%H:%M:%S", "%H:%M"):
        try:
            return datetime.strptime(text, fmt).strftime("%H:%M")
        except ValueError:
            continue
    return None


def _zone(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", "", text)
    if text == "Z":
        return "+00:00"
    if m := re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text):
        return f"{m.group(1)}{m.group(2)}:{m.group(3)}"
    return text


def month_day_in_year(text: str, year_from: str | None, slack_days: int = 31) -> str | None:
    """A dateline's "Feb. 15" in the year of another date on the page, when that makes sense.

    The year is taken from `year_from` (an ISO date); a month-day that would fall
    more than `slack_days` after it belongs to the year before (a January page
    reporting a December dateline). A page saved or updated on a day was
    published by then: give 0."""
    if not year_from:
        return None
    anchor = date.fromisoformat(year_from)
    for year in (anchor.year, anchor.year - 1):
        day = parse_date_text(f"{text} {year}")
        if day and (day - anchor).days <= slack_days:
            return day.isoformat()
    return None
