"""Titles: what a title taken from text keeps, how it is normalised, and which
title a meeting participant carries on the meeting's day."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iraq_security.gazetteer import Person, Role
from iraq_security.titles import MAX_TITLE_LENGTH, balanced, clean_title, normalise_title
from iraq_security.vocabulary import TitleRules

ABBREVIATIONS = set(TitleRules.load().abbreviations)

# ---------------------------------------------------------------- cleaning


@pytest.mark.parametrize(
    "text, title",
    [
        ("head of the border guards which is the arm of the ministry, where they met", "head of the border guards"),
        ("head of the Border Service (BSS", "head of the Border Service"),
        ("head of the Border Service (BSS)", "head of the Border Service (BSS)"),
        ("coalition spokesman Col.", "coalition spokesman"),
        ("Col.", "Col."),
        ("Brig. Gen.", "Brig. Gen."),
        ("(KRG) Prime Minister", "Prime Minister"),
        ("commander of the Quds Force (File photo)", "commander of the Quds Force"),
        ("deputy governor, who arrived on Sunday", "deputy governor"),
    ],
)
def test_title_from_text_ends_at_its_noun_phrase(text, title):
    assert clean_title(text) == title


@pytest.mark.parametrize(
    "text, normal",
    [
        ("Iraqi interior minister", "Iraqi Minister of Interior"),
        ("national security adviser", "National Security Advisor"),
        ("Col.", "Colonel"),
        ("head of the Border Service", "Head of the Border Service"),
    ],
)
def test_title_is_normalised_against_the_titles_file(text, normal):
    assert normalise_title(text) == normal


WORDS = st.sampled_from(
    [
        "head",
        "of",
        "the",
        "Quds",
        "Force",
        "(IRGC",
        "(INSS)",
        ")",
        "which",
        "is",
        "where",
        "Col.",
        "Gen.",
        "spokesman",
        "minister",
        ",",
        "“the",
        "need”",
        "and",
        "Lt.",
        "[",
        "deputy",
        "x" * 30,
    ]
)


@given(st.lists(WORDS, min_size=1, max_size=40))
def test_no_cleaned_title_is_long_unbalanced_or_cut_after_an_abbreviation(words):
    title = clean_title(" ".join(words))
    if title is None:
        return
    assert len(title) <= MAX_TITLE_LENGTH
    assert balanced(title)
    words = title.lower().split()
    if any(w not in ABBREVIATIONS for w in words):
        assert words[-1] not in ABBREVIATIONS  # only a title of ranks alone ("Brig. Gen.") ends in one


# ---------------------------------------------------------------- in an article


def test_apposition_title_stops_before_its_relative_clause(extract):
    text = (
        "Araji also met with Ismail Qaani, the head of the Iranian Quds Force which is the foreign arm "
        "of the IRGC, where they discussed the border."
    )
    roles = extract(text).entities.roles
    assert [r.title for r in roles] == ["head of the Iranian Quds Force"]
    assert text[roles[0].start_char : roles[0].end_char] == roles[0].title


def test_bracketed_acronym_inside_a_title_before_a_name_is_kept(extract):
    text = "The delegation met with Iran’s Islamic Revolutionary Guards Corps (IRGC) Chief Hossein Salami on Monday."
    (role,) = extract(text).entities.roles
    assert role.title == "Islamic Revolutionary Guards Corps (IRGC) Chief"


def participant_titles(extraction) -> dict[str, str | None]:
    return {p.person_id: p.title_at_time for m in extraction.meetings for p in m.participants if p.person_id}


def test_participant_without_a_title_in_the_sentence_takes_the_title_the_article_gave_earlier(extract):
    text = (
        "Iraqi interior minister Othman al-Ghanimi arrived in Erbil on Wednesday. "
        "Ghanimi also met with Masrour Barzani on Wednesday in Erbil."
    )
    titles = participant_titles(extract(text, published="2020-07-30"))
    assert titles["othman-al-ghanimi"] == "Iraqi interior minister"


def test_a_fuller_title_from_the_article_beats_a_bare_office_word(extract):
    text = (
        "National Security Advisor Qasim al-Araji arrived in Erbil on Sunday. "
        "Masoud Barzani received Advisor al-Araji on Sunday."
    )
    titles = participant_titles(extract(text, published="2020-09-28"))
    assert titles["qasim-al-araji"] == "National Security Advisor"


def test_without_a_title_in_the_article_the_gazetteer_role_valid_on_the_meeting_date_is_used(extract):
    text = "Mustafa al-Kadhimi met with Masrour Barzani in Baghdad on Sunday."
    titles = participant_titles(extract(text, published="2021-05-10"))
    assert titles["mustafa-al-kadhimi"] == "Prime Minister"  # not his earlier intelligence post


def test_an_open_ended_role_is_not_used_once_a_later_office_began():
    person = Person(
        "x",
        "X",
        (),
        None,
        None,
        None,
        roles=(
            Role("Head", "agency", "2016-06", None),
            Role("Prime Minister", "government", "2020-05", "2022-10"),
            Role("Leader", "party", "2010", "present"),
        ),
    )
    assert [r.title for r in person.roles_on("2018-01-01")] == ["Leader", "Head"]
    assert [r.title for r in person.roles_on("2021-05-09")] == ["Leader", "Prime Minister"]
    assert [r.title for r in person.roles_on("2023-01-01")] == ["Leader"]
    assert Role("Head", "agency", None, None).valid_on("2021-01-01")  # undated: valid, but never used for a date
    assert person.roles_on(None) == []


# ---------------------------------------------------------------- the built seeds


def test_no_title_in_the_seed_database_is_long_unbalanced_or_cut(seed_db):
    conn = sqlite3.connect(seed_db)
    titles = [
        t
        for (t,) in conn.execute(
            "select title from roles union all select title_text from roles where title_text is not null "
            "union all select title_at_time from meeting_participants where title_at_time is not null"
        )
    ]
    conn.close()
    assert titles
    for title in titles:
        assert len(title) <= MAX_TITLE_LENGTH, title
        assert balanced(title), title
        words = title.lower().split()
        if any(w not in ABBREVIATIONS for w in words):
            assert words[-1] not in ABBREVIATIONS, title


def test_seed_participants_carry_the_title_they_held_on_the_meeting_day(seed_db):
    conn = sqlite3.connect(seed_db)
    rows = conn.execute(
        "select mp.person_id, mp.title_at_time from meeting_participants mp join meetings m on m.id = mp.meeting_id "
        "where mp.person_id in ('othman-al-ghanimi', 'mustafa-al-kadhimi')"
    ).fetchall()
    conn.close()
    assert rows
    for person_id, title in rows:
        assert title is not None and "Chief of Staff" not in title and title != "Head", (person_id, title)
