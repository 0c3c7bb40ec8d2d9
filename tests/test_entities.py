"""Entities and their resolution: names found in an article, cleaned of titles
and junk, and linked to one canonical person, organisation or place.

Every text here is written for its test. Where a test needs the statistical
model to say something it may or may not say on a given model version (a city
tagged ORG, a span over a line break), the test puts that span into the parse
itself, so the rule under test runs whatever the model does.
"""

from __future__ import annotations

import pytest

from iraq_security.entities import find_entities
from iraq_security.gazetteer import load_gazetteer
from iraq_security.outlets import load_outlets
from iraq_security.parse import to_record
from iraq_security.records import ArticleEntities, EntitySpan, ParsedArticle
from iraq_security.resolve import resolve_article


@pytest.fixture(scope="module")
def entities_of(nlp):
    """entities_of(text, published=..., model_says=[(phrase, label), ...]) -> resolved ArticleEntities.

    `model_says` replaces whatever the parse has over `phrase` with a plain
    model span (no gazetteer id) of `label`.
    """

    def run(text: str, published: str | None = "2024-11-13", model_says=()) -> ArticleEntities:
        parsed = to_record("test", nlp(text))
        for phrase, label in model_says:
            _force_model_span(parsed, text, phrase, label)
        found = find_entities(parsed, text, load_gazetteer(), load_outlets())
        return resolve_article(found, published, load_gazetteer())

    return run


def _force_model_span(parsed: ParsedArticle, text: str, phrase: str, label: str) -> None:
    start_char = text.index(phrase)
    end_char = start_char + len(phrase)
    tokens = [t for t in parsed.tokens if start_char <= t.idx < end_char]
    assert tokens and tokens[0].idx == start_char and tokens[-1].end == end_char, "phrase must cover whole tokens"
    span = EntitySpan(label, phrase, start_char, end_char, tokens[0].i, tokens[-1].i + 1, tokens[0].sent, None)
    parsed.entities = [e for e in parsed.entities if e.end_char <= start_char or e.start_char >= end_char] + [span]
    parsed.entities.sort(key=lambda e: e.start_char)


def people(entities: ArticleEntities):
    return [m for m in entities.mentions if m.entity_type == "person"]


def person(entities: ArticleEntities, text: str):
    found = [m for m in people(entities) if m.text == text]
    assert found, f"no person mention {text!r} in {[m.text for m in entities.mentions]}"
    return found[0]


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    "text, name, title",
    [
        (
            "Brigadier General Karwan Aziz inspected the new checkpoint near Makhmour.",
            "Karwan Aziz",
            "Brigadier General",
        ),
        ("Sheikh Hamad Obaid welcomed the decision to reopen the road.", "Hamad Obaid", "Sheikh"),
        ("Col. Sardar Hassan commanded the unit that secured the crossing.", "Sardar Hassan", "Col."),
        ("Officials said Lt. Gen. Dilshad Mawlud would inspect the border posts.", "Dilshad Mawlud", "Lt. Gen."),
        ("Officials said Brig. Gen. Dilshad Mawlud would inspect the border posts.", "Dilshad Mawlud", "Brig. Gen."),
        ("Prime Minister Mustafa al-Kadhimi toured the airport in Basra.", "Mustafa al-Kadhimi", "Prime Minister"),
        ("Sayyid Ammar Jawad attended the funeral in Karbala.", "Ammar Jawad", "Sayyid"),
    ],
)
def test_titles_and_honorifics_are_stripped_from_names_and_kept_as_title(entities_of, text, name, title):
    found = entities_of(text)
    assert [m.text for m in people(found)] == [name]  # no title, nor a piece of one, left as a person
    assert person(found, name).title == title


# ---------------------------------------------------------------- resolution


def test_transliteration_variants_resolve_to_one_gazetteer_person(entities_of):
    text = (
        "Mustafa al-Kadhimi visited Najaf on Friday. Supporters of Al-Kazemi gathered outside the shrine. "
        "Al-Kazimi later told reporters that al-Kadhimy had no plans to return to politics. "
        "A statement from the office of Mustafa al-Kathemi repeated the point."
    )
    found = entities_of(text)
    spellings = {m.text for m in people(found)}
    assert {"Mustafa al-Kadhimi", "Al-Kazemi", "Al-Kazimi", "al-Kadhimy", "Mustafa al-Kathemi"} <= spellings
    assert {m.entity_id for m in people(found)} == {"mustafa-al-kadhimi"}


def test_surname_only_mention_resolves_to_the_person_named_in_full_earlier(entities_of):
    found = entities_of(
        "Commander Dilshad Mawlud met Iranian border officers in Penjwen on Sunday. "
        "Mawlud later said the talks had been useful."
    )
    full, surname = person(found, "Dilshad Mawlud"), person(found, "Mawlud")
    assert surname.method == "coreference"
    assert surname.entity_id == full.entity_id


@pytest.mark.parametrize(
    "published, president",
    [
        ("2023-05-10", "nechirvan-barzani"),  # President of the Kurdistan Region since 2019
        ("2015-05-10", "masoud-barzani"),  # President of the Kurdistan Region 2005-2017
    ],
)
def test_title_picks_the_role_valid_on_the_article_date_and_a_bare_surname_the_latest_full_name(
    entities_of, published, president
):
    text = (
        "Masoud Barzani, Nechirvan Barzani and Masrour Barzani attended a ceremony in Duhok. "
        "President Barzani said the region wanted calm on its borders. "
        "Later, Masrour Barzani chaired a meeting of security officials. "
        "Barzani said the officials would report back within a week."
    )
    found = entities_of(text, published=published)
    bare = [m for m in people(found) if m.text == "Barzani"]
    assert len(bare) == 2, [m.text for m in people(found)]
    titled, last = bare
    assert titled.title == "President"
    assert titled.entity_id == president
    assert titled.method == "coreference"
    assert last.entity_id == "masrour-barzani"


def test_ambiguous_surname_links_nothing_and_records_a_warning(entities_of):
    # Two people share the surname, the surname has no title, and both are
    # named in full only after it: nothing says which one is meant.
    found = entities_of(
        "Hassan told reporters the vote would go ahead as planned. "
        "Karwan Hassan and Dilshad Hassan both attended the session in Erbil."
    )
    ambiguous = people(found)[0]
    assert ambiguous.text == "Hassan"
    assert ambiguous.entity_id is None
    assert ambiguous.note and "not linked" in ambiguous.note
    assert ambiguous.note in found.warnings


def test_surname_shared_in_the_gazetteer_without_a_full_name_links_nothing(entities_of):
    found = entities_of("Talabani told the gathering in Sulaimani that the party would not boycott.")
    talabani = person(found, "Talabani")
    assert talabani.entity_id is None
    assert any("Talabani" in w for w in found.warnings)


def test_unknown_person_becomes_a_new_record(entities_of):
    found = entities_of("Karwan Aziz inspected the new checkpoint outside Kirkuk on Sunday.")
    mention = person(found, "Karwan Aziz")
    assert mention.entity_id.startswith("new:person:")
    assert mention.method == "model"


# ---------------------------------------------------------------- junk


def test_model_span_across_a_line_break_is_not_a_mention(entities_of):
    text = "Security talks in Erbil\nKarwan Aziz said the border was calm."
    found = entities_of(text, model_says=[("Erbil\nKarwan", "PERSON")])
    assert all("\n" not in m.text for m in found.mentions)
    assert not any(m.text.startswith("Erbil") and m.entity_type == "person" for m in found.mentions)


def test_name_at_the_end_of_a_line_keeps_its_mention_without_the_line_break(entities_of):
    found = entities_of("Reporting by Hemin Salih\nThe council said the road would reopen.")
    assert person(found, "Hemin Salih").entity_id.startswith("new:person:")


@pytest.mark.parametrize(
    "phrase, label",
    [("12 March 2023", "ORG"), ("12 March 2023", "GPE"), ("Sunday", "PERSON"), ("1,500", "GPE"), ("14", "PERSON")],
)
def test_dates_and_numbers_are_not_mentions(entities_of, phrase, label):
    text = "On 12 March 2023 some 1,500 troops moved to 14 posts along the border, and more came on Sunday."
    found = entities_of(text, model_says=[(phrase, label)])
    assert found.mentions == []


def test_page_chrome_words_are_not_mentions(entities_of):
    text = "Logo\nShare\nTop\nIraqi and Kurdish officers inspected the crossing."
    found = entities_of(text, model_says=[("Logo", "ORG"), ("Share", "PERSON"), ("Top", "GPE")])
    assert [m.text for m in found.mentions if m.text in ("Logo", "Share", "Top")] == []


def test_city_tagged_as_an_organisation_becomes_a_place(entities_of):
    text = "Erbil rejected the decision and said it would appeal to the federal court."
    found = entities_of(text, model_says=[("Erbil", "ORG")])
    erbil = [m for m in found.mentions if m.text == "Erbil"]
    assert len(erbil) == 1
    assert erbil[0].entity_type == "place"
    assert erbil[0].entity_id == "erbil"


def test_outlet_name_is_not_an_organisation(entities_of):
    text = "Rudaw reported that Karwan Aziz had resigned. Shafaq News Agency said the resignation was accepted."
    found = entities_of(text, model_says=[("Rudaw", "ORG")])
    assert [m.text for m in found.mentions if m.entity_type != "person"] == []
    assert person(found, "Karwan Aziz")


def test_part_of_an_outlet_name_is_not_a_mention(entities_of):
    # "Kurdistan 24" is an outlet; "Kurdistan" inside it is not a place.
    found = entities_of("Kurdistan 24 reported that Karwan Aziz had resigned.", model_says=[("Kurdistan", "GPE")])
    assert [m.text for m in found.mentions] == ["Karwan Aziz"]


def test_place_followed_by_a_lower_case_word_that_completes_an_outlet_name_is_kept(entities_of):
    # The outlet "Baghdad Today" is a proper name; "in Baghdad today" is a place and a day.
    found = entities_of("Officials in Baghdad today said the checkpoints would stay.")
    assert [(m.text, m.entity_id) for m in found.mentions] == [("Baghdad", "baghdad")]


# ---------------------------------------------------------------- offsets and roles


def test_every_mention_text_is_the_body_at_its_offsets(entities_of):
    text = (
        "The KDP’s leader Masoud Barzani met Iraq's National Security Advisor Qasim al-Araji in Erbil.\n"
        "Brig. Gen. Karwan Aziz, head of the Makhmour operations command, said the Peshmerga and the "
        "Iraqi army would open 2 joint centres.\n"
        "Col. Sardar Hassan’s unit will guard Sinjar. Araji left for Baghdad on Tuesday."
    )
    found = entities_of(text)
    assert len(found.mentions) >= 8
    for m in found.mentions:
        assert m.text == text[m.start_char : m.end_char]
        assert m.text == m.text.strip()


@pytest.mark.parametrize(
    "text, name, role",
    [
        (
            "Iraq's National Security Advisor Qasim al-Araji arrived in Sulaimani on Sunday.",
            "Qasim al-Araji",
            "National Security Advisor",
        ),
        (
            "Karwan Aziz, head of the Makhmour operations command, said the road was open.",
            "Karwan Aziz",
            "head of the Makhmour operations command",
        ),
        (
            "Ali Akbar Ahmadian, secretary of Iran's Supreme National Security Council, arrived in Baghdad.",
            "Ali Akbar Ahmadian",
            "secretary of Iran's Supreme National Security Council",
        ),
    ],
)
def test_role_stated_in_the_text_is_recorded(entities_of, text, name, role):
    found = entities_of(text)
    index = found.mentions.index(person(found, name))
    roles = [r for r in found.roles if r.mention_index == index]
    assert [r.title for r in roles] == [role]
    assert text[roles[0].start_char : roles[0].end_char] == role


@pytest.mark.parametrize(
    "text, organisation",
    [
        (
            "Ali Akbar Ahmadian, secretary of Iran's Supreme National Security Council, arrived in Baghdad.",
            "supreme-national-security-council-of-iran",
        ),
        ("Iraq's National Security Advisor Qasim al-Araji arrived in Sulaimani on Sunday.", "iraq"),
        ("The KDP’s leader Masoud Barzani spoke in Duhok.", "kurdistan-democratic-party"),
    ],
)
def test_role_names_the_organisation_in_or_before_its_title(entities_of, text, organisation):
    found = entities_of(text)
    (role,) = found.roles
    assert role.organisation_mention is not None
    assert found.mentions[role.organisation_mention].entity_id == organisation


def test_a_first_name_the_model_left_out_joins_the_name(entities_of):
    found = entities_of(
        "Dilan Karwan Hama, a researcher at a think tank, argued that the deal would hold.",
        model_says=[("Karwan Hama", "PERSON")],
    )
    assert person(found, "Dilan Karwan Hama").method == "model"


def test_the_end_of_an_office_name_before_a_name_is_not_a_first_name(entities_of):
    found = entities_of(
        "The Director for Border Affairs Dilan Hama said the deal would hold.", model_says=[("Dilan Hama", "PERSON")]
    )
    assert person(found, "Dilan Hama")
    assert not [m for m in found.mentions if m.text == "Affairs Dilan Hama"]


def test_a_hyphenated_surname_alone_is_the_person_named_in_full(entities_of):
    text = "Moradi-Fard said the crossing would reopen after Rebar Ahmed met Dariush Moradi-Fard in Erbil."
    found = entities_of(text, model_says=[("Moradi-Fard", "ORG"), ("Dariush Moradi-Fard", "PERSON")])
    full = person(found, "Dariush Moradi-Fard")
    surname = next(m for m in found.mentions if m.text == "Moradi-Fard")
    assert surname.entity_type == "person" and surname.entity_id == full.entity_id


def test_a_middle_initial_does_not_change_the_name_key():
    from iraq_security.gazetteer import name_key

    assert name_key("Barbara A. Leaf") == name_key("Barbara Leaf")
    assert name_key("Mustafa al-Kadhimi") == name_key("Mustafa Al-Kazemi")  # two words stay two words
    assert name_key("A. Leaf") != name_key("Leaf")  # an initial with a surname alone is kept
