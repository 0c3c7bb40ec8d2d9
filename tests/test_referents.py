"""Who is this phrase? (issue 12): one resolver for meetings and claims.

Each test runs the resolver on a short text written for it and checks both the
entity and the rule that decided.
"""

from __future__ import annotations

import pytest

from iraq_security.entities import find_entities
from iraq_security.gazetteer import load_gazetteer
from iraq_security.outlets import load_outlets
from iraq_security.parse import to_record
from iraq_security.records import Article, Participant
from iraq_security.referents import Referents
from iraq_security.resolve import resolve_article


@pytest.fixture
def refer(nlp):
    """refer(text, phrase, occurrence=0) -> the Referent of `phrase` as written in `text`."""

    def go(
        text: str,
        phrase: str,
        occurrence: int = 0,
        published: str = "2024-11-13",
        participants: list[Participant] | None = None,
    ):
        article = Article(id="test", source_file="test.txt", sha256="0", body=text, published=published)
        parsed = to_record(article.id, nlp(text))
        gazetteer = load_gazetteer()
        found = find_entities(parsed, text, gazetteer, load_outlets())
        entities = resolve_article(found, published, gazetteer)
        referents = Referents(article, parsed, entities.mentions, entities.roles, gazetteer, load_outlets())
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(phrase, start + 1)
        end = start + len(phrase)
        inside = [t for t in parsed.tokens if start <= t.idx < end]
        heads = [t.i for t in inside if not start <= parsed.tokens[t.head].idx < end or t.head == t.i]
        return referents.resolve(heads[0], {t.i for t in inside}, participants)

    return go


# ---------------------------------------------------------------- people


def test_person_by_name(refer):
    found = refer("Fuad Hussein said that the border would reopen.", "Fuad Hussein")
    assert (found.kind, found.person_id, found.rule) == ("person", "fuad-hussein", "name")


def test_person_by_surname_through_coreference(refer):
    text = "Fuad Hussein arrived in Tehran on Monday. Hussein said that the border would reopen."
    found = refer(text, "Hussein", occurrence=1)
    assert (found.person_id, found.rule) == ("fuad-hussein", "surname, coreference")


@pytest.mark.parametrize(
    "published, holder", [("2021-06-01", "mustafa-al-kadhimi"), ("2024-06-01", "mohammed-shia-al-sudani")]
)
def test_person_by_role_phrase_on_the_article_date(refer, published, holder):
    text = (
        "Mustafa al-Kadhimi and Mohammed Shia al-Sudani attended the ceremony in Baghdad. "
        "The Iraqi prime minister said that the army would guard the crossings."
    )
    found = refer(text, "The Iraqi prime minister", published=published)
    assert (found.kind, found.person_id, found.rule) == ("person", holder, "role on the article's date")


def test_person_by_his_counterpart_of_the_side_named(refer):
    text = (
        "Abbas Araghchi landed in Baghdad on Monday. Fuad Hussein said that his Iranian counterpart "
        "would stay for two days."
    )
    found = refer(text, "his Iranian counterpart")
    assert found.person_id == "abbas-araghchi"
    assert found.rule.startswith("relative reference: the counterpart")


@pytest.mark.parametrize("phrase, person", [("The latter", "abbas-araghchi"), ("The former", "fuad-hussein")])
def test_person_by_the_latter_or_the_former(refer, phrase, person):
    text = f"Fuad Hussein met Abbas Araghchi in Baghdad on Monday. {phrase} said that talks would continue."
    found = refer(text, phrase)
    assert found.person_id == person
    assert found.rule.startswith(f"relative reference: the {phrase.split()[1]}")


def test_person_by_pronoun_is_the_last_person_subject(refer):
    text = "Qasim al-Araji met Fuad Hussein in Baghdad. He said that the camps would close."
    found = refer(text, "He")
    assert (found.person_id, found.rule) == ("qasim-al-araji", "pronoun: the most recent person subject")


# ---------------------------------------------------------------- organisations


def test_pronoun_after_a_role_phrase_subject_is_the_holder_of_that_role(refer):
    text = (
        "Masrour Barzani said the border was calm. The Iraqi National Security Adviser praised the plan. "
        "He said the work would go on."
    )
    found = refer(text, "He")
    assert (found.person_id, found.rule) == (
        "qasim-al-araji",
        "pronoun: the most recent person subject, a role on the article's date",
    )


def test_organisation_by_name(refer):
    found = refer("The KRG Ministry of Interior said that the crossings were open.", "KRG Ministry of Interior")
    assert (found.kind, found.organisation_id, found.rule) == ("organisation", "krg-ministry-of-interior", "name")


def test_the_ministry_is_the_most_recent_matching_body(refer):
    text = (
        "The Iraqi Ministry of Interior and the KRG Ministry of Interior signed the plan on Monday. "
        "Later, the KRG Ministry of Interior sent officers to the border. The ministry said that "
        "twelve posts were ready."
    )
    found = refer(text, "The ministry")
    assert found.organisation_id == "krg-ministry-of-interior"
    assert found.rule == "a body's head noun: the most recent matching body"


def test_the_presidency_is_the_body_it_names(refer):
    text = (
        "The Kurdistan Region Presidency hosted the talks. The presidency said that the two sides "
        "agreed on a timetable."
    )
    found = refer(text, "The presidency")
    assert (found.kind, found.organisation_id) == ("organisation", "kurdistan-region-presidency")


# ---------------------------------------------------------------- statements


def test_statement_stands_for_its_named_issuer(refer):
    text = "A statement from the Kurdistan Region Presidency said that the border would stay open."
    found = refer(text, "A statement from the Kurdistan Region Presidency")
    assert found.kind == "statement"
    assert found.rule == "statement: its issuer is named in the phrase"
    assert (found.speaker_kind, found.speaker.organisation_id) == ("organisation", "kurdistan-region-presidency")


def test_a_readout_issued_by_a_leader_s_headquarters_stands_for_that_office(refer):
    text = (
        "A readout issued by the Barzani Headquarters said that the visitors discussed the border. "
        "The readout added that the talks would continue."
    )
    found = refer(text, "A readout issued by the Barzani Headquarters")
    assert (found.kind, found.speaker.organisation_id) == ("statement", "barzani-headquarters")
    again = refer(text, "The readout")
    assert again.rule == "statement: the issuer of the last statement named before it"
    assert again.speaker.organisation_id == "barzani-headquarters"


def test_figures_a_body_released_stand_for_that_body(refer):
    text = (
        "The Kurdistan Region Presidency opened a new office on Monday. The crossings handled 900 trucks a day, "
        "according to figures it released in March."
    )
    found = refer(text, "figures it released in March")
    assert found.kind == "statement"
    assert found.rule == "statement: the subject of the clause that issues it"
    assert found.speaker.organisation_id == "kurdistan-region-presidency"


def test_bare_statement_stands_for_the_last_statement_named(refer):
    text = (
        "Qasim al-Araji received Ismail Qaani in Baghdad, according to a statement from Araji's office. "
        "The statement added that both sides agreed to tighten border controls."
    )
    found = refer(text, "The statement")
    assert found.kind == "statement"
    assert found.rule == "statement: the issuer of the last statement named before it"
    assert found.speaker.person_id == "qasim-al-araji"


# ---------------------------------------------------------------- delegations


def test_delegation_resolves_to_its_head_and_the_body_it_represents(refer):
    text = "An Iraqi delegation headed by Qasim al-Araji arrived in Tehran on Monday."
    found = refer(text, "An Iraqi delegation headed by Qasim al-Araji")
    assert (found.kind, found.person_id, found.rule) == ("delegation", "qasim-al-araji", "delegation: its head")
    assert found.affiliation_id == "government-of-iraq"
    assert found.organisation_id is None  # the body takes part only when no person is named


def test_delegation_without_a_named_person_is_its_body(refer):
    found = refer("An Iraqi delegation arrived in Tehran on Monday.", "An Iraqi delegation")
    assert (found.kind, found.organisation_id) == ("delegation", "government-of-iraq")
    assert found.rule == "delegation: the body it represents"


def test_meeting_with_a_led_delegation_lists_people_not_the_body(extract):
    x = extract("An Iraqi delegation headed by Qasim al-Araji met Ali Akbar Ahmadian in Tehran on Monday.")
    meeting = x.meetings[0]
    assert {p.person_id for p in meeting.participants if p.person_id} == {"qasim-al-araji", "ali-akbar-ahmadian"}
    assert not any(p.organisation_id for p in meeting.participants)


# ---------------------------------------------------------------- groups


def test_both_sides_are_the_participants_of_the_meeting_in_context(refer):
    sides = [
        Participant("Fuad Hussein", "participant", person_id="fuad-hussein"),
        Participant("Abbas Araghchi", "participant", person_id="abbas-araghchi"),
    ]
    found = refer("Both sides stressed that the border must stay calm.", "Both sides", participants=sides)
    assert found.kind == "group" and found.speaker_kind == "group"
    assert {p.person_id for p in found.members} == {"fuad-hussein", "abbas-araghchi"}
    assert found.rule == "group: the participants of the meeting in context"


def test_both_sides_without_a_meeting_is_unresolved(refer):
    found = refer("Both sides stressed that the border must stay calm.", "Both sides")
    assert found.speaker_kind == "unresolved" and not found.resolved


# ---------------------------------------------------------------- unnamed sources


def test_unnamed_security_source(refer):
    found = refer("A security source told the agency that the drone came from the east.", "A security source")
    assert (found.kind, found.unnamed_kind, found.rule) == ("unnamed", "source", "unnamed source")
    assert found.person_id is None and found.organisation_id is None


def test_unnamed_officials_keep_their_affiliation(refer):
    found = refer("Iraqi officials said that the camps had been emptied.", "Iraqi officials")
    assert (found.kind, found.unnamed_kind, found.affiliation_id) == ("unnamed", "official", "government-of-iraq")
    assert found.organisation_id is None  # never the government itself


def test_the_source_refers_back_to_the_unnamed_source_before_it(refer):
    text = (
        "A source in the Kurdistan Region Presidency said that the talks went well. "
        "The source added that a second round would follow."
    )
    found = refer(text, "The source")
    assert found.rule == "unnamed source: the one named just before"
    assert found.affiliation_id == "kurdistan-region-presidency"


def test_a_phrase_no_rule_places_is_unresolved_not_a_wrong_entity(refer):
    found = refer("The newcomer said that the patrols would be doubled.", "The newcomer")
    assert (found.kind, found.person_id, found.organisation_id) == ("unresolved", None, None)


def test_person_described_by_office_and_side_is_the_last_of_that_side(refer):
    text = (
        "Qasim al-Araji received Mohammad Kazem Al-e Sadegh in Baghdad on Monday. "
        "The Iranian envoy praised the steps taken by Baghdad."
    )
    found = refer(text, "The Iranian envoy")
    assert (found.kind, found.person_id) == ("person", "mohammad-kazem-al-e-sadegh")
    assert found.rule == "descriptive reference: the last person of that side named before"


def test_role_phrase_narrowed_through_the_body_above_the_office(refer):
    # The interior minister belongs to the federal government through his ministry.
    text = (
        "Abdul Amir al-Shammari and Masrour Barzani attended the ceremony in Erbil. "
        "The federal minister said that the border guards would be deployed in the spring."
    )
    found = refer(text, "The federal minister", published="2023-02-08")
    assert (found.person_id, found.rule) == ("abdul-amir-al-shammari", "role on the article's date")


def test_a_body_the_gazetteer_does_not_know_is_not_its_owner(refer):
    text = "The Kurdistan Region’s Drone Monitoring Directorate said that a drone was shot down near the airport."
    found = refer(text, "The Kurdistan Region’s Drone Monitoring Directorate")
    assert (found.kind, found.organisation_id) == ("unresolved", None)
    assert found.affiliation_id == "kurdistan-regional-government"


@pytest.mark.parametrize(
    "phrase",
    ["The Kurdistan Region’s Counter-Terrorism Directorate", "The Kurdish region’s counterterrorism directorate"],
)
def test_a_body_named_under_its_owner_is_the_curated_body_of_that_side(refer, phrase):
    found = refer(f"{phrase} said that a drone was shot down near the airport.", phrase)
    assert (found.kind, found.organisation_id) == ("organisation", "krg-counter-terrorism-department")
    assert found.rule == "a body named under its owner: the curated body of that side"


def test_a_role_two_held_that_year_goes_to_the_one_the_article_names_in_it(refer):
    # The gazetteer dates Nechirvan Barzani's premiership to "2019", Masrour Barzani's from 2019-07.
    text = (
        "Prime Minister Masrour Barzani and President Nechirvan Barzani received the delegation in Erbil. "
        "The talks went well, according to a statement by the Kurdish premier's office."
    )
    found = refer(text, "a statement by the Kurdish premier's office", published="2019-09-09")
    assert (found.speaker.person_id, found.speaker.rule) == ("masrour-barzani", "role on the article's date")


def test_a_described_office_must_be_one_the_person_holds(refer):
    text = "Ali Khamenei met Qasim al-Araji in Tehran on Monday. The Iranian minister said that the border would stay calm."
    found = refer(text, "The Iranian minister")
    assert found.person_id != "ali-khamenei"


def test_a_counterpart_holds_the_same_office_on_the_other_side(refer):
    text = (
        "Abbas Araghchi and Masoud Pezeshkian received the Iraqi delegation in Tehran. "
        "Fuad Hussein later said that his Iranian counterpart had accepted an invitation to Baghdad."
    )
    found = refer(text, "his Iranian counterpart", published="2025-04-13")
    assert found.person_id == "abbas-araghchi"


def test_his_counterpart_of_his_own_side_is_the_last_foreigner_s_counterpart(refer):
    text = (
        "Ahmad Vahidi received Rebar Ahmed in Tehran on Wednesday. Vahidi told Ahmed that the camps must close. "
        "His Iranian counterpart also proposed joint training for the border police."
    )
    found = refer(text, "His Iranian counterpart", published="2024-03-14")
    assert found.person_id == "ahmad-vahidi"


def test_one_of_a_group_of_officials_is_an_unnamed_official(refer):
    found = refer(
        "Rebar Ahmed met Qasim al-Araji in Baghdad. The army will stand there, one of the Iraqi officials said.",
        "one of the Iraqi officials",
    )
    assert (found.kind, found.unnamed_kind, found.affiliation_id) == ("unnamed", "official", "government-of-iraq")


def test_he_after_an_unnamed_official_is_that_official(refer):
    text = (
        "Rebar Ahmed visited a border post. A senior official in Baghdad said a deal had worked, "
        "though he conceded that smuggling remains a problem."
    )
    found = refer(text, "he")
    assert (found.kind, found.unnamed_kind, found.rule) == (
        "unnamed",
        "official",
        "pronoun: the unnamed voice just before",
    )
    assert found.text == "A senior official in Baghdad"


def test_he_after_a_named_person_is_still_that_person(refer):
    text = "A senior official said a deal had worked. Rebar Ahmed said that he would visit a border post."
    found = refer(text, "he")
    assert (found.kind, found.person_id) == ("person", "rebar-ahmed")


def test_it_after_a_capital_as_subject_is_that_capitals_government(refer):
    text = "Tehran has struck the camps of the groups, which it accuses of smuggling weapons."
    found = refer(text, "it", occurrence=0)
    assert (found.kind, found.organisation_id, found.rule) == (
        "organisation",
        "government-of-iran",
        "pronoun: the most recent subject, a capital for its government",
    )


# ---------------------------------------------------------------- missions


def test_an_unnamed_consul_general_stands_for_the_consulate_of_the_city_named(refer):
    text = "The governor of Duhok received Iran's consul general in Sulaymaniyah on Sunday."
    found = refer(text, "Iran's consul general in Sulaymaniyah")
    assert (found.kind, found.organisation_id) == ("organisation", "consulate-general-of-iran-in-sulaymaniyah")
    assert found.rule == "an unnamed head of mission stands for the mission"


def test_an_unnamed_consul_general_without_a_city_is_not_guessed(refer):
    found = refer("The governor of Duhok received Iran's consul general on Sunday.", "Iran's consul general")
    assert found.organisation_id not in (
        "consulate-general-of-iran-in-erbil",
        "consulate-general-of-iran-in-sulaymaniyah",
    )
