"""Tests for iraq_security.dates: resolving date phrases against an anchor date."""

from __future__ import annotations

import time
from datetime import date

import pytest

from iraq_security.dates import FUTURE, ResolvedDate, resolve_date

MON_2020_09_28 = date(2020, 9, 28)  # a Monday
SUN_2020_09_27 = date(2020, 9, 27)  # a Sunday
MON_2024_11_11 = date(2024, 11, 11)  # a Monday
TUE_2024_01_02 = date(2024, 1, 2)  # a Tuesday


def day_ref(iso: str) -> ResolvedDate:
    return ResolvedDate(iso, None, "day", "on Sunday", f"weekday: test reference {iso}")


# --- interface -------------------------------------------------------------


def test_resolved_date_is_frozen():
    r = resolve_date("Sunday", MON_2020_09_28)
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        r.date = "2000-01-01"  # type: ignore[misc]


def test_text_keeps_the_phrase_as_found():
    r = resolve_date("  On Sunday, ", MON_2020_09_28)
    assert r.text == "On Sunday,"


# --- rule 1: weekday -------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "on Sunday",
        "Sunday",
        "On Sunday",
        "Sunday's",
        "Sunday’s",
        "on Sunday evening",
        "SUNDAY.",
        "Sunday's meeting",
        "late Sunday night",
        "early on Sunday",
    ],
)
def test_weekday_resolves_to_most_recent_on_or_before_anchor(phrase):
    r = resolve_date(phrase, MON_2020_09_28)
    assert r.date == "2020-09-27"
    assert r.date_end is None
    assert r.precision == "day"


def test_weekday_on_the_anchor_day_is_the_anchor_day():
    assert resolve_date("on Sunday", SUN_2020_09_27).date == "2020-09-27"


def test_weekday_possessive_with_following_noun():
    assert resolve_date("Wednesday's meeting", MON_2020_09_28).date == "2020-09-23"


def test_weekday_across_month_boundary():
    # Thu 2024-08-01; the most recent Monday is 2024-07-29
    assert resolve_date("on Monday", date(2024, 8, 1)).date == "2024-07-29"


def test_weekday_across_year_boundary():
    assert resolve_date("on Sunday", TUE_2024_01_02).date == "2023-12-31"


def test_last_weekday_is_strictly_before_anchor():
    assert resolve_date("last Sunday", SUN_2020_09_27).date == "2020-09-20"
    assert resolve_date("last Sunday", MON_2020_09_28).date == "2020-09-27"


def test_next_weekday_is_the_first_one_after_the_anchor():
    assert resolve_date("next Monday", MON_2020_09_28).date == "2020-10-05"


def test_rule_names_the_anchor():
    r = resolve_date("on Sunday", MON_2020_09_28)
    assert r.rule == "weekday: most recent Sunday on or before 2020-09-28 (published)"


def test_rule_names_the_anchor_kind():
    r = resolve_date("Sunday", MON_2020_09_28, anchor_kind="published_inferred")
    assert "2020-09-28 (published_inferred)" in r.rule


def test_a_bare_weekday_looking_forward_is_the_coming_one():
    planned = resolve_date("on Thursday", MON_2024_11_11, direction=FUTURE)
    assert (planned.date, planned.precision) == ("2024-11-14", "day")
    assert planned.rule == "weekday, planned meeting: next Thursday on or after 2024-11-11 (published)"
    assert resolve_date("on Thursday", MON_2024_11_11).date == "2024-11-07"  # looking back, the default


def test_looking_forward_keeps_the_anchor_s_own_day_and_words_that_say_the_way():
    assert resolve_date("on Monday", MON_2024_11_11, direction=FUTURE).date == "2024-11-11"
    assert resolve_date("last Thursday", MON_2024_11_11, direction=FUTURE).date == "2024-11-07"


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        resolve_date("on Thursday", MON_2024_11_11, direction="sideways")


# --- rule 2: later/earlier on <weekday> -------------------------------------


@pytest.mark.parametrize("phrase", ["Later on Monday", "earlier on Monday", "on Monday evening"])
def test_later_on_weekday_uses_weekday_rule_without_reference(phrase):
    r = resolve_date(phrase, date(2020, 9, 30))
    assert r.date == "2020-09-28"
    assert r.precision == "day"
    assert r.rule.startswith("weekday: most recent Monday")


def test_later_on_weekday_uses_matching_reference():
    ref = day_ref("2020-09-28")
    r = resolve_date("Later on Monday", date(2020, 9, 30), reference=ref)
    assert r.date == "2020-09-28"
    assert "same day as reference 2020-09-28" in r.rule


def test_later_on_weekday_ignores_reference_on_other_weekday():
    ref = day_ref("2020-09-27")  # a Sunday
    r = resolve_date("later on Monday", date(2020, 9, 30), reference=ref)
    assert r.date == "2020-09-28"
    assert "reference" not in r.rule


def test_later_on_weekday_ignores_reference_older_than_six_days():
    ref = day_ref("2020-09-21")  # a Monday, 9 days before the anchor
    r = resolve_date("later on Monday", date(2020, 9, 30), reference=ref)
    assert r.date == "2020-09-28"


# --- rule 3: same-day phrases -----------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "Earlier in the day",
        "later in the day",
        "later that day",
        "the same day",
        "on the same day",
        "that day",
        "earlier that day",
        "On the same day,",
        "later that evening",
    ],
)
def test_earlier_in_the_day_takes_reference_date(phrase):
    ref = ResolvedDate("2020-09-27", None, "day", "on Sunday", "weekday: ...")
    r = resolve_date(phrase, MON_2020_09_28, reference=ref)
    assert (r.date, r.date_end, r.precision) == ("2020-09-27", None, "day")
    assert r.text == phrase.strip()
    assert r.rule.startswith("same day as reference 2020-09-27")


def test_same_day_copies_reference_range_and_precision():
    ref = ResolvedDate("2020-09-21", "2020-09-27", "week", "last week", "last week: ...")
    r = resolve_date("the same day", MON_2020_09_28, reference=ref)
    assert (r.date, r.date_end, r.precision) == ("2020-09-21", "2020-09-27", "week")


@pytest.mark.parametrize("phrase", ["earlier in the day", "the same day", "that day"])
def test_same_day_without_reference_is_none(phrase):
    assert resolve_date(phrase, MON_2020_09_28) is None


def test_same_day_with_unknown_reference_is_none():
    unknown = ResolvedDate(None, None, "unknown", None, "no date phrase")
    assert resolve_date("the same day", MON_2020_09_28, reference=unknown) is None


def test_next_day_and_previous_day_offset_the_reference():
    ref = day_ref("2020-09-27")
    assert resolve_date("the next day", MON_2020_09_28, reference=ref).date == "2020-09-28"
    assert resolve_date("the following day", MON_2020_09_28, reference=ref).date == "2020-09-28"
    assert resolve_date("the previous day", MON_2020_09_28, reference=ref).date == "2020-09-26"
    assert resolve_date("the next day", MON_2020_09_28) is None


# --- rule 4: explicit dates -------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "November 11, 2024",
        "11 November 2024",
        "Nov. 11, 2024",
        "nov 11 2024",
        "2024-11-11",
        "on November 11, 2024",
        "Monday, Nov. 11, 2024",
        "the 11th of November 2024",
        "November 11th, 2024",
    ],
)
def test_explicit_date_with_year(phrase):
    r = resolve_date(phrase, date(2025, 3, 1))
    assert (r.date, r.date_end, r.precision) == ("2024-11-11", None, "day")


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("Nov 11", "2024-11-11"),
        ("Nov. 2", "2024-11-02"),
        ("November 2", "2024-11-02"),
        ("2 November", "2024-11-02"),
        ("Sept. 28", "2024-09-28"),
        ("Sep 28", "2024-09-28"),
        ("on Oct. 5", "2024-10-05"),
        ("Dec 12", "2024-12-12"),
    ],
)
def test_explicit_date_without_year_uses_anchor_year(phrase, expected):
    r = resolve_date(phrase, MON_2024_11_11)
    assert (r.date, r.precision) == (expected, "day")
    assert "year of 2024-11-11 (published)" in r.rule


def test_explicit_date_without_year_far_in_future_uses_previous_year():
    r = resolve_date("Dec. 20", date(2025, 1, 5))
    assert r.date == "2024-12-20"
    assert "more than 31 days after 2025-01-05 (published)" in r.rule
    assert "previous year 2024" in r.rule


def test_explicit_date_within_31_days_ahead_keeps_anchor_year():
    assert resolve_date("Dec. 5", MON_2024_11_11).date == "2024-12-05"


def test_explicit_feb_29_without_year_in_non_leap_year():
    assert resolve_date("Feb. 29", date(2025, 3, 10)).date == "2024-02-29"


@pytest.mark.parametrize("phrase", ["November 31, 2024", "2024-13-01", "Feb 30"])
def test_impossible_explicit_date_is_none(phrase):
    assert resolve_date(phrase, MON_2024_11_11) is None


# --- rule 5: month only -----------------------------------------------------


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("in September", "2024-09"),
        ("In September", "2024-09"),
        ("September", "2024-09"),
        ("Sept.", "2024-09"),
        ("in December", "2023-12"),
        ("in November", "2024-11"),
        ("in March 2023", "2023-03"),
        ("March 2023", "2023-03"),
        ("mid-September", "2024-09"),
        ("late September", "2024-09"),
        ("the end of September", "2024-09"),
        ("earlier in September", "2024-09"),
    ],
)
def test_month_only_gives_month_precision(phrase, expected):
    r = resolve_date(phrase, MON_2024_11_11)
    assert (r.date, r.date_end, r.precision) == (expected, None, "month")


def test_last_month_name_is_strictly_before_anchor_month():
    assert resolve_date("last September", MON_2024_11_11).date == "2024-09"
    assert resolve_date("last November", MON_2024_11_11).date == "2023-11"


def test_month_rule_names_the_anchor():
    r = resolve_date("in December", MON_2024_11_11)
    assert "2024-11-11 (published)" in r.rule


# --- rule 6: relative weeks, months, days -----------------------------------


def test_last_week_gives_week_range():
    r = resolve_date("last week", MON_2024_11_11)  # anchor's week starts Mon 2024-11-11
    assert (r.date, r.date_end, r.precision) == ("2024-11-04", "2024-11-10", "week")


def test_last_week_across_year_boundary():
    r = resolve_date("last week", TUE_2024_01_02)
    assert (r.date, r.date_end) == ("2023-12-25", "2023-12-31")


@pytest.mark.parametrize("phrase", ["this week", "earlier this week"])
def test_this_week_runs_from_monday_to_anchor(phrase):
    r = resolve_date(phrase, date(2024, 11, 14))  # a Thursday
    assert (r.date, r.date_end, r.precision) == ("2024-11-11", "2024-11-14", "week")


@pytest.mark.parametrize(
    "phrase, expected",
    [("last month", "2024-10"), ("earlier this month", "2024-11"), ("this month", "2024-11")],
)
def test_relative_month_gives_month_precision(phrase, expected):
    r = resolve_date(phrase, MON_2024_11_11)
    assert (r.date, r.precision) == (expected, "month")


def test_last_month_across_year_boundary():
    assert resolve_date("last month", TUE_2024_01_02).date == "2023-12"


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("yesterday", "2024-01-01"),
        ("Yesterday's", "2024-01-01"),
        ("last night", "2024-01-01"),
        ("today", "2024-01-02"),
        ("earlier today", "2024-01-02"),
        ("the day before yesterday", "2023-12-31"),
    ],
)
def test_yesterday_and_today_are_relative_to_anchor(phrase, expected):
    r = resolve_date(phrase, TUE_2024_01_02)
    assert (r.date, r.precision) == (expected, "day")


# --- rule 7: year only ------------------------------------------------------


@pytest.mark.parametrize("phrase", ["in 2017", "2017", "In 2017,", "early 2017", "the end of 2017"])
def test_year_only_gives_year_precision(phrase):
    r = resolve_date(phrase, MON_2024_11_11)
    assert (r.date, r.date_end, r.precision) == ("2017", None, "year")


def test_earlier_this_year_is_anchor_year():
    r = resolve_date("earlier this year", MON_2024_11_11)
    assert (r.date, r.precision) == ("2024", "year")
    assert resolve_date("last year", MON_2024_11_11).date == "2023"


# --- rule 8: ranges ---------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "between July 16 and 22",
        "from July 16 to 22",
        "July 16-22",
        "July 16–22",
        "16-22 July",
        "between 16 and 22 July",
    ],
)
def test_range_gives_first_and_last_day(phrase):
    r = resolve_date(phrase, MON_2024_11_11)
    assert (r.date, r.date_end, r.precision) == ("2024-07-16", "2024-07-22", "day")


def test_range_across_months_and_with_year():
    r = resolve_date("from July 30 to Aug. 2, 2023", MON_2024_11_11)
    assert (r.date, r.date_end) == ("2023-07-30", "2023-08-02")


def test_range_across_year_end():
    r = resolve_date("Dec. 30 to Jan. 2", date(2024, 1, 10))
    assert (r.date, r.date_end) == ("2023-12-30", "2024-01-02")


@pytest.mark.parametrize("phrase", ["July 16 and 22", "July 22-16"])
def test_ambiguous_or_backwards_range_is_none(phrase):
    assert resolve_date(phrase, MON_2024_11_11) is None


# --- rule 9: "N ago" and everything else ------------------------------------


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("three days ago", ("2024-11-08", None, "day")),
        ("two weeks ago", ("2024-10-28", "2024-11-03", "week")),
        ("a month ago", ("2024-10", None, "month")),
        ("three years ago", ("2021", None, "year")),
        ("12 months ago", ("2023-11", None, "month")),
    ],
)
def test_n_units_ago_resolves_with_matching_precision(phrase, expected):
    r = resolve_date(phrase, MON_2024_11_11)
    assert (r.date, r.date_end, r.precision) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "the day",
        "two days",
        "24",
        "2014 and 2016",
        "weekly",
        "since 2017",
        "",
        "   ",
        "the weekend",
        "recent weeks",
        "Saturday and Sunday",
        "daily",
        "a few days ago",
        "11/11/2024",
    ],
)
def test_publication_date_is_never_the_default(phrase):
    assert resolve_date(phrase, MON_2024_11_11) is None


def test_datetime_anchor_is_treated_as_its_date():
    from datetime import datetime

    r = resolve_date("yesterday", datetime(2024, 11, 11, 23, 59))
    assert r.date == "2024-11-10"


# --- safety -----------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "on " * 5000 + "Sunday!",
        "later " * 5000,
        "1" * 10000,
        "Nov. " + "1 " * 5000,
        "between July 16 " + "- " * 5000,
        "Sunday's" + " x" * 5000,
        "'" * 5000 + "s",
    ],
)
def test_long_pathological_input_is_fast(phrase):
    start = time.perf_counter()
    resolve_date(phrase, MON_2024_11_11)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("next week", ("2024-11-18", "2024-11-24", "week")),
        ("tomorrow", ("2024-11-14", None, "day")),
        ("next Monday", ("2024-11-18", None, "day")),
        ("next month", ("2024-12", None, "month")),
    ],
)
def test_future_phrases_resolve_forward_for_planned_meetings(phrase, expected):
    resolved = resolve_date(phrase, date(2024, 11, 13))
    assert (resolved.date, resolved.date_end, resolved.precision) == expected


@pytest.mark.parametrize(
    "phrase, anchor", [("two years ago", date(1, 1, 1)), ("last year", date(1, 6, 1)), ("next year", date(9999, 6, 1))]
)
def test_dates_off_the_calendar_are_not_dates(phrase, anchor):
    assert resolve_date(phrase, anchor) is None
