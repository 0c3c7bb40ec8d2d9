"""Meetings: who met whom, when, where and about what — one test per rule.

Every text here is a short article written for its test, with people, places
and wordings of its own.
"""

from __future__ import annotations

import hashlib

import pytest

from iraq_security.build import extract_article
from iraq_security.gazetteer import load_gazetteer
from iraq_security.merge import merge_meetings
from iraq_security.outlets import load_outlets
from iraq_security.parse import to_record
from iraq_security.records import Article


def only_meeting(x):
    assert len(x.meetings) == 1, [(m.participants, m.evidence) for m in x.meetings]
    return x.meetings[0]


def people_of(meeting) -> set[str]:
    return {p.person_id for p in meeting.participants if p.person_id}


def participant(meeting, person_id):
    found = [p for p in meeting.participants if p.person_id == person_id]
    assert found, f"{person_id} not among {[p.text for p in meeting.participants]}"
    return found[0]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "published, expected",
    [
        ("2024-03-01", "2024-02-25"),  # a Friday: Sunday is in the month before
        ("2024-01-02", "2023-12-31"),  # a Tuesday: Sunday is in the year before
    ],
)
def test_meeting_date_resolves_weekday_against_publication_date(extract, published, expected):
    meeting = only_meeting(extract("Rebar Ahmed met Eskandar Momeni on Sunday.", published=published))
    assert meeting.date == expected
    assert meeting.date_precision == "day"
    assert meeting.date_end is None
    assert meeting.date_text == "on Sunday"


@pytest.mark.parametrize("phrase", ["Earlier in the day", "Later on Monday"])
def test_same_day_phrase_takes_the_date_of_the_meeting_it_refers_to(extract, phrase):
    x = extract(
        f"Fuad Hussein met Abbas Araghchi in Tehran on Monday. {phrase}, Hussein met Esmaeil Khatib.",
        published="2024-11-13",
    )
    first, second = x.meetings
    assert first.date == "2024-11-11"
    assert people_of(second) == {"fuad-hussein", "esmaeil-khatib"}
    assert second.date == first.date
    assert second.date_precision == "day"
    assert "reference" in second.date_rule


def test_month_only_date_gives_month_precision(extract):
    meeting = only_meeting(extract("In March, Rebar Ahmed hosted Abdul Amir al-Shammari.", published="2024-11-13"))
    assert meeting.date == "2024-03"
    assert meeting.date_precision == "month"


def test_last_week_gives_a_week_range(extract):
    meeting = only_meeting(extract("Rebar Ahmed met Abdul Amir al-Shammari last week.", published="2024-11-13"))
    assert (meeting.date, meeting.date_end) == ("2024-11-04", "2024-11-10")
    assert meeting.date_precision == "week"


def test_meeting_without_a_date_in_the_text_has_no_date_not_the_publication_date(extract):
    meeting = only_meeting(extract("Rebar Ahmed met Abdul Amir al-Shammari in Duhok.", published="2024-11-13"))
    assert meeting.date is None
    assert meeting.date_end is None
    assert meeting.date_precision == "unknown"


def test_dates_resolve_against_an_inferred_publication_date_and_say_so(extract):
    x = extract("Rebar Ahmed met Abdul Amir al-Shammari on Sunday.", published=None, published_inferred="2024-11-13")
    meeting = only_meeting(x)
    assert meeting.date == "2024-11-10"
    assert "published_inferred" in meeting.date_rule


def test_without_any_publication_date_a_weekday_stays_unresolved(extract):
    meeting = only_meeting(extract("Rebar Ahmed met Abdul Amir al-Shammari on Sunday.", published=None))
    assert meeting.date is None
    assert meeting.date_precision == "unknown"


# ---------------------------------------------------------------- participants


def test_delegation_leader_is_a_participant(extract):
    meeting = only_meeting(
        extract("An Iraqi delegation headed by Abdul Amir al-Shammari met Eskandar Momeni in Tehran on Saturday.")
    )
    assert people_of(meeting) == {"abdul-amir-al-shammari", "eskandar-momeni"}
    assert participant(meeting, "abdul-amir-al-shammari").method == "delegation"


@pytest.mark.parametrize(
    "follow_up",
    [
        "The two sides discussed the joint coordination centres.",
        "They discussed the joint coordination centres.",
    ],
)
def test_the_two_sides_in_a_following_sentence_is_the_meeting_just_found(extract, follow_up):
    meeting = only_meeting(extract(f"Rebar Ahmed met Eskandar Momeni on Monday. {follow_up}"))
    assert people_of(meeting) == {"rebar-ahmed", "eskandar-momeni"}
    assert [e.sentence_index for e in meeting.evidence] == [0, 1]
    assert "joint-coordination-centres" in meeting.topics  # the topic is only in the second sentence


def test_host_and_visitor_roles(extract):
    meeting = only_meeting(extract("Jabbar Yawar received Hadi al-Amiri on Tuesday."))
    assert participant(meeting, "jabbar-yawar").role == "host"
    assert participant(meeting, "hadi-al-amiri").role == "visitor"


@pytest.mark.parametrize(
    "text",
    [
        "Abdul Amir al-Shammari, accompanied by Falih al-Fayyadh, met Rebar Ahmed in Erbil on Monday.",
        "Abdul Amir al-Shammari met Rebar Ahmed in Erbil on Monday, accompanied by Falih al-Fayyadh.",
        "Abdul Amir al-Shammari arrived in Erbil on Monday accompanied by Falih al-Fayyadh and met Rebar Ahmed.",
    ],
)
def test_accompanied_by_adds_a_participant(extract, text):
    meeting = only_meeting(extract(text))
    assert people_of(meeting) == {"abdul-amir-al-shammari", "rebar-ahmed", "falih-al-fayyadh"}
    assert participant(meeting, "falih-al-fayyadh").method == "accompanying"


def test_unnamed_group_is_kept_as_group_text(extract):
    meeting = only_meeting(extract("Eskandar Momeni met a group of Iraqi tribal leaders on Sunday."))
    groups = [p for p in meeting.participants if p.group_text]
    assert [g.group_text for g in groups] == ["group of Iraqi tribal leaders"]
    assert groups[0].person_id is None and groups[0].organisation_id is None


# ---------------------------------------------------------------- status and mode


@pytest.mark.parametrize(
    "text, status, date",
    [
        ("Fuad Hussein will meet Abbas Araghchi in Baghdad on Thursday.", "planned", "2024-11-14"),
        ("Fuad Hussein is set to meet Abbas Araghchi in Baghdad.", "planned", None),
        ("Fuad Hussein met Abbas Araghchi in Baghdad on Thursday.", "held", "2024-11-07"),
    ],
)
def test_planned_versus_held(extract, text, status, date):
    meeting = only_meeting(extract(text, published="2024-11-13"))  # a Wednesday
    assert meeting.status == status
    assert meeting.date == date  # a planned meeting "on Thursday" is the coming Thursday


@pytest.mark.parametrize(
    "text",
    [
        "Fuad Hussein held a phone call with Abbas Araghchi on Monday.",
        "Fuad Hussein phoned Abbas Araghchi on Monday.",
    ],
)
def test_phone_call_has_mode_phone(extract, text):
    meeting = only_meeting(extract(text))
    assert meeting.mode == "phone"
    assert people_of(meeting) == {"fuad-hussein", "abbas-araghchi"}


# ---------------------------------------------------------------- place


def test_place_comes_from_the_meetings_own_sentence(extract):
    meeting = only_meeting(extract("Fuad Hussein met Abbas Araghchi in Tehran on Monday.", dateline="Baghdad"))
    assert meeting.place_id == "tehran"


def test_dateline_places_a_local_meeting_the_text_does_not_place(extract):
    meeting = only_meeting(extract("Karwan Aziz received Salar Omer on Sunday.", dateline="Sulaimani"))
    assert meeting.place_id == "sulaymaniyah"
    assert "dateline" in meeting.place_rule


def test_dateline_is_not_used_when_the_text_names_another_place(extract):
    meeting = only_meeting(extract("Karwan Aziz received Salar Omer in Kirkuk on Sunday.", dateline="Sulaimani"))
    assert meeting.place_id == "kirkuk"


def test_dateline_is_not_used_when_the_trigger_does_not_imply_a_local_meeting(extract):
    meeting = only_meeting(extract("Karwan Aziz met Salar Omer on Sunday.", dateline="Sulaimani"))
    assert meeting.place_id is None


def test_a_host_receiving_a_visitor_is_placed_at_the_seat_of_the_hosts_side(extract):
    meeting = only_meeting(extract("Rebar Ahmed received Eskandar Momeni on Sunday."))
    assert meeting.place_id == "erbil"
    assert meeting.place_rule == "seat of the host's side (Kurdistan Region); the trigger implies the host's home"


def test_a_sentence_naming_no_one_sets_the_scene_for_the_meeting_after_it(extract):
    meeting = only_meeting(
        extract(
            "Senior Iraqi and Iranian officials met in Baghdad. Fuad Hussein held talks with Abbas Araghchi on Monday."
        )
    )
    assert meeting.place_id == "baghdad"
    assert meeting.place_rule == "scene set earlier: 'in Baghdad' in the meeting's sentence"


# ---------------------------------------------------------------- not meetings


def test_a_warning_to_officials_is_not_a_meeting(extract):
    x = extract("Esmaeil Khatib warned Iraqi officials that armed groups near the border must be disarmed.")
    assert x.meetings == []


def test_article_without_a_meeting_gives_none(extract):
    x = extract(
        "Heavy rain closed the Haji Omaran border crossing on Monday, local officials said. "
        "Traffic resumed on Tuesday after engineers cleared the road."
    )
    assert x.meetings == []


# ---------------------------------------------------------------- topics and summary


def test_topics_come_from_the_curated_vocabulary_and_the_purpose_clause_is_the_summary(extract):
    meeting = only_meeting(
        extract(
            "Rebar Ahmed met Eskandar Momeni on Sunday to discuss border security and the return of displaced families."
        )
    )
    assert meeting.summary == "to discuss border security and the return of displaced families"
    assert set(meeting.topics) == {"border-security", "refugees"}


# ---------------------------------------------------------------- dedup


def test_same_participants_on_the_same_day_in_two_sentences_are_one_meeting(extract):
    x = extract(
        "Rebar Ahmed met Eskandar Momeni in Tehran on Sunday. "
        "Officials said Ahmed also met Momeni on Sunday evening to review the border crossings.",
        published="2024-11-11",
    )
    meeting = only_meeting(x)
    assert people_of(meeting) == {"rebar-ahmed", "eskandar-momeni"}
    assert meeting.date == "2024-11-10"
    assert [e.sentence_index for e in meeting.evidence] == [0, 1]


@pytest.fixture(scope="module")
def report(nlp):
    """report(id, text, published, publisher, credited_source) -> (Article, its one Meeting)."""

    def run(article_id, text, published, publisher, credited_source=None):
        article = Article(
            id=article_id,
            source_file=f"{article_id}.txt",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            body=text,
            published=published,
            publisher=publisher,
            credited_source=credited_source,
        )
        x = extract_article(article, to_record(article_id, nlp(text)), load_gazetteer(), load_outlets())
        return article, only_meeting(x)

    return run


@pytest.mark.parametrize(
    "second_publisher, second_credits, outlets",
    [
        ("kurdistan-24", None, 2),  # two independent reports
        ("the-new-region", "rudaw", 1),  # a republication credited to the first outlet
    ],
)
def test_two_articles_reporting_one_meeting_merge(report, second_publisher, second_credits, outlets):
    a = report("a", "Rebar Ahmed met Eskandar Momeni in Tehran on Sunday.", "2024-11-11", "rudaw")
    b = report(
        "b",
        "Iranian Interior Minister Eskandar Momeni received Kurdistan Region Interior Minister Rebar Ahmed on Monday "
        "to discuss border security.",
        "2024-11-12",
        second_publisher,
        second_credits,
    )
    assert (a[1].date, b[1].date) == ("2024-11-10", "2024-11-11")  # one day apart
    (merged,) = merge_meetings([a, b], {})
    assert merged.article_count == 2
    assert merged.outlet_count == outlets
    assert people_of(merged.meeting) == {"rebar-ahmed", "eskandar-momeni"}
    assert len(merged.meeting.evidence) == 2
    assert "border-security" in merged.meeting.topics


def test_meetings_of_different_people_on_the_same_day_stay_apart_across_articles(report):
    a = report("a", "Rebar Ahmed met Eskandar Momeni in Tehran on Sunday.", "2024-11-11", "rudaw")
    b = report("b", "Fuad Hussein met Abbas Araghchi in Tehran on Sunday.", "2024-11-11", "kurdistan-24")
    assert len(merge_meetings([a, b], {})) == 2


def test_meeting_inside_a_participants_country_is_a_visit_not_third_party(extract):
    x = extract("PUK leader Bafel Talabani met with US Ambassador Alina Romanowski in Sulaimani on Monday.")
    assert [m.mode for m in x.meetings] == ["visit"]


def test_meeting_in_a_country_of_neither_side_is_third_party(extract):
    x = extract(
        "Iraqi Foreign Minister Fuad Hussein met Iranian Foreign Minister Abbas Araghchi in Damascus on Monday."
    )
    assert [m.mode for m in x.meetings] == ["third_party"]


def test_strike_report_with_statements_has_no_meeting(extract):
    text = (
        "A drone strike on a vehicle near Sinjar killed two people on Saturday, local officials said.\n\n"
        "The Iraqi foreign ministry condemned the strike in a statement, calling it “a violation of Iraqi "
        "sovereignty.” Ankara and Baghdad agreed last year to ban the group."
    )
    assert extract(text).meetings == []


def test_title_at_time_falls_back_to_the_role_valid_on_the_meeting_date(extract):
    x = extract("Masrour Barzani met Fuad Hussein in Erbil on Sunday.", published="2023-05-16")
    titles = {p.person_id: p.title_at_time for m in x.meetings for p in m.participants}
    assert titles["masrour-barzani"] == "Prime Minister"


def test_held_talks_with_is_a_meeting_placed_by_the_talks(extract):
    x = extract("Hakan Fidan held talks with Fuad Hussein in Ankara on Sunday.", published="2024-06-04")
    assert len(x.meetings) == 1
    m = x.meetings[0]
    assert {p.person_id for p in m.participants} == {"hakan-fidan", "fuad-hussein"}
    assert m.place_id == "ankara" and m.date == "2024-06-02"


def test_receiving_a_phone_call_is_a_phone_meeting(extract):
    x = extract("Nechirvan Barzani received a phone call from Antony Blinken on Tuesday.", published="2024-03-14")
    assert [m.mode for m in x.meetings] == ["phone"]
    assert {p.person_id for p in x.meetings[0].participants} == {"nechirvan-barzani", "antony-blinken"}


def test_welcoming_an_agreement_is_not_a_meeting(extract):
    x = extract("The Kurdistan Region Presidency welcomed the agreement in a statement on Monday.")
    assert x.meetings == []


# ---------------------------------------------------------------- issue 12: who meets


def test_in_a_meeting_with_a_role_phrase_resolves_both_sides_on_the_day(extract):
    x = extract(
        "In a meeting with the Kurdistan Region's premier in Tehran on Monday, the Iranian foreign "
        "minister said that the border would stay open.",
        published="2024-11-13",
    )
    assert len(x.meetings) == 1
    people = {p.person_id for p in x.meetings[0].participants}
    assert people == {"masrour-barzani", "abbas-araghchi"}
    assert {p.method for p in x.meetings[0].participants} == {"reference"}


def test_video_call_is_kept_with_mode_video(extract):
    x = extract("Fuad Hussein held a video call with Abbas Araghchi on Monday.")
    assert [m.mode for m in x.meetings] == ["video"]


def test_phone_call_is_kept_with_mode_phone(extract):
    x = extract("Fuad Hussein held a phone call with Abbas Araghchi on Monday.")
    assert [m.mode for m in x.meetings] == ["phone"]


def test_press_conference_is_not_a_meeting(extract):
    x = extract("Fuad Hussein and Abbas Araghchi held a joint press conference in Baghdad on Monday.")
    assert x.meetings == []


def test_the_meeting_was_attended_by_adds_its_people(extract):
    x = extract(
        "Nechirvan Barzani met Qasim al-Araji in Erbil on Monday. "
        "The meeting was attended by Rebar Ahmed and Fuad Hussein."
    )
    assert len(x.meetings) == 1
    participants = {p.person_id: p.method for p in x.meetings[0].participants}
    assert participants == {
        "nechirvan-barzani": "dependency",
        "qasim-al-araji": "dependency",
        "rebar-ahmed": "attending",
        "fuad-hussein": "attending",
    }


def test_in_the_presence_of_adds_its_people(extract):
    x = extract("Masrour Barzani received Falih al-Fayyadh in Erbil on Monday, in the presence of Rebar Ahmed.")
    assert {p.person_id for p in x.meetings[0].participants} == {"masrour-barzani", "falih-al-fayyadh", "rebar-ahmed"}


def test_a_group_keeps_its_affiliation(extract):
    x = extract("Qasim al-Araji met top Iranian security officials in Tehran on Monday.")
    groups = [p for p in x.meetings[0].participants if p.group_text]
    assert groups and groups[0].affiliation_id == "government-of-iran"
    assert groups[0].organisation_id is None


def test_a_dateline_before_the_subject_does_not_hide_the_people(extract):
    x = extract(
        "TEHRAN, Feb. 15 (MNA) – Iranian Interior Minister Ahmad Vahidi and Rebar Ahmed met "
        "at the Interior Ministry in Tehran on Tuesday to review border arrangements."
    )
    assert {p.person_id for p in x.meetings[0].participants if p.person_id} == {"ahmad-vahidi", "rebar-ahmed"}


def test_sat_down_with_is_a_meeting(extract):
    x = extract("Rebar Ahmed sat down in Tehran with Ahmad Vahidi for three hours of talks on Wednesday.")
    assert {p.person_id for p in x.meetings[0].participants} == {"rebar-ahmed", "ahmad-vahidi"}


def test_the_host_of_a_gathering_takes_part(extract):
    x = extract(
        "Ismail Qaani met the leaders of several factions in Baghdad on Thursday, "
        "in a gathering hosted by Badr chief Hadi al-Amiri."
    )
    hosts = [p.person_id for p in x.meetings[0].participants if p.role == "host"]
    assert hosts == ["hadi-al-amiri"]


def test_the_delegations_next_meeting_is_its_own(extract):
    x = extract(
        "A Kurdistan Region delegation headed by Rebar Ahmed met Ahmad Vahidi in Tehran. "
        "The next day, the delegation was received by Ali Akbar Ahmadian."
    )
    assert [sorted(p.person_id for p in m.participants if p.person_id) for m in x.meetings] == [
        ["ahmad-vahidi", "rebar-ahmed"],
        ["ali-akbar-ahmadian", "rebar-ahmed"],
    ]


def test_a_person_named_after_a_meeting_with_unnamed_officials_is_one_of_them(extract):
    x = extract("Qasim al-Araji met top Iranian security officials in Tehran. The delegation met Ali Akbar Ahmadian.")
    assert len(x.meetings) == 1


def test_a_summary_sentence_before_the_meetings_it_sums_up_is_not_one_more(extract):
    x = extract(
        "Falih al-Fayyadh on Sunday held talks in Erbil with leaders of the Kurdistan Region. "
        "During his meeting with Masrour Barzani, the two sides agreed to form joint committees. "
        "Al-Fayyadh later met Nechirvan Barzani."
    )
    people = [sorted(p.person_id for p in m.participants if p.person_id) for m in x.meetings]
    assert people == [["falih-al-fayyadh", "masrour-barzani"], ["falih-al-fayyadh", "nechirvan-barzani"]]


def test_a_role_phrase_narrowed_by_its_words_picks_its_holder(extract):
    x = extract(
        "Iraqi Defense Minister Thabit al-Abbasi arrived in Erbil on Sunday morning. Later on Sunday, "
        "the defense minister met with Kurdistan Region Prime Minister Masrour Barzani."
    )
    assert {p.person_id for p in x.meetings[0].participants} == {"thabet-al-abbasi", "masrour-barzani"}


def test_a_name_the_parse_hangs_off_a_place_is_still_the_person_meant(extract):
    x = extract(
        "Masrour Barzani received the Iranian ambassador to Iraq, Iraj Masjedi, in Erbil on Monday.",
        published="2018-11-14",
    )
    people = {p.person_id for p in x.meetings[0].participants}
    assert "masrour-barzani" in people and "mohammad-kazem-al-e-sadegh" not in people


def test_joined_by_is_a_companion(extract):
    x = extract("Rebar Ahmed, joined by Qasim al-Araji, met Ahmad Vahidi in Tehran on Monday.")
    methods = {p.person_id: p.method for p in x.meetings[0].participants}
    assert methods["qasim-al-araji"] == "accompanying"


def test_representatives_of_a_named_body_make_the_body_a_participant(extract):
    x = extract("Qasim al-Araji met representatives of the KRG Ministry of Interior in Baghdad on Monday.")
    assert "krg-ministry-of-interior" in {p.organisation_id for p in x.meetings[0].participants}


def test_delegations_from_two_bodies_are_a_meeting_of_the_bodies(extract):
    x = extract(
        "Delegations from the Iraqi Ministry of Interior and the KRG Ministry of Interior met on Tuesday in Erbil."
    )
    assert {p.organisation_id for p in x.meetings[0].participants} == {
        "iraqi-ministry-of-interior",
        "krg-ministry-of-interior",
    }


@pytest.mark.parametrize(
    "text, mode",
    [
        ("Mohammed Shia al-Sudani spoke by phone with Masrour Barzani after the attack.", "phone"),
        ("Ahmad Vahidi and Othman al-Ghanimi held a video conference on border security on Monday.", "video"),
        ("Abbas Araghchi and Fuad Hussein reviewed relations in a telephone conversation on Sunday.", "phone"),
    ],
)
def test_calls_in_other_words_are_calls(extract, text, mode):
    x = extract(text)
    assert [m.mode for m in x.meetings] == [mode]


def test_attendance_after_a_call_joins_the_meeting_in_person(extract):
    x = extract(
        "Nechirvan Barzani received Qasim al-Araji in Erbil on Monday. Barzani also briefed Araji on "
        "his telephone conversation with Masoud Pezeshkian. The meeting was attended by Fuad Hussein."
    )
    in_person = [m for m in x.meetings if m.mode not in ("phone", "video")]
    assert len(in_person) == 1
    assert "fuad-hussein" in {p.person_id for p in in_person[0].participants}


def test_the_same_people_again_without_a_date_is_the_meeting_already_told(extract):
    x = extract(
        "Fuad Hussein met Abbas Araghchi in Antalya on Saturday. After the meeting, Araghchi said he had "
        "held a frank discussion with Hussein. The meeting was attended by Ali Reza Ghanbari.",
        published="2025-04-13",
    )
    in_person = [m for m in x.meetings if m.mode not in ("phone", "video")]
    assert len(in_person) == 1
    assert in_person[0].date == "2025-04-12"


# ---------------------------------------------------------------- dates and places from the page reader's fields


def test_a_day_word_the_model_leaves_untagged_dates_the_meeting(extract):
    x = extract(
        "Qasim al-Araji met today, Wednesday, with Masrour Barzani in Erbil to review the border plan.",
        published="2025-03-05",
    )
    meeting = only_meeting(x)
    assert meeting.date == "2025-03-05"


def test_later_meeting_with_no_date_or_place_takes_the_previous_meetings(extract):
    text = (
        "Qasim al-Araji met Masrour Barzani in Erbil on Sunday to discuss the border. "
        "Al-Araji later met Nechirvan Barzani to review the same file."
    )
    x = extract(text, published="2024-03-12")
    later = next(m for m in x.meetings if "nechirvan-barzani" in people_of(m))
    assert later.date == "2024-03-10"
    assert later.place_id == "erbil"  # here al-Araji's earlier meeting places it already
    assert "'later'" in later.date_rule


def test_earlier_in_the_day_places_a_meeting_of_other_people_where_the_last_one_was(extract):
    text = (
        "Ahmad Vahidi and Rebar Ahmed met in Tehran on Tuesday. Earlier in the day, Dara Nawzad held talks "
        "with Reza Mohammadi-Far on the border crossings."
    )
    x = extract(text, published="2022-02-15")
    earlier = next(m for m in x.meetings if "ahmad-vahidi" not in people_of(m))
    assert earlier.place_id == "tehran"
    assert "'earlier in the day'" in earlier.place_rule


def test_a_date_in_a_clause_about_a_participant_does_not_date_the_meeting(extract):
    text = (
        "Qasim al-Araji met Masrour Barzani in Erbil on Sunday. "
        "Al-Araji later met Nechirvan Barzani, who had called in September 2017 for joint brigades."
    )
    x = extract(text, published="2019-09-09")
    later = next(m for m in x.meetings if "nechirvan-barzani" in people_of(m))
    assert later.date == "2019-09-08"


def test_venue_in_the_meeting_clause_is_kept_with_its_city(extract):
    x = extract(
        "Ahmad Vahidi and Rebar Ahmed met at the Interior Ministry headquarters in Tehran on Tuesday.",
        published="2022-02-15",
    )
    meeting = only_meeting(x)
    assert meeting.venue == "Interior Ministry headquarters"
    assert meeting.place_id == "tehran"


def test_venue_named_after_its_city(extract):
    x = extract(
        "Abdul Amir al-Shammari met Rebar Ahmed at Erbil International Airport on Sunday.", published="2024-03-12"
    )
    meeting = only_meeting(x)
    assert meeting.venue == "Erbil International Airport"
    assert meeting.place_id == "erbil"


def test_sidelines_of_an_event_make_the_event_the_venue(extract):
    x = extract(
        "Fuad Hussein met Abbas Araghchi on the sidelines of the Antalya Diplomacy Forum in southern Turkey "
        "on Saturday.",
        published="2025-04-12",
        dateline="Antalya",
    )
    meeting = only_meeting(x)
    assert meeting.venue and "Antalya Diplomacy Forum" in meeting.venue
    assert meeting.place_id == "antalya"  # the country narrowed to the dateline's city in it


def test_a_regions_capital_is_its_seat(extract):
    x = extract(
        "Abdul Amir al-Shammari met Rebar Ahmed at the ministry's headquarters in the Kurdistan Region "
        "capital on Tuesday.",
        published="2023-02-08",
    )
    assert only_meeting(x).place_id == "erbil"


def test_a_title_naming_a_participants_workplace_is_no_venue(extract):
    text = (
        "Qasim al-Araji met Masrour Barzani in Erbil on Sunday. Earlier in the day, a delegation headed by "
        "Dara Nawzad, director-general of border affairs at the KRG interior ministry, held talks with "
        "Masrour Barzani."
    )
    x = extract(text, published="2024-03-12")
    assert all(m.venue is None or "ministry" not in m.venue.lower() for m in x.meetings)


def test_a_place_in_an_ambassadors_title_does_not_place_the_meeting(extract):
    x = extract(
        "Nechirvan Barzani received Iran's ambassador to Iraq, Iraj Masjedi, in Arbil on Saturday.",
        published="2021-12-05",
    )
    assert only_meeting(x).place_id == "erbil"


def test_joint_committee_of_two_bodies_meets_as_those_bodies(extract):
    x = extract(
        "The joint committee of the Iraqi Ministry of Defence and the Ministry of Peshmerga Affairs "
        "held its third meeting in Erbil on Saturday."
    )
    assert {p.organisation_id for p in only_meeting(x).participants} >= {
        "iraqi-ministry-of-defence",
        "ministry-of-peshmerga",
    }


@pytest.mark.parametrize(
    "clause",
    [
        "which brings together the Iraqi Ministry of Interior and the KRG Ministry of Interior",
        "which is made up of representatives of the Iraqi Ministry of Interior and the KRG Ministry of Interior",
    ],
)
def test_a_committee_whose_relative_clause_names_its_bodies_meets_as_those_bodies(extract, clause):
    x = extract(f"On Sunday, the border committee, {clause}, met in Erbil.")
    assert {p.organisation_id for p in only_meeting(x).participants} == {
        "iraqi-ministry-of-interior",
        "krg-ministry-of-interior",
    }


def test_a_relative_clause_that_is_not_membership_names_no_participants(extract):
    x = extract(
        "On Sunday, the border committee, which the Iraqi Ministry of Interior and the KRG Ministry "
        "of Interior set up last year, met in Erbil."
    )
    assert all(p.organisation_id is None for m in x.meetings for p in m.participants)


def test_talks_after_a_planned_trip_take_the_traveller_as_participant(extract):
    x = extract(
        "Qasim al-Araji is due to travel to Tehran later this month for talks with officials of "
        "Iran's Supreme National Security Council."
    )
    meeting = only_meeting(x)
    assert meeting.status == "planned"
    assert people_of(meeting) == {"qasim-al-araji"}
    assert "supreme-national-security-council-of-iran" in {p.organisation_id for p in meeting.participants}


def test_an_unnamed_group_of_one_side_brings_its_government(extract):
    meeting = only_meeting(
        extract(
            "Falih al-Fayyadh would head to Tehran next week for consultations with Iranian officials on the border."
        )
    )
    assert meeting.status == "planned"
    assert "government-of-iran" in {p.organisation_id for p in meeting.participants}


def test_no_government_for_an_unnamed_group_when_a_person_of_its_side_is_named(extract):
    meeting = only_meeting(extract("Qasim al-Araji met Ali Akbar Ahmadian and Iranian officials in Tehran on Monday."))
    assert "government-of-iran" not in {p.organisation_id for p in meeting.participants}


def test_pronoun_after_a_role_phrase_subject_meets_as_the_role_holder(extract):
    x = extract(
        "Masrour Barzani said the border was calm. The Iraqi National Security Adviser praised the plan. "
        "He will travel to Tehran next week for talks with Ali Akbar Ahmadian."
    )
    assert people_of(only_meeting(x)) == {"qasim-al-araji", "ali-akbar-ahmadian"}


def test_attendance_joins_the_meeting_held_not_the_one_planned_since(extract):
    x = extract(
        "Masrour Barzani received Qasim al-Araji in Erbil on Monday. Al-Araji will travel to Tehran "
        "next week for talks with Ali Akbar Ahmadian. The meeting was attended by Rebar Ahmed."
    )
    held = next(m for m in x.meetings if m.status == "held")
    planned = next(m for m in x.meetings if m.status == "planned")
    assert "rebar-ahmed" in people_of(held) and "rebar-ahmed" not in people_of(planned)


def test_discussed_a_topic_with_a_person_is_a_meeting_wherever_the_parse_hangs_with(extract):
    meeting = only_meeting(
        extract("Qasim al-Araji had discussed the same file with Nechirvan Barzani in Baghdad last week.")
    )
    assert people_of(meeting) == {"qasim-al-araji", "nechirvan-barzani"}


def test_discussed_in_phone_calls_is_a_call_not_a_meeting(extract):
    x = extract(
        "Mohammed Shia al-Sudani has discussed the agreement with Masoud Pezeshkian in several phone calls "
        "over the past year."
    )
    assert x.meetings and all(m.mode == "phone" for m in x.meetings)


def test_received_today_with_the_day_before_the_guest_is_a_meeting(extract):
    meeting = only_meeting(
        extract(
            "Prime Minister Mohammed Shia al-Sudani received, today, Tuesday, the Minister of "
            "Interior of the Kurdistan Regional Government, Rebar Ahmed."
        )
    )
    assert people_of(meeting) == {"mohammed-shia-al-sudani", "rebar-ahmed"}


def test_an_office_before_its_holders_name_does_not_make_the_body_a_participant(extract):
    meeting = only_meeting(
        extract(
            "Mohammed Shia al-Sudani received the Minister of Interior of the Kurdistan "
            "Regional Government, Rebar Ahmed, and Qasim al-Araji in Baghdad on Monday."
        )
    )
    assert "kurdistan-regional-government" not in {p.organisation_id for p in meeting.participants}
    assert "rebar-ahmed" in people_of(meeting)


@pytest.mark.parametrize(
    "text",
    [
        "Qasim al-Araji on Monday chaired a session of the Ministerial Council for National Security.",
        "Masrour Barzani presided over a meeting of the Kurdistan Region Security Council on Sunday.",
    ],
)
def test_chairing_a_session_of_a_body_is_a_meeting_with_that_body(extract, text):
    meeting = only_meeting(extract(text))
    assert len(people_of(meeting)) == 1
    assert {p.organisation_id for p in meeting.participants} - {None}


def test_its_session_which_someone_chaired_is_the_body_named_before(extract):
    meeting = only_meeting(
        extract(
            "The plan was approved by the Ministerial Council for National Security in its session, "
            "which Mohammed Shia al-Sudani chaired on Monday."
        )
    )
    assert people_of(meeting) == {"mohammed-shia-al-sudani"}
    assert "ministerial-council-for-national-security" in {p.organisation_id for p in meeting.participants}


def test_attendance_skips_a_meeting_told_in_a_relative_clause(extract):
    x = extract(
        "Mohammed Shia al-Sudani received Rebar Ahmed in Baghdad on Tuesday. They reviewed the plan of the "
        "Ministerial Council for National Security in its session, which al-Sudani chaired on Monday. "
        "The meeting was attended by Qasim al-Araji."
    )
    reception = next(m for m in x.meetings if "rebar-ahmed" in people_of(m))
    assert "qasim-al-araji" in people_of(reception)


def test_a_gathering_hung_on_the_verb_of_saying_still_gives_its_host(extract):
    x = extract(
        "Ismail Qaani met faction leaders at the headquarters of the Badr Organization in Baghdad on Thursday "
        "evening, in a dinner hosted by Hadi al-Amiri, two of the sources said."
    )
    assert "hadi-al-amiri" in people_of(only_meeting(x))


def test_a_body_named_anew_without_a_date_is_another_meeting(extract):
    x = extract(
        "Ismail Qaani met representatives of the Badr Organization in Baghdad on Thursday. "
        "Qaani had also met two commanders of the Popular Mobilization Forces, an official said."
    )
    bodies = [{p.organisation_id for p in m.participants} - {None} for m in x.meetings]
    assert {"popular-mobilization-forces"} in bodies and {"badr-organization"} in bodies


def test_the_delegation_received_with_its_head_meets_again_with_its_head(extract):
    x = extract(
        "Mustafa al-Kadhimi received Shorish Ismail and his accompanying delegation in Baghdad on Monday. "
        "On Tuesday, the Kurdish delegation held talks with Abdul Amir al-Shammari at the command's headquarters."
    )
    second = next(m for m in x.meetings if "abdul-amir-al-shammari" in people_of(m))
    assert people_of(second) == {"shorsh-ismail", "abdul-amir-al-shammari"}
    assert len(x.meetings) == 2


def test_travelling_to_brief_someone_is_a_planned_meeting_with_them(extract):
    meeting = only_meeting(
        extract(
            "Qasim al-Araji is expected to travel to Tehran later this month to brief Ali Akbar Ahmadian on the plan."
        )
    )
    assert meeting.status == "planned"
    assert people_of(meeting) == {"qasim-al-araji", "ali-akbar-ahmadian"}


def test_briefing_someone_without_a_trip_is_no_meeting(extract):
    assert not extract("Qasim al-Araji briefed Ali Akbar Ahmadian on the plan.").meetings


def test_an_accepted_invitation_to_visit_is_a_planned_meeting(extract):
    x = extract(
        "Rebar Ahmed met Ahmad Vahidi in Tehran on Tuesday. Ahmed invited Vahidi to visit Erbil, "
        "and the Iranian minister accepted the invitation."
    )
    planned = [m for m in x.meetings if m.status == "planned"]
    assert len(planned) == 1 and people_of(planned[0]) == {"rebar-ahmed", "ahmad-vahidi"}
    assert len(x.meetings) == 2


def test_an_invitation_alone_is_no_meeting(extract):
    x = extract(
        "Masrour Barzani met Ahmad Vahidi in Tehran on Tuesday. Vahidi invited Barzani to visit Tehran "
        "at the earliest opportunity."
    )
    assert [m.status for m in x.meetings] == ["held"]


def test_accepting_someones_invitation_to_meet_again_is_a_planned_meeting(extract):
    x = extract(
        "Fuad Hussein met Rebar Ahmed in Baghdad on Monday. Hussein accepted Minister Ahmed's invitation "
        "to meet again in Erbil during his next visit."
    )
    planned = [m for m in x.meetings if m.status == "planned"]
    assert len(planned) == 1 and people_of(planned[0]) == {"fuad-hussein", "rebar-ahmed"}


def test_a_day_that_owns_other_talks_does_not_date_the_meeting(extract):
    x = extract(
        "Rebar Ahmed met Ahmad Vahidi in Tehran on Tuesday. Ahmed invited Vahidi to visit Erbil, and the "
        "Iranian minister accepted the invitation, saying he would come to review the outcome of Tuesday’s talks."
    )
    planned = next(m for m in x.meetings if m.status == "planned")
    assert planned.date is None


def test_earlier_in_the_day_counts_from_the_meeting_held_not_a_plan_told_since(extract):
    x = extract(
        "Rebar Ahmed met Ahmad Vahidi in Tehran on Tuesday. Ahmed invited Vahidi to visit Erbil, and the "
        "Iranian minister accepted the invitation. Earlier in the day, Bakhtiar Omar Salih held talks "
        "with Qasim al-Araji.",
        published="2024-11-13",
    )
    earlier = next(m for m in x.meetings if "qasim-al-araji" in people_of(m))
    assert earlier.date == "2024-11-12"


def test_an_accepted_invitation_to_visit_a_city_is_placed_there(extract):
    x = extract(
        "Rebar Ahmed met Ahmad Vahidi in Tehran on Tuesday. Ahmed invited Vahidi to visit Erbil, "
        "and the Iranian minister accepted the invitation."
    )
    planned = next(m for m in x.meetings if m.status == "planned")
    assert planned.place_id == "erbil"


def test_discussing_a_topic_with_unnamed_officials_is_a_meeting_with_their_side(extract):
    # The parse hangs "with" inside the topic ("the movement of militants along the border with …").
    meeting = only_meeting(
        extract(
            "Falih al-Fayyadh discussed border security and the movement of militants along the border "
            "with Iranian officials in Tehran on Sunday."
        )
    )
    assert people_of(meeting) == {"falih-al-fayyadh"}
    assert "government-of-iran" in {p.organisation_id for p in meeting.participants}


def test_discussing_a_topic_with_a_country_is_no_meeting(extract):
    assert extract("Falih al-Fayyadh discussed border cooperation with Iran on Sunday.").meetings == []


def test_a_meeting_in_a_where_clause_is_held_in_the_place_it_describes(extract):
    x = extract(
        "Falih al-Fayyadh met Nechirvan Barzani in Erbil on Sunday. Days earlier al-Fayyadh returned from "
        "Tehran, where he discussed border security with Iranian officials."
    )
    trip = next(m for m in x.meetings if "government-of-iran" in {p.organisation_id for p in m.participants})
    assert trip.place_id == "tehran"


def test_the_same_person_with_an_unnamed_group_of_a_new_side_is_another_meeting(extract):
    x = extract(
        "Falih al-Fayyadh held talks with Kurdish leaders in Erbil. Al-Fayyadh met Masrour Barzani on Sunday. "
        "He had earlier discussed border security with Iranian officials."
    )
    assert any("government-of-iran" in {p.organisation_id for p in m.participants} for m in x.meetings)


def test_quoted_words_hung_on_the_reporter_s_verb_can_tell_a_meeting(extract):
    meeting = only_meeting(
        extract(
            'The ministry said that Falih al-Fayyadh would head to Tehran next week "for consultations with '
            'Iranian officials on the common border."'
        )
    )
    assert meeting.status == "planned"
    assert people_of(meeting) == {"falih-al-fayyadh"}
    assert "government-of-iran" in {p.organisation_id for p in meeting.participants}
    assert meeting.place_id == "tehran"


def test_a_quoted_clause_is_someone_s_words_not_the_reporter_s_meeting(extract):
    x = extract('Fuad Hussein said: "We held talks with Iranian officials in Tehran on Sunday."')
    assert x.meetings == []


def test_meetings_with_officials_at_two_bodies_are_one_meeting_with_each(extract):
    x = extract(
        "During his week in Washington, Rebar Ahmed held meetings with officials at the Pentagon and the "
        "Federal Bureau of Investigation on counterterrorism."
    )
    bodies = sorted(tuple(sorted(p.organisation_id for p in m.participants if p.organisation_id)) for m in x.meetings)
    assert bodies == [("federal-bureau-of-investigation",), ("united-states-department-of-defense",)]
    assert all(people_of(m) == {"rebar-ahmed"} for m in x.meetings)


def test_a_meeting_with_officials_at_two_bodies_is_one_meeting_with_both(extract):
    meeting = only_meeting(
        extract("Rebar Ahmed met officials at the Pentagon and the Federal Bureau of Investigation on Monday.")
    )
    assert {p.organisation_id for p in meeting.participants if p.organisation_id} == {
        "united-states-department-of-defense",
        "federal-bureau-of-investigation",
    }


def test_delegations_of_two_border_guards_meet_as_their_bodies(extract):
    meeting = only_meeting(
        extract("Delegations from Iran’s Border Guard Command and the Iraqi Border Guard Forces met on Tuesday.")
    )
    assert {p.organisation_id for p in meeting.participants if p.organisation_id} >= {
        "iranian-border-guard-command",
        "iraqi-border-guard",
    }


def test_a_meeting_with_an_unnamed_consul_general_has_the_consulate_as_participant(extract):
    x = extract("Rebar Ahmed received Iran's consul general in Erbil on Sunday and discussed border trade.")
    meeting = x.meetings[0]
    assert "consulate-general-of-iran-in-erbil" in {p.organisation_id for p in meeting.participants}
    assert any(p.group_text and p.affiliation_id == "consulate-general-of-iran-in-erbil" for p in meeting.participants)
