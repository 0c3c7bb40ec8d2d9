"""Resolve date phrases found in news sentences against an anchor date.

A phrase (typically the text of a spaCy DATE entity: "on Sunday", "Nov. 2",
"last week", "earlier in the day") is resolved against an anchor date
(normally the article's publication date) into a :class:`ResolvedDate` that
carries the resolved date, its precision and a human-readable rule explaining
how it was obtained.

The publication date is never used as a default: a phrase with nothing datable
in it resolves to ``None``.

A direction says which way from the anchor a phrase that does not say it
points: :data:`PAST` (the default: a reported event) or :data:`FUTURE` (a
planned one). "On Thursday" is then the last Thursday or the coming one.

All regular expressions are anchored (``fullmatch``) and free of nested
unbounded quantifiers, so they cannot backtrack catastrophically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "FUTURE",
    "PAST",
    "ResolvedDate",
    "resolve_date",
]

# Which way from the anchor a phrase points when its words do not say.
PAST = "past"
FUTURE = "future"
DIRECTIONS = (PAST, FUTURE)


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved date phrase with its precision and an audit trail.

    ``date`` is ISO: "2020-09-27" (day), "2020-09-21" (week: its first day),
    "2024-09" (month), "2017" (year), or None if unknown. ``date_end`` is the
    last day (ISO day) of a week or explicit range, else None.
    """

    date: str | None
    date_end: str | None
    precision: str
    text: str | None
    rule: str


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_INDEX = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_INDEX = {name[:3].lower(): i + 1 for i, name in enumerate(_MONTH_NAMES)}

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Month names or abbreviations (Jan, Feb, Mar, Apr, Jun, Jul, Aug, Sep,
# Sept, Oct, Nov, Dec), optional trailing dot. Fixed literals only.
_MONTH_ALT = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept(?:ember)?|sep|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})\.?"


_DAY_NUM = r"(?:st|nd|rd|th)?"
_YEAR_TAIL = r"(?:,?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d))?"
_RANGE_SEP = r"(?P<sep>\s*-\s*|\s+(?:to|through|until|till|and)\s+)"

# --------------------------------------------------------------------------
# Patterns (all used with fullmatch on a normalised, lower-case phrase)
# --------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"([^']*)'s(?:\s+[a-z-]+){0,3}")
_LEADING_PREP = re.compile(r"(?:on|in|during)\s+(?P<rest>.+)")
_MODIFIER = re.compile(r"(?P<mod>earlier|later|early|late|mid|around|about)(?:\s+(?:on|in))?[\s-]+(?P<rest>.+)")

# Phrases that take the date of a previously resolved (reference) date.
_REF_SAME_A = re.compile(r"(?:earlier|later|late|early)\s+(?:in|on)\s+the\s+(?:day|morning|afternoon|evening)")
_REF_SAME_B = re.compile(
    r"(?:(?:earlier|later|late|early)\s+)?(?:(?:in|on)\s+)?"
    r"(?:that|the\s+same|that\s+same)\s+(?:day|morning|afternoon|evening|night)"
)
_REF_NEXT = re.compile(r"(?:the\s+(?:next|following)\s+day|the\s+day\s+after|a\s+day\s+later)")
_REF_PREV = re.compile(r"(?:the\s+previous\s+day|the\s+day\s+before|a\s+day\s+earlier)")

_WEEKDAY = re.compile(r"(?:(?P<last>last|past|this\s+past)\s+)?" + _WD + _TIME_OF_DAY)

_TODAY = re.compile(r"today|tonight|this\s+(?:morning|afternoon|evening)")
_YESTERDAY = re.compile(r"yesterday" + _TIME_OF_DAY + r"|last\s+night")
_DAY_BEFORE_YESTERDAY = re.compile(r"the\s+day\s+before\s+yesterday")
_THIS_WEEK = re.compile(r"this\s+week")
_LAST_WEEK = re.compile(r"last\s+week|the\s+previous\s+week")
_THIS_MONTH = re.compile(r"this\s+month")
# Future expressions, for planned meetings ("is expected to meet … next week").
_TOMORROW = re.compile(r"tomorrow" + _TIME_OF_DAY)
_NEXT_WEEK = re.compile(r"next\s+week|the\s+coming\s+week")
_NEXT_MONTH = re.compile(r"next\s+month|the\s+coming\s+month")
_NEXT_YEAR = re.compile(r"next\s+year")
_NEXT_WEEKDAY = re.compile(r"(?:next|this\s+coming|coming)\s+" + _WD + _TIME_OF_DAY)
_LAST_MONTH = re.compile(r"last\s+month|the\s+previous\s+month")
_THIS_YEAR = re.compile(r"this\s+year")
_LAST_YEAR = re.compile(r"last\s+year|the\s+previous\s+year")
_AGO = re.compile(
    r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+(?P<unit>day|week|month|year)s?\s+ago"
)

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_EXPLICIT_MD = re.compile(
    r"(?:" + _WD + r",?\s+)?(?:the\s+)?" + _month("m") + r"\s+(?:the\s+)?(?P<d>\d{1,2})" + _DAY_NUM + _YEAR_TAIL
)
_EXPLICIT_DM = re.compile(
    r"(?:" + _WD + r",?\s+)?(?:the\s+)?(?P<d>\d{1,2})" + _DAY_NUM + r"\s+(?:of\s+)?" + _month("m") + _YEAR_TAIL
)
_RANGE_MD = re.compile(
    r"(?:(?P<pre>between|from)\s+)?"
    + _month("m1")
    + r"\s+(?P<d1>\d{1,2})"
    + _DAY_NUM
    + _RANGE_SEP
    + r"(?:"
    + _month("m2")
    + r"\s+)?(?P<d2>\d{1,2})"
    + _DAY_NUM
    + _YEAR_TAIL
)
_RANGE_DM = re.compile(
    r"(?:(?P<pre>between|from)\s+)?(?:the\s+)?(?P<d1>\d{1,2})"
    + _DAY_NUM
    + r"(?:\s+(?:of\s+)?"
    + _month("m1")
    + r")?"
    + _RANGE_SEP
    + r"(?:the\s+)?(?P<d2>\d{1,2})"
    + _DAY_NUM
    + r"\s+(?:of\s+)?"
    + _month("m2")
    + _YEAR_TAIL
)
_MONTH_ONLY = re.compile(
    r"(?:(?P<rel>last|this\s+past|this)\s+)?(?:the\s+)?"
    r"(?:(?:end|beginning|start|middle)\s+of\s+)?" + _month("m") + _YEAR_TAIL
)
_YEAR_ONLY = re.compile(r"(?:the\s+)?(?:(?:end|beginning|start|middle)\s+of\s+)?(?:the\s+year\s+)?(?P<y>(?:19|20)\d\d)")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _normalise(phrase: str) -> str:
    """Lower-case, unify apostrophes/dashes/spaces, strip punctuation, possessive and one leading preposition."""
    s = phrase.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2012", "-")
    s = " ".join(s.split()).lower()
    s = s.strip(" \"'()[]{},.;:!?")
    m = _POSSESSIVE.fullmatch(s)
    if m:
        s = m.group(1).rstrip()
    m = _LEADING_PREP.fullmatch(s)
    if m:
        s = m.group("rest")
    return s


def _month_number(token: str) -> int:
    return _MONTH_INDEX[token[:3]]


def _anchor_text(anchor: date, anchor_kind: str) -> str:
    return f"{anchor.isoformat()} ({anchor_kind})"


def _day(d: date, text: str, rule: str) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), None, "day", text, rule)


def _month_iso(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _infer_year(month: int, day: int, anchor: date, anchor_kind: str) -> tuple[date, str] | None:
    """Pick the year for a day-month date given without a year (anchor year, or previous year if >31 days ahead)."""
    label = f"{_MONTH_NAMES[month - 1]} {day}"
    try:
        candidate: date | None = date(anchor.year, month, day)
    except ValueError:
        candidate = None
    if candidate is not None and candidate <= anchor + timedelta(days=31):
        return candidate, f"no year given: used the year of {_anchor_text(anchor, anchor_kind)}"
    try:
        previous = date(anchor.year - 1, month, day)
    except ValueError:
        return None
    if candidate is None:
        why = f"{label} does not exist in {anchor.year}"
    else:
        why = f"{candidate.isoformat()} would be more than 31 days after {_anchor_text(anchor, anchor_kind)}"
    return previous, f"no year given: {why}, so used the previous year {anchor.year - 1}"


def _copy_reference(reference: ResolvedDate | None, text: str) -> ResolvedDate | None:
    if reference is None or reference.date is None or reference.precision == "unknown":
        return None
    return ResolvedDate(
        reference.date,
        reference.date_end,
        reference.precision,
        text,
        f"same day as reference {reference.date} [{reference.rule}]",
    )


def _offset_reference(reference: ResolvedDate | None, text: str, days: int) -> ResolvedDate | None:
    if reference is None or reference.date is None or reference.precision != "day":
        return None
    d = date.fromisoformat(reference.date) + timedelta(days=days)
    word = "day after" if days > 0 else "day before"
    return _day(d, text, f"{word} reference {reference.date} [{reference.rule}]")


# --------------------------------------------------------------------------
# Rule implementations (each returns None if the phrase does not match)
# --------------------------------------------------------------------------


def _resolve_reference_phrase(s: str, text: str, reference: ResolvedDate | None) -> tuple[bool, ResolvedDate | None]:
    """Same-day / next-day / previous-day phrases; the bool says whether the phrase was one of them."""
    if _REF_SAME_A.fullmatch(s) or _REF_SAME_B.fullmatch(s):
        return True, _copy_reference(reference, text)
    if _REF_NEXT.fullmatch(s):
        return True, _offset_reference(reference, text, 1)
    if _REF_PREV.fullmatch(s):
        return True, _offset_reference(reference, text, -1)
    return False, None


_WEEK = timedelta(days=7)


def _resolve_weekday(
    s: str, text: str, anchor: date, anchor_kind: str, reference: ResolvedDate | None, direction: str
) -> ResolvedDate | None:
    m = _WEEKDAY.fullmatch(s)
    if not m:
        return None
    wd = _WEEKDAY_INDEX[m.group("wd")]
    name = _WEEKDAY_NAMES[wd]
    if m.group("last"):
        back = (anchor.weekday() - wd) % 7 or 7
        d = anchor - timedelta(days=back)
        return _day(d, text, f"weekday: most recent {name} before {_anchor_text(anchor, anchor_kind)}")
    if reference is not None and reference.precision == "day" and reference.date:
        try:
            ref_day = date.fromisoformat(reference.date)
        except ValueError:
            ref_day = None
        if ref_day is not None and ref_day.weekday() == wd and 0 <= (anchor - ref_day).days <= 6:
            return ResolvedDate(
                reference.date,
                None,
                "day",
                text,
                f"weekday: same day as reference {reference.date} ({name} within 6 days before "
                f"{_anchor_text(anchor, anchor_kind)})",
            )
    d = anchor - timedelta(days=(anchor.weekday() - wd) % 7)
    # A planned event "on Thursday" is the coming Thursday; at the calendar's end, the last one.
    if direction == FUTURE and d < anchor and d <= date.max - _WEEK:
        return _day(
            d + _WEEK,
            text,
            f"weekday, planned meeting: next {name} on or after {_anchor_text(anchor, anchor_kind)}",
        )
    return _day(d, text, f"weekday: most recent {name} on or before {_anchor_text(anchor, anchor_kind)}")


def _resolve_relative(s: str, mod: str | None, text: str, anchor: date, anchor_kind: str) -> ResolvedDate | None:
    at = _anchor_text(anchor, anchor_kind)
    if _TODAY.fullmatch(s):
        return _day(anchor, text, f"today: the anchor {at}")
    if _YESTERDAY.fullmatch(s):
        return _day(anchor - timedelta(days=1), text, f"yesterday: the day before {at}")
    if _DAY_BEFORE_YESTERDAY.fullmatch(s):
        return _day(anchor - timedelta(days=2), text, f"day before yesterday: two days before {at}")
    monday = anchor - timedelta(days=anchor.weekday())
    if _TOMORROW.fullmatch(s):
        return _day(anchor + timedelta(days=1), text, f"tomorrow: the day after {at}")
    m = _NEXT_WEEKDAY.fullmatch(s)
    if m:
        wd = _WEEKDAY_INDEX[m.group("wd")]
        ahead = (wd - anchor.weekday()) % 7 or 7
        return _day(anchor + timedelta(days=ahead), text, f"next weekday: the first {_WEEKDAY_NAMES[wd]} after {at}")
    if _NEXT_WEEK.fullmatch(s):
        start = monday + timedelta(days=7)
        return ResolvedDate(
            start.isoformat(),
            (start + timedelta(days=6)).isoformat(),
            "week",
            text,
            f"next week: the Monday-Sunday week after the week of {at}",
        )
    if _NEXT_MONTH.fullmatch(s):
        y, mo = _shift_month(anchor.year, anchor.month, 1)
        return ResolvedDate(_month_iso(y, mo), None, "month", text, f"next month: the month after {at}")
    if _NEXT_YEAR.fullmatch(s):
        return ResolvedDate(f"{anchor.year + 1:04d}", None, "year", text, f"next year: the year after {at}")
    if _THIS_WEEK.fullmatch(s):
        if mod == "later":
            end = monday + timedelta(days=6)
            return ResolvedDate(
                monday.isoformat(),
                end.isoformat(),
                "week",
                text,
                f"later this week: the week (Monday to Sunday) containing {at}",
            )
        return ResolvedDate(
            monday.isoformat(),
            anchor.isoformat(),
            "week",
            text,
            f"this week: Monday of the week of {at} up to the anchor",
        )
    if _LAST_WEEK.fullmatch(s):
        start = monday - timedelta(days=7)
        end = monday - timedelta(days=1)
        return ResolvedDate(
            start.isoformat(),
            end.isoformat(),
            "week",
            text,
            f"last week: the Monday-Sunday week before the week of {at}",
        )
    if _THIS_MONTH.fullmatch(s):
        return ResolvedDate(
            _month_iso(anchor.year, anchor.month), None, "month", text, f"this month: the month of {at}"
        )
    if _LAST_MONTH.fullmatch(s):
        y, mo = _shift_month(anchor.year, anchor.month, -1)
        return ResolvedDate(_month_iso(y, mo), None, "month", text, f"last month: the month before {at}")
    if _THIS_YEAR.fullmatch(s):
        return ResolvedDate(f"{anchor.year:04d}", None, "year", text, f"this year: the year of {at}")
    if _LAST_YEAR.fullmatch(s):
        return ResolvedDate(f"{anchor.year - 1:04d}", None, "year", text, f"last year: the year before {at}")
    m = _AGO.fullmatch(s)
    if m:
        token = m.group("n")
        n = int(token) if token.isdigit() else _NUMBER_WORDS[token]
        unit = m.group("unit")
        if n == 0:
            return None
        rule = f"{n} {unit}(s) ago: counted back from {at}"
        if unit == "day":
            return _day(anchor - timedelta(days=n), text, rule)
        if unit == "week":
            d = anchor - timedelta(days=7 * n)
            start = d - timedelta(days=d.weekday())
            end = start + timedelta(days=6)
            return ResolvedDate(start.isoformat(), end.isoformat(), "week", text, rule)
        if unit == "month":
            y, mo = _shift_month(anchor.year, anchor.month, -n)
            return ResolvedDate(_month_iso(y, mo), None, "month", text, rule)
        return ResolvedDate(f"{anchor.year - n:04d}", None, "year", text, rule)
    return None


def _resolve_explicit(s: str, text: str, anchor: date, anchor_kind: str) -> ResolvedDate | None:
    m = _ISO.fullmatch(s)
    if m:
        try:
            d = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
        return _day(d, text, "explicit ISO date")
    m = _EXPLICIT_MD.fullmatch(s) or _EXPLICIT_DM.fullmatch(s)
    if not m:
        return None
    month, day = _month_number(m.group("m")), int(m.group("d"))
    if m.group("y"):
        try:
            d = date(int(m.group("y")), month, day)
        except ValueError:
            return None
        return _day(d, text, "explicit date with year")
    inferred = _infer_year(month, day, anchor, anchor_kind)
    if inferred is None:
        return None
    d, why = inferred
    return _day(d, text, f"explicit date: {why}")


def _resolve_range(s: str, text: str, anchor: date, anchor_kind: str) -> ResolvedDate | None:
    m = _RANGE_MD.fullmatch(s) or _RANGE_DM.fullmatch(s)
    if not m:
        return None
    sep = m.group("sep").strip()
    pre = m.group("pre")
    if sep == "and" and pre != "between":
        return None  # "July 16 and 22" may be two separate dates
    if pre == "between" and sep != "and":
        return None
    m1_token = m.group("m1") or m.group("m2")
    if m1_token is None:
        return None
    m1 = _month_number(m1_token)
    m2 = _month_number(m.group("m2")) if m.group("m2") else m1
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if m.group("y"):
        year = int(m.group("y"))
        try:
            start = date(year, m1, d1)
        except ValueError:
            return None
        why = "explicit range with year"
    else:
        inferred = _infer_year(m1, d1, anchor, anchor_kind)
        if inferred is None:
            return None
        start, why = inferred
        why = f"explicit range: {why}"
    end_year = start.year + 1 if m2 < m1 else start.year
    try:
        end = date(end_year, m2, d2)
    except ValueError:
        return None
    if end < start or (end - start).days > 366:
        return None
    return ResolvedDate(start.isoformat(), end.isoformat(), "day", text, why)


def _resolve_month(s: str, text: str, anchor: date, anchor_kind: str) -> ResolvedDate | None:
    m = _MONTH_ONLY.fullmatch(s)
    if not m:
        return None
    month = _month_number(m.group("m"))
    name = _MONTH_NAMES[month - 1]
    if m.group("y"):
        return ResolvedDate(_month_iso(int(m.group("y")), month), None, "month", text, "explicit month with year")
    at = _anchor_text(anchor, anchor_kind)
    rel = m.group("rel")
    if rel == "this":
        return ResolvedDate(
            _month_iso(anchor.year, month), None, "month", text, f"month: this {name}, in the year of {at}"
        )
    if rel:  # "last" / "this past": strictly before the anchor's month
        year = anchor.year if month < anchor.month else anchor.year - 1
        return ResolvedDate(
            _month_iso(year, month), None, "month", text, f"month: most recent {name} before the month of {at}"
        )
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return ResolvedDate(
        _month_iso(year, month), None, "month", text, f"month: most recent {name} on or before the month of {at}"
    )


def _resolve_year(s: str, text: str) -> ResolvedDate | None:
    m = _YEAR_ONLY.fullmatch(s)
    if not m:
        return None
    return ResolvedDate(m.group("y"), None, "year", text, "explicit year")


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def resolve_date(
    phrase: str,
    anchor: date,
    anchor_kind: str = "published",
    reference: ResolvedDate | None = None,
    direction: str = PAST,
) -> ResolvedDate | None:
    """Resolve one date phrase against ``anchor`` (and ``reference`` for same-day phrases).

    ``direction`` is PAST for an event reported as done, FUTURE for a planned one:
    a bare weekday ("on Thursday") is then the next one on or after the anchor.

    Returns None when the phrase is not a date expression this module
    understands (e.g. "2014 and 2016", "the day", "since 2017"), so the caller
    can try the next candidate. The anchor is never used as a default.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    if not phrase or not phrase.strip():
        return None
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    text = phrase.strip()
    s = _normalise(text)
    if not s:
        return None

    matched, result = _resolve_reference_phrase(s, text, reference)
    if matched:
        return result

    mod: str | None = None
    core = s
    m = _MODIFIER.fullmatch(s)
    if m:
        mod, core = m.group("mod"), m.group("rest")
        pm = _LEADING_PREP.fullmatch(core)
        if pm:
            core = pm.group("rest")

    try:
        result = (
            _resolve_relative(core, mod, text, anchor, anchor_kind)
            or _resolve_range(core, text, anchor, anchor_kind)
            or _resolve_explicit(core, text, anchor, anchor_kind)
            or _resolve_month(core, text, anchor, anchor_kind)
            or _resolve_weekday(core, text, anchor, anchor_kind, reference, direction)
            or _resolve_year(core, text)
        )
    except OverflowError:  # "yesterday" of 0001-01-01: off the calendar, so not a date
        return None
    return result if result is None or _on_the_calendar(result) else None


_ISO_SHAPE = re.compile(r"(?!0000)\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _on_the_calendar(result: ResolvedDate) -> bool:
    """Years 0001-9999 only: "two years ago" from the year 1 is no date."""
    return all(d is None or _ISO_SHAPE.fullmatch(d) for d in (result.date, result.date_end))
