"""Names the press garbles: a name the gazetteer lacks, a small edit away from
one it has, links to that person only when the context fits (the same office,
or the same side, on the article's date)."""

from __future__ import annotations

from iraq_security.gazetteer import load_gazetteer
from iraq_security.resolve import collect_entities


def person_mentions(extraction, text):
    return [m for m in extraction.entities.mentions if m.entity_type == "person" and m.text == text]


def test_garbled_name_with_the_office_of_a_gazetteer_person_links_to_them_as_fuzzy(extract):
    text = "Iran's foreign ministry spokesman said Iran's Foreign Minister Abbas Araghchian would visit Baghdad."
    extraction = extract(text, published="2025-02-03")
    (mention,) = person_mentions(extraction, "Abbas Araghchian")
    assert mention.entity_id == "abbas-araghchi"
    assert mention.method == "fuzzy"
    assert any("Abbas Araghchian" in p.message and "fuzzy" in p.message for p in extraction.problems)


def test_fuzzy_link_creates_no_new_person(extract):
    text = "Iran's Foreign Minister Abbas Araghchian arrived in Baghdad on Sunday."
    extraction = extract(text, published="2025-02-03")
    tables = collect_entities([extraction.entities], load_gazetteer())
    assert not [p for p in tables.people if p["source"] != "gazetteer"]


def test_similar_name_without_a_fitting_context_is_a_new_person(extract):
    text = "The poet Abbas Araghchian read his verses in Sulaymaniyah on Sunday."
    (mention,) = person_mentions(extract(text, published="2025-02-03"), "Abbas Araghchian")
    assert mention.method != "fuzzy"
    assert mention.entity_id.startswith("new:")


def test_similar_name_before_the_person_held_the_office_is_not_linked(extract):
    text = "Iran's Foreign Minister Abbas Araghchian arrived in Baghdad on Sunday."
    (mention,) = person_mentions(extract(text, published="2012-02-03"), "Abbas Araghchian")
    assert mention.method != "fuzzy"
