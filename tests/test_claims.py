"""Claims (issue 5): who said what, how, through which channel, with which numbers.

Every fixture is a short text written for the test; `run` checks the invariant
`claim.text == body[start_char:end_char]` on every claim it returns.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def run(extract):
    def go(text: str, published: str | None = "2024-11-13"):
        x = extract(text, published=published)
        for claim in x.claims:
            assert claim.text == text[claim.start_char : claim.end_char]
            assert claim.kind in ("direct", "reported", "according_to")
        return x

    return go


def only(claims, kind=None):
    chosen = [c for c in claims if kind is None or c.kind == kind]
    assert len(chosen) == 1, [(c.kind, c.text) for c in claims]
    return chosen[0]


def containing(claims, words: str):
    chosen = [c for c in claims if words in c.text]
    assert chosen, [(c.kind, c.text) for c in claims]
    return chosen[0]


# ---------------------------------------------------------------- kinds


def test_reported_claim_from_a_that_clause(run):
    x = run("Fuad Hussein said that the border with Syria would stay closed until the spring.")
    claim = only(x.claims)
    assert claim.kind == "reported"
    assert claim.verb == "said"
    assert claim.text == "the border with Syria would stay closed until the spring"
    assert claim.speaker_person_id == "fuad-hussein"
    assert claim.sentence_index == 0
    assert claim.warnings == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The interior ministry did not say who was responsible for the blast near the crossing.",
        "Fuad Hussein declined to say whether the border posts would reopen before the winter.",
    ],
)
def test_an_open_question_after_a_cue_verb_is_no_claim(run, sentence):
    text = f"Fuad Hussein said that the border with Syria would stay closed until the spring. {sentence}"
    x = run(text)
    assert [c.text for c in x.claims] == ["the border with Syria would stay closed until the spring"]


def test_a_condition_opening_a_reported_clause_is_still_a_claim(run):
    x = run("Fuad Hussein said if the talks fail, the government would close the border crossings.")
    assert only(x.claims).speaker_person_id == "fuad-hussein"


def test_reported_claim_with_inform_of(run):
    x = run(
        "Abdul Amir Yarallah informed Nechirvan Barzani of the army's plan to reinforce positions in the mountains."
    )
    claim = only(x.claims)
    assert claim.kind == "reported"
    assert claim.verb == "informed"
    assert claim.text.startswith("the army's plan to reinforce positions")
    assert claim.speaker_person_id == "abdul-amir-yarallah"  # the informer, not the one informed


def test_cue_verb_with_a_plain_object_is_no_claim(run):
    x = run("Fuad Hussein highlighted efforts to improve ties with Ankara.")
    assert x.claims == []


def test_direct_quote_with_speaker_after(run):
    x = run("“We will not let any group use our land against a neighbour,” Masrour Barzani said on Tuesday.")
    claim = only(x.claims)
    assert claim.kind == "direct"
    assert claim.text == "We will not let any group use our land against a neighbour"
    assert claim.speaker_person_id == "masrour-barzani"


def test_direct_quote_with_speaker_before(run):
    x = run('Masrour Barzani said: "We will not let any group use our land against a neighbour."')
    claim = only(x.claims)
    assert claim.kind == "direct"
    assert claim.text.startswith("We will not let any group")
    assert claim.speaker_person_id == "masrour-barzani"


def test_direct_quote_with_inverted_verb_and_speaker(run):
    x = run("“We will not accept foreign troops on our soil,” said Qais al-Khazali.")
    claim = only(x.claims)
    assert claim.kind == "direct"
    assert claim.speaker_person_id == "qais-al-khazali"


def test_direct_quote_over_several_sentences_is_one_whole_claim(run):
    body = "“The talks were useful. Both sides agreed to keep working,” Fuad Hussein said."
    claim = only(run(body).claims)
    assert claim.kind == "direct"
    assert claim.text == "The talks were useful. Both sides agreed to keep working"
    assert claim.speaker_person_id == "fuad-hussein"
    assert claim.sentence_index == 0  # where the quote starts


def test_direct_quote_over_several_sentences_ending_in_a_fragment(run):
    body = "“The talks were useful. A good start for both governments,” Fuad Hussein said."
    claim = only(run(body).claims)
    assert claim.kind == "direct"
    assert claim.text == "The talks were useful. A good start for both governments"


def test_direct_quote_of_several_sentences_after_the_speaker(run):
    body = 'Masrour Barzani said, "the camps must be closed. The groups inside must be disarmed. We will not wait," in a speech.'
    claim = only(run(body).claims)
    assert claim.kind == "direct"
    assert claim.text == "the camps must be closed. The groups inside must be disarmed. We will not wait"


def test_partial_quote_inside_a_paraphrase(run):
    x = run("Hadi al-Amiri expressed his “deep regret” over the clashes near the border.")
    claim = only(x.claims)
    assert claim.kind == "direct"
    assert claim.text == "deep regret"
    assert claim.verb == "expressed"
    assert claim.speaker_person_id == "hadi-al-amiri"


def test_according_to_after_the_clause(run):
    x = run("The militia was preparing new attacks on the bases, according to Falih al-Fayyadh.")
    claim = only(x.claims)
    assert claim.kind == "according_to"
    assert claim.verb == "according to"
    assert claim.text == "The militia was preparing new attacks on the bases"  # not the attribution
    assert claim.speaker_person_id == "falih-al-fayyadh"


def test_according_to_before_the_clause(run):
    x = run("According to Rebar Ahmed, the smugglers were arrested near the border.")
    claim = only(x.claims)
    assert claim.kind == "according_to"
    assert claim.text == "the smugglers were arrested near the border"
    assert claim.speaker_person_id == "rebar-ahmed"


def test_according_to_a_statement_from_an_organisation(run):
    x = run("The camp will be emptied by the spring, according to a statement from the Iraqi foreign ministry.")
    claim = only(x.claims)
    assert claim.kind == "according_to"
    assert claim.text == "The camp will be emptied by the spring"
    assert claim.speaker_organisation_id == "iraqi-ministry-of-foreign-affairs"
    assert claim.channel == "statement"


def test_quote_attributed_by_according_to_is_direct(run):
    x = run("“The smuggling routes have been closed,” according to a statement from Rebar Ahmed's office.")
    claim = only(x.claims)
    assert claim.kind == "direct"
    assert claim.verb == "according to"
    assert claim.text == "The smuggling routes have been closed"
    assert claim.speaker_person_id == "rebar-ahmed"
    assert claim.channel == "statement"


# ---------------------------------------------------------------- speakers


def test_pronoun_speaker_is_most_recent_subject(run):
    body = (
        "Fuad Hussein met Turkish officials last month. Masrour Barzani said that the pipeline would reopen "
        "after talks with Fuad Hussein. He added that oil exports would resume within weeks."
    )
    claim = containing(run(body).claims, "oil exports")
    assert claim.speaker_text == "He"
    # Fuad Hussein is the last person named, but Masrour Barzani was the last subject.
    assert claim.speaker_person_id == "masrour-barzani"


def test_pronoun_speaker_can_be_the_subject_of_a_meeting(run):
    body = "Fuad Hussein met with Abbas Araghchi in Baghdad on Monday. He said that the two countries would form a border committee."
    claim = containing(run(body).claims, "border committee")
    assert claim.speaker_person_id == "fuad-hussein"


def test_pronoun_speaker_after_a_quote(run):
    body = "Qubad Talabani visited Baghdad on Sunday. “We want a fair share of the federal budget,” he said."
    claim = only(run(body).claims)
    assert claim.kind == "direct"
    assert claim.speaker_text == "he"
    assert claim.speaker_person_id == "qubad-talabani"


@pytest.mark.parametrize(
    "published, holder", [("2021-06-01", "mustafa-al-kadhimi"), ("2024-06-01", "mohammed-shia-al-sudani")]
)
def test_role_phrase_resolves_through_roles_valid_on_the_article_date(run, published, holder):
    body = (
        "Mustafa al-Kadhimi and Mohammed Shia al-Sudani attended the ceremony in Baghdad. "
        "The Iraqi prime minister said that the army would take over the border crossings."
    )
    claim = only(run(body, published=published).claims)
    assert claim.speaker_text == "The Iraqi prime minister"
    assert claim.speaker_person_id == holder


def test_role_phrase_with_a_synonym(run):
    body = "Mustafa al-Kadhimi visited Erbil on Monday. The Iraqi premier said that federal forces would share intelligence."
    claim = only(run(body, published="2021-03-01").claims)
    assert claim.speaker_person_id == "mustafa-al-kadhimi"


def test_lowercase_role_phrase_is_not_taken_for_an_outlet(run):
    # "The national …" must not be read as the newspaper The National.
    body = "Qasim al-Araji visited Sulaimani. The national security advisor stressed that the camps must be closed."
    claim = only(run(body).claims)
    assert claim.speaker_person_id == "qasim-al-araji"
    assert claim.channel is None and claim.channel_outlet_id is None


def test_statement_from_an_office_resolves_to_the_office_holder(run):
    body = (
        "Nechirvan Barzani and Masrour Barzani attended the ceremony in Erbil. "
        "A statement from the president's office said that the Peshmerga would be unified."
    )
    claim = only(run(body).claims)
    assert claim.speaker_text == "A statement from the president's office"
    assert claim.speaker_person_id == "nechirvan-barzani"
    assert claim.channel == "statement"


def test_according_to_an_office_resolves_to_the_office_holder(run):
    body = (
        "Nechirvan Barzani and Masrour Barzani attended the ceremony in Erbil. "
        "According to the prime minister's office, the Peshmerga would be unified."
    )
    claim = only(run(body).claims)
    assert claim.kind == "according_to"
    assert claim.speaker_text == "the prime minister's office"
    assert claim.speaker_person_id == "masrour-barzani"


def test_a_media_office_of_a_role_resolves_to_the_office_holder(run):
    body = (
        "Nechirvan Barzani and Masrour Barzani attended the ceremony in Erbil. "
        "A statement by the prime minister's media office said that the Peshmerga would be unified."
    )
    claim = only(run(body).claims)
    assert claim.speaker_person_id == "masrour-barzani"
    assert claim.channel == "statement"


def test_his_office_resolves_to_the_person_the_pronoun_stands_for(run):
    body = "Fuad Hussein visited the crossing on Monday. His office said that the crossing would reopen next week."
    claim = only(run(body).claims)
    assert claim.speaker_text == "His office"
    assert claim.speaker_person_id == "fuad-hussein"


def test_named_persons_office_resolves_to_that_person(run):
    claim = only(run("The border crossings will reopen next week, according to Fuad Hussein's office.").claims)
    assert claim.speaker_text == "Fuad Hussein's office"
    assert claim.speaker_person_id == "fuad-hussein"
    assert claim.text == "The border crossings will reopen next week"


def test_bare_statement_speaks_for_the_last_named_statement(run):
    body = (
        "Qasim al-Araji received Ismail Qaani in Baghdad on Saturday, according to a statement from Araji's office. "
        "The statement added that both sides agreed to tighten border controls."
    )
    claim = only(run(body).claims)
    assert claim.speaker_text == "The statement"
    assert claim.speaker_person_id == "qasim-al-araji"
    assert claim.channel == "statement"


@pytest.mark.parametrize(
    "body, government",
    [
        (
            "Tehran had repeatedly warned that it would strike the camps if the groups were not disarmed.",
            "government-of-iran",
        ),
        ("Baghdad insisted that the strikes violated Iraqi sovereignty.", "government-of-iraq"),
        ("Iran said that the strikes on the camps would continue.", "government-of-iran"),
    ],
)
def test_capital_or_country_as_speaker_resolves_to_its_government(run, body, government):
    claim = only(run(body).claims)
    assert claim.speaker_person_id is None
    assert claim.speaker_organisation_id == government


def test_unresolved_speaker_keeps_its_text_with_null_ids(run):
    claim = only(run("The newcomer said that the patrols would be doubled along the border.").claims)
    assert claim.speaker_text == "The newcomer"
    assert claim.speaker_kind == "unresolved"
    assert claim.speaker_person_id is None and claim.speaker_organisation_id is None
    assert any("speaker not resolved" in w for w in claim.warnings)


def test_unnamed_official_is_kept_as_unnamed_not_unresolved(run):
    claim = only(run("A senior security official said that the patrols would be doubled along the border.").claims)
    assert claim.speaker_text == "A senior security official"
    assert claim.speaker_kind == "unnamed"
    assert claim.speaker_person_id is None and claim.speaker_organisation_id is None
    assert not any("speaker not resolved" in w for w in claim.warnings)


# ---------------------------------------------------------------- channels


def test_channel_statement(run):
    claim = only(run("Rebar Ahmed said in a statement that the ministry had arrested the suspects.").claims)
    assert claim.channel == "statement"
    assert claim.speaker_person_id == "rebar-ahmed"


def test_channel_facebook_post(run):
    claim = only(run("Peshawa Hawramani wrote in a Facebook post that salaries would be paid next week.").claims)
    assert claim.channel == "facebook_post"


def test_channel_x_post(run):
    claim = only(run("Fuad Hussein said on X that the embassy would reopen soon.").claims)
    assert claim.channel == "x_post"
    assert claim.text == "the embassy would reopen soon"  # "on X" is not part of what was said


def test_channel_told_an_outlet(run):
    claim = only(run("Miqdad Miri told Kurdistan 24 that the displaced families would go home.").claims)
    assert claim.channel == "told_outlet"
    assert claim.channel_outlet_id == "kurdistan-24"
    assert claim.speaker_person_id == "miqdad-miri"


def test_told_an_outlet_in_an_interview_that(run):
    # The small model hangs the that-clause off "interview"; it is still what was said.
    claim = only(run("Masrour Barzani told Rudaw in an interview that the talks had made progress.").claims)
    assert claim.text == "the talks had made progress"
    assert claim.channel == "told_outlet"
    assert claim.channel_outlet_id == "rudaw"


def test_channel_interview(run):
    claim = only(run("Fuad Hussein said in an interview that the embassy would reopen soon.").claims)
    assert claim.channel == "interview"


def test_channel_press_conference(run):
    claim = only(run("“We reject any interference in our affairs,” Abbas Araghchi said at a press conference.").claims)
    assert claim.kind == "direct"
    assert claim.channel == "press_conference"


def test_channel_publication(run):
    body = "The Islamic State claimed in its newspaper al-Naba that its fighters had carried out 17 attacks in Syria."
    claim = only(run(body).claims)
    assert claim.channel == "publication"
    assert claim.channel_outlet_id == "al-naba"
    assert claim.speaker_organisation_id == "islamic-state"


def test_no_channel_when_none_is_named(run):
    claim = only(run("Fuad Hussein said that the border would stay closed.").claims)
    assert claim.channel is None and claim.channel_outlet_id is None


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "body, value, qualifier, unit",
    [
        ("Nechirvan Barzani said that more than 2,300 families had returned to Sinjar.", 2300, "more than", "families"),
        ("Rebar Ahmed said that over 90 villages were hit by drones.", 90, "over", "villages"),
        ("Rebar Ahmed said that about 400 fighters remain in the mountains.", 400, "about", "fighters"),
        ("Rebar Ahmed said that 35 border posts were built this year.", 35, "exactly", "posts"),
        (
            "Miqdad Miri told Kurdistan 24 that the number of displaced families has exceeded 12,500.",
            12500,
            "more than",
            "families",
        ),
        ("Rebar Ahmed said that the drone strike killed three.", 3, "exactly", "people"),
        ("Rebar Ahmed said that the ministry had paid $2 million for the new posts.", 2_000_000, "exactly", "$"),
    ],
)
def test_numbers_in_a_claim_with_qualifier_and_unit(run, body, value, qualifier, unit):
    claim = only(run(body).claims)
    assert len(claim.numbers) == 1
    number = claim.numbers[0]
    assert number.value == value
    assert number.qualifier == qualifier
    assert number.unit_text == unit


def test_numbers_in_an_according_to_claim(run):
    body = "Militants attacked the town on Monday, killing more than 40 people, according to the Iraqi health ministry."
    claim = only(run(body).claims)
    assert claim.kind == "according_to"
    assert [(n.value, n.qualifier, n.unit_text) for n in claim.numbers] == [(40, "more than", "people")]


@pytest.mark.parametrize(
    "body",
    [
        "Fuad Hussein said that the two governments would settle the dispute.",
        "Fuad Hussein said that the two countries had signed the agreement.",
        "Rebar Ahmed said that the two sides agreed to meet again in Baghdad.",
        "Rebar Ahmed said that two parties had left the coalition talks.",
    ],
)
def test_numbers_that_count_the_parties_are_not_statistics(run, body):
    claim = only(run(body).claims)
    assert claim.numbers == []


def test_a_number_with_nothing_counted_is_not_stored(run):
    claim = only(run("Rebar Ahmed said that the road reopened for the first time since 2003.").claims)
    assert claim.numbers == []


def test_dates_are_not_numbers(run):
    claim = only(run("Rebar Ahmed said that the camp would close on 15 March 2025.").claims)
    assert claim.numbers == []


# ---------------------------------------------------------------- meetings


def test_claim_in_the_meeting_sentence_links_to_the_meeting(run):
    body = "In a meeting with Ali Larijani in Erbil on Tuesday, Nechirvan Barzani stressed that the region would not be a threat."
    x = run(body)
    assert len(x.meetings) == 1
    claim = only(x.claims)
    assert claim.meeting_index == x.meetings[0].index


def test_statement_after_a_meeting_links_to_the_meeting(run):
    body = (
        "Qasim al-Araji met with Ali Akbar Ahmadian in Tehran on Monday.\n\n"
        "The two sides reviewed the security agreement, a statement from Araji's office said.\n\n"
        '"The agreement has been implemented in full," the statement added.'
    )
    x = run(body)
    assert len(x.meetings) == 1
    claims = x.claims
    assert claims and all(c.meeting_index == x.meetings[0].index for c in claims)
    assert all(c.speaker_person_id == "qasim-al-araji" for c in claims)


def test_claim_during_the_meeting_by_a_participant_links_to_it(run):
    body = (
        "Nechirvan Barzani met with Ali Larijani in Erbil on Tuesday. "
        "During the meeting, Barzani stressed that the region would not be a threat to its neighbours."
    )
    x = run(body)
    assert len(x.meetings) == 1
    claim = only(x.claims)
    assert claim.speaker_person_id == "nechirvan-barzani"
    assert claim.meeting_index == x.meetings[0].index


def test_statement_by_someone_else_in_a_later_paragraph_is_not_linked_by_proximity(run):
    body = (
        "Qasim al-Araji met with Ali Akbar Ahmadian in Tehran on Monday.\n\n"
        "Fuad Hussein said in a statement that the border crossings with Syria would reopen next week."
    )
    x = run(body)
    assert len(x.meetings) == 1
    claim = containing(x.claims, "border crossings")
    assert claim.channel == "statement"
    assert claim.meeting_index is None


def test_claim_unrelated_to_a_meeting_has_no_meeting(run):
    x = run("Qais al-Khazali said that the factions would not disarm before the election.")
    assert x.meetings == []
    assert only(x.claims).meeting_index is None


# ---------------------------------------------------------------- unbalanced quotes


def test_unclosed_quote_ends_at_paragraph_end_with_a_warning(run):
    body = (
        'The ministry of peshmerga affairs says "the attack killed two fighters near the border.\n\n'
        "Fuad Hussein said that the delegation would travel to Ankara next week."
    )
    x = run(body)
    quoted = only(x.claims, "direct")
    assert quoted.text.startswith("the attack killed two fighters")
    assert "\n" not in quoted.text and "Fuad Hussein" not in quoted.text
    assert any("unclosed" in w for w in quoted.warnings)
    later = only(x.claims, "reported")  # the next paragraph is still read
    assert later.speaker_person_id == "fuad-hussein"
    assert later.text == "the delegation would travel to Ankara next week"


def test_odd_number_of_quotes_does_not_swallow_the_article(run):
    body = (
        'Rebar Ahmed said "the roads are open.\n\n'
        'A stray mark " sits here.\n\n'
        "Masrour Barzani said that the talks would resume on Sunday.\n\n"
        "“The crossing is calm,” Fuad Hussein said."
    )
    x = run(body)
    assert all("\n\n" not in c.text for c in x.claims)
    assert containing(x.claims, "the talks would resume").speaker_person_id == "masrour-barzani"
    calm = containing(x.claims, "The crossing is calm")
    assert calm.kind == "direct" and calm.speaker_person_id == "fuad-hussein"


def test_only_quotation_marks_or_empty_text_give_no_claims(run):
    for body in ["", '"', '" "', "“”\n\n”“", "  "]:
        assert run(body).claims == []


def test_claims_come_in_reading_order(run):
    body = (
        "Masrour Barzani said that the pipeline would reopen. "
        "“We expect exports within weeks,” Fuad Hussein said. "
        "The wells were repaired, according to Rebar Ahmed."
    )
    x = run(body)
    assert [c.kind for c in x.claims] == ["reported", "direct", "according_to"]
    assert [c.start_char for c in x.claims] == sorted(c.start_char for c in x.claims)
    assert [c.sentence_index for c in x.claims] == [0, 1, 2]


def test_number_words_and_scales_are_read_as_values(extract):
    text = (
        "The interior ministry said that four suspects had been arrested and that "
        "1.5 million dollars had been seized at the border."
    )
    x = extract(text)
    values = sorted(n.value for c in x.claims for n in c.numbers)
    assert 4.0 in values and 1_500_000.0 in values


def test_according_to_a_statement_credits_the_group_that_spoke(extract):
    x = extract(
        "Kataib Hezbollah vowed on Thursday to respond to the strike, according to a statement "
        "posted on its Telegram channel."
    )
    claims = [c for c in x.claims if c.kind == "according_to"]
    assert claims and claims[0].speaker_organisation_id == "kataib-hezbollah"


def test_a_short_quote_inside_a_that_clause_keeps_the_clause_as_the_claim(extract):
    x = extract('Fuad Hussein said Iraq expects Ankara to "fully respect" its borders and its airspace.')
    assert [(c.kind, c.text) for c in x.claims] == [
        ("reported", 'Iraq expects Ankara to "fully respect" its borders and its airspace')
    ]


def test_every_number_in_the_seed_database_has_a_unit_and_none_counts_the_parties(seed_db):
    import sqlite3

    from iraq_security.vocabulary import ClaimRules

    conn = sqlite3.connect(seed_db)
    rows = conn.execute("select value, qualifier, unit_text from claim_numbers").fetchall()
    conn.close()
    assert rows
    for value, qualifier, unit in rows:
        assert unit and qualifier, (value, qualifier, unit)
        assert unit.lower() not in ClaimRules.load().not_counted, (value, unit)


def test_both_sides_speak_as_a_group_linked_to_their_meeting(run):
    body = (
        "Fuad Hussein met with Abbas Araghchi in Baghdad on Monday. "
        "Both sides stressed that the border must not be used to threaten either country."
    )
    x = run(body)
    claim = containing(x.claims, "border must not")
    assert claim.speaker_kind == "group"
    assert claim.speaker_text == "Both sides"
    assert claim.meeting_index == x.meetings[0].index
    assert claim.speaker_person_id is None and claim.speaker_organisation_id is None


def test_passive_subject_is_not_the_speaker(run):
    body = (
        "The Government of Iraq was informed that the camps would close, "
        "according to a statement from Qasim al-Araji's office."
    )
    claim = only(run(body).claims)
    assert claim.text == "the camps would close"
    assert claim.speaker_organisation_id is None
    assert claim.speaker_person_id == "qasim-al-araji"


def test_quoted_as_saying_gives_the_speaker_the_statement_the_channel(run):
    body = "The statement quoted Bafel Talabani as saying that Sulaimani would remain a bridge between Iraq and Iran."
    claim = containing(run(body).claims, "bridge")
    assert claim.speaker_person_id == "bafel-talabani"


def test_a_source_close_to_a_named_person_is_unnamed_not_that_person(run):
    body = "A source close to Masoud Barzani told the agency that the talks had covered Sinjar and the border."
    claim = only(run(body).claims)
    assert claim.speaker_kind == "unnamed"
    assert claim.speaker_person_id is None


def test_a_title_with_the_name_in_apposition_is_that_person(run):
    body = (
        "The commander of the Border Guard Forces, Lieutenant General Hazim Sabri al-Tai, said that "
        "the border guards would close every gap."
    )
    claim = only(run(body).claims)
    assert claim.speaker_kind == "person" and claim.speaker_person_id


def test_a_second_cue_joined_to_the_reported_clause_is_its_own_claim_by_the_same_speaker(run):
    body = (
        "Fuad Hussein said Baghdad was ready to share its experience with the Kurdish forces, "
        "and called for the complete withdrawal of foreign forces from Iraqi territory."
    )
    claims = run(body).claims
    ready, withdrawal = containing(claims, "ready to share"), containing(claims, "withdrawal")
    assert ready is not withdrawal and "withdrawal" not in ready.text
    assert ready.speaker_person_id == withdrawal.speaker_person_id == "fuad-hussein"


def test_the_body_a_whole_phrase_names_speaks_not_the_one_inside_it(run):
    claim = only(run("The KRG’s interior ministry said that the crossings would reopen on Sunday.").claims)
    assert claim.speaker_organisation_id == "krg-ministry-of-interior"


def test_a_quoted_agenda_according_to_a_statement_is_the_statements_claim(run):
    body = (
        "According to a statement from the Kurdistan Region Presidency, Nechirvan Barzani and Qasim al-Araji "
        "discussed “the stability of the border areas and the situation of the refugees,” on Monday."
    )
    claim = containing(run(body).claims, "stability of the border")
    assert claim.kind == "direct"
    assert claim.speaker_organisation_id == "kurdistan-region-presidency"


def test_urged_to_keeps_what_was_urged(run):
    claim = only(run("Masrour Barzani urged the federal government to “hold the outlaw groups accountable.”").claims)
    assert claim.text == "hold the outlaw groups accountable."
    assert claim.speaker_person_id == "masrour-barzani"


def test_a_noun_of_saying_with_its_that_clause_is_a_claim_by_whom_it_is_by(run):
    body = (
        "Fuad Hussein said the forces would not be merged, dismissing claims by some Iraqi lawmakers "
        "that Baghdad intends to take over the border crossings."
    )
    claims = [c for c in run(body).claims if c.text == "Baghdad intends to take over the border crossings"]
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.speaker_text, claim.speaker_kind) == ("some Iraqi lawmakers", "unnamed")


def test_a_quote_standing_alone_after_an_attributed_quote_goes_on_in_the_same_voice(run):
    body = (
        "“We cannot afford a war with Iran or with Baghdad,” Fuad Hussein said. "
        "“So we accept the arrangement, and we hope it lasts.”"
    )
    claims = run(body).claims
    assert len(claims) == 2
    assert claims[1].text.startswith("So we accept")
    assert claims[1].speaker_person_id == "fuad-hussein" and claims[1].kind == "direct"


def test_a_quote_in_a_new_paragraph_is_not_given_the_last_speaker(run):
    body = (
        "“We cannot afford a war with Iran or with Baghdad,” Fuad Hussein said.\n\n"
        "“So we accept the arrangement, and we hope it lasts.”"
    )
    assert len(run(body).claims) == 1


def test_what_someone_assured_as_told_by_an_unnamed_official_is_the_officials_claim(run):
    body = (
        "Masrour Barzani met Mohammed Shia al-Sudani in Baghdad. An Iraqi official who attended the talks "
        "told AFP that Barzani had assured Al-Sudani that new camps were being prepared."
    )
    claim = only(run(body).claims)
    assert claim.speaker_kind == "unnamed"
    assert claim.speaker_person_id is None
    assert claim.text.startswith("Barzani had assured")


def test_a_statement_that_quotes_a_cue_still_gives_the_inner_speaker(run):
    body = "A statement said that Fuad Hussein stressed that the border would stay open."
    claim = only(run(body).claims)
    assert claim.speaker_person_id == "fuad-hussein"


def test_claim_opening_by_naming_the_meeting_links_to_the_meeting_told_before(run):
    body = (
        "Nechirvan Barzani met with Ali Larijani in Erbil on Tuesday.\n\n"
        "Fuad Hussein later told reporters that at the meeting both sides had agreed to share intelligence.\n\n"
        "Fuad Hussein also said that the border crossings with Syria would reopen next week."
    )
    x = run(body)
    assert containing(x.claims, "both sides had agreed").meeting_index == x.meetings[0].index
    assert containing(x.claims, "border crossings").meeting_index is None
